package fficrt_test

import (
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// small is what the Go backend would generate for vectors.ffi's Small, and
// encodeSmall and decodeSmall are written the way it would write them: the
// primitives of this package called directly, keys in the order
// SortFieldNames gives, a bit set for the fields seen.
type small struct {
	ID     uint32
	Name   string
	Score  float64
	Active bool
}

func encodeSmall(e *fficrt.Encoder, v *small) {
	e.WriteMapHeader(4)
	e.WriteString("id")
	e.WriteU32(v.ID)
	e.WriteString("name")
	e.WriteString(v.Name)
	e.WriteString("score")
	e.WriteF64(v.Score)
	e.WriteString("active")
	e.WriteBool(v.Active)
}

func decodeSmall(d *fficrt.Decoder, v *small) error {
	n, err := d.ReadMapHeader()
	if err != nil {
		return err
	}
	var seen uint8
	for i := 0; d.More(n, i); i++ {
		k, err := d.ReadKey(i)
		if err != nil {
			return err
		}
		var field uint
		switch string(k) {
		case "id":
			field = 0
		case "name":
			field = 1
		case "score":
			field = 2
		case "active":
			field = 3
		default:
			if err := d.SkipField(k); err != nil {
				return err
			}
			continue
		}
		if seen&(1<<field) != 0 {
			return d.DuplicateKey(k)
		}
		seen |= 1 << field
		switch field {
		case 0:
			d.PushField("id")
			v.ID, err = d.ReadU32()
		case 1:
			d.PushField("name")
			v.Name, err = d.ReadString()
		case 2:
			d.PushField("score")
			v.Score, err = d.ReadF64()
		case 3:
			d.PushField("active")
			v.Active, err = d.ReadBool()
		}
		if err != nil {
			return err
		}
		d.Pop()
	}
	for i, name := range [...]string{"id", "name", "score", "active"} {
		if seen&(1<<i) == 0 {
			return d.MissingField(name)
		}
	}
	return nil
}

// TestSmallCodec checks the generated-style codec against the Small vector.
func TestSmallCodec(t *testing.T) {
	if got := fficrt.SortFieldNames([]string{"id", "name", "score", "active"}); got[0] != "id" || got[1] != "name" || got[2] != "score" || got[3] != "active" {
		t.Fatalf("SortFieldNames = %v; encodeSmall writes the keys in the wrong order", got)
	}
	_, v := loadVectors(t)
	var hex string
	for _, vec := range v.Encode {
		if vec.Name == "Small" {
			hex = vec.Hex
		}
	}
	want := small{ID: 42, Name: "gopher", Score: 0.5, Active: true}
	var e fficrt.Encoder
	encodeSmall(&e, &want)
	if got := hexOf(e.Bytes()); got != hex {
		t.Errorf("encodeSmall(%+v) = %s, want %s", want, got, hex)
	}
	var got small
	d := fficrt.NewDecoder(e.Bytes(), "value")
	if err := decodeSmall(d, &got); err != nil || d.Finish() != nil || got != want {
		t.Errorf("decodeSmall(%s) = %+v, %v, want %+v", hex, got, err, want)
	}
	// An unknown key, a duplicate and a missing field.
	for _, tc := range []struct{ in, want string }{
		{"a5617a0062696402646e616d656066616374697665f46573636f7265f90000", ""},
		{"a26269640262696403", `value: duplicate key "id"`},
		{"a262696402626964f6", `value: duplicate key "id"`},
		{"a1626964" + "02", `value: missing required field "name"`},
		{"a1626964" + "20", "value.id: -1 does not fit u32"},
	} {
		d.Reset(mustHex(tc.in), "value")
		var v small
		err := decodeSmall(d, &v)
		if msg := errString(err); msg != tc.want {
			t.Errorf("decodeSmall(%s) error %q, want %q", tc.in, msg, tc.want)
		}
	}
}

// TestSmallAllocs: decoding allocates only the string the struct keeps,
// encoding into a reused Encoder nothing at all.
func TestSmallAllocs(t *testing.T) {
	v := small{ID: 42, Name: "gopher", Score: 0.5, Active: true}
	var e fficrt.Encoder
	encodeSmall(&e, &v)
	if n := testing.AllocsPerRun(100, func() { e.Reset(); encodeSmall(&e, &v) }); n != 0 {
		t.Errorf("encodeSmall allocates %v times, want 0", n)
	}
	buf := append([]byte(nil), e.Bytes()...)
	var d fficrt.Decoder
	var out small
	if n := testing.AllocsPerRun(100, func() { d.Reset(buf, "value"); _ = decodeSmall(&d, &out) }); n != 1 {
		t.Errorf("decodeSmall allocates %v times, want 1 (the name)", n)
	}
}
