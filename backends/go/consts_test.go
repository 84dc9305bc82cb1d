package golang

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
)

// constsFFI has float constants whose Go value could differ from C's:
// negative zero, f32 decimals that
// round differently when rounded through f64 first, denormals, extremes.
const constsFFI = `library float_consts;
const NEG_ZERO: f64 = -0.0;
const NEG_ZERO_INT: f64 = -0;
const NEG_ZERO32: f32 = -0.0;
const POS_ZERO: f32 = 0.0;
const TINY32: f32 = 1e-45;
const HALF_TINY32: f32 = 7.1e-46;
const HALFWAY_UP32: f32 = 1.00000005960464477539062500000000001;
const TENTH32: f32 = 0.1;
const TENTH: f64 = 0.1;
const BIG32: f32 = 3.4028234e38;
const BIG: f64 = 1.7976931348623157e308;
const NEG32: f32 = -2.5e-3;
const INT: f64 = 5;
const DENORM: f64 = 5e-324;
`

// TestConstsMatchC: every float constant of the Go package has the bits
// of the header's macro, as the C compiler evaluates it.
func TestConstsMatchC(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with cgo")
	}
	m, errs := check.Source("float_consts.ffi", []byte(constsFFI))
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	tmp, err := os.MkdirTemp("testdata", "consts-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	files, err := GenerateWith(m, inTemp(tmp))
	if err != nil {
		t.Fatal(err)
	}
	var header string
	for _, f := range files {
		writeFile(t, tmp, f)
		if f.Path == "float_consts/float_consts.h" {
			header = string(f.Content)
		}
	}
	// The macros of the header, in the order of the constants.
	macros := regexp.MustCompile(`(?m)^#define (\w+) .* /\* (f32|f64) \*/$`).FindAllStringSubmatch(header, -1)
	if len(macros) != len(m.Consts) {
		t.Fatalf("%d float macros in the header, %d constants", len(macros), len(m.Consts))
	}
	var c, goSide strings.Builder
	c.WriteString("#include <stdint.h>\n#include <string.h>\n#include \"float_consts.h\"\n")
	for i, mac := range macros {
		name, bits := mac[1], "64"
		ct := "double"
		if mac[2] == "f32" {
			bits, ct = "32", "float"
		}
		fmt.Fprintf(&c, "static uint%s_t bits_%d(void) { %s v = %s; uint%s_t u; memcpy(&u, &v, sizeof u); return u; }\n", bits, i, ct, name, bits)
		fmt.Fprintf(&goSide, "\tif got, want := math.Float%sbits(%s), uint%s(C.bits_%d()); got != want {\n", bits, pascal(strings.ToLower(m.Consts[i].Name)), bits, i)
		fmt.Fprintf(&goSide, "\t\tbad = append(bad, fmt.Sprintf(\"%s: Go %%#x, C %%#x\", got, want))\n\t}\n", m.Consts[i].Name)
	}
	check := "package floatconsts\n\n/*\n" + c.String() + "*/\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"math\"\n)\n\n" +
		"func constMismatches() (bad []string) {\n" + goSide.String() + "\treturn bad\n}\n"
	test := "package floatconsts\n\nimport \"testing\"\n\nfunc TestConsts(t *testing.T) {\n\tfor _, b := range constMismatches() {\n\t\tt.Error(b)\n\t}\n}\n"
	dir := filepath.Join(tmp, "float_consts")
	if err := os.WriteFile(filepath.Join(dir, "zz_check.go"), []byte(check), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "zz_check_test.go"), []byte(test), 0o666); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "./"+filepath.ToSlash(dir))
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
}
