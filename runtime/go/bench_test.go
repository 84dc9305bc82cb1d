package fficrt_test

import (
	"testing"

	"github.com/fxamacker/cbor/v2"

	"github.com/ffic/ffic/internal/wiretest"
	fficrt "github.com/ffic/ffic/runtime/go"
)

// Benchmarks of the plain-call path: a small struct through the primitives
// the Go backend generates calls to, the same struct and the vectors'
// KitchenSink through the dynamic layer, and fxamacker/cbor's reflection on
// the small struct for comparison.
//
//	go test -run x -bench . -benchmem ./runtime/go/

var benchSmall = small{ID: 42, Name: "gopher", Score: 0.5, Active: true}

func BenchmarkSmallEncode(b *testing.B) {
	var e fficrt.Encoder
	for b.Loop() {
		e.Reset()
		encodeSmall(&e, &benchSmall)
	}
}

func BenchmarkSmallDecode(b *testing.B) {
	var e fficrt.Encoder
	encodeSmall(&e, &benchSmall)
	in := e.Bytes()
	var d fficrt.Decoder
	var v small
	for b.Loop() {
		d.Reset(in, "value")
		if err := decodeSmall(&d, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSmallRoundTrip(b *testing.B) {
	var e fficrt.Encoder
	var d fficrt.Decoder
	var v small
	for b.Loop() {
		e.Reset()
		encodeSmall(&e, &benchSmall)
		d.Reset(e.Bytes(), "value")
		if err := decodeSmall(&d, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// fxSmall is small with the tags fxamacker/cbor needs for the same wire form.
type fxSmall struct {
	ID     uint32  `cbor:"id"`
	Name   string  `cbor:"name"`
	Score  float64 `cbor:"score"`
	Active bool    `cbor:"active"`
}

func BenchmarkSmallRoundTripFxamacker(b *testing.B) {
	em, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		b.Fatal(err)
	}
	in := fxSmall{42, "gopher", 0.5, true}
	var out fxSmall
	for b.Loop() {
		buf, err := em.Marshal(&in)
		if err != nil {
			b.Fatal(err)
		}
		if err := cbor.Unmarshal(buf, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// dynamicBench returns a vector's type, dynamic value and encoding.
func dynamicBench(b *testing.B, name string) (*fficrt.Type, any, []byte) {
	s, v := loadVectors(b)
	for _, vec := range v.Encode {
		if vec.Name == name {
			typ := typeOf(b, s, vec.Type)
			return typ, valueOf(b, typ, name, vec.Value), wiretest.MustUnhex(vec.Hex)
		}
	}
	b.Fatalf("no encode vector %q", name)
	return nil, nil, nil
}

func benchDynamicEncode(b *testing.B, name string) {
	typ, v, _ := dynamicBench(b, name)
	var e fficrt.Encoder
	for b.Loop() {
		e.Reset()
		if err := fficrt.Encode(&e, typ, v, "value"); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDynamicDecode(b *testing.B, name string) {
	typ, _, in := dynamicBench(b, name)
	b.SetBytes(int64(len(in)))
	var d fficrt.Decoder
	for b.Loop() {
		d.Reset(in, "value")
		if _, err := fficrt.Decode(&d, typ); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDynamicSmallEncode(b *testing.B)       { benchDynamicEncode(b, "Small") }
func BenchmarkDynamicSmallDecode(b *testing.B)       { benchDynamicDecode(b, "Small") }
func BenchmarkDynamicKitchenSinkEncode(b *testing.B) { benchDynamicEncode(b, "KitchenSink") }
func BenchmarkDynamicKitchenSinkDecode(b *testing.B) { benchDynamicDecode(b, "KitchenSink") }
