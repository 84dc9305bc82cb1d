package parser

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/internal/gen"
)

func parseFast(t *testing.T, name string, src []byte, limit time.Duration) (*File, *diag.List) {
	t.Helper()
	type result struct {
		f     *File
		errs  *diag.List
		panic any
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", p, debug.Stack())}
			}
		}()
		f, errs := Parse("t.ffi", src)
		done <- result{f: f, errs: errs}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("Parse(%s): panic: %v", name, r.panic)
		}
		if r.f == nil || r.errs == nil {
			t.Fatalf("Parse(%s): got tree %v and errors %v, want both non-nil", name, r.f, r.errs)
		}
		if d := time.Since(start); d > limit/10 {
			t.Logf("Parse(%s): %d bytes in %v", name, len(src), d)
		}
		return r.f, r.errs
	case <-time.After(limit):
		t.Fatalf("Parse(%s): still running after %v", name, limit)
	}
	return nil, nil
}

// TestParseRobustness feeds Parse hostile inputs: it must never panic,
// overflow the stack or hang, and must finish fast.
func TestParseRobustness(t *testing.T) {
	// n repeats a token; m repeats a declaration, field or parameter
	// (participle costs microseconds per node: m keeps the test fast).
	const n, m = 100_000, 10_000
	big := strings.Repeat("a", 1<<20)
	tests := []struct {
		name    string
		src     string
		wantErr string // a substring of some error; "" for no error
	}{
		{"empty", "", ""},
		{"nested list<", "struct S { a: " + strings.Repeat("list<", n) + "u8" + strings.Repeat(">", n) + " }", "types nested more than 64 deep"},
		{"nested list< at top level", strings.Repeat("list<", n), "types nested more than 64 deep"},
		{"nested list< in every declaration", strings.Repeat("struct S { a: "+strings.Repeat("list<", 100)+"u8 }\n", 100), "types nested more than 64 deep"},
		{"<", "a" + strings.Repeat("<", n), "types nested more than 64 deep"},
		{"( after fn", "fn f" + strings.Repeat("(", n), `expected a parameter name or ")" after "(", found "("`},
		{"(", strings.Repeat("(", n), `expected a declaration`},
		{"{ after struct", "struct S " + strings.Repeat("{", n), `expected a field name or "}" after "{", found "{"`},
		{"{", strings.Repeat("{", n), `expected a declaration`},
		{"}", strings.Repeat("}", n), `unexpected "}"`},
		{"; after library", "library a" + strings.Repeat(";", n), `unexpected ";"`},
		{"? after a type", "struct S { a: u8" + strings.Repeat("?", n) + " }", ""},
		{"?", strings.Repeat("?", n), `expected a declaration`},
		{"->", "fn f()" + strings.Repeat("->", n), `expected a type after "->", found "->"`},
		{"-", "const A: i8 = " + strings.Repeat("-", n) + "1;", `expected a number after "-", found "-"`},
		{"1 MB library name", "library " + big + ";", ""},
		{"1 MB type name", "struct S { a: " + big + " }", ""},
		{"1 MB identifier alone", big, `expected a declaration`},
		{"1 MB number", "const A: u64 = " + strings.Repeat("9", 1<<20) + ";", ""},
		{"1 MB string", `const A: string = "` + big + `";`, ""},
		{"1 MB comment", "// " + big + "\nlibrary a;", ""},
		{"1 MB doc comment", "/// " + big + "\nlibrary a;", ""},
		{"1 MB of whitespace", strings.Repeat(" \n\t", 1<<20/3) + "library a;", ""},
		{"many doc lines", strings.Repeat("/// doc\n", n) + "library a;", ""},
		{"many dangling doc blocks", strings.Repeat("/// doc\n\n", n), "documents nothing"},
		{"many declarations", strings.Repeat("struct S {}\n", m), ""},
		{"many broken declarations", strings.Repeat("fn ;\n", m), `expected a name after "fn", found ";"`},
		{"many missing semicolons", strings.Repeat("fn f() -> u32\n", m), `expected "throws" or ";" after "u32"`},
		{"many misspelt keywords", strings.Repeat("strcut S { a u8 }\n", m/5), `unknown keyword "strcut"; did you mean "struct"?`},
		{"one long broken declaration", "struct S { " + strings.Repeat("a: u8 ", m) + "}", `expected "," or "}" after "u8", found "a"`},
		{"many lexer errors", strings.Repeat("$", n), "unexpected character"},
		{"many fields", "struct S {" + strings.Repeat("a: u8,", m) + "}", ""},
		{"many params", "fn f(" + strings.Repeat("a: u8,", m) + ");", ""},
		{"many type arguments", "struct S { a: map<" + strings.Repeat("u8,", m) + "> }", ""},
		{"unterminated block comment", "/*" + big, "block comment is not terminated"},
		{"unterminated string", `"` + big, "string literal is not terminated"},
		{"NUL bytes", strings.Repeat("\x00", n), "control character U+0000"},
		{"invalid UTF-8", strings.Repeat("\xff", n), "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseFast(t, tt.name, []byte(tt.src), 10*time.Second)
			got := errorStrings(errs)
			if tt.wantErr == "" {
				if len(got) > 0 {
					t.Errorf("Parse(%s): got errors %q, want none", tt.name, got)
				}
				return
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.wantErr) {
				t.Errorf("Parse(%s): got errors %q, want one containing %q", tt.name, got, tt.wantErr)
			}
			if len(got) > diag.MaxErrors {
				t.Errorf("Parse(%s): got %d errors, want at most %d", tt.name, len(got), diag.MaxErrors)
			}
		})
	}
}

