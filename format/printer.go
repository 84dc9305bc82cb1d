package format

import (
	"bytes"
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
)

// sep is the white space the layout asks for between the last printed token
// and the next one. Comments in between may turn it into a line break.
type sep uint8

const (
	sepNone  sep = iota // tokens touch: `list<`
	sepSpace            // one space: `fn f`
	sepLine             // a new line; one blank line of the source is kept
	sepBlank            // a new line after exactly one blank line
)

// indentUnit is one level of indentation.
const indentUnit = "    "

// printer writes the formatted file. It walks the source tokens in order,
// in step with the syntax tree: every source token is either printed at
// its offset (tok) or consumed where the layout drops it or attaches it to
// the token before (expect, accept, attach), and the comments before each
// printed token are printed first (see comments.go). Since offsets place
// the comments, the printer checks that every token it prints is where the
// tree says; at the end, that no source token was left out.
type printer struct {
	src      []byte
	out      []byte
	lines    []int // lines[i] is the offset where source line i+1 starts
	lineHint int   // index in lines of the last line lineOf returned
	cur      int   // source offset just after the last consumed token

	comments []lexer.Token // every comment of the file, in source order
	next     int           // index of the first comment not yet printed

	indent int // indentation level of the current block
	sep    sep // what the layout asks for before the next token

	lastEnd     int  // source offset just after the last printed token or comment
	lastLine    int  // source line where the last printed token or comment ends
	lastComment bool // comments were printed since the last token
	lineComment bool // the last printed thing is a line comment: a line break must follow
	broke       bool // a comment started a new line since the last token
	afterOpen   bool // only trailing comments were printed since an opening bracket
}

// formatError is raised (as a panic, recovered by print) when the source
// does not hold the token the tree says it does. It means a bug in the
// formatter or the parser; the file is then left alone.
type formatError struct {
	off int
	msg string
}

func newPrinter(src []byte, comments []lexer.Token) *printer {
	lines := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &printer{
		src:      src,
		out:      make([]byte, 0, len(src)+len(src)/8),
		lines:    lines,
		comments: comments,
	}
}

func (p *printer) fail(off int, format string, args ...any) {
	panic(formatError{off: off, msg: fmt.Sprintf(format, args...)})
}

// lineOf returns the 1-based source line of offset off. Offsets come
// almost always in increasing order, so it walks from the line of the
// previous call.
func (p *printer) lineOf(off int) int {
	i := p.lineHint
	for i > 0 && p.lines[i] > off {
		i--
	}
	for i+1 < len(p.lines) && p.lines[i+1] <= off {
		i++
	}
	p.lineHint = i
	return i + 1
}

// skip returns the offset of the first source token at or after off,
// stepping over white space and comments (len(src) at the end).
func (p *printer) skip(off int) int {
	src := p.src
	for off < len(src) {
		switch c := src[off]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			off++
		case c == '/' && off+1 < len(src) && src[off+1] == '/':
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				return len(src)
			}
			off += i
		case c == '/' && off+1 < len(src) && src[off+1] == '*':
			i := bytes.Index(src[off+2:], []byte("*/"))
			if i < 0 {
				return len(src)
			}
			off += i + 4
		case off == 0 && bytes.HasPrefix(src, []byte("\uFEFF")):
			off += 3 // a byte order mark
		default:
			return off
		}
	}
	return off
}

// at checks that text is the next source token and is at off, and consumes it.
func (p *printer) at(off int, text string) {
	end := off + len(text)
	next := p.skip(p.cur)
	if next != off || !bytes.HasPrefix(p.src[off:], []byte(text)) ||
		isWord(text[len(text)-1]) && end < len(p.src) && isWord(p.src[end]) {
		p.fail(next, "expected %q", text)
	}
	p.cur = end
}

// isWord reports whether c can be part of a name or number.
func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// expect consumes the next source token, which must be text, and returns
// its offset.
func (p *printer) expect(text string) int {
	off := p.skip(p.cur)
	p.at(off, text)
	return off
}

