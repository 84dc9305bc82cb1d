// Package wiretest holds the wire format's test vectors (testdata/wire) and
// what reads, checks and regenerates them: the vector definitions, a parser
// for the IDL type spellings the vectors name, the conversion between the
// vectors' JSON values and the dynamic values of runtime/go (package
// fficrt), and the fxamacker/cbor oracle every vector is checked against.
//
// It is the glue between the compiler (packages check and idl, which
// resolve vectors.ffi) and the runtime, which must not import the compiler.
package wiretest

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
	fficrt "github.com/ffic/ffic/runtime/go"
)

// Schema resolves type spellings against one checked .ffi file.
type Schema struct {
	Model *idl.Model
	decls map[string]*fficrt.Type
}

// LoadSchema parses and checks the .ffi file at path.
func LoadSchema(path string) (*Schema, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSchema(filepath.ToSlash(path), src)
}

// ParseSchema checks src, a .ffi file called name.
func ParseSchema(name string, src []byte) (*Schema, error) {
	m, errs := check.Source(name, src)
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return &Schema{Model: m, decls: map[string]*fficrt.Type{}}, nil
}

// Type resolves a type spelled as in a .ffi file ("list<map<i32, Point?>>")
// into a runtime descriptor. Declared types are shared between calls, so
// recursive types are finite graphs.
func (s *Schema) Type(spelling string) (*fficrt.Type, error) {
	p := &typeParser{s: s, src: spelling}
	t, err := p.parse()
	if err != nil {
		return nil, fmt.Errorf("type %q: %v", spelling, err)
	}
	if p.skipSpace(); p.pos != len(p.src) {
		return nil, fmt.Errorf("type %q: unexpected %q", spelling, p.src[p.pos:])
	}
	return t, nil
}

// FromIDL returns the runtime descriptor of a checked type.
func (s *Schema) FromIDL(t *idl.Type) *fficrt.Type {
	switch t.Kind {
	case idl.List:
		return &fficrt.Type{Kind: fficrt.KindList, Elem: s.FromIDL(t.Elem)}
	case idl.Map:
		return &fficrt.Type{Kind: fficrt.KindMap, Key: s.FromIDL(t.Key), Elem: s.FromIDL(t.Elem)}
	case idl.Optional:
		return &fficrt.Type{Kind: fficrt.KindOptional, Elem: s.FromIDL(t.Elem)}
	case idl.StructT, idl.EnumT, idl.UnionT:
		return s.decl(t.Decl())
	}
	return &fficrt.Type{Kind: scalarKinds[t.Kind]}
}

var scalarKinds = map[idl.Kind]fficrt.Kind{
	idl.Bool: fficrt.KindBool, idl.I8: fficrt.KindI8, idl.I16: fficrt.KindI16,
	idl.I32: fficrt.KindI32, idl.I64: fficrt.KindI64, idl.U8: fficrt.KindU8,
	idl.U16: fficrt.KindU16, idl.U32: fficrt.KindU32, idl.U64: fficrt.KindU64,
	idl.F32: fficrt.KindF32, idl.F64: fficrt.KindF64, idl.String: fficrt.KindString,
	idl.Bytes: fficrt.KindBytes,
}

// decl returns the shared descriptor of a declared type, registering it
// before its fields so that recursion ends.
func (s *Schema) decl(d idl.TypeDecl) *fficrt.Type {
	if t, ok := s.decls[d.DeclName()]; ok {
		return t
	}
	t := &fficrt.Type{Name: d.DeclName()}
	s.decls[t.Name] = t
	switch d := d.(type) {
	case *idl.Struct:
		t.Kind = fficrt.KindStruct
		for _, f := range d.Fields {
			t.Fields = append(t.Fields, fficrt.Field{Name: f.Name, Type: s.FromIDL(f.Type)})
		}
	case *idl.Union:
		t.Kind = fficrt.KindUnion
		for _, a := range d.Arms {
			f := fficrt.Field{Name: a.Name}
			if a.Type != nil {
				f.Type = s.FromIDL(a.Type)
			}
			t.Fields = append(t.Fields, f)
		}
	case *idl.Enum:
		t.Kind = fficrt.KindEnum
		for _, m := range d.Members {
			t.Members = append(t.Members, m.Name)
		}
	}
	return t
}

// typeParser parses `Type = Name [ "<" Type { "," Type } ">" ] { "?" }`.
type typeParser struct {
	s   *Schema
	src string
	pos int
}

func (p *typeParser) skipSpace() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *typeParser) accept(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *typeParser) parse() (*fficrt.Type, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] == '_' || isAlnum(p.src[p.pos])) {
		p.pos++
	}
	name := p.src[start:p.pos]
	if name == "" {
		return nil, fmt.Errorf("expected a type at offset %d", start)
	}
	var args []*fficrt.Type
	if p.accept('<') {
		for {
			a, err := p.parse()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.accept('>') {
				break
			}
			if !p.accept(',') {
				return nil, fmt.Errorf("expected ',' or '>' at offset %d", p.pos)
			}
		}
	}
	t, err := p.named(name, args)
	if err != nil {
		return nil, err
	}
	for p.accept('?') {
		if t.Kind == fficrt.KindOptional {
			return nil, fmt.Errorf("optional of an optional")
		}
		t = &fficrt.Type{Kind: fficrt.KindOptional, Elem: t}
	}
	return t, nil
}

func (p *typeParser) named(name string, args []*fficrt.Type) (*fficrt.Type, error) {
	want := 0
	var t *fficrt.Type
	switch name {
	case "list":
		want = 1
		if len(args) == want {
			t = &fficrt.Type{Kind: fficrt.KindList, Elem: args[0]}
		}
	case "map":
		want = 2
		if len(args) == want {
			switch k := args[0].Kind; {
			case k == fficrt.KindBool, k >= fficrt.KindI8 && k <= fficrt.KindU64,
				k == fficrt.KindString, k == fficrt.KindEnum:
			default:
				return nil, fmt.Errorf("%s cannot be a map key", args[0])
			}
			t = &fficrt.Type{Kind: fficrt.KindMap, Key: args[0], Elem: args[1]}
		}
	default:
		if k, ok := idl.Builtin[name]; ok {
			t = &fficrt.Type{Kind: scalarKinds[k]}
		} else if d := p.s.Model.LookupType(name); d != nil {
			t = p.s.decl(d)
		} else {
			return nil, fmt.Errorf("unknown type %q", name)
		}
	}
	if len(args) != want {
		return nil, fmt.Errorf("%s takes %d type arguments, got %d", name, want, len(args))
	}
	return t, nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
