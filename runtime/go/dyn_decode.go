package fficrt

// Unmarshal decodes data, which must hold exactly one value of type t, into
// the Go value of the dynamic layer (see Type). Errors are *WireError values
// rooted at root.
func Unmarshal(t *Type, data []byte, root string) (any, error) {
	var d Decoder
	d.Reset(data, root)
	v, err := Decode(&d, t)
	if err != nil {
		return nil, err
	}
	if err := d.Finish(); err != nil {
		return nil, err
	}
	return v, nil
}

// Decode reads one value of type t from d, with every check of
// docs/wire.md. Map entries come back in wire order.
func Decode(d *Decoder, t *Type) (any, error) {
	switch t.Kind {
	case KindOptional:
		if d.TakeNull() {
			return nil, nil
		}
		return Decode(d, t.Elem)
	case KindBool:
		return d.ReadBool()
	case KindI8:
		v, err := d.ReadI8()
		return int64(v), err
	case KindI16:
		v, err := d.ReadI16()
		return int64(v), err
	case KindI32:
		v, err := d.ReadI32()
		return int64(v), err
	case KindI64:
		return d.ReadI64()
	case KindU8:
		v, err := d.ReadU8()
		return uint64(v), err
	case KindU16:
		v, err := d.ReadU16()
		return uint64(v), err
	case KindU32:
		v, err := d.ReadU32()
		return uint64(v), err
	case KindU64:
		return d.ReadU64()
	case KindF32:
		return d.ReadF32()
	case KindF64:
		return d.ReadF64()
	case KindString:
		return d.ReadString()
	case KindBytes:
		return d.ReadBytes()
	case KindEnum:
		return decodeEnum(d, t)
	case KindList:
		return decodeList(d, t)
	case KindMap:
		return decodeMap(d, t)
	case KindStruct:
		return decodeStruct(d, t)
	case KindUnion:
		return decodeUnion(d, t)
	}
	return nil, d.fail("invalid type kind " + t.Kind.String())
}

func decodeEnum(d *Decoder, t *Type) (any, error) {
	b, err := d.ReadText()
	if err != nil {
		return nil, err
	}
	i, ok := t.info().byName[string(b)]
	if !ok {
		return nil, d.UnknownMember(t.Name, b)
	}
	return t.Members[i], nil
}

func decodeList(d *Decoder, t *Type) (any, error) {
	n, err := d.ReadArrayHeader()
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, max(n, 0))
	for i := 0; d.More(n, i); i++ {
		d.PushIndex(i)
		v, err := Decode(d, t.Elem)
		if err != nil {
			return nil, err
		}
		d.Pop()
		out = append(out, v)
	}
	return out, nil
}

func decodeMap(d *Decoder, t *Type) (any, error) {
	n, err := d.ReadMapHeader()
	if err != nil {
		return nil, err
	}
	out := make(Map, 0, max(n, 0))
	var seen map[any]struct{}
	for i := 0; d.More(n, i); i++ {
		d.PushEntry(i)
		k, err := Decode(d, t.Key)
		if err != nil {
			return nil, err
		}
		d.Pop()
		if i > 0 {
			if seen == nil {
				seen = make(map[any]struct{}, min(max(n, 2), 64))
				seen[out[0].Key] = struct{}{}
			}
			if _, dup := seen[k]; dup {
				return nil, d.DuplicateKey(k)
			}
			seen[k] = struct{}{}
		}
		d.path = append(d.path, keyStep(k))
		v, err := Decode(d, t.Elem)
		if err != nil {
			return nil, err
		}
		d.Pop()
		out = append(out, MapEntry{Key: k, Value: v})
	}
	return out, nil
}

func decodeStruct(d *Decoder, t *Type) (any, error) {
	n, err := d.ReadMapHeader()
	if err != nil {
		return nil, err
	}
	info := t.info()
	out := make(Struct, len(t.Fields))
	seen := newFieldSet(len(t.Fields))
	for i := 0; d.More(n, i); i++ {
		k, err := d.ReadKey(i)
		if err != nil {
			return nil, err
		}
		j, ok := info.byName[string(k)]
		if !ok {
			if err := d.SkipField(k); err != nil {
				return nil, err
			}
			continue
		}
		f := t.Fields[j]
		if seen.add(j) {
			return nil, d.DuplicateKey(f.Name)
		}
		d.PushField(f.Name)
		v, err := Decode(d, f.Type)
		if err != nil {
			return nil, err
		}
		d.Pop()
		out[j] = v
	}
	for j, f := range t.Fields {
		if !seen.has(j) && f.Type.Kind != KindOptional {
			return nil, d.MissingField(f.Name)
		}
	}
	return out, nil
}

func decodeUnion(d *Decoder, t *Type) (any, error) {
	indef, err := d.ReadUnionHeader()
	if err != nil {
		return nil, err
	}
	k, err := d.ReadKey(0)
	if err != nil {
		return nil, err
	}
	j, ok := t.info().byName[string(k)]
	if !ok {
		d.PushEntry(0)
		return nil, d.UnknownArm(t.Name, k)
	}
	arm := t.Fields[j]
	d.PushField(arm.Name)
	var v any
	if arm.Type == nil {
		err = d.ReadNull()
	} else {
		v, err = Decode(d, arm.Type)
	}
	if err != nil {
		return nil, err
	}
	d.Pop()
	if err := d.EndUnion(indef); err != nil {
		return nil, err
	}
	return Union{Arm: arm.Name, Value: v}, nil
}

// fieldSet records which fields of a struct were seen, in a word for up to
// 64 fields.
type fieldSet struct {
	small uint64
	large []bool
}

func newFieldSet(n int) fieldSet {
	if n > 64 {
		return fieldSet{large: make([]bool, n)}
	}
	return fieldSet{}
}

// add marks field i and reports whether it was already marked.
func (s *fieldSet) add(i int) bool {
	if s.large != nil {
		dup := s.large[i]
		s.large[i] = true
		return dup
	}
	dup := s.small&(1<<i) != 0
	s.small |= 1 << i
	return dup
}

// has reports whether field i was marked.
func (s *fieldSet) has(i int) bool {
	if s.large != nil {
		return s.large[i]
	}
	return s.small&(1<<i) != 0
}
