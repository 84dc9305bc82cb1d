package python

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFloatConstants: f32 constants are rounded to f32 as the C and Go
// backends round them, and a negative zero stays negative, in the literal
// and in the value Python reads from it.
func TestFloatConstants(t *testing.T) {
	m := source(t, "consts.ffi", "library consts;\n"+
		"const TINY: f32 = 1e-45;\nconst TENTH: f32 = 0.1;\n"+
		"const NEG_ZERO: f64 = -0.0;\nconst NEG_ZERO32: f32 = -0.0;\nconst PRECISE: f64 = 0.1;\n"+
		"const WHOLE: f32 = 2e3;\n")
	want := map[string]string{
		"TINY":       "1.401298464324817e-45",
		"TENTH":      "0.10000000149011612",
		"NEG_ZERO":   "-0.0",
		"NEG_ZERO32": "-0.0",
		"PRECISE":    "0.1",
		"WHOLE":      "2000.0",
	}
	for _, c := range m.Consts {
		if got := pyLiteral(c); got != want[c.Name] {
			t.Errorf("pyLiteral(%s) = %s, want %s", c.Name, got, want[c.Name])
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "consts.py"), gen1(t, m), 0o666); err != nil {
		t.Fatal(err)
	}
	script := `import math, struct, consts as c
assert c.TINY == struct.unpack("f", struct.pack("f", 1e-45))[0] == 1.401298464324817e-45, c.TINY
assert c.TENTH == struct.unpack("f", struct.pack("f", 0.1))[0], c.TENTH
assert c.NEG_ZERO == 0 and math.copysign(1, c.NEG_ZERO) == -1
assert math.copysign(1, c.NEG_ZERO32) == -1
assert c.PRECISE == 0.1 and c.WHOLE == 2000.0
`
	cmd := exec.Command(python(t), "-c", script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the constants read back wrong: %v\n%s", err, strings.TrimSpace(string(out)))
	}
}

// TestHints: what the module takes is hinted with what the encoder accepts
// (sequences, mappings, bytes-likes); what it hands out with what the
// decoder builds (lists, dicts, bytes).
func TestHints(t *testing.T) {
	m := source(t, "hints.ffi", "library hints;\nstruct S { b: bytes, xs: list<u8>? }\n"+
		"fn f(xs: list<list<u8>>, b: bytes, m: map<string, bytes>) -> list<bytes>;\n"+
		"event e(xs: list<u8>, b: bytes);\nhost fn h(xs: list<u8>) -> map<string, list<u8>>;\n")
	src := string(gen1(t, m))
	for _, want := range []string{
		"    xs: typing.Optional[typing.Sequence[int]] = None\n",
		"    b: typing.Union[bytes, bytearray, memoryview]\n",
		"    def f(self, xs: typing.Sequence[typing.Sequence[int]], b: typing.Union[bytes, bytearray, memoryview], " +
			"m: typing.Mapping[str, typing.Union[bytes, bytearray, memoryview]]) -> typing.List[bytes]:\n",
		"    def on_e(self, callback: typing.Callable[[typing.List[int], bytes], object]) -> HintsSubscription:\n",
		"    def implement_h(self, fn: typing.Optional[typing.Callable[[typing.List[int]], " +
			"typing.Union[typing.Mapping[str, typing.Sequence[int]], " +
			"typing.Awaitable[typing.Mapping[str, typing.Sequence[int]]]]]]) -> None:\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("hints.py lacks\n%s", want)
		}
	}
}
