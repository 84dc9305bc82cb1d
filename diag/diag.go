// Package diag holds ffic's one position type and its diagnostics: errors
// found in a .ffi file, collected, sorted, de-duplicated, capped and printed
// as `path:line:col: error: message` followed by the source line and a caret.
//
// Every stage (parser, checker) reports into a List; only cmd/ffic prints.
package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a .ffi file. Line and Col are 1-based; Col counts
// runes, not bytes (as participle does). Offset is the 0-based byte offset.
// The zero Pos means "no position".
type Pos struct {
	File   string
	Offset int
	Line   int
	Col    int
}

// MarshalJSON writes p as its String form ("a.ffi:3:7"), compact in the
// `-l model` output.
func (p Pos) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col (or file, or "-" without a position).
func (p Pos) String() string {
	file := p.File
	if file == "" {
		file = "-"
	}
	if !p.IsValid() {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Before reports whether p sorts before q (by file, then line, then column).
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Error is one diagnostic. Messages are lowercase, without a final period,
// with names quoted (`type "Point" already defined at a.ffi:1:8`).
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": error: " + e.Msg }

// MaxErrors caps how many errors a List keeps. A file with more problems than
// this is better fixed from the top; the rest are summarized in one line.
const MaxErrors = 50

// List collects errors. The zero List is ready to use.
type List struct {
	errs    []*Error
	dropped int
}

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Add adds e, keeping at most MaxErrors*4 before sorting (the rest counted).
func (l *List) Add(e *Error) {
	if len(l.errs) >= 4*MaxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, e)
}

// Append adds every error of other.
func (l *List) Append(other *List) {
	if other == nil {
		return
	}
	for _, e := range other.errs {
		l.Add(e)
	}
	l.dropped += other.dropped
}

// Len is the number of errors collected (before capping).
func (l *List) Len() int { return len(l.errs) + l.dropped }

// Errors returns the errors sorted by position, duplicates (same position and
// message) removed, capped at MaxErrors.
func (l *List) Errors() []*Error {
	errs := l.distinct()
	if len(errs) > MaxErrors {
		errs = errs[:MaxErrors]
	}
	return errs
}

// Truncated is how many distinct errors Errors leaves out (counting those
// dropped before sorting).
func (l *List) Truncated() int {
	n := len(l.distinct()) - MaxErrors
	if n < 0 {
		n = 0
	}
	return n + l.dropped
}

// distinct returns the errors sorted by position and message, without
// duplicates.
func (l *List) distinct() []*Error {
	errs := make([]*Error, len(l.errs))
	copy(errs, l.errs)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Pos != errs[j].Pos {
			return errs[i].Pos.Before(errs[j].Pos)
		}
		return errs[i].Msg < errs[j].Msg
	})
	out := errs[:0]
	for i, e := range errs {
		if i > 0 && e.Pos == errs[i-1].Pos && e.Msg == errs[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Err returns nil if the list is empty and an error listing every message
// otherwise (for callers that want a plain error).
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return listError{l}
}

type listError struct{ l *List }

func (e listError) Error() string {
	var b strings.Builder
	for i, err := range e.l.Errors() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Print writes every error as `path:line:col: error: message`, then the
// source line and a caret under the column. src maps a file name to its
// contents; a file missing from it is printed without the source line. A
// line longer than MaxEcho runes is cut to MaxEcho runes around the caret,
// with "..." where it was cut, so the output stays proportional to the
// number of errors whatever the length of the lines.
func (l *List) Print(w io.Writer, src map[string][]byte) {
	for _, e := range l.Errors() {
		fmt.Fprintln(w, e.Error())
		if line, ok := sourceLine(src[e.Pos.File], e.Pos.Line); ok && e.Pos.IsValid() {
			line, col := excerpt(line, e.Pos.Col)
			fmt.Fprintf(w, "    %s\n    %s^\n", line, caretPad(line, col))
		}
	}
	if n := l.Truncated(); n > 0 {
		fmt.Fprintf(w, "too many errors (%d more not shown)\n", n)
	}
}

// MaxEcho is how many runes of a source line Print shows at most.
const MaxEcho = 320

// sourceLine returns line n (1-based) of src without its line ending. It
// copies only that line, so printing errors in a large file costs the
// length of the lines printed, not of the file.
func sourceLine(src []byte, n int) (string, bool) {
	if src == nil || n < 1 {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	s := string(bytes.TrimRight(src, "\r"))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(visible, s), true
}

// visible replaces a character that would act on the terminal rather than
// show (a control character other than tab, a line or paragraph separator,
// a bidirectional formatting character) with U+FFFD, one character for
// one so the caret stays in its column.
func visible(r rune) rune {
	switch {
	case r == '\t':
		return r
	case r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0x2028 || r == 0x2029,
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C:
		return '\uFFFD'
	}
	return r
}

// excerpt cuts line to at most MaxEcho runes around rune column col,
// marking each cut with "...", and returns the column of the same rune in
// the excerpt.
func excerpt(line string, col int) (string, int) {
	n := utf8.RuneCountInString(line)
	if n <= MaxEcho {
		return line, col
	}
	start := min(max(col-1-MaxEcho/2, 0), n-MaxEcho) // in runes
	end := start + MaxEcho
	var b strings.Builder
	if start > 0 {
		b.WriteString("...")
		col += 3
	}
	i := 0
	for _, r := range line {
		if i >= end {
			break
		}
		if i >= start {
			b.WriteRune(r)
		}
		i++
	}
	if end < n {
		b.WriteString("...")
	}
	return b.String(), col - start
}

// caretPad returns the white space that puts a caret under rune column col
// of line, keeping tabs so the caret lines up in a terminal.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}
