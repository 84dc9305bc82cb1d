package check

import (
	"sort"

	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/parser"
)

// resolve is the second pass: it resolves every type reference, constant
// value, enum value and `throws`.
func (c *checker) resolve() {
	for _, p := range c.consts {
		c.resolveConst(p.m, p.s)
	}
	for _, p := range c.enums {
		c.resolveEnum(p.m, p.s)
	}
	for _, p := range c.structs {
		c.resolveFields(p.m.Fields, p.s.Fields)
	}
	for _, p := range c.unions {
		for i, a := range p.s.Arms {
			if a.Type != nil {
				p.m.Arms[i].Type = c.resolveType(a.Type)
			}
		}
	}
	if c.ctor != nil {
		c.resolveFields(c.model.Ctor.Params, c.ctor.Params)
		c.model.Ctor.Throws = c.resolveThrows(c.ctor.Throws)
	}
	for _, p := range c.events {
		c.resolveFields(p.m.Params, p.s.Params)
	}
	for _, ps := range [][]pending[*idl.Func, *parser.Func]{c.funcs, c.hostFuncs} {
		for _, p := range ps {
			c.resolveFields(p.m.Params, p.s.Params)
			if p.s.Result != nil {
				p.m.Result = c.resolveType(p.s.Result)
			}
			p.m.Throws = c.resolveThrows(p.s.Throws)
		}
	}
}

func (c *checker) resolveFields(ms []*idl.Field, ss []*parser.Field) {
	for i, f := range ss {
		ms[i].Type = c.resolveType(f.Type)
	}
}

// resolveThrows resolves the type of a `throws` clause: a struct, enum or
// union, never optional.
func (c *checker) resolveThrows(ref *parser.TypeRef) *idl.Type {
	if ref == nil {
		return nil
	}
	t := c.resolveType(ref)
	if t == nil {
		return nil
	}
	if !t.IsNamed() {
		c.errorf(pos(ref.Pos), "throws needs a struct, enum or union type, not %q (without throws, errors are messages)", t)
		return nil
	}
	return t
}

// Builtin scalar types are shared: every use of `u32` is the same *Type.
var scalars = func() map[string]*idl.Type {
	m := map[string]*idl.Type{}
	for name, k := range idl.Builtin {
		m[name] = &idl.Type{Kind: k}
	}
	return m
}()

// resolveType resolves a type reference. It returns nil after reporting an
// error, so callers report nothing more about a type already found bad.
func (c *checker) resolveType(ref *parser.TypeRef) *idl.Type {
	t := c.resolveBase(ref)
	if t == nil {
		return nil
	}
	if n := len(ref.Optional); n > 0 {
		if n > 1 {
			c.errorf(pos(ref.Optional[1].Pos), "%q is already optional: an optional of an optional (T??) is not allowed", t.String()+"?")
			return nil
		}
		t = &idl.Type{Kind: idl.Optional, Elem: t}
	}
	return t
}

func (c *checker) resolveBase(ref *parser.TypeRef) *idl.Type {
	name := ref.Name.Value
	switch name {
	case "list":
		if len(ref.Args) != 1 {
			c.errorf(pos(ref.Pos), "list takes one type argument (list<T>), got %d", len(ref.Args))
			return nil
		}
		elem := c.resolveType(ref.Args[0])
		if elem == nil {
			return nil
		}
		return &idl.Type{Kind: idl.List, Elem: elem}
	case "map":
		if len(ref.Args) != 2 {
			c.errorf(pos(ref.Pos), "map takes two type arguments (map<K, V>), got %d", len(ref.Args))
			return nil
		}
		key, elem := c.resolveType(ref.Args[0]), c.resolveType(ref.Args[1])
		if key == nil || elem == nil {
			return nil
		}
		if !(key.Kind == idl.String || key.Kind == idl.Bool || key.Kind.IsInteger() || key.Kind == idl.EnumT) {
			c.errorf(pos(ref.Args[0].Pos), "map key must be string, bool, an integer type or an enum, not %q", key)
			return nil
		}
		return &idl.Type{Kind: idl.Map, Key: key, Elem: elem}
	}
	if len(ref.Args) > 0 {
		c.errorf(pos(ref.Pos), "%q takes no type arguments", name)
		return nil
	}
	if t, ok := scalars[name]; ok {
		return t
	}
	switch d := c.types[name].(type) {
	case *idl.Struct:
		return &idl.Type{Kind: idl.StructT, Struct: d}
	case *idl.Enum:
		return &idl.Type{Kind: idl.EnumT, Enum: d}
	case *idl.Union:
		return &idl.Type{Kind: idl.UnionT, Union: d}
	}
	if c.broken("struct", name) || c.broken("enum", name) || c.broken("union", name) {
		return nil // its declaration has a syntax error, reported already
	}
	if hint := suggest(name, c.typeNames(name)); hint != "" {
		c.errorf(pos(ref.Name.Pos), "unknown type %q; did you mean %q?", name, hint)
	} else {
		c.errorf(pos(ref.Name.Pos), "unknown type %q", name)
	}
	return nil
}

// typeNames lists every type name a reference may use, for did-you-mean
// suggestions. Ties go to the first candidate, so the group that looks like
// name comes first: declared types for a capitalised name, builtins else.
func (c *checker) typeNames(name string) []string {
	if c.declaredNames == nil {
		c.declaredNames = make([]string, 0, len(c.types))
		for n := range c.types {
			c.declaredNames = append(c.declaredNames, n)
		}
		sort.Strings(c.declaredNames)
	}
	builtins := []string{"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "string", "bytes", "list", "map"}
	if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
		return append(append([]string{}, c.declaredNames...), builtins...)
	}
	return append(builtins, c.declaredNames...)
}