// accept consumes the next source token if it is text.
func (p *printer) accept(text string) bool {
	off := p.skip(p.cur)
	if !bytes.HasPrefix(p.src[off:], []byte(text)) {
		return false
	}
	p.cur = off + len(text)
	return true
}

// findClose returns the offset of the first `close` token after offset
// open. It is only used for lists that hold names and punctuation (no
// string literals), so a byte scan that steps over comments is exact.
func (p *printer) findClose(open int, close byte) int {
	for off := p.skip(open + 1); off < len(p.src); off = p.skip(off + 1) {
		if p.src[off] == close {
			return off
		}
	}
	p.fail(open, "no %q after %q", close, p.src[open])
	return 0
}

// word prints the next source token, which must be text, after s.
func (p *printer) word(s sep, text string) {
	p.tok(s, text, p.expect(text))
}

// name prints a name (or literal) token of the tree after s.
func (p *printer) name(s sep, t lexer.Token) {
	p.at(t.Pos.Offset, t.Value)
	p.tok(s, t.Value, t.Pos.Offset)
}

// attach consumes the next source token, which must be text, and prints it
// right after the last printed token. Punctuation that ends something
// (`,` `;` `:` `>` `?`) is printed this way: a comment written before it
// moves after it rather than pushing it onto a line of its own.
func (p *printer) attach(text string) {
	p.expect(text)
	p.out = append(p.out, text...)
	p.afterOpen = false
}

// tok prints text, the source token at offset off, after separator s:
// first the comments before it, then the separator (or the line break the
// comments forced), then the token.
func (p *printer) tok(s sep, text string, off int) {
	p.sep = s
	p.flush(off)
	line := p.lineOf(off)
	closing := text == "}" || text == ")"
	switch {
	case len(p.out) == 0:
	case p.needBreak(line, closing):
		p.newline(p.blankBefore(off, closing))
	case s != sepNone || p.lastComment:
		p.out = append(p.out, ' ')
	}
	p.out = append(p.out, text...)
	p.lastEnd = max(p.lastEnd, off+len(text))
	p.lastLine = line
	p.lastComment, p.lineComment, p.broke = false, false, false
	p.afterOpen = text == "{" || text == "("
	p.sep = sepNone
}

// needBreak reports whether the token on source line line starts a new
// output line.
func (p *printer) needBreak(line int, closing bool) bool {
	switch {
	case p.lineComment:
		return true
	case p.sep < sepLine:
		// Inside a construct, a line break only follows a comment that
		// ended its source line.
		return p.lastComment && line != p.lastLine
	case !p.broke:
		return true
	default:
		// The line starts with a comment: a token that followed it on
		// its source line stays after it (a closing bracket never does).
		return closing || line != p.lastLine
	}
}

// newline ends the output line (adding a blank line if blank) and indents
// the next one. A break the layout did not ask for (inside a construct,
// forced by a comment) is a continuation line, indented one more level.
func (p *printer) newline(blank bool) {
	p.out = append(p.out, '\n')
	if blank {
		p.out = append(p.out, '\n')
	}
	n := p.indent
	if p.sep < sepLine {
		n++
	}
	for range n {
		p.out = append(p.out, indentUnit...)
	}
}

// closeList prints the closing bracket of a list printed one item per line:
// the comments before it stay in the list, the bracket gets a line of its
// own at the outer indentation.
func (p *printer) closeList(text string) {
	off := p.expect(text)
	p.sep = sepLine
	p.flush(off)
	p.indent--
	p.tok(sepLine, text, off)
}

// bytes returns the output: nothing for a file without tokens or comments,
// otherwise text ending in exactly one line break.
func (p *printer) bytes() []byte {
	if len(p.out) == 0 {
		return []byte{}
	}
	return append(p.out, '\n')
}
