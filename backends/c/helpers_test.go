package c

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return root
}

// load checks the .ffi file at rel (slash-separated, relative to the
// module root), naming it rel in the model as a user running ffic from the
// root would.
func load(t testing.TB, rel string) *idl.Model {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return source(t, rel, string(src))
}

// source checks .ffi text.
func source(t testing.TB, name, src string) *idl.Model {
	t.Helper()
	m, errs := check.Source(name, []byte(src))
	if errs.Len() > 0 {
		t.Fatalf("%s does not check:\n%v", name, errs.Err())
	}
	return m
}

// header generates the header of m and what it declares.
func header(t testing.TB, m *idl.Model) ([]byte, symbols) {
	t.Helper()
	g, err := generate(m)
	if err != nil {
		t.Fatalf("generate %s: %v", m.Library, err)
	}
	files, err := Generate(m)
	if err != nil || len(files) != 1 || files[0].Path != m.Library+".h" || string(files[0].Content) != g.p.buf.String() {
		t.Fatalf("Generate(%s) = %d files, %v; want the one file %s.h", m.Library, len(files), err, m.Library)
	}
	return files[0].Content, g.syms
}

// A compiler run of the test suite. gcc and g++ are on every machine that
// runs ffic's tests (the README says so): a missing one is a failure.
var compilers = []struct {
	name string
	ext  string
	args []string
}{
	{"gcc", ".c", []string{"-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"}},
	{"g++", ".cpp", []string{"-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic"}},
}

// useSource is a translation unit that includes each header and uses
// everything it declares: sizeof every type (so every typedef must name a
// complete type), the address of every function, the value of every
// constant. Compiling it surfaces what merely including would not.
func useSource(headers []string, syms []symbols) string {
	var b strings.Builder
	for _, h := range headers {
		fmt.Fprintf(&b, "#include %q\n", h)
	}
	b.WriteString("\ntypedef void (*any_fn)(void);\n\nstatic const size_t sizes[] = {\n")
	for _, s := range syms {
		for _, ty := range s.types {
			fmt.Fprintf(&b, "    sizeof(%s),\n", ty)
		}
	}
	b.WriteString("    0\n};\n\nstatic const any_fn fns[] = {\n")
	for _, s := range syms {
		for _, f := range s.funcs {
			fmt.Fprintf(&b, "    (any_fn)&%s,\n", f)
		}
	}
	b.WriteString("    0\n};\n\nint main(void) {\n    size_t i, n = 0;\n")
	b.WriteString("    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {\n        n += sizes[i];\n    }\n")
	for _, s := range syms {
		for _, v := range s.values {
			fmt.Fprintf(&b, "    (void)(%s);\n", v)
		}
	}
	b.WriteString("    return n == 0 || fns[0] == 0;\n}\n")
	return b.String()
}

// generated is one header generated for a test.
type generated struct {
	path    string // <library>.h
	content []byte
	syms    symbols
}

func gen1(t testing.TB, m *idl.Model) generated {
	t.Helper()
	content, syms := header(t, m)
	return generated{m.Library + ".h", content, syms}
}

// compileHeaders writes each header into a temporary directory and
// compiles one translation unit using all of them, as C99 with gcc and as
// C++17 with g++, with every warning an error.
func compileHeaders(t *testing.T, hs ...generated) {
	t.Helper()
	dir := t.TempDir()
	var names []string
	var syms []symbols
	for _, h := range hs {
		if err := os.WriteFile(filepath.Join(dir, h.path), h.content, 0o666); err != nil {
			t.Fatal(err)
		}
		names = append(names, h.path)
		syms = append(syms, h.syms)
	}
	compileUnit(t, dir, useSource(names, syms))
}

// compileUnit compiles src with every compiler (object file only).
func compileUnit(t *testing.T, dir, src string) {
	t.Helper()
	for _, cc := range compilers {
		file := filepath.Join(dir, "use"+cc.ext)
		if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{}, cc.args...), "-c", file, "-o", filepath.Join(dir, "use"+cc.ext+".o"))
		if out, err := exec.Command(cc.name, args...).CombinedOutput(); err != nil {
			t.Errorf("%s %s: %v\n%s", cc.name, strings.Join(args, " "), err, out)
		}
	}
}

// runUnit compiles src into a program with every compiler, runs it and
// returns what each printed, by compiler.
func runUnit(t *testing.T, dir, src string) map[string]string {
	t.Helper()
	outs := map[string]string{}
	for _, cc := range compilers {
		file := filepath.Join(dir, "run"+cc.ext)
		if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(dir, "run-"+cc.name)
		args := append(append([]string{}, cc.args...), file, "-o", bin)
		if out, err := exec.Command(cc.name, args...).CombinedOutput(); err != nil {
			t.Errorf("%s %s: %v\n%s", cc.name, strings.Join(args, " "), err, out)
			continue
		}
		out, err := exec.Command(bin).Output()
		if err != nil {
			t.Errorf("%s: %v", bin, err)
			continue
		}
		outs[cc.name] = string(out)
	}
	return outs
}
