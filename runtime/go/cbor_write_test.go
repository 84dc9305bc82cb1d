package fficrt_test

import (
	"math"
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

func TestEncoderScalars(t *testing.T) {
	tests := []struct {
		name  string
		write func(e *fficrt.Encoder)
		want  string
	}{
		{"U8(0)", func(e *fficrt.Encoder) { e.WriteU8(0) }, "00"},
		{"U8(23)", func(e *fficrt.Encoder) { e.WriteU8(23) }, "17"},
		{"U8(24)", func(e *fficrt.Encoder) { e.WriteU8(24) }, "1818"},
		{"U16(255)", func(e *fficrt.Encoder) { e.WriteU16(255) }, "18ff"},
		{"U16(256)", func(e *fficrt.Encoder) { e.WriteU16(256) }, "190100"},
		{"U32(65535)", func(e *fficrt.Encoder) { e.WriteU32(65535) }, "19ffff"},
		{"U32(65536)", func(e *fficrt.Encoder) { e.WriteU32(65536) }, "1a00010000"},
		{"U64(2^32)", func(e *fficrt.Encoder) { e.WriteU64(1 << 32) }, "1b0000000100000000"},
		{"Uint(max)", func(e *fficrt.Encoder) { e.WriteUint(math.MaxUint64) }, "1bffffffffffffffff"},
		{"I8(-1)", func(e *fficrt.Encoder) { e.WriteI8(-1) }, "20"},
		{"I8(-24)", func(e *fficrt.Encoder) { e.WriteI8(-24) }, "37"},
		{"I8(-25)", func(e *fficrt.Encoder) { e.WriteI8(-25) }, "3818"},
		{"I8(-128)", func(e *fficrt.Encoder) { e.WriteI8(-128) }, "387f"},
		{"I16(-257)", func(e *fficrt.Encoder) { e.WriteI16(-257) }, "390100"},
		{"I32(min)", func(e *fficrt.Encoder) { e.WriteI32(math.MinInt32) }, "3a7fffffff"},
		{"I64(min)", func(e *fficrt.Encoder) { e.WriteI64(math.MinInt64) }, "3b7fffffffffffffff"},
		{"Int(5)", func(e *fficrt.Encoder) { e.WriteInt(5) }, "05"},
		{"Bool(false)", func(e *fficrt.Encoder) { e.WriteBool(false) }, "f4"},
		{"Bool(true)", func(e *fficrt.Encoder) { e.WriteBool(true) }, "f5"},
		{"Null", func(e *fficrt.Encoder) { e.WriteNull() }, "f6"},
		{"F32(1.5)", func(e *fficrt.Encoder) { e.WriteF32(1.5) }, "f93e00"},
		{"F32(0.1)", func(e *fficrt.Encoder) { e.WriteF32(0.1) }, "fa3dcccccd"},
		{"F64(0.1)", func(e *fficrt.Encoder) { e.WriteF64(0.1) }, "fb3fb999999999999a"},
		{"F64(NaN payload)", func(e *fficrt.Encoder) { e.WriteF64(math.Float64frombits(0x7ff0000000000001)) }, "f97e00"},
		{"F64(-NaN)", func(e *fficrt.Encoder) { e.WriteF64(math.Copysign(math.NaN(), -1)) }, "f97e00"},
		{"String", func(e *fficrt.Encoder) { e.WriteString("a\x00") }, "626100"},
		{"Bytes(nil)", func(e *fficrt.Encoder) { e.WriteBytes(nil) }, "40"},
		{"ArrayHeader(24)", func(e *fficrt.Encoder) { e.WriteArrayHeader(24) }, "9818"},
		{"MapHeader(0)", func(e *fficrt.Encoder) { e.WriteMapHeader(0) }, "a0"},
		{"Raw", func(e *fficrt.Encoder) { e.WriteRaw([]byte{0x61, 0x78}) }, "6178"},
	}
	var e fficrt.Encoder
	for _, tc := range tests {
		e.Reset()
		tc.write(&e)
		if got := hexOf(e.Bytes()); got != tc.want || e.Err() != nil {
			t.Errorf("%s = %s, %v, want %s", tc.name, got, e.Err(), tc.want)
		}
	}
}

// TestEncoderSortedMaps: BeginMap/Entry/EndMap sort entries by encoded key,
// including maps nested in values, whatever order they are written in.
func TestEncoderSortedMaps(t *testing.T) {
	var e fficrt.Encoder
	outer := e.BeginMap(3)
	for _, k := range []int64{-1, 24, 0} {
		e.Entry()
		e.WriteInt(k)
		inner := e.BeginMap(2)
		for _, s := range []string{"bb", "c"} {
			e.Entry()
			e.WriteString(s)
			e.WriteInt(k)
		}
		e.EndMap(inner)
	}
	e.EndMap(outer)
	// {0: {"c": 0, "bb": 0}, 24: {...}, -1: {...}}
	want := "a3" + "00a2616300626262" + "00" + "1818a261631818626262" + "1818" + "20a2616320626262" + "20"
	if got := hexOf(e.Bytes()); got != want {
		t.Errorf("sorted maps = %s, want %s", got, want)
	}
}

func TestEncoderInvalidUTF8(t *testing.T) {
	var e fficrt.Encoder
	e.WriteString("ok")
	e.WriteString("\xff")
	if e.Err() == nil || e.Err().Error() != "invalid UTF-8" {
		t.Errorf("Err() = %v after an invalid string, want invalid UTF-8", e.Err())
	}
	if got := hexOf(e.Bytes()); got != "626f6b61ff" {
		t.Errorf("Bytes() = %s, want the string written anyway", got)
	}
	e.Reset()
	if e.Err() != nil || len(e.Bytes()) != 0 {
		t.Errorf("after Reset: Err() = %v, Bytes() = %x", e.Err(), e.Bytes())
	}
}

func TestSortFieldNames(t *testing.T) {
	in := []string{"ccc", "bb", "b", "aa", "a", "é", ""}
	got := fficrt.SortFieldNames(in)
	want := []string{"", "a", "b", "aa", "bb", "é", "ccc"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("SortFieldNames(%q) = %q, want %q", in, got, want)
		}
	}
	if in[0] != "ccc" {
		t.Errorf("SortFieldNames changed its argument: %q", in)
	}
}
