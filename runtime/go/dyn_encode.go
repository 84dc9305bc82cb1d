package fficrt

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Marshal returns the deterministic encoding of v, a value of type t (see
// Type for the Go values of each kind). Errors are rooted at "value".
func Marshal(t *Type, v any) ([]byte, error) {
	var e Encoder
	if err := Encode(&e, t, v, "value"); err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

// Encode appends the deterministic encoding of v, a value of type t, to e.
// It checks v against t as a decoder would check the wire (Go types, integer
// widths, f32 exactness, UTF-8, required fields, enum members, union arms,
// distinct map keys) and reports the first problem as a *WireError rooted at
// root. On error, e holds a partial encoding.
func Encode(e *Encoder, t *Type, v any, root string) error {
	enc := dynEncoder{e: e, path: wirePath{{kind: stepRoot, s: root}}}
	return enc.value(t, v)
}

// dynEncoder walks a dynamic value, keeping the path for errors.
type dynEncoder struct {
	e    *Encoder
	path wirePath
}

func (c *dynEncoder) fail(msg string) error {
	return &WireError{Path: c.path.String(), Msg: msg}
}

func (c *dynEncoder) mismatch(t *Type, v any) error {
	return c.fail(fmt.Sprintf("expected %s, got Go %T", t, v))
}

func (c *dynEncoder) push(s pathStep) { c.path = append(c.path, s) }
func (c *dynEncoder) pop()            { c.path = c.path[:len(c.path)-1] }

func (c *dynEncoder) value(t *Type, v any) error {
	if t.Kind == KindOptional {
		if v == nil {
			c.e.WriteNull()
			return nil
		}
		return c.value(t.Elem, v)
	}
	switch t.Kind {
	case KindBool:
		b, ok := v.(bool)
		if !ok {
			return c.mismatch(t, v)
		}
		c.e.WriteBool(b)
	case KindI8, KindI16, KindI32, KindI64:
		n, ok := v.(int64)
		if !ok {
			return c.mismatch(t, v)
		}
		bits := uint(8) << (t.Kind - KindI8)
		if bits < 64 && (n < -1<<(bits-1) || n >= 1<<(bits-1)) {
			return c.fail(strconv.FormatInt(n, 10) + " does not fit " + t.Kind.String())
		}
		c.e.WriteInt(n)
	case KindU8, KindU16, KindU32, KindU64:
		n, ok := v.(uint64)
		if !ok {
			return c.mismatch(t, v)
		}
		bits := uint(8) << (t.Kind - KindU8)
		if bits < 64 && n >= 1<<bits {
			return c.fail(strconv.FormatUint(n, 10) + " does not fit " + t.Kind.String())
		}
		c.e.WriteUint(n)
	case KindF32:
		f, ok := v.(float32)
		if !ok {
			return c.mismatch(t, v)
		}
		c.e.WriteF32(f)
	case KindF64:
		f, ok := v.(float64)
		if !ok {
			return c.mismatch(t, v)
		}
		c.e.WriteF64(f)
	case KindString:
		s, ok := v.(string)
		if !ok {
			return c.mismatch(t, v)
		}
		if !utf8.ValidString(s) {
			return c.fail(msgInvalidUTF8)
		}
		c.e.WriteString(s)
	case KindBytes:
		b, ok := v.([]byte)
		if !ok {
			return c.mismatch(t, v)
		}
		c.e.WriteBytes(b)
	case KindList:
		return c.list(t, v)
	case KindMap:
		return c.dict(t, v)
	case KindStruct:
		return c.record(t, v)
	case KindEnum:
		s, ok := v.(string)
		if !ok {
			return c.mismatch(t, v)
		}
		if _, ok := t.info().byName[s]; !ok {
			return c.fail("unknown " + t.Name + " member " + QuoteKey(s))
		}
		c.e.WriteString(s)
	case KindUnion:
		return c.union(t, v)
	default:
		return c.fail("invalid type kind " + t.Kind.String())
	}
	return nil
}

func (c *dynEncoder) list(t *Type, v any) error {
	items, ok := v.([]any)
	if !ok {
		return c.mismatch(t, v)
	}
	c.e.WriteArrayHeader(len(items))
	for i, x := range items {
		c.push(pathStep{kind: stepIndex, n: uint64(i)})
		if err := c.value(t.Elem, x); err != nil {
			return err
		}
		c.pop()
	}
	return nil
}

func (c *dynEncoder) dict(t *Type, v any) error {
	m, ok := v.(Map)
	if !ok {
		return c.mismatch(t, v)
	}
	seen := make(map[any]struct{}, len(m))
	mark := c.e.BeginMap(len(m))
	for i, entry := range m {
		c.e.Entry()
		c.push(pathStep{kind: stepEntry, n: uint64(i)})
		if err := c.value(t.Key, entry.Key); err != nil {
			return err
		}
		c.pop()
		if _, dup := seen[entry.Key]; dup {
			return c.fail("duplicate key " + keyString(entry.Key))
		}
		seen[entry.Key] = struct{}{}
		c.push(keyStep(entry.Key))
		if err := c.value(t.Elem, entry.Value); err != nil {
			return err
		}
		c.pop()
	}
	c.e.EndMap(mark)
	return nil
}

func (c *dynEncoder) record(t *Type, v any) error {
	s, ok := v.(Struct)
	if !ok {
		return c.mismatch(t, v)
	}
	if len(s) != len(t.Fields) {
		return c.fail(fmt.Sprintf("struct %s has %d fields, got %d values", t.Name, len(t.Fields), len(s)))
	}
	for i, f := range t.Fields {
		if s[i] == nil && f.Type.Kind != KindOptional {
			return c.fail(msgMissingField + QuoteKey(f.Name))
		}
	}
	c.e.WriteMapHeader(len(t.Fields))
	for _, i := range t.info().order {
		f := t.Fields[i]
		c.e.WriteString(f.Name)
		c.push(pathStep{kind: stepField, s: f.Name})
		if err := c.value(f.Type, s[i]); err != nil {
			return err
		}
		c.pop()
	}
	return nil
}

func (c *dynEncoder) union(t *Type, v any) error {
	u, ok := v.(Union)
	if !ok {
		return c.mismatch(t, v)
	}
	i, ok := t.info().byName[u.Arm]
	if !ok {
		return c.fail("unknown " + t.Name + " arm " + QuoteKey(u.Arm))
	}
	arm := t.Fields[i]
	c.e.WriteMapHeader(1)
	c.e.WriteString(arm.Name)
	c.push(pathStep{kind: stepField, s: arm.Name})
	defer c.pop()
	if arm.Type == nil {
		if u.Value != nil {
			return c.fail(fmt.Sprintf("arm has no payload, got Go %T", u.Value))
		}
		c.e.WriteNull()
		return nil
	}
	return c.value(arm.Type, u.Value)
}

// keyStep returns the path step of the value under key k.
func keyStep(k any) pathStep {
	switch k := k.(type) {
	case string:
		return pathStep{kind: stepKeyText, s: k}
	case int64:
		return pathStep{kind: stepKeyInt, n: uint64(k)}
	case uint64:
		return pathStep{kind: stepKeyUint, n: k}
	case bool:
		if k {
			return pathStep{kind: stepKeyBool, n: 1}
		}
		return pathStep{kind: stepKeyBool}
	}
	return pathStep{kind: stepKeyText, s: fmt.Sprint(k)}
}

// keyString writes a map key as messages do.
func keyString(k any) string {
	if s, ok := k.(string); ok {
		return QuoteKey(s)
	}
	return fmt.Sprint(k)
}
