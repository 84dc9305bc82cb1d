package c

import (
	"github.com/ffic/ffic/idl"
)

// This file maps IDL types to C types (docs/abi.md, "Types") and orders
// the type definitions so that each one comes after every type it holds
// by value.

// scalarC are the C types of the builtin scalars other than string and
// bytes, which are the ABI's own L_str and L_bytes.
var scalarC = map[idl.Kind]string{
	idl.Bool: "bool",
	idl.I8:   "int8_t", idl.I16: "int16_t", idl.I32: "int32_t", idl.I64: "int64_t",
	idl.U8: "uint8_t", idl.U16: "uint16_t", idl.U32: "uint32_t", idl.U64: "uint64_t",
	idl.F32: "float", idl.F64: "double",
}

// isPointerOpt reports whether t is an optional struct or union, which C
// holds as a pointer (NULL: absent) rather than as an L_opt_ struct. The
// pointer is what lets a struct hold an optional of itself.
func isPointerOpt(t *idl.Type) bool {
	return t.Kind == idl.Optional && (t.Elem.Kind == idl.StructT || t.Elem.Kind == idl.UnionT)
}

// ctype is the C type of a value of t, as a member, an element or the
// target of a result pointer: "uint32_t", "my_timer_str",
// "my_timer_list_u64", "const my_timer_TimerGroup*".
func (g *gen) ctype(t *idl.Type) string {
	switch t.Kind {
	case idl.String:
		return g.n.own("str")
	case idl.Bytes:
		return g.n.own("bytes")
	case idl.List, idl.Map:
		return g.n.derived(t)
	case idl.Optional:
		if isPointerOpt(t) {
			return "const " + g.n.typ(t.Elem.Decl().DeclName()) + "*"
		}
		return g.n.derived(t)
	case idl.StructT, idl.EnumT, idl.UnionT:
		return g.n.typ(t.Decl().DeclName())
	}
	return scalarC[t.Kind]
}

// constPtr is a read-only pointer to values of t: "const uint32_t*", or
// "const my_timer_Node* const*" for a pointer optional.
func (g *gen) constPtr(t *idl.Type) string {
	c := g.ctype(t)
	if isPointerOpt(t) {
		return c + " const*"
	}
	return "const " + c + "*"
}

// decl declares a member or parameter called name of type t.
func (g *gen) decl(t *idl.Type, name string) string {
	return g.ctype(t) + " " + name
}

// derivedType is a list, map, map entry or optional type the header
// defines: each one the interface uses, once.
type derivedType struct {
	name string    // L_list_str, L_map_str_i64_entry
	t    *idl.Type // the list, map or optional (the map, for an entry)
	// entry is true for the entry type of the map t.
	entry bool
}

// collectDerived lists every derived type the interface uses, each once,
// in the order first met: the members of declared types in source order,
// then the ctor, fns, events and host fns. A map contributes its entry
// type right after itself.
func (g *gen) collectDerived() {
	seen := map[string]bool{}
	add := func(t *idl.Type) {
		if t == nil {
			return
		}
		t.Walk(func(t *idl.Type) {
			switch {
			case t.Kind == idl.List, t.Kind == idl.Map, t.Kind == idl.Optional && !isPointerOpt(t):
			default:
				return
			}
			name := g.n.derived(t)
			if seen[name] {
				return
			}
			seen[name] = true
			g.derived = append(g.derived, &derivedType{name: name, t: t})
			if t.Kind == idl.Map {
				g.derived = append(g.derived, &derivedType{name: g.n.entry(t), t: t, entry: true})
			}
		})
	}
	for _, d := range g.m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Struct:
			for _, f := range d.Fields {
				add(f.Type)
			}
		case *idl.Union:
			for _, a := range d.Arms {
				add(a.Type)
			}
		}
	}
	addParams := func(ps []*idl.Field) {
		for _, p := range ps {
			add(p.Type)
		}
	}
	addParams(g.m.Ctor.Params)
	for _, f := range g.m.Funcs {
		addParams(f.Params)
		add(f.Result)
	}
	for _, e := range g.m.Events {
		addParams(e.Params)
	}
	for _, f := range g.m.HostFuncs {
		addParams(f.Params)
		add(f.Result)
	}
	g.derivedByName = map[string]*derivedType{}
	for _, d := range g.derived {
		g.derivedByName[d.name] = d
	}
}

