package parser

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
)

// Token types. participle only needs their names (Symbols); the values are
// ours.
const (
	identT lexer.TokenType = -(iota + 2)
	intT
	floatT
	stringT
	punctT
	commentT
	docT
)

// symbols names the token types for participle. It is a function, not a
// package variable, so that grammars built while the package initializes
// never see it empty (initialization order does not follow calls made
// through an interface).
func symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Ident": identT, "Int": intT, "Float": floatT, "String": stringT,
		"Punct": punctT, "Comment": commentT, "DocComment": docT,
	}
}

// MaxNesting bounds how deeply type arguments (`list<list<...>>`) may nest.
// The bound keeps the recursive-descent parser and every backend's
// recursion far from any stack limit, whatever the input.
const MaxNesting = 64

// definition is a hand-written participle lexer definition. A hand-written
// lexer is several times faster than participle's regexp lexers and lets us
// report every bad character, not only the first.
type definition struct{}

func (definition) Symbols() map[string]lexer.TokenType { return symbols() }

func (definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	toks, _, errs := scan(filename, src)
	if errs.Len() > 0 {
		return nil, errs.Errors()[0]
	}
	return &sliceLexer{toks: toks, eof: lexer.Token{Type: lexer.EOF, Pos: endPos(filename, src)}}, nil
}

// sliceLexer feeds already-scanned tokens to participle.
type sliceLexer struct {
	toks []lexer.Token
	i    int
	eof  lexer.Token
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.toks) {
		return l.eof, nil
	}
	t := l.toks[l.i]
	l.i++
	return t, nil
}

// scanner turns source bytes into tokens. Comments are returned separately
// (they never reach the grammar); doc comments are returned with them and
// attached to nodes after parsing.
type scanner struct {
	file     string
	src      []byte
	text     string // src as a string: token values are substrings of it
	off      int
	line     int
	col      int // rune column, 1-based
	toks     []lexer.Token
	comments []lexer.Token
	errs     diag.List
	depth    int // open '<'
}

func scan(file string, src []byte) (toks, comments []lexer.Token, errs *diag.List) {
	s := &scanner{file: file, src: src, text: string(src), line: 1, col: 1}
	s.toks = make([]lexer.Token, 0, len(src)/4)
	s.run()
	return s.toks, s.comments, &s.errs
}

func (s *scanner) pos() lexer.Position {
	return lexer.Position{Filename: s.file, Offset: s.off, Line: s.line, Column: s.col}
}

func (s *scanner) errorf(p lexer.Position, format string, args ...any) {
	s.errs.Errorf(toPos(p), format, args...)
}

// advance moves over n bytes that hold no newline.
func (s *scanner) advance(n int) {
	for i := 0; i < n; {
		_, size := utf8.DecodeRune(s.src[s.off+i:])
		i += size
		s.col++
	}
	s.off += n
}

func (s *scanner) emit(typ lexer.TokenType, p lexer.Position, end int) {
	s.toks = append(s.toks, lexer.Token{Type: typ, Value: s.text[p.Offset:end], Pos: p})
}

func (s *scanner) run() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		p := s.pos()
		switch {
		case c == '\n':
			s.off++
			s.line++
			s.col = 1
		case c == ' ' || c == '\t' || c == '\r' && s.peek(1) == '\n':
			s.advance(1)
		case c == '/' && s.peek(1) == '/':
			s.lineComment(p)
		case c == '/' && s.peek(1) == '*':
			s.blockComment(p)
		case isLetter(c):
			end := s.off + 1
			for end < len(s.src) && (isLetter(s.src[end]) || isDigit(s.src[end])) {
				end++
			}
			s.emit(identT, p, end)
			s.advance(end - s.off)
		case isDigit(c):
			s.number(p)
		case c == '"':
			s.str(p)
		case c == '-' && s.peek(1) == '>':
			s.emit(punctT, p, s.off+2)
			s.advance(2)
		case c == '<':
			s.depth++
			if s.depth > MaxNesting {
				s.errorf(p, "types nested more than %d deep", MaxNesting)
				s.off = len(s.src) // nothing sensible follows; stop here
				return
			}
			s.emit(punctT, p, s.off+1)
			s.advance(1)
		case c == '>':
			if s.depth > 0 {
				s.depth--
			}
			s.emit(punctT, p, s.off+1)
			s.advance(1)
		case c == ';' || c == '}':
			s.depth = 0 // a declaration ends; forget unbalanced '<'
			s.emit(punctT, p, s.off+1)
			s.advance(1)
		case c == '{' || c == '(' || c == ')' || c == ',' || c == ':' ||
			c == '=' || c == '?' || c == '-':
			s.emit(punctT, p, s.off+1)
			s.advance(1)
		default:
			r, size := utf8.DecodeRune(s.src[s.off:])
			switch {
			case r == utf8.RuneError && size <= 1:
				s.errorf(p, "invalid UTF-8 byte 0x%02x", c)
				s.off++
				s.col++
			case r == '\uFEFF' && s.off == 0:
				s.off += size // a byte order mark at the start is allowed
			case badRune(r) != "":
				s.errorf(p, "%s", badRune(r))
				s.advance(size)
			default:
				s.errorf(p, "unexpected character %q", r)
				s.advance(size)
			}
		}
	}
}

