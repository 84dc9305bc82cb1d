package fficrt_test

import (
	"bytes"
	"testing"

	"github.com/ffic/ffic/internal/wiretest"
	fficrt "github.com/ffic/ffic/runtime/go"
)

// TestRejectAllocs: refusing an input allocates little, however much its
// headers claim (2^60 items, 2^64-1 bytes).
func TestRejectAllocs(t *testing.T) {
	s, v := loadVectors(t)
	for _, vec := range v.Reject {
		typ := typeOf(t, s, vec.Type)
		in := wiretest.MustUnhex(vec.Hex)
		used := allocated(func() { _, _ = fficrt.Unmarshal(typ, in, "value") })
		if used > allocBound(len(in)) {
			t.Errorf("%s: rejecting %d bytes allocated %d bytes, want at most %d", vec.Name, len(in), used, allocBound(len(in)))
		}
	}
}

// TestAllocBound decodes inputs made to allocate as much as possible per
// byte, and logs the worst ratio.
func TestAllocBound(t *testing.T) {
	s, _ := loadVectors(t)
	const n = 20000
	tests := []struct {
		typ string
		in  []byte
	}{
		// Many empty structs, each all absent optionals.
		{"list<Options>", concat("9f", bytes.Repeat([]byte{0xa0}, n), "ff")},
		{"list<Empty>", concat("9f", bytes.Repeat([]byte{0xa0}, n), "ff")},
		// Many one-byte elements, definite and indefinite.
		{"list<u8>", concat("9a00004e20", bytes.Repeat([]byte{0x01}, n))},
		{"list<string?>", concat("9f", bytes.Repeat([]byte{0xf6}, n), "ff")},
		{"list<list<u8>>", concat("9f", bytes.Repeat([]byte{0x80}, n), "ff")},
		// Many two-byte map entries.
		{"map<u16, i64>", concat("bf", mapEntries(n/2), "ff")},
		{"map<string, Point?>", concat("bf", bytes.Repeat([]byte{0x60, 0xf6}, 1), "ff")},
		// A linked list as deep as allowed, a tree as wide as possible.
		{"Tree", wiretest.MustUnhex("a2656c6162656c60646b696473" + "9f" + repeatHex("a2656c6162656c60646b69647380", n/14) + "ff")},
	}
	worst := 0.0
	for _, tc := range tests {
		typ := typeOf(t, s, tc.typ)
		var err error
		used := allocated(func() { _, err = fficrt.Unmarshal(typ, tc.in, "value") })
		if err != nil {
			t.Errorf("%s: %v", tc.typ, err)
		}
		if used > allocBound(len(tc.in)) {
			t.Errorf("%s: decoding %d bytes allocated %d bytes, want at most %d", tc.typ, len(tc.in), used, allocBound(len(tc.in)))
		}
		ratio := float64(used) / float64(len(tc.in))
		worst = max(worst, ratio)
		t.Logf("%-22s %6d bytes in, %8d allocated (%.0f per byte)", tc.typ, len(tc.in), used, ratio)
	}
	t.Logf("worst: %.0f bytes allocated per input byte", worst)
}

func concat(prefix string, body []byte, suffix ...string) []byte {
	out := append(wiretest.MustUnhex(prefix), body...)
	for _, s := range suffix {
		out = append(out, wiretest.MustUnhex(s)...)
	}
	return out
}

func repeatHex(h string, n int) string { return "(" + h + "*" + itoa(n) + ")" }

func itoa(n int) string { return string(bytes.TrimSpace([]byte(formatInt(n)))) }

func formatInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// mapEntries returns n distinct u16 keys, each with the value 0.
func mapEntries(n int) []byte {
	var e fficrt.Encoder
	for i := range n {
		e.WriteU16(uint16(i))
		e.WriteU8(0)
	}
	return e.Bytes()
}
