package check

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/parser"
)

// declare is the first pass: it creates a model node for every declaration,
// member, field, arm and parameter, checks every name (spelling, keywords,
// duplicates, collisions) and the declaration-level rules (`library` once
// and first, one `ctor`, valid fn modifiers). Types are resolved later.
func (c *checker) declare() {
	m := c.model
	types := newScope("type")
	calls := newScope("name")
	consts := newScope("constant")
	var library *parser.Library

	for i, d := range c.file.Decls {
		switch {
		case d.Library != nil:
			l := d.Library
			if library != nil {
				c.errorf(pos(l.Pos), "library already declared at %s", pos(library.Pos))
				continue
			}
			library = l
			if i != 0 {
				c.errorf(pos(l.Pos), "library must be the first declaration")
			}
			c.checkName("library", l.Name, snake)
			m.Library = l.Name.Value
			m.Doc = doc(l.Doc)

		case d.Const != nil:
			s := d.Const
			c.checkName("constant", s.Name, upperSnake)
			consts.define(c, "constant", s.Name)
			k := &idl.Const{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos)}
			m.Consts = append(m.Consts, k)
			c.consts = append(c.consts, pending[*idl.Const, *parser.Const]{k, s})

		case d.Enum != nil:
			s := d.Enum
			c.checkName("enum", s.Name, pascal)
			e := &idl.Enum{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos)}
			c.defineType(types, "enum", s.Name, e)
			members := newScope("member")
			for _, sm := range s.Members {
				c.checkName("enum member", sm.Name, snake)
				members.define(c, "member", sm.Name)
				e.Members = append(e.Members, &idl.Member{Name: sm.Name.Value, Doc: doc(sm.Doc), Pos: pos(sm.Name.Pos)})
			}
			if len(s.Members) == 0 {
				c.errorf(pos(s.Name.Pos), "enum %q has no members", s.Name.Value)
			}
			m.Enums = append(m.Enums, e)
			c.enums = append(c.enums, pending[*idl.Enum, *parser.Enum]{e, s})

		case d.Struct != nil:
			s := d.Struct
			c.checkName("struct", s.Name, pascal)
			st := &idl.Struct{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos)}
			c.defineType(types, "struct", s.Name, st)
			st.Fields = c.declareFields("field", s.Fields)
			m.Structs = append(m.Structs, st)
			c.structs = append(c.structs, pending[*idl.Struct, *parser.Struct]{st, s})

		case d.Union != nil:
			s := d.Union
			c.checkName("union", s.Name, pascal)
			u := &idl.Union{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos)}
			c.defineType(types, "union", s.Name, u)
			arms := newScope("arm")
			for _, sa := range s.Arms {
				c.checkName("union arm", sa.Name, snake)
				arms.define(c, "arm", sa.Name)
				u.Arms = append(u.Arms, &idl.Arm{Name: sa.Name.Value, Doc: doc(sa.Doc), Pos: pos(sa.Name.Pos)})
			}
			if len(s.Arms) == 0 {
				c.errorf(pos(s.Name.Pos), "union %q has no arms", s.Name.Value)
			}
			m.Unions = append(m.Unions, u)
			c.unions = append(c.unions, pending[*idl.Union, *parser.Union]{u, s})

		case d.Ctor != nil:
			s := d.Ctor
			if c.ctor != nil {
				c.errorf(pos(s.Pos), "ctor already declared at %s (a library has at most one)", pos(c.ctor.Pos))
				continue
			}
			c.ctor = s
			m.Ctor = &idl.Ctor{Doc: doc(s.Doc), Pos: pos(s.Pos), Params: c.declareFields("parameter", s.Params)}

		case d.Event != nil:
			s := d.Event
			c.checkName("event", s.Name, snake)
			calls.define(c, "event", s.Name)
			e := &idl.Event{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos), Params: c.declareFields("parameter", s.Params)}
			m.Events = append(m.Events, e)
			c.events = append(c.events, pending[*idl.Event, *parser.Event]{e, s})

		case d.Func != nil:
			s := d.Func
			kind := c.funcKind(s)
			c.checkName(kind.String(), s.Name, snake)
			calls.define(c, kind.String(), s.Name)
			f := &idl.Func{Name: s.Name.Value, Doc: doc(s.Doc), Pos: pos(s.Name.Pos), Kind: kind, Params: c.declareFields("parameter", s.Params)}
			p := pending[*idl.Func, *parser.Func]{f, s}
			if kind == idl.Host {
				m.HostFuncs = append(m.HostFuncs, f)
				c.hostFuncs = append(c.hostFuncs, p)
			} else {
				m.Funcs = append(m.Funcs, f)
				c.funcs = append(c.funcs, p)
			}
		}
	}
	if library == nil && !c.broken("library", "") {
		at := diag.Pos{File: c.file.Pos.Filename, Line: 1, Col: 1}
		if len(c.file.Decls) > 0 {
			at = pos(c.file.Decls[0].Pos)
		}
		c.errorf(at, "missing library declaration: a .ffi file starts with `library name;`")
	}
	if m.Ctor == nil {
		m.Ctor = &idl.Ctor{Implicit: true, Params: []*idl.Field{}}
	}
}

// funcKind works out the kind of a call from its modifiers, reporting the
// combinations the language does not have.
func (c *checker) funcKind(s *parser.Func) idl.FuncKind {
	switch {
	case s.Host && s.Static:
		c.errorf(pos(s.Pos), "a host fn cannot be static: the library calls it in the host of one context")
	case s.Host && s.Async:
		c.errorf(pos(s.Pos), "a host fn cannot be async: the library always awaits its answer (write `host fn`)")
	}
	switch {
	case s.Host:
		return idl.Host
	case s.Static && s.Async:
		return idl.StaticAsync
	case s.Static:
		return idl.Static
	case s.Async:
		return idl.Async
	}
	return idl.Plain
}

// defineType adds a struct, enum or union to the type scope.
func (c *checker) defineType(types *scope, kind string, name lexer.Token, d idl.TypeDecl) {
	if _, builtin := idl.Builtin[name.Value]; builtin || name.Value == "list" || name.Value == "map" {
		c.errorf(pos(name.Pos), "%q is a builtin type and cannot be redeclared", name.Value)
		return
	}
	if types.define(c, kind, name) {
		c.types[name.Value] = d
	}
}

// declareFields creates the fields of a struct or the parameters of a call.
func (c *checker) declareFields(what string, fs []*parser.Field) []*idl.Field {
	sc := newScope(what)
	out := make([]*idl.Field, 0, len(fs))
	for _, f := range fs {
		c.checkName(what, f.Name, snake)
		sc.define(c, what, f.Name)
		out = append(out, &idl.Field{Name: f.Name.Value, Doc: doc(f.Doc), Pos: pos(f.Name.Pos)})
	}
	return out
}

func pos(p lexer.Position) diag.Pos { return parser.Pos(p) }
