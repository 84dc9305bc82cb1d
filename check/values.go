package check

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/parser"
)

// resolveConst checks a constant's type and that its value fits it.
func (c *checker) resolveConst(k *idl.Const, s *parser.Const) {
	k.Text = literalText(s.Value)
	t := c.resolveType(s.Type)
	if t == nil {
		return
	}
	k.Type = t
	lit := s.Value
	at := pos(lit.Pos)
	switch {
	case t.Kind == idl.Bool:
		if lit.Ident == nil || lit.Neg || (*lit.Ident != "true" && *lit.Ident != "false") {
			c.errorf(at, "constant %q of type bool must be true or false, not %s", k.Name, k.Text)
			return
		}
		k.Value = *lit.Ident == "true"
	case t.Kind.IsInteger():
		v, ok := c.intLiteral(lit, fmt.Sprintf("constant %q", k.Name))
		if !ok {
			return
		}
		lo, hi := intRange(t.Kind)
		if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			c.errorf(at, "constant %q: %s does not fit %s (%s..%s)", k.Name, k.Text, t, lo, hi)
			return
		}
		if t.Kind.IsSigned() {
			k.Value = v.Int64()
		} else {
			k.Value = v.Uint64()
		}
	case t.Kind.IsFloat():
		var text string
		switch {
		case lit.Float != nil:
			text = *lit.Float
		case lit.Int != nil && !strings.HasPrefix(strings.ToLower(*lit.Int), "0x"):
			text = *lit.Int
		default:
			c.errorf(at, "constant %q of type %s needs a number, not %s", k.Name, t, k.Text)
			return
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(v, 0) || (t.Kind == idl.F32 && math.Abs(v) > math.MaxFloat32) {
			c.errorf(at, "constant %q: %s does not fit %s", k.Name, k.Text, t)
			return
		}
		if underflows(text, v, t.Kind) {
			// C compilers warn that such a literal is truncated to zero
			// (-Woverflow), and it means something other than what it says.
			c.errorf(at, "constant %q: %s is too small for %s: it rounds to zero", k.Name, k.Text, t)
			return
		}
		if lit.Neg {
			v = -v
		}
		k.Value = v
	case t.Kind == idl.String:
		if lit.Str == nil || lit.Neg {
			c.errorf(at, "constant %q of type string needs a string literal, not %s", k.Name, k.Text)
			return
		}
		k.Value = unquote(*lit.Str)
	default:
		c.errorf(pos(s.Type.Pos), "constant %q has type %q: constants are bool, integers, floats or string", k.Name, t)
	}
}

// resolveEnum gives every member its value: the one written, or one more
// than the member before (0 for the first). Values fit in int32 (C enum
// constants are int) and are distinct.
func (c *checker) resolveEnum(e *idl.Enum, s *parser.Enum) {
	next := big.NewInt(0)
	seen := map[int64]*idl.Member{}
	lo, hi := intRange(idl.I32)
	for i, sm := range s.Members {
		m := e.Members[i]
		v := new(big.Int).Set(next)
		if sm.Value != nil {
			lit, ok := c.intLiteral(sm.Value, fmt.Sprintf("enum member %q", m.Name))
			if !ok {
				next.Add(next, big.NewInt(1))
				continue
			}
			v = lit
		}
		at := pos(sm.Pos)
		if sm.Value != nil {
			at = pos(sm.Value.Pos)
		}
		if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			c.errorf(at, "enum member %q: value %s does not fit i32 (enum values are C int)", m.Name, v)
			next.Add(v, big.NewInt(1))
			continue
		}
		m.Value = v.Int64()
		if prev, dup := seen[m.Value]; dup {
			c.errorf(at, "enum member %q has value %d, already taken by %q at %s", m.Name, m.Value, prev.Name, prev.Pos)
		} else {
			seen[m.Value] = m
		}
		next.Add(v, big.NewInt(1))
	}
}

// intLiteral reads an integer literal (decimal or 0x hex, maybe negative).
func (c *checker) intLiteral(lit *parser.Literal, what string) (*big.Int, bool) {
	if lit.Int == nil {
		c.errorf(pos(lit.Pos), "%s needs an integer, not %s", what, literalText(lit))
		return nil, false
	}
	v, ok := new(big.Int).SetString(*lit.Int, 0)
	if !ok || strings.HasPrefix(*lit.Int, "0") && len(*lit.Int) > 1 && !strings.HasPrefix(strings.ToLower(*lit.Int), "0x") {
		c.errorf(pos(lit.Pos), "%s: malformed integer %s (write decimal without leading zeros, or 0x hex)", what, *lit.Int)
		return nil, false
	}
	if lit.Neg {
		v.Neg(v)
	}
	return v, true
}

// intRange is the range of an integer kind as big integers.
func intRange(k idl.Kind) (lo, hi *big.Int) {
	if k.IsSigned() {
		a, b := k.Range()
		return big.NewInt(a), big.NewInt(b)
	}
	return big.NewInt(0), new(big.Int).SetUint64(k.MaxUint())
}

// literalText is a literal as written in the source.
func literalText(l *parser.Literal) string {
	s := ""
	if l.Neg {
		s = "-"
	}
	switch {
	case l.Int != nil:
		s += *l.Int
	case l.Float != nil:
		s += *l.Float
	case l.Str != nil:
		s += *l.Str
	case l.Ident != nil:
		s += *l.Ident
	}
	return s
}

// unquote decodes a string literal the lexer has already validated.
func unquote(q string) string {
	q = q[1 : len(q)-1]
	if !strings.ContainsRune(q, '\\') {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] != '\\' || i+1 >= len(q) {
			b.WriteByte(q[i])
			continue
		}
		i++
		switch q[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'u':
			end := strings.IndexByte(q[i:], '}')
			if end < 0 || i+1 >= len(q) || q[i+1] != '{' {
				b.WriteString(`\u`)
				continue
			}
			v, err := strconv.ParseUint(q[i+2:i+end], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				b.WriteString(`\u`)
				continue
			}
			b.WriteRune(rune(v))
			i += end
		default: // \\ and \"
			b.WriteByte(q[i])
		}
	}
	return b.String()
}

// underflows reports whether a float literal that is not zero becomes
// zero in its type: its mantissa has a nonzero digit, but its value v (as
// an f64), or v rounded to f32, is 0.
func underflows(text string, v float64, kind idl.Kind) bool {
	mantissa, _, _ := strings.Cut(strings.ToLower(text), "e")
	if !strings.ContainsAny(mantissa, "123456789") {
		return false
	}
	return v == 0 || (kind == idl.F32 && float32(v) == 0)
}
