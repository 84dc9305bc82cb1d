package format

import (
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Comment placement.
//
// The parser keeps every comment as a token with its source position, apart
// from the tree. The printer prints them in source order, each one just
// before the first printed token that follows it in the source, so a comment
// can never be lost, duplicated or moved across a name or literal. Where a
// comment goes on its line follows the source:
//
//   - A comment that starts on the source line where the previously printed
//     token or comment ends is trailing: it stays on that output line,
//     after one space (`a: u32, // why`).
//   - Any other comment starts a new line, indented like the code around it;
//     a blank line before it in the source is kept (one at most), except
//     right after an opening bracket.
//   - After a line comment (`//`, `///`) the next token starts a new line.
//     Inside a construct that the layout keeps on one line, that break is a
//     continuation line, indented one level more.
//   - A token that followed a block comment on the comment's own source line
//     stays after it (`/* legacy */ old_name: u32,`).
//   - Punctuation that the layout attaches to the code before it (`,` `;`
//     `:` `>` `?`) is printed before any comment written in front of it:
//     `a: u32 /* ms */,` becomes `a: u32, /* ms */`.
//
// Doc comments are comments like any other here. Since every comment keeps
// its order, its own line and its blank lines, a `///` block keeps its
// lines and documents the same node, and the parser attaches the same Doc
// to the formatted file.

// flush prints every comment that starts before source offset off.
func (p *printer) flush(off int) {
	for p.next < len(p.comments) && p.comments[p.next].Pos.Offset < off {
		p.comment(p.comments[p.next])
		p.next++
	}
}

// comment prints one comment, trailing or on a line of its own.
func (p *printer) comment(c lexer.Token) {
	off := c.Pos.Offset
	switch line := p.lineOf(off); {
	case len(p.out) == 0:
		p.broke = true
	case line == p.lastLine:
		p.out = append(p.out, ' ')
	default:
		p.newline(p.blankBefore(off, false))
		p.broke = true
		p.afterOpen = false
	}
	p.out = append(p.out, cleanComment(c.Value)...)
	end := off + len(c.Value)
	p.lastEnd = end
	p.lastLine = p.lineOf(end - 1)
	p.lastComment = true
	p.lineComment = strings.HasPrefix(c.Value, "//")
}

// blankBefore reports whether a blank line goes before a token or comment
// that starts a new output line at source offset off.
func (p *printer) blankBefore(off int, closing bool) bool {
	switch {
	case len(p.out) == 0 || p.afterOpen || closing || p.sep < sepLine:
		return false
	case p.sep == sepBlank && !p.broke:
		return true // the first line break after a declaration
	case p.lastEnd >= off:
		return false
	}
	return hasBlankLine(p.src[p.lastEnd:off])
}

// hasBlankLine reports whether b, the source between two printed things,
// holds a line with nothing but white space.
func hasBlankLine(b []byte) bool {
	nl := -1
	for i, c := range b {
		switch c {
		case '\n':
			if nl >= 0 {
				return true
			}
			nl = i
		case ' ', '\t', '\r':
		default:
			nl = -1 // a token the layout dropped (a trailing comma)
		}
	}
	return false
}

// cleanComment returns a comment's text as printed: every line without
// trailing white space (which also turns \r\n into \n). Everything else,
// including the indentation of a block comment's later lines, is kept.
func cleanComment(s string) string {
	if !strings.Contains(s, "\n") {
		return strings.TrimRight(s, " \t\r")
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}

// isDoc reports whether comment text is a doc comment (`///`, not `////`).
func isDoc(s string) bool {
	return strings.HasPrefix(s, "///") && !strings.HasPrefix(s, "////")
}

// commentIn reports whether a comment starts between source offsets lo and
// hi (both exclusive).
func (p *printer) commentIn(lo, hi int) bool {
	cs := p.comments
	i := sort.Search(len(cs), func(i int) bool { return cs[i].Pos.Offset > lo })
	return i < len(cs) && cs[i].Pos.Offset < hi
}
