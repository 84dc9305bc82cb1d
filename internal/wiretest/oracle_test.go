package wiretest

import (
	"bytes"
	"testing"
)

// TestOracleAgrees checks vectors.json against fxamacker/cbor alone: every
// encode vector's bytes are its Core Deterministic encoding and decode to
// its value; every decode vector is valid CBOR whose value re-encodes to
// canonical_hex.
func TestOracleAgrees(t *testing.T) {
	s, v, err := Load(Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, vec := range v.Encode {
		typ, want := resolve(t, s, vec.Name, vec.Type, vec.Value)
		hex := MustUnhex(vec.Hex)
		enc, err := OracleMarshal(typ, want)
		if err != nil || !bytes.Equal(enc, hex) {
			t.Errorf("%s: fxamacker Marshal = %x, %v; want %s", vec.Name, enc, err, vec.Hex)
		}
		got, err := OracleUnmarshal(hex)
		if err != nil {
			t.Errorf("%s: fxamacker Unmarshal(%s): %v", vec.Name, vec.Hex, err)
			continue
		}
		if diff := cmpOracle(OracleDecoded(typ, want), got); diff != "" {
			t.Errorf("%s: fxamacker Unmarshal(%s) (-want +got):\n%s", vec.Name, vec.Hex, diff)
		}
	}
	for _, vec := range v.Decode {
		typ, want := resolve(t, s, vec.Name, vec.Type, vec.Value)
		in := MustUnhex(vec.Hex)
		if err := OracleWellformed(in); err != nil {
			t.Errorf("%s: fxamacker Wellformed(%s): %v", vec.Name, vec.Hex, err)
		}
		_, err := OracleUnmarshal(in)
		if oracleCannotDecode[vec.Name] {
			if err == nil {
				t.Errorf("%s: fxamacker decodes %s; drop it from oracleCannotDecode", vec.Name, vec.Hex)
			}
		} else if err != nil {
			t.Errorf("%s: fxamacker Unmarshal(%s): %v", vec.Name, vec.Hex, err)
		}
		enc, err := OracleMarshal(typ, want)
		if err != nil || Hex(enc) != vec.CanonicalHex {
			t.Errorf("%s: fxamacker Marshal = %x, %v; want %s", vec.Name, enc, err, vec.CanonicalHex)
		}
	}
}

// oracleCannotDecode names the decode vectors fxamacker/cbor, strict and
// decoding into Go maps, refuses although they are well formed: duplicate
// keys where the wire format does not look (docs/wire.md, "What decoders
// accept"), and keys Go maps cannot hold, inside skipped values.
var oracleCannotDecode = map[string]bool{
	"Point duplicate unknown keys are not checked":                 true,
	"Point duplicate keys inside an unknown value are not checked": true,
	"Point unknown map with array and map keys":                    true,
}

// TestOracleRejects checks the classification of the reject vectors: those
// marked invalid CBOR are refused by fxamacker/cbor too, and the others
// are valid CBOR that only the type makes wrong.
func TestOracleRejects(t *testing.T) {
	for _, d := range rejectDefs {
		_, err := OracleUnmarshal(MustUnhex(d.hex))
		if d.cborInvalid && err == nil {
			t.Errorf("%s: fxamacker accepts %s, which the vector calls invalid CBOR", d.name, d.hex)
		}
		if !d.cborInvalid && err != nil {
			t.Errorf("%s: fxamacker rejects %s (%v); mark it invalid CBOR", d.name, d.hex, err)
		}
	}
}
