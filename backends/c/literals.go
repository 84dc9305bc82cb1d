package c

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ffic/ffic/idl"
)

// constValue is the C expression a const's macro expands to: typed, so
// that it means the same in every expression it is used in.
//
//	bool          true / false (macros of <stdbool.h>, keywords of C++)
//	i8 ... u64    INT8_C(3), UINT64_C(0xFFFF), (-INT64_C(250)),
//	              (-INT64_C(9223372036854775807) - 1)
//	f32, f64      the literal as written, made a C float constant:
//	              0.25, 2e3f, 5.0, (-1.5e-3)
//	string        a C string literal of its UTF-8 bytes (escaped, ASCII)
func constValue(c *idl.Const) (string, error) {
	k := c.Type.Kind
	switch {
	case k == idl.Bool:
		if v, ok := c.Value.(bool); ok {
			return strconv.FormatBool(v), nil
		}
	case k.IsInteger():
		return intLiteral(k, c.Value, c.Text)
	case k.IsFloat():
		return floatLiteral(k, c.Text)
	case k == idl.String:
		if v, ok := c.Value.(string); ok {
			return stringLiteral(v), nil
		}
	}
	return "", fmt.Errorf("const %s: value %#v does not match type %s", c.Name, c.Value, c.Type)
}

// intLiteral writes an integer constant with the <stdint.h> macro of its
// type. Those macros take an unsuffixed, non-negative constant, so a
// negative value is a negated one; the most negative value of a type does
// not fit as a positive constant and is written as (-MAX - 1). The digits
// keep the source's base (hex stays hex) when the text is hexadecimal.
func intLiteral(k idl.Kind, value any, text string) (string, error) {
	macro := map[idl.Kind]string{
		idl.I8: "INT8_C", idl.I16: "INT16_C", idl.I32: "INT32_C", idl.I64: "INT64_C",
		idl.U8: "UINT8_C", idl.U16: "UINT16_C", idl.U32: "UINT32_C", idl.U64: "UINT64_C",
	}[k]
	var neg bool
	var mag uint64
	switch v := value.(type) {
	case int64:
		neg = v < 0
		mag = uint64(v)
		if neg {
			mag = -mag // two's complement: right for math.MinInt64 too
		}
	case uint64:
		mag = v
	default:
		return "", fmt.Errorf("integer constant %q holds %T", text, value)
	}
	if neg {
		if min, _ := k.Range(); uint64(-min) == mag {
			return fmt.Sprintf("(-%s(%d) - 1)", macro, mag-1), nil
		}
	}
	digits := strconv.FormatUint(mag, 10)
	if t := strings.TrimPrefix(text, "-"); strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		digits = t[:2] + strings.ToUpper(t[2:])
		if n, err := strconv.ParseUint(t[2:], 16, 64); err != nil || n != mag {
			return "", fmt.Errorf("integer constant %q does not hold %d", text, mag)
		}
	}
	if neg {
		return fmt.Sprintf("(-%s(%s))", macro, digits), nil
	}
	return fmt.Sprintf("%s(%s)", macro, digits), nil
}

// floatLiteral writes a float constant as written in the source (so the C
// compiler rounds the decimal text itself, exactly once, and nothing is
// lost or invented): ".0" is added to a literal written as an integer, and
// "f" marks an f32.
func floatLiteral(k idl.Kind, text string) (string, error) {
	neg := strings.HasPrefix(text, "-")
	t := strings.TrimPrefix(text, "-")
	if t == "" || strings.TrimLeft(t, "0123456789.eE+-") != "" || t[0] < '0' || t[0] > '9' {
		return "", fmt.Errorf("float constant %q is not a decimal literal", text)
	}
	if !strings.ContainsAny(t, ".eE") {
		t += ".0"
	}
	if k == idl.F32 {
		t += "f"
	}
	if neg {
		return "(-" + t + ")", nil
	}
	return t, nil
}

// stringLiteral writes s as a C string literal. Printable ASCII stays as
// it is; \n, \t, \r, \\ and \" use their escapes; every other byte (NUL,
// control characters, the bytes of non-ASCII UTF-8) is a three-digit octal
// escape, which can't swallow a following digit the way \x escapes do. A
// "?" after "?" is escaped so that no trigraph forms. The literal may hold
// NUL bytes: sizeof(LITERAL) - 1 is its length in bytes.
func stringLiteral(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '"':
			b.WriteString(`\"`)
		case c == '?' && i > 0 && s[i-1] == '?':
			b.WriteString(`\?`)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\%03o`, c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
