package c

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ffic/ffic/backends"
)

// printer writes the header line by line, so the generator reads like its
// output (protogen's g.P).
type printer struct {
	buf    bytes.Buffer
	indent int
}

// width is where comment text wraps; codeWidth is where a declaration
// puts its parameters on lines of their own.
const (
	width     = 80
	codeWidth = 100
)

// P writes one line: its arguments concatenated with fmt.Sprint semantics
// for each, indented by the current depth. P() writes an empty line.
func (p *printer) P(args ...any) {
	if len(args) > 0 {
		p.buf.WriteString(strings.Repeat("    ", p.indent))
		for _, a := range args {
			fmt.Fprint(&p.buf, a)
		}
	}
	p.buf.WriteByte('\n')
}

// Blank writes an empty line unless the last line is empty or nothing
// has been written, so sections never get two blank lines in a row.
func (p *printer) Blank() {
	b := p.buf.Bytes()
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n\n")) {
		p.buf.WriteByte('\n')
	}
}

// Sig writes a declaration with a parameter list: head(params)tail on one
// line when it fits codeWidth, else with as many parameters on each line as
// fit codeWidth, the continuation lines indented one step further (what
// clang-format and cbindgen do).
func (p *printer) Sig(head, params, tail string) {
	indent := strings.Repeat("    ", p.indent)
	ps := strings.Split(params, ", ")
	cur := indent + head + "("
	fresh := true // cur holds no parameter yet
	for i, param := range ps {
		piece := param + ","
		if i == len(ps)-1 {
			piece = param + ")" + tail
		}
		switch {
		case fresh:
			cur += piece
		case len(cur)+1+len(piece) <= codeWidth:
			cur += " " + piece
		default:
			p.buf.WriteString(cur + "\n")
			cur = indent + "    " + piece
		}
		fresh = false
	}
	p.buf.WriteString(cur + "\n")
}

// In and Out change the indentation of the lines that follow.
func (p *printer) In()  { p.indent++ }
func (p *printer) Out() { p.indent-- }

// Doc writes a /** ... */ comment holding doc (a .ffi doc comment or the
// backend's own text; lines separated by "\n") and then each note as a
// paragraph of its own. Lines longer than the width are wrapped; shorter
// ones stay as written. It writes nothing when all are empty. A comment of
// one short line stays on one line.
func (p *printer) Doc(doc string, notes ...string) {
	var paras []string
	for _, s := range append([]string{doc}, notes...) {
		if s != "" {
			paras = append(paras, s)
		}
	}
	if len(paras) == 0 {
		return
	}
	var lines []string
	n := width - 3 - 4*p.indent // " * " and the indentation
	for _, l := range strings.Split(commentText(strings.Join(paras, "\n\n")), "\n") {
		lines = append(lines, wrap(l, n)...)
	}
	if len(lines) == 1 && len(lines[0]) <= n-4 { // "/** " and " */" fit too
		p.P("/** ", lines[0], " */")
		return
	}
	p.P("/**")
	for _, l := range lines {
		if l == "" {
			p.P(" *")
		} else {
			p.P(" * ", l)
		}
	}
	p.P(" */")
}

// Comment writes a plain one-line /* ... */ comment.
func (p *printer) Comment(text string) {
	p.P("/* ", commentText(text), " */")
}

// Block writes a plain /* ... */ comment (not a doc comment: it documents
// a section of the header, not the declaration after it) of paragraphs
// separated by empty lines. A paragraph starting with "- " is an item of a
// list: its lines wrap with a hanging indent, and consecutive items have no
// empty line between them.
func (p *printer) Block(paras ...string) {
	n := width - 3 - 4*p.indent
	p.P("/*")
	for i, para := range paras {
		item := strings.HasPrefix(para, "- ")
		if i > 0 && !(item && strings.HasPrefix(paras[i-1], "- ")) {
			p.P(" *")
		}
		if item {
			for j, w := range wrap(commentText(para[2:]), n-2) {
				if j == 0 {
					p.P(" * - ", w)
				} else {
					p.P(" *   ", w)
				}
			}
			continue
		}
		for _, l := range strings.Split(commentText(para), "\n") {
			for _, w := range wrap(l, n) {
				p.P(" * ", w)
			}
		}
	}
	p.P(" */")
}

// wrap breaks a line longer than n bytes into lines of at most n bytes
// at spaces (a longer word gets a line of its own); continuation lines
// keep the line's indentation. A line that fits is returned unchanged.
func wrap(line string, n int) []string {
	if len(line) <= n {
		return []string{line}
	}
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	var lines []string
	cur := ""
	for _, w := range strings.Fields(line) {
		switch {
		case cur == "":
			cur = indent + w
		case len(cur)+1+len(w) <= n:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = indent + w
		}
	}
	return append(lines, cur)
}

// commentText makes text safe inside a C block comment: first
// backends.CommentText (no character but "\n" can end a line, none is
// rejected), then "*/" would end the comment early and "/*" inside one is
// a -Wcomment warning, so a space goes between their characters; "??"
// could start a trigraph (C99 translates them even in comments, and "??/"
// before a newline splices lines), so a space goes between the question
// marks. The rewrites only insert spaces or replace characters that do
// not print, so the text stays readable.
func commentText(s string) string {
	s = backends.CommentText(s)
	for _, pair := range [][2]string{{"*/", "* /"}, {"/*", "/ *"}, {"??", "? ?"}} {
		// Repeat: replacing "??" in "???" leaves "? ??" to do again.
		for strings.Contains(s, pair[0]) {
			s = strings.ReplaceAll(s, pair[0], pair[1])
		}
	}
	return s
}
