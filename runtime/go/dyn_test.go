package fficrt_test

import (
	"math"
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// TestMarshalChecksValues: the dynamic encoder refuses what a decoder would
// refuse on the wire, at the same path.
func TestMarshalChecksValues(t *testing.T) {
	s, _ := loadVectors(t)
	tests := []struct {
		typ  string
		v    any
		want string
	}{
		{"u8", uint64(256), "value: 256 does not fit u8"},
		{"i8", int64(-129), "value: -129 does not fit i8"},
		{"u8", int64(1), "value: expected u8, got Go int64"},
		{"f32", 1.5, "value: expected f32, got Go float64"},
		{"string", "\xff", "value: invalid UTF-8"},
		{"list<string>", []any{"a", nil}, "value[1]: expected string, got Go <nil>"},
		{"map<string, u8>", fficrt.Map{{Key: "a", Value: uint64(1)}, {Key: "a", Value: uint64(2)}}, `value: duplicate key "a"`},
		{"map<i32, u8>", fficrt.Map{{Key: int64(-5), Value: uint64(300)}}, "value[-5]: 300 does not fit u8"},
		{"map<Color, u8>", fficrt.Map{{Key: "pink", Value: uint64(0)}}, `value{0}: unknown Color member "pink"`},
		{"Point", fficrt.Struct{int64(1), nil}, `value: missing required field "y"`},
		{"Point", fficrt.Struct{int64(1)}, "value: struct Point has 2 fields, got 1 values"},
		{"Interval", fficrt.Struct{uint64(1), uint64(math.MaxUint32 + 1)}, "value.count: 4294967296 does not fit u32"},
		{"Schedule", fficrt.Union{Arm: "sometimes"}, `value: unknown Schedule arm "sometimes"`},
		{"Schedule", fficrt.Union{Arm: "never", Value: true}, "value.never: arm has no payload, got Go bool"},
		{"Schedule", fficrt.Union{Arm: "once"}, "value.once: expected u64, got Go <nil>"},
	}
	for _, tc := range tests {
		_, err := fficrt.Marshal(typeOf(t, s, tc.typ), tc.v)
		if got := errString(err); got != tc.want {
			t.Errorf("Marshal(%s, %#v) error %q, want %q", tc.typ, tc.v, got, tc.want)
		}
	}
}

func TestTypeString(t *testing.T) {
	s, _ := loadVectors(t)
	for _, spelling := range []string{"u8", "list<map<i32, Point?>>", "map<Color, list<f32>>?", "Tree"} {
		if got := typeOf(t, s, spelling).String(); got != spelling {
			t.Errorf("Type(%q).String() = %q", spelling, got)
		}
	}
	if got := fficrt.Kind(200).String(); got != "invalid" {
		t.Errorf("Kind(200).String() = %q", got)
	}
}
