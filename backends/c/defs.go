package c

import (
	"fmt"

	"github.com/ffic/ffic/idl"
)

// This file writes the struct types: the forward declarations of every
// struct type, then the definitions of declared structs and unions and of
// derived lists, maps, map entries and optionals, in an order where each
// comes after what it holds by value.

// forwardDecls declares every struct type in advance, so that pointers
// to them (list elements, optional structs) can be written anywhere and
// recursive and mutually recursive types compile.
func (g *gen) forwardDecls() {
	var names []string
	for _, d := range g.m.TypeDecls() {
		if _, ok := d.(*idl.Enum); !ok {
			names = append(names, g.n.typ(d.DeclName()))
		}
	}
	for _, d := range g.derived {
		names = append(names, d.name)
	}
	if len(names) == 0 {
		return
	}
	g.section("Forward declarations")
	for _, name := range names {
		g.p.P("typedef struct ", name, " ", name, ";")
		g.syms.types = append(g.syms.types, name)
	}
}

func (g *gen) definitions() {
	order := g.definitionOrder()
	if len(order) == 0 {
		return
	}
	g.section("Types")
	if len(g.derived) > 0 {
		g.p.Block(
			"Besides the structs and unions of the interface, this section defines the list, map and optional "+
				"types it uses, each once, with a doc comment naming its .ffi type (docs/abi.md, \"Types\"):",
			"- list<T>: len elements at ptr; ptr may be NULL when len is 0.",
			"- map<K, V>: len entries at ptr (NULL when len is 0), each a key and a value; keys are distinct, "+
				"in no particular order.",
			"- T?: value is valid when present is true. An optional struct or union is a pointer instead, "+
				"NULL when absent.")
		g.p.Blank()
	}
	for i, node := range order {
		if i > 0 {
			g.p.Blank()
		}
		switch n := node.(type) {
		case *idl.Struct:
			g.structDef(n)
		case *idl.Union:
			g.unionDef(n)
		case *derivedType:
			g.derivedDef(n)
		default:
			panic(fmt.Sprintf("c: unexpected definition %T", node))
		}
	}
}

func (g *gen) structDef(s *idl.Struct) {
	name := g.n.typ(s.Name)
	g.p.Doc(s.Doc)
	g.p.P("struct ", name, " {")
	g.p.In()
	if len(s.Fields) == 0 {
		g.p.Doc("C has no empty structs: this member only gives the struct a size. Its value is ignored.")
		g.p.P("uint8_t unused_;")
	}
	g.fields(s.Fields)
	g.p.Out()
	g.p.P("};")
}

// fields writes struct members for fields (or parameters), with their docs.
func (g *gen) fields(fs []*idl.Field) {
	for _, f := range fs {
		g.p.Doc(f.Doc)
		g.p.P(g.decl(f.Type, member(f.Name)), ";")
	}
}

// unionDef writes a union as a tag and, when some arm has a payload, a C
// union "as" of the payloads. Tags start at 1, so a zeroed union is no arm
// at all and is rejected rather than read as the first arm.
func (g *gen) unionDef(u *idl.Union) {
	name := g.n.typ(u.Name)
	var tags []enumerator
	for i, a := range u.Arms {
		doc := a.Doc
		if a.Type == nil {
			doc = joinDoc(doc, "(No payload.)")
		}
		tags = append(tags, enumerator{g.n.enumerator(u.Name, a.Name), int64(i + 1), doc})
	}
	g.enumerators("The tags of "+name+"'s arms.", tags)
	g.p.Blank()
	g.p.Doc(u.Doc)
	g.p.P("struct ", name, " {")
	g.p.In()
	g.p.Doc("Which arm is set: one of the tags above.")
	g.p.P("int32_t tag;")
	payloads := false
	for _, a := range u.Arms {
		payloads = payloads || a.Type != nil
	}
	if payloads {
		g.p.Doc("The payload of the arm that is set; nothing for an arm without one.")
		g.p.P("union {")
		g.p.In()
		for _, a := range u.Arms {
			if a.Type != nil {
				g.p.Doc(a.Doc)
				g.p.P(g.decl(a.Type, member(a.Name)), ";")
			}
		}
		g.p.Out()
		g.p.P("} as;")
	}
	g.p.Out()
	g.p.P("};")
}

func joinDoc(doc, more string) string {
	if doc == "" {
		return more
	}
	return doc + "\n" + more
}

func (g *gen) derivedDef(d *derivedType) {
	t := d.t
	switch {
	case d.entry:
		g.p.Doc("An entry of " + t.String() + ".")
		g.p.P("struct ", d.name, " {")
		g.p.In()
		g.p.P(g.decl(t.Key, "key"), ";")
		g.p.P(g.decl(t.Elem, "value"), ";")
	case t.Kind == idl.List:
		g.p.Doc(t.String())
		g.p.P("struct ", d.name, " {")
		g.p.In()
		g.p.P(g.constPtr(t.Elem), " ptr;")
		g.p.P("size_t len;")
	case t.Kind == idl.Map:
		g.p.Doc(t.String())
		g.p.P("struct ", d.name, " {")
		g.p.In()
		g.p.P("const ", g.n.entry(t), "* ptr;")
		g.p.P("size_t len;")
	case t.Kind == idl.Optional:
		g.p.Doc(t.String())
		g.p.P("struct ", d.name, " {")
		g.p.In()
		g.p.P("bool present;")
		g.p.P(g.decl(t.Elem, "value"), ";")
	default:
		panic("c: unexpected derived type " + t.String())
	}
	g.p.Out()
	g.p.P("};")
}
