package wiretest

import (
	"bytes"
	"fmt"
	"math"
	"slices"

	"github.com/google/go-cmp/cmp"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Diff compares two dynamic values of type t and returns a description of
// the differences (-want +got), or "" when they are equal. Map entries are
// compared in key order, whatever order they came in; floats are compared
// bit for bit, except that every NaN equals every NaN.
func Diff(t *fficrt.Type, want, got any) string {
	return DiffPlain(Canon(t, want), Canon(t, got))
}

// DiffPlain compares two values like Diff, without reordering maps. It
// decides equality itself (cmp's diff of deeply nested slices takes time
// exponential in the depth) and asks cmp only to describe a difference.
func DiffPlain(want, got any) string {
	if Equal(want, got) {
		return ""
	}
	if depth(want) > 16 || depth(got) > 16 {
		return fmt.Sprintf("want %v\ngot  %v", want, got)
	}
	return cmp.Diff(want, got, floatBits)
}

// Equal reports whether two values (dynamic, or in fxamacker's plain form)
// are equal, comparing floats bit for bit and every NaN equal.
func Equal(a, b any) bool {
	switch a := a.(type) {
	case float64:
		b, ok := b.(float64)
		return ok && (math.Float64bits(a) == math.Float64bits(b) || a != a && b != b)
	case float32:
		b, ok := b.(float32)
		return ok && (math.Float32bits(a) == math.Float32bits(b) || a != a && b != b)
	case []byte:
		b, ok := b.([]byte)
		return ok && bytes.Equal(a, b)
	case []any:
		b, ok := b.([]any)
		return ok && slices.EqualFunc(a, b, Equal)
	case fficrt.Struct:
		b, ok := b.(fficrt.Struct)
		return ok && slices.EqualFunc(a, b, Equal)
	case fficrt.Map:
		b, ok := b.(fficrt.Map)
		return ok && slices.EqualFunc(a, b, func(x, y fficrt.MapEntry) bool {
			return Equal(x.Key, y.Key) && Equal(x.Value, y.Value)
		})
	case fficrt.Union:
		b, ok := b.(fficrt.Union)
		return ok && a.Arm == b.Arm && Equal(a.Value, b.Value)
	case map[any]any:
		b, ok := b.(map[any]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, x := range a {
			y, ok := b[k]
			if !ok || !Equal(x, y) {
				return false
			}
		}
		return true
	}
	return a == b
}

// depth returns how deeply lists, maps and structs nest in v.
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			d = max(d, depth(x))
		}
	case fficrt.Struct:
		for _, x := range v {
			d = max(d, depth(x))
		}
	case fficrt.Map:
		for _, e := range v {
			d = max(d, depth(e.Value))
		}
	case fficrt.Union:
		d = depth(v.Value)
	case map[any]any:
		for _, x := range v {
			d = max(d, depth(x))
		}
	default:
		return 0
	}
	return d + 1
}

var floatBits = cmp.Options{
	cmp.Comparer(func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
	}),
	cmp.Comparer(func(a, b float32) bool {
		return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
	}),
}

// Canon returns v with the entries of every map sorted by their encoded
// keys (the deterministic order), leaving v itself unchanged.
func Canon(t *fficrt.Type, v any) any {
	if v == nil {
		return nil
	}
	switch t.Kind {
	case fficrt.KindOptional:
		return Canon(t.Elem, v)
	case fficrt.KindList:
		items, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(items))
		for i, x := range items {
			out[i] = Canon(t.Elem, x)
		}
		return out
	case fficrt.KindMap:
		m, ok := v.(fficrt.Map)
		if !ok {
			return v
		}
		out := make(fficrt.Map, len(m))
		for i, e := range m {
			out[i] = fficrt.MapEntry{Key: e.Key, Value: Canon(t.Elem, e.Value)}
		}
		slices.SortStableFunc(out, func(a, b fficrt.MapEntry) int {
			ka, _ := fficrt.Marshal(t.Key, a.Key)
			kb, _ := fficrt.Marshal(t.Key, b.Key)
			return bytes.Compare(ka, kb)
		})
		return out
	case fficrt.KindStruct:
		s, ok := v.(fficrt.Struct)
		if !ok || len(s) != len(t.Fields) {
			return v
		}
		out := make(fficrt.Struct, len(s))
		for i, f := range t.Fields {
			out[i] = Canon(f.Type, s[i])
		}
		return out
	case fficrt.KindUnion:
		u, ok := v.(fficrt.Union)
		if !ok {
			return v
		}
		for _, f := range t.Fields {
			if f.Name == u.Arm && f.Type != nil {
				return fficrt.Union{Arm: u.Arm, Value: Canon(f.Type, u.Value)}
			}
		}
	}
	return v
}
