package fficrt

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WireError is an error in a CBOR buffer (or in a value being encoded), at a
// field path. Path is rooted at a parameter or value name and written like
// `req.tags[2]`, `req.attrs["key"]` or `req.attrs{3}` (the key of the map's
// entry 3 is itself bad); see docs/wire.md for the full syntax.
type WireError struct {
	// Path is where the error is; empty when no path applies.
	Path string
	// Msg says what is wrong: lowercase, no final period.
	Msg string
}

// Error returns `path: msg`, or msg alone when there is no path.
func (e *WireError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// stepKind tells the kinds of path steps apart.
type stepKind uint8

const (
	stepRoot    stepKind = iota // a name that starts the path: "req"
	stepField                   // ".name": a struct field or union arm
	stepIndex                   // "[3]": a list element
	stepKeyText                 // `["key"]`: the value under a string or enum key
	stepKeyInt                  // "[-3]": the value under a signed integer key
	stepKeyUint                 // "[3]": the value under an unsigned integer key
	stepKeyBool                 // "[true]": the value under a bool key
	stepEntry                   // "{3}": the key of a map's entry 3
)

// pathStep is one element of a path. It holds strings the caller already has
// (field names are constants, map keys were decoded anyway), so pushing a
// step never allocates once the stack has grown.
type pathStep struct {
	kind stepKind
	s    string
	n    uint64
}

// wirePath is a stack of steps.
type wirePath []pathStep

// String renders the path from its last root step on.
func (p wirePath) String() string {
	start := 0
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].kind == stepRoot {
			start = i
			break
		}
	}
	var b strings.Builder
	for _, s := range p[start:] {
		switch s.kind {
		case stepRoot:
			b.WriteString(s.s)
		case stepField:
			b.WriteByte('.')
			b.WriteString(s.s)
		case stepIndex, stepKeyUint:
			b.WriteByte('[')
			b.WriteString(strconv.FormatUint(s.n, 10))
			b.WriteByte(']')
		case stepKeyInt:
			b.WriteByte('[')
			b.WriteString(strconv.FormatInt(int64(s.n), 10))
			b.WriteByte(']')
		case stepKeyText:
			b.WriteByte('[')
			b.WriteString(QuoteKey(s.s))
			b.WriteByte(']')
		case stepKeyBool:
			b.WriteByte('[')
			b.WriteString(strconv.FormatBool(s.n != 0))
			b.WriteByte(']')
		case stepEntry:
			b.WriteByte('{')
			b.WriteString(strconv.FormatUint(s.n, 10))
			b.WriteByte('}')
		}
	}
	return b.String()
}

// QuoteKey quotes s the way error messages quote text taken from the wire
// (map keys, unknown enum members and arms): as a JSON string that escapes
// only what JSON must, exactly as Python's json.dumps(s, ensure_ascii=False)
// writes it, so every language prints the same message.
func QuoteKey(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		i++
	}
	b.WriteByte('"')
	return b.String()
}

// negString formats the CBOR negative integer -1-n, which may be below the
// smallest int64 (down to -2^64).
func negString(n uint64) string {
	if n == 1<<64-1 {
		return "-18446744073709551616"
	}
	return "-" + strconv.FormatUint(n+1, 10)
}

// The messages of docs/wire.md that more than one file uses.
const (
	msgEOF          = "unexpected end of input"
	msgBreak        = "unexpected break"
	msgTrailing     = "trailing bytes after the value"
	msgInvalidUTF8  = "invalid UTF-8"
	msgTag          = "tags are not allowed"
	msgUndefined    = "undefined is not allowed"
	msgBadChunk     = "indefinite-length string chunk of the wrong type"
	msgTooDeep      = "nesting deeper than 256"
	msgOneArm       = "expected exactly one arm, got "
	msgMissingField = "missing required field "
)
