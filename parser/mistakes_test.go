package parser_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/parser"
)

var updateMistakes = flag.Bool("update-mistakes", false, "rewrite the expected output in testdata/mistakes.txtar")

// TestMistakes: the mistakes new users make, each with the exact output
// `ffic` prints for it (parsing and checking, as the command line does):
// position, message, source line and caret. testdata/mistakes.txtar holds
// them in txtar form: a section named after the mistake holds the .ffi
// text, and the `want` section after it the output.
func TestMistakes(t *testing.T) {
	const path = "testdata/mistakes.txtar"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := readTxtar(string(data))
	if len(cases) < 40 {
		t.Fatalf("%s: %d cases, want every mistake of the list", path, len(cases))
	}
	var out strings.Builder
	out.WriteString(cases[0].comment)
	seen := map[string]bool{}
	for i := 0; i+1 < len(cases); i += 2 {
		in, want := cases[i], cases[i+1]
		if want.name != "want" || in.name == "want" {
			t.Fatalf("%s: section %q must be followed by a want section", path, in.name)
		}
		if seen[in.name] {
			t.Fatalf("%s: two cases named %q", path, in.name)
		}
		seen[in.name] = true
		got := run(in.body)
		if got == "" {
			t.Errorf("%s: %q: got no error", path, in.name)
		}
		if !*updateMistakes {
			if diff := cmp.Diff(want.body, got); diff != "" {
				t.Errorf("%s: %q: output differs (-want +got):\n%s", path, in.name, diff)
			}
		}
		for _, line := range strings.Split(got, "\n") {
			if strings.Contains(line, ": error: ") && rawGrammar(line) {
				t.Errorf("%s: %q: message shows the grammar: %s", path, in.name, line)
			}
		}
		out.WriteString("-- " + in.name + " --\n" + in.body + "-- want --\n" + got)
	}
	if len(cases)%2 != 0 {
		t.Fatalf("%s: the last section has no want section", path)
	}
	if *updateMistakes {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// run checks src as `ffic` does and returns what it prints.
func run(src string) string {
	_, errs := check.Source("mistake.ffi", []byte(src))
	var b bytes.Buffer
	errs.Print(&b, map[string][]byte{"mistake.ffi": []byte(src)})
	return b.String()
}

// rawGrammar reports whether an error line shows participle's grammar:
// production names, token classes or its "unexpected token" form.
func rawGrammar(line string) bool {
	for _, s := range []string{"<ident>", "<int>", "<string>", "<float>", "<EOF>", "TypeRef", "Field", "Literal", "Member", "unexpected token", "(expected"} {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}

type section struct {
	name, body string
	comment    string // text before the first section (on the first only)
}

// readTxtar splits txtar text into its sections (golang.org/x/tools/txtar
// form: a `-- name --` line starts each).
func readTxtar(s string) []section {
	var out []section
	var comment strings.Builder
	cur := -1
	for _, line := range strings.SplitAfter(s, "\n") {
		l := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) >= 6 {
			out = append(out, section{name: l[3 : len(l)-3]})
			cur++
			continue
		}
		if cur < 0 {
			comment.WriteString(line)
			continue
		}
		out[cur].body += line
	}
	if len(out) > 0 {
		out[0].comment = comment.String()
	}
	return out
}

// TestMistakesKeepGoodDeclarations: the declarations around a mistake are
// kept, and so is one whose only mistake is a misspelt keyword or a missing
// ";" at the end of its line, so the checker sees them.
func TestMistakesKeepGoodDeclarations(t *testing.T) {
	src := "library a;\nstrcut Point { x: f64 }\nfn f() -> u32\nfn g(p: Point) -> Point;\n"
	f, errs := parser.Parse("t.ffi", []byte(src))
	var got []string
	for _, e := range errs.Errors() {
		got = append(got, e.Error())
	}
	want := []string{
		`t.ffi:2:1: error: unknown keyword "strcut"; did you mean "struct"?`,
		`t.ffi:3:14: error: expected "throws" or ";" after "u32"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(%q): errors differ (-want +got):\n%s", src, diff)
	}
	var names []string
	for _, d := range f.Decls {
		switch {
		case d.Struct != nil:
			names = append(names, "struct "+d.Struct.Name.Value)
		case d.Func != nil:
			names = append(names, "fn "+d.Func.Name.Value)
		case d.Library != nil:
			names = append(names, "library "+d.Library.Name.Value)
		}
	}
	// f lacks only its ";": it is kept too.
	if diff := cmp.Diff([]string{"library a", "struct Point", "fn f", "fn g"}, names); diff != "" {
		t.Errorf("Parse(%q): declarations differ (-want +got):\n%s", src, diff)
	}
}
