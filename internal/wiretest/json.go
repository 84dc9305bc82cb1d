package wiretest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// The JSON form of a value (docs/wire.md, "Test vectors"): integers as
// numbers; floats as numbers (always with a fraction or exponent, -0.0
// included) or "NaN", "Infinity", "-Infinity"; bytes as a hex string;
// strings as strings; lists as arrays; maps as arrays of [key, value]
// pairs; absent optionals as null; enums as member names; unions as
// {"arm": payload or null}; structs as objects holding every field.

// FromJSON converts a JSON-form value for type t into the dynamic value of
// package fficrt. Numbers may be json.Number (from a decoder using
// UseNumber) or Go numbers (from vector definitions); float values must be
// exact for their type.
func FromJSON(t *fficrt.Type, v any) (any, error) {
	c := jsonConv{}
	out, err := c.from(t, v)
	if err != nil {
		return nil, fmt.Errorf("value%s: %v", c.where(), err)
	}
	return out, nil
}

// jsonConv tracks where a conversion is, for errors.
type jsonConv struct{ path []string }

func (c *jsonConv) where() string { return strings.Join(c.path, "") }

func (c *jsonConv) from(t *fficrt.Type, v any) (any, error) {
	if t.Kind == fficrt.KindOptional {
		if v == nil {
			return nil, nil
		}
		return c.from(t.Elem, v)
	}
	switch t.Kind {
	case fficrt.KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case fficrt.KindI8, fficrt.KindI16, fficrt.KindI32, fficrt.KindI64:
		n, err := strconv.ParseInt(numberText(v), 10, 8<<(t.Kind-fficrt.KindI8))
		if err != nil {
			return nil, fmt.Errorf("%v is not an %s", v, t)
		}
		return n, nil
	case fficrt.KindU8, fficrt.KindU16, fficrt.KindU32, fficrt.KindU64:
		n, err := strconv.ParseUint(numberText(v), 10, 8<<(t.Kind-fficrt.KindU8))
		if err != nil {
			return nil, fmt.Errorf("%v is not a %s", v, t)
		}
		return n, nil
	case fficrt.KindF32, fficrt.KindF64:
		return c.float(t, v)
	case fficrt.KindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case fficrt.KindBytes:
		if s, ok := v.(string); ok {
			return Unhex(s)
		}
	case fficrt.KindEnum:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case fficrt.KindList:
		if items, ok := v.([]any); ok {
			out := make([]any, len(items))
			for i, x := range items {
				c.path = append(c.path, fmt.Sprintf("[%d]", i))
				y, err := c.from(t.Elem, x)
				if err != nil {
					return nil, err
				}
				c.path = c.path[:len(c.path)-1]
				out[i] = y
			}
			return out, nil
		}
	case fficrt.KindMap:
		return c.dict(t, v)
	case fficrt.KindStruct:
		return c.record(t, v)
	case fficrt.KindUnion:
		return c.union(t, v)
	}
	return nil, fmt.Errorf("%#v is not a JSON %s", v, t)
}

// numberText returns the decimal text of a JSON or Go number.
func numberText(v any) string {
	switch n := v.(type) {
	case json.Number:
		return string(n)
	case int, int64, uint64, int32, uint32:
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%#v", v)
}

func (c *jsonConv) float(t *fficrt.Type, v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(x), 64); err != nil {
			return nil, err
		}
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case string:
		switch x {
		case "NaN":
			f = math.NaN()
		case "Infinity":
			f = math.Inf(1)
		case "-Infinity":
			f = math.Inf(-1)
		default:
			return nil, fmt.Errorf("%q is not a float", x)
		}
	default:
		return nil, fmt.Errorf("%#v is not a float", v)
	}
	if t.Kind == fficrt.KindF64 {
		return f, nil
	}
	if g := float32(f); float64(g) == f || f != f {
		return g, nil
	}
	return nil, fmt.Errorf("%v is not exactly an f32", f)
}