// byValue lists what a value of type t needs defined before it can be a
// member: the declared struct or union itself, or the derived type. Enums
// and scalars are typedefs of integers, defined before all structs; lists,
// maps and pointer optionals hold only pointers, which need no definition
// (every struct type is declared in advance), but they are themselves
// structs that must be defined before being held by value.
func (g *gen) byValue(t *idl.Type) any {
	switch t.Kind {
	case idl.StructT:
		return t.Struct
	case idl.UnionT:
		return t.Union
	case idl.List, idl.Map:
		return g.derivedByName[g.n.derived(t)]
	case idl.Optional:
		if !isPointerOpt(t) {
			return g.derivedByName[g.n.derived(t)]
		}
	}
	return nil
}

// deps lists what the definition of node holds by value.
func (g *gen) deps(node any) []any {
	var ts []*idl.Type
	switch n := node.(type) {
	case *idl.Struct:
		for _, f := range n.Fields {
			ts = append(ts, f.Type)
		}
	case *idl.Union:
		for _, a := range n.Arms {
			if a.Type != nil {
				ts = append(ts, a.Type)
			}
		}
	case *derivedType:
		switch {
		case n.entry:
			ts = append(ts, n.t.Key, n.t.Elem)
		case n.t.Kind == idl.Optional:
			ts = append(ts, n.t.Elem)
		}
	}
	var out []any
	for _, t := range ts {
		if d := g.byValue(t); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// definitionOrder orders the definitions of declared structs and unions
// and derived types so that each comes after what it holds by value:
// declared types in source order, each preceded by the not yet defined
// types it needs (depth first), then the derived types only calls use.
// A map's entry type follows the map as closely as it can: right after
// it, or, when the entry holds by value a type still being defined (a
// struct holding a map of itself), right after that type's definition
// ends. By-value recursion is the checker's to reject, so there is no
// cycle; an explicit stack keeps a chain of thousands of types from
// recursing.
func (g *gen) definitionOrder() []any {
	started := map[any]bool{} // on the stack or written
	written := map[any]bool{}
	var out, pending []any
	visit := func(root any) {
		type frame struct {
			node any
			deps []any
			next int
		}
		if started[root] {
			return
		}
		started[root] = true
		stack := []*frame{{node: root, deps: g.deps(root)}}
		push := func(n any) {
			started[n] = true
			stack = append(stack, &frame{node: n, deps: g.deps(n)})
		}
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			if f.next < len(f.deps) {
				d := f.deps[f.next]
				f.next++
				if !started[d] {
					push(d)
				}
				continue
			}
			out = append(out, f.node)
			written[f.node] = true
			stack = stack[:len(stack)-1]
			if d, ok := f.node.(*derivedType); ok && d.t.Kind == idl.Map && !d.entry {
				e := g.derivedByName[g.n.entry(d.t)]
				ready := !started[e]
				for _, dep := range g.deps(e) {
					ready = ready && (written[dep] || !started[dep])
				}
				if ready {
					push(e)
				} else {
					pending = append(pending, e)
				}
			}
		}
	}
	// Entries left pending wait for the definition that was in progress;
	// after a root's visit nothing is in progress any more.
	root := func(n any) {
		visit(n)
		for len(pending) > 0 {
			e := pending[0]
			pending = pending[1:]
			visit(e)
		}
	}
	for _, d := range g.m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Struct:
			root(d)
		case *idl.Union:
			root(d)
		}
	}
	for _, d := range g.derived {
		root(d)
	}
	return out
}
