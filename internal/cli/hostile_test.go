package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHugeLineErrors: the errors of a 1 MiB one-line file echo a bounded
// excerpt of the line each (they echoed the whole line: 50 MiB).
func TestHugeLineErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	var b strings.Builder
	b.WriteString("library big; ")
	for b.Len() < 1<<20 {
		b.WriteString("struct S { a: nope } ")
	}
	writeTestFile(t, "big.ffi", b.String())
	r := ffic(t, "", "compile", "-o", "out", "big.ffi")
	if r.code != 1 {
		t.Fatalf("want exit 1:\n%.2000s", r)
	}
	if len(r.stderr) > 64<<10 {
		t.Errorf("stderr is %d bytes for errors on one line of 1 MiB; want at most 64 KiB", len(r.stderr))
	}
	if !strings.Contains(r.stderr, "big.ffi:1:") || !strings.Contains(r.stderr, "^\n") {
		t.Errorf("stderr has no positioned error with a caret:\n%.2000s", r.stderr)
	}
}

// TestHostileDocsThroughCLI: a doc comment holding a character that some
// compiler or editor takes for a line end, followed by code, is either
// rejected with a positioned error or compiles into files where no such
// character is left (whichever the lexer does, the backends are safe).
func TestHostileDocsThroughCLI(t *testing.T) {
	t.Chdir(t.TempDir())
	positioned := regexp.MustCompile(`(?m)^doc\.ffi:\d+:\d+: error: `)
	const lineEnds = "\r\f\v\x00\u0085\u2028\u2029\ufeff\u202e"
	for _, end := range append(strings.Split(lineEnds, ""), "\xff") {
		src := "/// The library." + end + "import os; os._exit(3)\nlibrary doc;\n" +
			"struct S {\n    /// A field." + end + "import os; os._exit(3)\n    a: u32,\n}\n" +
			"enum E {\n    /// A member." + end + "*/ int injected; /*\n    one,\n}\nfn f(s: S, e: E);\n"
		writeTestFile(t, "doc.ffi", src)
		os.RemoveAll("out")
		r := ffic(t, "", "compile", "-o", "out", "doc.ffi")
		switch r.code {
		case 1:
			if !positioned.MatchString(r.stderr) {
				t.Errorf("%q rejected without a positioned error:\n%s", end, r)
			}
		case 0:
			err := filepath.WalkDir("out", func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err == nil && (strings.ContainsAny(string(b), lineEnds) || !utf8.Valid(b)) {
					t.Errorf("%q: %s holds characters that end a line or a comment", end, path)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%q: %s", end, r)
		}
	}
}