func (c *jsonConv) dict(t *fficrt.Type, v any) (any, error) {
	pairs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%#v is not a JSON map (an array of pairs)", v)
	}
	out := make(fficrt.Map, len(pairs))
	for i, p := range pairs {
		kv, ok := p.([]any)
		if !ok || len(kv) != 2 {
			return nil, fmt.Errorf("entry %d is not a [key, value] pair", i)
		}
		c.path = append(c.path, fmt.Sprintf("{%d}", i))
		k, err := c.from(t.Key, kv[0])
		if err != nil {
			return nil, err
		}
		c.path[len(c.path)-1] = fmt.Sprintf("[%v]", kv[0])
		x, err := c.from(t.Elem, kv[1])
		if err != nil {
			return nil, err
		}
		c.path = c.path[:len(c.path)-1]
		out[i] = fficrt.MapEntry{Key: k, Value: x}
	}
	return out, nil
}

func (c *jsonConv) record(t *fficrt.Type, v any) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%#v is not a JSON object", v)
	}
	if len(obj) != len(t.Fields) {
		return nil, fmt.Errorf("%s has %d fields, the object %d", t, len(t.Fields), len(obj))
	}
	out := make(fficrt.Struct, len(t.Fields))
	for i, f := range t.Fields {
		x, ok := obj[f.Name]
		if !ok {
			return nil, fmt.Errorf("field %q missing", f.Name)
		}
		c.path = append(c.path, "."+f.Name)
		y, err := c.from(f.Type, x)
		if err != nil {
			return nil, err
		}
		c.path = c.path[:len(c.path)-1]
		out[i] = y
	}
	return out, nil
}

func (c *jsonConv) union(t *fficrt.Type, v any) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok || len(obj) != 1 {
		return nil, fmt.Errorf("%#v is not a one-entry JSON object", v)
	}
	for arm, x := range obj {
		for _, f := range t.Fields {
			if f.Name != arm {
				continue
			}
			if f.Type == nil {
				if x != nil {
					return nil, fmt.Errorf("arm %q has no payload", arm)
				}
				return fficrt.Union{Arm: arm}, nil
			}
			c.path = append(c.path, "."+arm)
			y, err := c.from(f.Type, x)
			if err != nil {
				return nil, err
			}
			c.path = c.path[:len(c.path)-1]
			return fficrt.Union{Arm: arm, Value: y}, nil
		}
		return nil, fmt.Errorf("%s has no arm %q", t, arm)
	}
	panic("unreachable")
}

// ToJSON converts a dynamic value of type t into its JSON form, with numbers
// as json.Number so that they are written exactly.
func ToJSON(t *fficrt.Type, v any) any {
	if t.Kind == fficrt.KindOptional {
		if v == nil {
			return nil
		}
		return ToJSON(t.Elem, v)
	}
	switch x := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float32:
		return FloatJSON(float64(x))
	case float64:
		return FloatJSON(x)
	case []byte:
		return Hex(x)
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = ToJSON(t.Elem, y)
		}
		return out
	case fficrt.Map:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = []any{ToJSON(t.Key, e.Key), ToJSON(t.Elem, e.Value)}
		}
		return out
	case fficrt.Struct:
		out := make(map[string]any, len(x))
		for i, f := range t.Fields {
			out[f.Name] = ToJSON(f.Type, x[i])
		}
		return out
	case fficrt.Union:
		for _, f := range t.Fields {
			if f.Name == x.Arm && f.Type != nil {
				return map[string]any{x.Arm: ToJSON(f.Type, x.Value)}
			}
		}
		return map[string]any{x.Arm: nil}
	}
	return v // bool, string, enum member
}

// FloatJSON writes a float as vectors.json does: NaN and the infinities as
// strings, anything else as the shortest decimal that reads back exactly,
// always with a fraction or an exponent (so -0.0 stays a float in Python).
func FloatJSON(f float64) any {
	switch {
	case f != f:
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	a := math.Abs(f)
	format := byte('e')
	if a == 0 || a >= 1e-4 && a < 1e16 {
		format = 'f'
	}
	s := strconv.FormatFloat(f, format, -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return json.Number(s)
}
