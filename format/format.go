// Package format prints a .ffi file in ffic's one canonical layout, keeping
// every comment. It is what `ffic fmt` runs.
//
// The layout:
//
//   - Declarations keep their order; nothing is ever reordered, renamed or
//     rewritten. Names and literals are printed exactly as written (hex
//     stays hex, `1e3` stays `1e3`, strings keep their escapes); a minus
//     sign is attached to its number (`-5`).
//   - Indentation is 4 spaces per level; lines end in \n (never \r\n) and
//     carry no trailing white space; a non-empty file ends in exactly one
//     line break. An empty file (or one holding only white space) formats
//     to empty output.
//   - Declarations are separated by one blank line. Runs of one-line
//     declarations (const, ctor, fn, event, host fn, empty struct, enum or
//     union) may be grouped: between two of them the source's choice of no
//     blank line or one is kept. `library` and every declaration spanning
//     several lines always get a blank line before and after.
//   - Struct fields, enum members and union arms go one per line, each
//     followed by a comma (the last one too). One blank line between items
//     is kept where the source has one or more; blank lines right after `{`
//     and before `}` are removed. An empty body is `struct Empty {}`.
//   - Spacing: `name: type`, `member = value`, `map<K, V>`, `list<T?>`,
//     `const NAME: type = value;`, `fn f(a: u32, b: string) -> T throws E;`,
//     with the keywords in their one order (`host`, `static`, `async`, `fn`).
//   - A parameter list stays on one line, without a trailing comma, unless
//     a comment (a doc comment of a parameter included) sits between its
//     parentheses; it is then printed one parameter per line, each followed
//     by a comma, with `)` on a line of its own.
//   - Comments are all kept, in source order. A comment that follows code
//     on its source line stays at the end of that code's output line (one
//     written before a `,` `;` `:` `>` or `?` moves after it); any other
//     comment gets a line of its own, indented like the code around it,
//     with one blank line before it where the source has any. `///` doc
//     comments are indented like the item they document; block comments
//     are printed verbatim (only trailing white space is removed from their
//     lines). A line comment inside a construct that is otherwise on one
//     line ends that line: the construct goes on in a continuation line,
//     indented one level more.
//
// A file with syntax errors is not formatted. Formatting is idempotent, and
// the formatted file parses to the same tree (names, literals, doc comments,
// order) as the original.
package format

import (
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/parser"
)

// Source formats one .ffi file. A file with syntax errors is not formatted:
// the errors are returned and the output is nil.
func Source(filename string, src []byte) ([]byte, *diag.List) {
	file, errs := parser.Parse(filename, src)
	if errs.Len() > 0 {
		return nil, errs
	}
	p := newPrinter(src, file.Comments)
	if fe := p.print(file); fe != nil {
		errs.Errorf(p.pos(filename, fe.off), "internal error: cannot format: %s", fe.msg)
		return nil, errs
	}
	return p.bytes(), errs
}

// print prints f, the tree of p's source. It returns an error, instead of
// output, if the source does not hold the tokens of the tree.
func (p *printer) print(f *parser.File) (fe *formatError) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(formatError)
			if !ok {
				panic(r)
			}
			fe = &e
		}
	}()
	p.file(f)
	return nil
}

// pos returns the position of source offset off.
func (p *printer) pos(filename string, off int) diag.Pos {
	off = min(max(off, 0), len(p.src))
	line := p.lineOf(off)
	col := utf8.RuneCount(p.src[p.lines[line-1]:off]) + 1
	return diag.Pos{File: filename, Offset: off, Line: line, Col: col}
}

// file prints every declaration, then the comments after the last one.
func (p *printer) file(f *parser.File) {
	var prevApart bool
	for i, d := range f.Decls {
		// A declaration that spans lines, and `library`, stand apart.
		apart := d.Library != nil || p.multiLine(d)
		s := sepLine
		if i > 0 && (apart || prevApart) {
			s = sepBlank
		}
		p.decl(s, d)
		prevApart = apart
	}
	p.sep = sepLine
	p.flush(len(p.src) + 1)
	if off := p.skip(p.cur); off != len(p.src) {
		p.fail(off, "source token not printed")
	}
}

// multiLine reports whether d is printed on several lines (not counting
// its comments): a body with items or comments, or a parameter list broken
// by comments.
func (p *printer) multiLine(d *parser.Decl) bool {
	body := func(name int, n int) bool {
		open := p.skip(name)
		return n > 0 || p.commentIn(open, p.findClose(open, '}'))
	}
	params := func(after int) bool {
		open := p.skip(after)
		return p.commentIn(open, p.findClose(open, ')'))
	}
	end := func(t lexer.Token) int { return t.Pos.Offset + len(t.Value) }
	switch {
	case d.Struct != nil:
		return body(end(d.Struct.Name), len(d.Struct.Fields))
	case d.Enum != nil:
		return body(end(d.Enum.Name), len(d.Enum.Members))
	case d.Union != nil:
		return body(end(d.Union.Name), len(d.Union.Arms))
	case d.Func != nil:
		return params(end(d.Func.Name))
	case d.Event != nil:
		return params(end(d.Event.Name))
	case d.Ctor != nil:
		return params(d.Ctor.Pos.Offset + len("ctor"))
	}
	return false
}
