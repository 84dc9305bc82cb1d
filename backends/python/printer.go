package python

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ffic/ffic/backends"
)

// printer writes the module line by line with explicit indentation
// (whitespace is syntax in Python), so the generator reads like its
// output (protogen's g.P).
type printer struct {
	buf    bytes.Buffer
	indent int
}

// P writes one line: its arguments concatenated with fmt.Sprint semantics,
// indented by the current depth. P() writes an empty line.
func (p *printer) P(args ...any) {
	if len(args) > 0 {
		p.buf.WriteString(strings.Repeat("    ", p.indent))
		for _, a := range args {
			fmt.Fprint(&p.buf, a)
		}
	}
	p.buf.WriteByte('\n')
}

// In and Out change the indentation of the lines that follow.
func (p *printer) In()  { p.indent++ }
func (p *printer) Out() { p.indent-- }

// Blanks ends the previous block with n empty lines (PEP 8: two between
// top-level definitions, one between methods), never more.
func (p *printer) Blanks(n int) {
	b := p.buf.Bytes()
	if len(b) == 0 {
		return
	}
	have := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\n'; i-- {
		have++
	}
	for have-1 < n {
		p.buf.WriteByte('\n')
		have++
	}
}

// Doc writes a docstring holding the paragraphs given (empty ones are
// skipped); nothing when all are empty. One short line stays on one line.
func (p *printer) Doc(paras ...string) {
	var kept []string
	for _, s := range paras {
		if s = strings.Trim(s, "\n"); strings.TrimSpace(s) != "" {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return
	}
	text := docText(strings.Join(kept, "\n\n"))
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, wrap(l, width-4*p.indent)...)
	}
	if len(lines) == 1 && 4*p.indent+len(lines[0])+6 <= width {
		p.P(`"""`, lines[0], `"""`)
		return
	}
	p.P(`"""`, lines[0])
	for _, l := range lines[1:] {
		if l == "" {
			p.P()
		} else {
			p.P(l)
		}
	}
	p.P(`"""`)
}

// Comment writes doc as "#:" comment lines (the attribute-doc form Sphinx
// reads), before a field or enum member. The text goes through
// backends.CommentText, so only its "\n"s end a comment line (a CR or a
// form feed would end it too and make the rest of the line code).
func (p *printer) Comment(doc string) {
	if doc == "" {
		return
	}
	for _, l := range strings.Split(backends.CommentText(doc), "\n") {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			p.P("#:")
		} else {
			p.P("#: ", l)
		}
	}
}

// docText makes text safe inside a """ docstring: backends.CommentText
// (no character but "\n" ends a line, none is rejected), backslashes are
// doubled (no escape sequences), quote runs cannot end the string and a
// final quote cannot merge with the closing ones.
func docText(s string) string {
	s = backends.CommentText(s)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"""`, `\"\"\"`)
	if strings.HasSuffix(s, `"`) && !strings.HasSuffix(s, `\"`) { // (a \" is an escape made above)
		s = s[:len(s)-1] + `\"`
	}
	return s
}

// width is where docstring text wraps (PEP 8's 79 columns).
const width = 79

// wrap breaks a line longer than n bytes into lines of at most n bytes at
// spaces (a longer word gets a line of its own); continuation lines keep
// the line's indentation. A line that fits is returned unchanged.
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
