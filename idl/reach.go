package idl

// Reaches lists every declared type reachable from the call's parameters,
// result and error, transitively: depth-first in the order met (params,
// then result, then throws), each once. A backend uses it to emit only the
// codecs a call needs.
func (f *Func) Reaches() []TypeDecl {
	return Reaches(append(fieldTypes(f.Params), f.Result, f.Throws)...)
}

// Reaches lists every declared type the ctor's parameters and error reach
// (see Func.Reaches).
func (c *Ctor) Reaches() []TypeDecl {
	return Reaches(append(fieldTypes(c.Params), c.Throws)...)
}

// Reaches lists every declared type the event's parameters reach (see
// Func.Reaches).
func (e *Event) Reaches() []TypeDecl { return Reaches(fieldTypes(e.Params)...) }

// Reaches lists the declared types reachable from ts, transitively,
// depth-first in the order met, each once. Nil types are skipped. The
// result is computed on each call (the model stays immutable and safe to
// share between goroutines); it is linear in the size of the reached types.
func Reaches(ts ...*Type) []TypeDecl {
	seen := map[TypeDecl]bool{}
	var out []TypeDecl
	// An explicit stack: a chain of thousands of types must not recurse.
	var stack []*Type
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i] != nil {
			stack = append(stack, ts[i])
		}
	}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d := t.Decl(); d != nil {
			if seen[d] {
				continue
			}
			seen[d] = true
			out = append(out, d)
			ms := memberTypes(d)
			for i := len(ms) - 1; i >= 0; i-- {
				stack = append(stack, ms[i])
			}
			continue
		}
		if t.Elem != nil {
			stack = append(stack, t.Elem)
		}
		if t.Key != nil {
			stack = append(stack, t.Key)
		}
	}
	return out
}

func fieldTypes(fs []*Field) []*Type {
	out := make([]*Type, 0, len(fs)+2)
	for _, f := range fs {
		out = append(out, f.Type)
	}
	return out
}

// memberTypes lists the types of a struct's fields or a union's arms.
func memberTypes(d TypeDecl) []*Type {
	switch d := d.(type) {
	case *Struct:
		return fieldTypes(d.Fields)
	case *Union:
		var out []*Type
		for _, a := range d.Arms {
			if a.Type != nil {
				out = append(out, a.Type)
			}
		}
		return out
	}
	return nil
}
