package c

import (
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ffic/ffic/idl"
)

func TestStringLiteral(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"timer/1.0", `"timer/1.0"`},
		{"echo:\t", `"echo:\t"`},
		{"a\nb\rc", `"a\nb\rc"`},
		{`say "hi" \o/`, `"say \"hi\" \\o/"`},
		{"nul\x00inside", `"nul\000inside"`},
		{"\x001", `"\0001"`}, // three octal digits: the 1 stays a character
		{"\x7f\x01", `"\177\001"`},
		{"\u23F0 caf\u00e9", `"\342\217\260 caf\303\251"`},
		{"\U0001F600", `"\360\237\230\200"`},
		{"??/", `"?\?/"`}, // no trigraph
		{"???=", `"?\?\?="`},
		{"a?b?", `"a?b?"`},
		{"*/ /*", `"*/ /*"`},
	}
	for _, tt := range tests {
		if got := stringLiteral(tt.in); got != tt.want {
			t.Errorf("stringLiteral(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestConstValue(t *testing.T) {
	typ := func(k idl.Kind) *idl.Type { return &idl.Type{Kind: k} }
	tests := []struct {
		kind  idl.Kind
		value any
		text  string
		want  string
	}{
		{idl.Bool, true, "true", "true"},
		{idl.Bool, false, "false", "false"},
		{idl.U32, uint64(5000), "5000", "UINT32_C(5000)"},
		{idl.U64, uint64(0xFFFF), "0xFFFF", "UINT64_C(0xFFFF)"},
		{idl.U64, uint64(0x1f), "0X1f", "UINT64_C(0X1F)"},
		{idl.U64, uint64(math.MaxUint64), "18446744073709551615", "UINT64_C(18446744073709551615)"},
		{idl.U8, uint64(255), "255", "UINT8_C(255)"},
		{idl.I8, int64(3), "3", "INT8_C(3)"},
		{idl.I8, int64(-128), "-128", "(-INT8_C(127) - 1)"},
		{idl.I16, int64(-5), "-5", "(-INT16_C(5))"},
		{idl.I32, int64(math.MinInt32), "-2147483648", "(-INT32_C(2147483647) - 1)"},
		{idl.I64, int64(-250), "-250", "(-INT64_C(250))"},
		{idl.I64, int64(-16), "-0x10", "(-INT64_C(0x10))"},
		{idl.I64, int64(math.MinInt64), "-9223372036854775808", "(-INT64_C(9223372036854775807) - 1)"},
		{idl.I64, int64(math.MaxInt64), "9223372036854775807", "INT64_C(9223372036854775807)"},
		{idl.F64, 0.25, "0.25", "0.25"},
		{idl.F64, 5.0, "5", "5.0"},
		{idl.F64, -1.5e-3, "-1.5e-3", "(-1.5e-3)"},
		{idl.F64, 1e6, "1E+6", "1E+6"},
		{idl.F32, 2000.0, "2e3", "2e3f"},
		{idl.F32, 5.0, "5", "5.0f"},
		{idl.F32, -0.0, "-0.0", "(-0.0f)"},
		{idl.String, "a\x00b", `"a\0b"`, `"a\000b"`},
	}
	for _, tt := range tests {
		c := &idl.Const{Name: "X", Type: typ(tt.kind), Value: tt.value, Text: tt.text}
		got, err := constValue(c)
		if err != nil || got != tt.want {
			t.Errorf("constValue(%s %v %q) = %s, %v; want %s", tt.kind, tt.value, tt.text, got, err, tt.want)
		}
	}
	// A value that does not match its type is a bug in ffic, reported.
	for _, c := range []*idl.Const{
		{Name: "X", Type: typ(idl.Bool), Value: "yes", Text: "yes"},
		{Name: "X", Type: typ(idl.U8), Value: 1.5, Text: "1.5"},
		{Name: "X", Type: typ(idl.U8), Value: uint64(2), Text: "0x3"},
		{Name: "X", Type: typ(idl.F64), Value: 1.0, Text: "inf"},
	} {
		if got, err := constValue(c); err == nil {
			t.Errorf("constValue(%s %#v %q) = %s, want an error", c.Type, c.Value, c.Text, got)
		}
	}
}

// TestConstValuesInC compiles and runs a program that prints every
// constant of the test libraries, as C and as C++, and compares what it
// prints with the model: the bytes of every string, the value of every
// integer, the bits of every float (and that f32 constants are floats).
func TestConstValuesInC(t *testing.T) {
	dir := t.TempDir()
	var src, want strings.Builder
	src.WriteString("#include <stdio.h>\n")
	for _, in := range append(goldenInputs, "backends/c/testdata/clash.ffi") {
		h := gen1(t, load(t, in))
		if err := os.WriteFile(filepath.Join(dir, h.path), h.content, 0o666); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&src, "#include %q\n", h.path)
	}
	src.WriteString(`
static void bytes(const char* name, const char* s, size_t n) {
    size_t i;
    printf("%s ", name);
    for (i = 0; i < n; i++) {
        printf("%02x", (unsigned)(unsigned char)s[i]);
    }
    printf("\n");
}

int main(void) {
`)
	for _, in := range append(goldenInputs, "backends/c/testdata/clash.ffi") {
		m := load(t, in)
		n := newNamer(m.Library)
		for _, c := range m.Consts {
			name := n.constant(c.Name)
			k := c.Type.Kind
			switch {
			case k == idl.Bool:
				fmt.Fprintf(&src, "    printf(\"%s %%d\\n\", (int)(%s));\n", name, name)
				fmt.Fprintf(&want, "%s %d\n", name, map[bool]int{false: 0, true: 1}[c.Value.(bool)])
			case k.IsSigned():
				fmt.Fprintf(&src, "    printf(\"%s %%lld %%d\\n\", (long long)(%s), (int)sizeof(%s));\n", name, name, name)
				fmt.Fprintf(&want, "%s %d %d\n", name, c.Value, max(4, k.Bits()/8))
			case k.IsInteger():
				fmt.Fprintf(&src, "    printf(\"%s %%llu %%d\\n\", (unsigned long long)(%s), (int)sizeof(%s));\n", name, name, name)
				fmt.Fprintf(&want, "%s %d %d\n", name, c.Value, max(4, k.Bits()/8))
			case k.IsFloat():
				fmt.Fprintf(&src, "    printf(\"%s float %%.17g %%d\\n\", (double)(%s), (int)sizeof(%s));\n", name, name, name)
				fmt.Fprintf(&want, "%s float %s %d\n", name, floatBits(t, k, c.Text), k.Bits()/8)
			case k == idl.String:
				fmt.Fprintf(&src, "    bytes(\"%s\", %s, sizeof(%s) - 1);\n", name, name, name)
				fmt.Fprintf(&want, "%s %s\n", name, hex.EncodeToString([]byte(c.Value.(string))))
			}
		}
	}
	src.WriteString("    return 0;\n}\n")
	for cc, out := range runUnit(t, dir, src.String()) {
		// Floats print in decimal; compare their bits.
		var got strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			f := strings.Fields(line)
			if len(f) == 4 && f[1] == "float" {
				v, err := strconv.ParseFloat(f[2], 64)
				if err != nil {
					t.Fatalf("%s printed %q", cc, line)
				}
				k := idl.F64
				if f[3] == "4" {
					k = idl.F32
				}
				line = fmt.Sprintf("%s float %s %s", f[0], floatBitsOf(k, v), f[3])
			}
			got.WriteString(line + "\n")
		}
		if got.String() != want.String() {
			t.Errorf("constants as compiled by %s:\n%s\nwant:\n%s", cc, got.String(), want.String())
		}
	}
}

// floatBits is the bit pattern of the float constant written text, as
// the language defines it: the decimal rounded once to the type.
func floatBits(t *testing.T, k idl.Kind, text string) string {
	v, err := strconv.ParseFloat(text, k.Bits())
	if err != nil {
		t.Fatal(err)
	}
	return floatBitsOf(k, v)
}

func floatBitsOf(k idl.Kind, v float64) string {
	if k == idl.F32 {
		return fmt.Sprintf("f32:%08x", math.Float32bits(float32(v)))
	}
	return fmt.Sprintf("f64:%016x", math.Float64bits(v))
}