// TestParseRandomBytes: random bytes never make Parse panic, and every
// error points into the input.
func TestParseRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		src := make([]byte, rng.IntN(512))
		for j := range src {
			src[j] = byte(rng.UintN(256))
		}
		f, errs := Parse("t.ffi", src)
		if f == nil || errs == nil {
			t.Fatalf("Parse(%q): got tree %v and errors %v, want both non-nil", src, f, errs)
		}
		checkErrorPositions(t, src, errs)
	}
}

// soup holds the words random token soups are made of: every keyword and
// punctuation mark, some names, literals and comments.
var soup = []string{
	"library", "const", "enum", "struct", "union", "ctor", "fn", "async", "static", "host",
	"event", "throws", "list", "map", "u8", "string", "bool", "Foo", "bar", "true",
	"{", "}", "(", ")", "<", ">", ",", ":", "=", "?", ";", "->", "-",
	"0", "0x1F", "1.5", "2e3", `"s"`, `"é\n"`, `"\u{1F600}"`, "// c\n", "/// d\n", "/* b */", "\n", "\t",
	"é", "$", "0x", "1e", `"\q"`, `"open`,
}

// TestParseRandomTokens: random sequences of the language's own tokens
// reach much deeper into the grammar than random bytes; on each, the
// recognizer that words syntax errors agrees with the grammar.
func TestParseRandomTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1000; i++ {
		var b strings.Builder
		for j := rng.IntN(200); j > 0; j-- {
			b.WriteString(soup[rng.IntN(len(soup))])
			b.WriteByte(" \n"[rng.IntN(2)])
		}
		src := []byte(b.String())
		f, errs := Parse("t.ffi", src)
		if f == nil || errs == nil {
			t.Fatalf("Parse(%q): got tree %v and errors %v, want both non-nil", src, f, errs)
		}
		checkErrorPositions(t, src, errs)
		if errs.Len() == 0 {
			checkPositions(t, fmt.Sprintf("Parse(%q)", src), src, f)
		}
		checkRecognizer(t, src)
	}
}

// TestParseDeterministic: large files are parsed on every core; the tree
// and the errors must not depend on how many there are.
func TestParseDeterministic(t *testing.T) {
	var b strings.Builder
	b.Write(gen.BigFFI())
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "/// Doc %d.\nstruct Broken%d { a: u8 b: u8 }\nfn ok_%d(x: list<u8>) -> u8;\n", i, i, i)
	}
	src := []byte(b.String())

	parse := func(procs int) (string, []string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		f, errs := Parse("big.ffi", src)
		return dump(f), errorStrings(errs)
	}
	tree1, errs1 := parse(1)
	if len(errs1) != diag.MaxErrors {
		t.Errorf("Parse(big file with 300 broken structs): got %d errors, want %d (capped)", len(errs1), diag.MaxErrors)
	}
	for _, procs := range []int{2, 8} {
		tree, errs := parse(procs)
		if tree != tree1 {
			t.Errorf("Parse(big file) with GOMAXPROCS=%d: tree differs from GOMAXPROCS=1:\n%s", procs, cmp.Diff(tree1, tree))
		}
		if diff := cmp.Diff(errs1, errs); diff != "" {
			t.Errorf("Parse(big file) with GOMAXPROCS=%d: errors differ from GOMAXPROCS=1 (-want +got):\n%s", procs, diff)
		}
	}
}

// TestRecognizerMutations: valid declarations with one token deleted,
// doubled, swapped with the next or replaced: the mistakes users make,
// where the recognizer and the grammar are most likely to disagree.
func TestRecognizerMutations(t *testing.T) {
	root := moduleRoot(t)
	var files [][]byte
	for _, dir := range []string{filepath.Join(root, "testdata"), filepath.Join(root, "examples"), "testdata/valid"} {
		for _, path := range ffiFiles(t, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, src)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, src := range files {
		toks, _, _ := scan("t.ffi", src)
		if len(toks) == 0 {
			continue
		}
		words := make([]string, len(toks))
		for i, tok := range toks {
			words[i] = tok.Value
		}
		for n := 0; n < 50; n++ {
			w := append([]string(nil), words...)
			i := rng.IntN(len(w))
			switch rng.IntN(4) {
			case 0:
				w = append(w[:i], w[i+1:]...)
			case 1:
				w = append(w[:i+1], w[i:]...)
			case 2:
				if i+1 < len(w) {
					w[i], w[i+1] = w[i+1], w[i]
				}
			case 3:
				w[i] = soup[rng.IntN(len(soup))]
			}
			var b strings.Builder
			for j, word := range w {
				b.WriteString(word)
				if j+1 < len(toks) && toks[j+1].Pos.Line > toks[j].Pos.Line {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			checkRecognizer(t, []byte(b.String()))
		}
	}
}
