package fficrt

import "testing"

// TestDecField: the per-field helpers of generated decoders read each
// field once under its path, refuse a duplicate key, and Required names
// the first missing required field.
func TestDecField(t *testing.T) {
	// {"a": 1, "b": "x", "a": 2}
	data := []byte{0xa3, 0x61, 'a', 0x01, 0x61, 'b', 0x61, 'x', 0x61, 'a', 0x02}
	d := NewDecoder(data, "req")
	n, err := d.ReadMapHeader()
	if err != nil {
		t.Fatal(err)
	}
	var seen uint64
	var a uint32
	var b string
	readStr := func(d *Decoder, v *string) (err error) { *v, err = d.ReadString(); return err }
	for i := 0; d.More(n, i); i++ {
		k, err := d.ReadKey(i)
		if err != nil {
			t.Fatal(err)
		}
		switch string(k) {
		case "a":
			err = DecScalar(d, &seen, 0, "a", &a, (*Decoder).ReadU32)
		case "b":
			err = DecField(d, &seen, 1, "b", &b, readStr)
		}
		if err != nil {
			if want := `req: duplicate key "a"`; err.Error() != want || i != 2 {
				t.Fatalf("entry %d: %v, want %s at entry 2", i, err, want)
			}
			break
		}
	}
	if a != 1 || b != "x" || seen != 3 {
		t.Errorf("a = %d, b = %q, seen = %b", a, b, seen)
	}
	if err := d.Required(1, 0b111, "a", "b", "c"); err == nil || err.Error() != `req: missing required field "b"` {
		t.Errorf("Required: %v", err)
	}
	if err := d.Required(0b101, 0b101, "a", "b", "c"); err != nil {
		t.Errorf("Required with every required field: %v", err)
	}
	// A wrong type under a field is reported at the field's path.
	d = NewDecoder([]byte{0xa1, 0x61, 'a', 0x61, 'x'}, "req")
	if _, err := d.ReadMapHeader(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadKey(0); err != nil {
		t.Fatal(err)
	}
	seen = 0
	if err := DecScalar(d, &seen, 0, "a", &a, (*Decoder).ReadU32); err == nil || err.Error()[:6] != "req.a:" {
		t.Errorf("wrong type: %v", err)
	}
}