func (s *scanner) peek(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

// lineComment scans a `//` comment up to (not including) the newline.
func (s *scanner) lineComment(p lexer.Position) {
	start := s.off
	for s.off < len(s.src) && s.src[s.off] != '\n' {
		s.commentChar()
	}
	typ := commentT
	if s.off-start >= 3 && s.src[start+2] == '/' && (s.off-start == 3 || s.src[start+3] != '/') {
		typ = docT
	}
	if !utf8.Valid(s.src[start:s.off]) {
		s.errorf(p, "comment is not valid UTF-8")
	}
	s.comments = append(s.comments, lexer.Token{Type: typ, Value: s.text[start:s.off], Pos: p})
}

// commentChar moves over one character of a comment that is not a newline,
// reporting it if the language forbids it even in comments (a comment is
// copied into every generated file, where such a character could end the
// comment or hide code).
func (s *scanner) commentChar() {
	c := s.src[s.off]
	if c >= 0x20 && c < 0x7f || c == '\t' {
		s.off++
		s.col++
		return
	}
	if c == '\r' && s.peek(1) == '\n' {
		s.off++
		s.col++
		return
	}
	r, size := utf8.DecodeRune(s.src[s.off:])
	if msg := badRune(r); msg != "" {
		s.errorf(s.pos(), "%s", msg)
	}
	s.off += size
	s.col++
}

// badRune says why r may not appear in a .ffi file outside a string
// literal, or returns "". Tab, newline and the carriage return of a CR LF
// are handled before; everything else below U+0020, DEL and the C1
// controls are rejected, and so are the Unicode line and paragraph
// separators (lines end with LF or CR LF only, so every tool counts lines
// as ffic does) and the bidirectional formatting characters, which make
// text display in another order than it is read ("Trojan Source").
func badRune(r rune) string {
	switch {
	case r == '\r':
		return "carriage return without a newline is not allowed (lines end with LF or CR LF)"
	case r == 0x85:
		return "next line character U+0085 is not allowed (lines end with LF or CR LF)"
	case r == 0x2028:
		return "line separator U+2028 is not allowed (lines end with LF or CR LF)"
	case r == 0x2029:
		return "paragraph separator U+2029 is not allowed (lines end with LF or CR LF)"
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return fmt.Sprintf("control character U+%04X is not allowed outside a string literal", r)
	case isBidi(r):
		return fmt.Sprintf("bidirectional formatting character U+%04X is not allowed (it makes text display in another order than it is read)", r)
	}
	return ""
}

// isBidi reports whether r is a Unicode bidirectional formatting
// character: the embeddings, overrides and isolates, and the implicit
// marks.
func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

func (s *scanner) blockComment(p lexer.Position) {
	start := s.off
	s.advance(2)
	for s.off < len(s.src) {
		if s.src[s.off] == '*' && s.peek(1) == '/' {
			s.advance(2)
			if !utf8.Valid(s.src[start:s.off]) {
				s.errorf(p, "comment is not valid UTF-8")
			}
			s.comments = append(s.comments, lexer.Token{Type: commentT, Value: s.text[start:s.off], Pos: p})
			return
		}
		if s.src[s.off] == '\n' {
			s.off++
			s.line++
			s.col = 1
			continue
		}
		s.commentChar() // one column per character, not per byte
	}
	s.errorf(p, "block comment is not terminated")
}

func (s *scanner) number(p lexer.Position) {
	end := s.off
	if s.src[end] == '0' && (s.peek(1) == 'x' || s.peek(1) == 'X') {
		end += 2
		for end < len(s.src) && isHex(s.src[end]) {
			end++
		}
		if end == s.off+2 {
			s.errorf(p, "hexadecimal literal has no digits")
		}
		s.finishNumber(p, end, intT)
		return
	}
	typ := intT
	for end < len(s.src) && isDigit(s.src[end]) {
		end++
	}
	if end+1 < len(s.src) && s.src[end] == '.' && isDigit(s.src[end+1]) {
		typ = floatT
		end++
		for end < len(s.src) && isDigit(s.src[end]) {
			end++
		}
	}
	if end < len(s.src) && (s.src[end] == 'e' || s.src[end] == 'E') {
		e := end + 1
		if e < len(s.src) && (s.src[e] == '+' || s.src[e] == '-') {
			e++
		}
		if e < len(s.src) && isDigit(s.src[e]) {
			typ = floatT
			for e < len(s.src) && isDigit(s.src[e]) {
				e++
			}
			end = e
		}
	}
	s.finishNumber(p, end, typ)
}

func (s *scanner) finishNumber(p lexer.Position, end int, typ lexer.TokenType) {
	if end < len(s.src) && (isLetter(s.src[end]) || isDigit(s.src[end])) {
		bad := end
		for bad < len(s.src) && (isLetter(s.src[bad]) || isDigit(s.src[bad])) {
			bad++
		}
		s.errorf(p, "malformed number %q", s.src[s.off:bad])
		s.advance(bad - s.off)
		return
	}
	s.emit(typ, p, end)
	s.advance(end - s.off)
}

func (s *scanner) str(p lexer.Position) {
	start := s.off
	s.advance(1)
	for {
		if s.off >= len(s.src) || s.src[s.off] == '\n' {
			s.errorf(p, "string literal is not terminated")
			return
		}
		c := s.src[s.off]
		if c == '"' {
			s.advance(1)
			break
		}
		if c == '\\' && (s.peek(1) == '\n' || s.peek(1) == '\r' && s.peek(2) == '\n') {
			// The string goes on on the next line, so what follows is
			// read as the user meant it; lines and columns are counted
			// on (the newline belongs to the literal).
			s.errorf(s.pos(), `a string literal cannot go on to the next line (write \n for a newline)`)
			if s.peek(1) == '\r' {
				s.off++
			}
			s.off += 2
			s.line++
			s.col = 1
			continue
		}
		if c == '\\' {
			n, msg := escapeLen(s.src[s.off:])
			if msg != "" {
				s.errorf(s.pos(), "%s", msg)
			}
			s.advance(n)
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRune(s.src[s.off:])
			if isBidi(r) {
				s.errorf(s.pos(), `bidirectional formatting character U+%04X is not allowed (it makes text display in another order than it is read; write \u{%X})`, r, r)
			}
			s.advance(size)
			continue
		}
		s.advance(1)
	}
	if !utf8.Valid(s.src[start:s.off]) {
		s.errorf(p, "string literal is not valid UTF-8")
	}
	s.emit(stringT, p, s.off)
}

// escapeLen returns the length of the escape sequence at the start of b
// (which starts with a backslash) and a message if it is invalid.
func escapeLen(b []byte) (int, string) {
	if len(b) < 2 {
		return 1, "escape sequence is not terminated"
	}
	switch b[1] {
	case 'n', 't', 'r', '0', '\\', '"':
		return 2, ""
	case 'u':
		// \u{1F600}: 1 to 6 hex digits naming a Unicode scalar value.
		if len(b) < 3 || b[2] != '{' {
			return 2, `unicode escape must look like \u{1F600}`
		}
		i := 3
		var v rune
		for i < len(b) && isHex(b[i]) && i < 3+6 {
			v = v*16 + rune(hexVal(b[i]))
			i++
		}
		if i == 3 || i >= len(b) || b[i] != '}' {
			return i, `unicode escape must look like \u{1F600}`
		}
		if !utf8.ValidRune(v) {
			return i + 1, fmt.Sprintf(`\u{%X} is not a Unicode scalar value`, v)
		}
		return i + 1, ""
	}
	_, size := utf8.DecodeRune(b[1:])
	return 1 + size, fmt.Sprintf("unknown escape sequence %q", b[:1+size])
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

func toPos(p lexer.Position) diag.Pos {
	return diag.Pos{File: p.Filename, Offset: p.Offset, Line: p.Line, Col: p.Column}
}
