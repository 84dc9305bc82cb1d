package format

import "github.com/ffic/ffic/parser"

// Declarations, bodies, parameter lists, types and literals: the layout.
// Each function prints one construct whose first token comes after the
// separator s; the punctuation that ends it is attached to its last token.

// decl prints one top-level declaration.
func (p *printer) decl(s sep, d *parser.Decl) {
	switch {
	case d.Library != nil:
		p.word(s, "library")
		p.name(sepSpace, d.Library.Name)
		p.attach(";")
	case d.Const != nil:
		c := d.Const
		p.word(s, "const")
		p.name(sepSpace, c.Name)
		p.attach(":")
		p.typ(sepSpace, c.Type)
		p.word(sepSpace, "=")
		p.literal(sepSpace, c.Value)
		p.attach(";")
	case d.Enum != nil:
		e := d.Enum
		p.word(s, "enum")
		p.name(sepSpace, e.Name)
		p.body(len(e.Members), func(i int) {
			m := e.Members[i]
			p.name(sepLine, m.Name)
			if m.Value != nil {
				p.word(sepSpace, "=")
				p.literal(sepSpace, m.Value)
			}
		})
	case d.Struct != nil:
		st := d.Struct
		p.word(s, "struct")
		p.name(sepSpace, st.Name)
		p.body(len(st.Fields), func(i int) { p.field(sepLine, st.Fields[i]) })
	case d.Union != nil:
		u := d.Union
		p.word(s, "union")
		p.name(sepSpace, u.Name)
		p.body(len(u.Arms), func(i int) {
			a := u.Arms[i]
			p.name(sepLine, a.Name)
			if a.Type != nil {
				p.attach(":")
				p.typ(sepSpace, a.Type)
			}
		})
	case d.Ctor != nil:
		p.word(s, "ctor")
		p.params(d.Ctor.Params)
		p.throws(d.Ctor.Throws)
		p.attach(";")
	case d.Event != nil:
		p.word(s, "event")
		p.name(sepSpace, d.Event.Name)
		p.params(d.Event.Params)
		p.attach(";")
	case d.Func != nil:
		p.fn(s, d.Func)
	default:
		p.fail(d.Pos.Offset, "empty declaration")
	}
}

// fn prints `fn`, `async fn`, `static fn`, `static async fn` and `host fn`.
// The grammar accepts the keywords in one order only, so printing them in
// that order keeps them as written.
func (p *printer) fn(s sep, f *parser.Func) {
	for _, kw := range [...]struct {
		on   bool
		text string
	}{{f.Host, "host"}, {f.Static, "static"}, {f.Async, "async"}, {true, "fn"}} {
		if kw.on {
			p.word(s, kw.text)
			s = sepSpace
		}
	}
	p.name(sepSpace, f.Name)
	p.params(f.Params)
	if f.Result != nil {
		p.word(sepSpace, "->")
		p.typ(sepSpace, f.Result)
	}
	p.throws(f.Throws)
	p.attach(";")
}

// throws prints ` throws E` if t is set.
func (p *printer) throws(t *parser.TypeRef) {
	if t != nil {
		p.word(sepSpace, "throws")
		p.typ(sepSpace, t)
	}
}

// body prints the braces of a struct, enum or union and its n items, one
// per line, each followed by a comma. item(i) prints item i after a
// sepLine.
func (p *printer) body(n int, item func(i int)) {
	open := p.expect("{")
	p.tok(sepSpace, "{", open)
	if n == 0 && !p.commentIn(open, p.findClose(open, '}')) {
		p.word(sepNone, "}")
		return
	}
	p.indent++
	for i := range n {
		item(i)
		p.comma(i == n-1)
	}
	p.closeList("}")
}

// comma consumes the comma after a list item (optional after the last one)
// and prints one.
func (p *printer) comma(last bool) {
	if last {
		p.accept(",")
	} else {
		p.expect(",")
	}
	p.out = append(p.out, ',')
}

// params prints a parameter list: on one line, or one parameter per line
// when a comment sits between the parentheses.
func (p *printer) params(fs []*parser.Field) {
	open := p.expect("(")
	broken := p.commentIn(open, p.findClose(open, ')'))
	p.tok(sepNone, "(", open)
	if !broken {
		for i, f := range fs {
			s := sepNone
			if i > 0 {
				p.attach(",")
				s = sepSpace
			}
			p.field(s, f)
		}
		p.accept(",")
		p.attach(")")
		return
	}
	p.indent++
	for i, f := range fs {
		p.field(sepLine, f)
		p.comma(i == len(fs)-1)
	}
	p.closeList(")")
}

// field prints `name: type` (a struct field or a parameter).
func (p *printer) field(s sep, f *parser.Field) {
	p.name(s, f.Name)
	p.attach(":")
	p.typ(sepSpace, f.Type)
}

// typ prints a type: `u32`, `list<T>`, `map<K, V>`, `T?`.
func (p *printer) typ(s sep, t *parser.TypeRef) {
	p.name(s, t.Name)
	if len(t.Args) > 0 {
		p.word(sepNone, "<")
		for i, a := range t.Args {
			s := sepNone
			if i > 0 {
				p.attach(",")
				s = sepSpace
			}
			p.typ(s, a)
		}
		p.accept(",")
		p.attach(">")
	}
	for range t.Optional {
		p.attach("?")
	}
}

// literal prints a constant or enum value exactly as written, with a minus
// sign attached to it. A comment between the sign and the number is printed
// before the sign.
func (p *printer) literal(s sep, l *parser.Literal) {
	var text string
	switch {
	case l.Int != nil:
		text = *l.Int
	case l.Float != nil:
		text = *l.Float
	case l.Str != nil:
		text = *l.Str
	case l.Ident != nil:
		text = *l.Ident
	default:
		p.fail(l.Pos.Offset, "empty literal")
	}
	if l.Neg {
		minus := p.expect("-")
		off := p.skip(p.cur)
		p.sep = s
		p.flush(off)
		p.tok(s, "-", minus)
		s = sepNone
	}
	off := p.skip(p.cur)
	p.at(off, text)
	p.tok(s, text, off)
}
