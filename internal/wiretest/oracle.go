package wiretest

import (
	"github.com/fxamacker/cbor/v2"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// The oracle: fxamacker/cbor, an implementation independent of runtime/go.
// Every encode vector's bytes must be what fxamacker writes in Core
// Deterministic mode for the equivalent plain Go value, and what it reads
// back; every CBOR-level rejection must be rejected by it too.

var (
	oracleEnc cbor.EncMode
	oracleDec cbor.DecMode
)

func init() {
	var err error
	if oracleEnc, err = cbor.CoreDetEncOptions().EncMode(); err != nil {
		panic(err)
	}
	// Everything but false, true and null is a rejected simple value
	// (floats are not simple values to fxamacker).
	var reject []func(*cbor.SimpleValueRegistry) error
	for sv := 0; sv < 256; sv++ {
		if (sv < 20 || sv == 23 || sv >= 32) && !(sv >= 24 && sv <= 31) {
			reject = append(reject, cbor.WithRejectedSimpleValue(cbor.SimpleValue(sv)))
		}
	}
	simple, err := cbor.NewSimpleValueRegistryFromDefaults(reject...)
	if err != nil {
		panic(err)
	}
	oracleDec, err = cbor.DecOptions{
		DupMapKey:       cbor.DupMapKeyEnforcedAPF,
		TagsMd:          cbor.TagsForbidden,
		MaxNestedLevels: fficrt.MaxDepth,
		UTF8:            cbor.UTF8RejectInvalid,
		SimpleValues:    simple,
	}.DecMode()
	if err != nil {
		panic(err)
	}
}

// OracleMarshal encodes the dynamic value v of type t with fxamacker/cbor in
// Core Deterministic mode, through the plain Go value ToOracle gives.
func OracleMarshal(t *fficrt.Type, v any) ([]byte, error) {
	return oracleEnc.Marshal(ToOracle(t, v))
}

// OracleUnmarshal decodes data with fxamacker/cbor into plain Go values
// (uint64 or int64, float64, string, []byte, []any, map[any]any, nil),
// strictly: duplicate keys, tags, undefined and other simple values, nesting
// beyond fficrt.MaxDepth and invalid UTF-8 are errors.
func OracleUnmarshal(data []byte) (any, error) {
	var v any
	err := oracleDec.Unmarshal(data, &v)
	return v, err
}

// ToOracle converts a dynamic value into the plain Go value fxamacker
// encodes the same way: structs and unions as maps from names, maps as
// map[any]any (fxamacker sorts the keys), enums as member names.
func ToOracle(t *fficrt.Type, v any) any {
	if t.Kind == fficrt.KindOptional {
		if v == nil {
			return nil
		}
		return ToOracle(t.Elem, v)
	}
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = ToOracle(t.Elem, y)
		}
		return out
	case fficrt.Map:
		out := make(map[any]any, len(x))
		for _, e := range x {
			out[e.Key] = ToOracle(t.Elem, e.Value)
		}
		return out
	case fficrt.Struct:
		out := make(map[string]any, len(x))
		for i, f := range t.Fields {
			out[f.Name] = ToOracle(f.Type, x[i])
		}
		return out
	case fficrt.Union:
		for _, f := range t.Fields {
			if f.Name == x.Arm && f.Type != nil {
				return map[string]any{x.Arm: ToOracle(f.Type, x.Value)}
			}
		}
		return map[string]any{x.Arm: nil}
	}
	return v
}

// OracleDecoded converts a dynamic value into the form OracleUnmarshal
// returns for its encoding, for comparison.
func OracleDecoded(t *fficrt.Type, v any) any {
	if t.Kind == fficrt.KindOptional {
		if v == nil {
			return nil
		}
		return OracleDecoded(t.Elem, v)
	}
	switch x := v.(type) {
	case int64:
		if x >= 0 {
			return uint64(x)
		}
		return x
	case float32:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = OracleDecoded(t.Elem, y)
		}
		return out
	case fficrt.Map:
		out := make(map[any]any, len(x))
		for _, e := range x {
			out[OracleDecoded(t.Key, e.Key)] = OracleDecoded(t.Elem, e.Value)
		}
		return out
	case fficrt.Struct:
		out := make(map[any]any, len(x))
		for i, f := range t.Fields {
			out[f.Name] = OracleDecoded(f.Type, x[i])
		}
		return out
	case fficrt.Union:
		for _, f := range t.Fields {
			if f.Name == x.Arm && f.Type != nil {
				return map[any]any{x.Arm: OracleDecoded(f.Type, x.Value)}
			}
		}
		return map[any]any{x.Arm: nil}
	}
	return v
}

// OracleWellformed reports, through fxamacker/cbor, whether data is one
// well-formed CBOR item within fficrt.MaxDepth and without tags, whatever
// its keys (fxamacker cannot decode array keys into Go maps, and the wire
// format does not look for duplicate keys in skipped values).
func OracleWellformed(data []byte) error { return oracleDec.Wellformed(data) }
