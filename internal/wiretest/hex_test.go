package wiretest

import (
	"bytes"
	"testing"
)

func TestHexRoundTrip(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte{0x00, 0xff}, "00ff"},
		{bytes.Repeat([]byte{0xab}, 127), string(bytes.Repeat([]byte("ab"), 127))},
		{bytes.Repeat([]byte{0xab}, 128), "(ab*128)"},
		{append([]byte{1}, bytes.Repeat([]byte{2, 3}, 100)...), "01(0203*100)"},
		{append(pattern(512), 9), "(" + Hex(pattern(256)) + "*2)09"},
	}
	for _, tc := range tests {
		if got := Hex(tc.in); got != tc.want {
			t.Errorf("Hex(%x) = %q, want %q", tc.in, got, tc.want)
		}
		if back, err := Unhex(tc.want); err != nil || !bytes.Equal(back, tc.in) {
			t.Errorf("Unhex(%q) = %x, %v, want %x", tc.want, back, err, tc.in)
		}
	}
	for _, bad := range []string{"0", "zz", "AB", "(ab*)"} {
		if b, err := Unhex(bad); err == nil {
			t.Errorf("Unhex(%q) = %x, want an error", bad, b)
		}
	}
}
