package fficrt_test

import (
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

func TestQuoteKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"key", `"key"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"\n\r\t\b\f", `"\n\r\t\b\f"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f\""},
		{"é😀日", `"é😀日"`},
		{"\u2028", "\"\u2028\""},
	}
	for _, tc := range tests {
		if got := fficrt.QuoteKey(tc.in); got != tc.want {
			t.Errorf("QuoteKey(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestPath renders every kind of step, and a root that restarts the path.
func TestPath(t *testing.T) {
	d := fficrt.NewDecoder(nil, "echo")
	if got := d.Path(); got != "echo" {
		t.Errorf("Path() = %q, want echo", got)
	}
	d.PushRoot("req")
	d.PushField("attrs")
	d.PushKeyString("a\"b")
	d.PushIndex(2)
	d.PushKeyInt(-3)
	d.PushKeyUint(18446744073709551615)
	d.PushKeyBool(true)
	d.PushEntry(4)
	want := `req.attrs["a\"b"][2][-3][18446744073709551615][true]{4}`
	if got := d.Path(); got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
	for range 7 {
		d.Pop()
	}
	if got := d.Errorf("bad %d", 1).Error(); got != "req: bad 1" {
		t.Errorf("Errorf = %q, want %q", got, "req: bad 1")
	}
	d.Pop()
	if got := d.MissingField("req").Error(); got != `echo: missing required field "req"` {
		t.Errorf("MissingField = %q", got)
	}
}

func TestWireErrorWithoutPath(t *testing.T) {
	if got := (&fficrt.WireError{Msg: "m"}).Error(); got != "m" {
		t.Errorf("Error() = %q, want m", got)
	}
}

func TestDuplicateKey(t *testing.T) {
	d := fficrt.NewDecoder(nil, "value")
	for _, tc := range []struct {
		key  any
		want string
	}{
		{"a", `value: duplicate key "a"`},
		{[]byte("b"), `value: duplicate key "b"`},
		{int64(-1), "value: duplicate key -1"},
		{uint64(7), "value: duplicate key 7"},
		{false, "value: duplicate key false"},
		{int32(3), "value: duplicate key 3"},
	} {
		if got := d.DuplicateKey(tc.key).Error(); got != tc.want {
			t.Errorf("DuplicateKey(%v) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// TestReadBytesCopyAndBorrow: ReadBytes copies, ReadBytesBorrowed aliases
// the input unless the length is indefinite; empty bytes are never nil.
func TestReadBytesCopyAndBorrow(t *testing.T) {
	in := mustHex("4201025f410341" + "04ff40")
	d := fficrt.NewDecoder(in, "value")
	b, err := d.ReadBytesBorrowed()
	if err != nil || hexOf(b) != "0102" || &b[0] != &in[1] {
		t.Errorf("ReadBytesBorrowed = %x, %v, want 0102 aliasing the input", b, err)
	}
	b, err = d.ReadBytesBorrowed()
	if err != nil || hexOf(b) != "0304" {
		t.Errorf("ReadBytesBorrowed(indefinite) = %x, %v, want 0304", b, err)
	}
	b, err = d.ReadBytes()
	if err != nil || b == nil || len(b) != 0 {
		t.Errorf("ReadBytes(40) = %#v, %v, want empty non-nil", b, err)
	}
	d.Reset(in, "value")
	b, _ = d.ReadBytes()
	if &b[0] == &in[1] {
		t.Errorf("ReadBytes aliases the input")
	}
	if err := d.Finish(); err == nil || d.Offset() != 3 {
		t.Errorf("Finish() = %v at offset %d, want trailing bytes at 3", err, d.Offset())
	}
}

// TestReadKeyAndText: keys and texts, short and indefinite, borrowed.
func TestReadKeyAndText(t *testing.T) {
	d := fficrt.NewDecoder(mustHex("6178"+"7f6161ff"+"62c3a9"+"01"), "value")
	for i, want := range []string{"x", "a", "é"} {
		k, err := d.ReadKey(i)
		if err != nil || string(k) != want {
			t.Errorf("ReadKey(%d) = %q, %v, want %q", i, k, err, want)
		}
	}
	if _, err := d.ReadKey(3); errString(err) != "value{3}: expected string, got unsigned integer" {
		t.Errorf("ReadKey(3) error %v", err)
	}
	d.Reset(mustHex("63726564"), "value")
	if b, err := d.ReadText(); err != nil || string(b) != "red" {
		t.Errorf("ReadText = %q, %v", b, err)
	}
}

// TestUnionHelpers drives ReadUnionHeader and EndUnion like generated code.
func TestUnionHelpers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a1656e65766572f6", ""},
		{"bf656e65766572f6ff", ""},
		{"a0", "value: expected exactly one arm, got 0"},
		{"a2656e65766572f6656e65766572f6", "value: expected exactly one arm, got 2"},
		{"bf656e65766572f6656e65766572f6ff", "value: expected exactly one arm, got more than one"},
		{"bf656e65766572f6", "value: unexpected end of input"},
		{"a1656e6576657200", "value.never: expected null, got unsigned integer"},
	} {
		d := fficrt.NewDecoder(mustHex(tc.in), "value")
		err := func() error {
			indef, err := d.ReadUnionHeader()
			if err != nil {
				return err
			}
			if _, err := d.ReadKey(0); err != nil {
				return err
			}
			d.PushField("never")
			if err := d.ReadNull(); err != nil {
				return err
			}
			d.Pop()
			return d.EndUnion(indef)
		}()
		if got := errString(err); got != tc.want {
			t.Errorf("union %s: error %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTakeNull: null is consumed, anything else is left to read.
func TestTakeNull(t *testing.T) {
	d := fficrt.NewDecoder(mustHex("f605"), "value")
	if !d.TakeNull() || d.TakeNull() {
		t.Fatalf("TakeNull on f6 05: want true then false")
	}
	if v, err := d.ReadU8(); v != 5 || err != nil {
		t.Errorf("ReadU8 after TakeNull = %d, %v", v, err)
	}
}

// TestSkip: Skip reads any well-formed item and reports the rest.
func TestSkip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"00", ""},
		{"bf61619f01ff6162a0ff", ""},
		{"82f93c00fb3ff0000000000000", ""},
		{"5f4100ff", ""},
		{"c100", "value: tags are not allowed"},
		{"9f01", "value: unexpected end of input"},
		{"bf6161ff", "value: unexpected break"},
		{"61ff", "value: invalid UTF-8"},
	} {
		d := fficrt.NewDecoder(mustHex(tc.in), "value")
		err := d.Skip()
		if err == nil {
			err = d.Finish()
		}
		if got := errString(err); got != tc.want {
			t.Errorf("Skip(%s) error %q, want %q", tc.in, got, tc.want)
		}
	}
}
