package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ffic/ffic/check"
)

// The error corpus: every file in testdata/errors marks each error it must
// produce with a comment right before the offending token:
//
//	struct /* ERROR `struct "foo" must be UpperCamelCase: "Foo"` */ foo {}
//
// The text between backquotes is a regular expression matched against the
// message; the error must be at the first token after the comment (further
// ERROR comments in between are skipped, so one token can carry several).
// The harness reports both missing and unexpected errors.

var marker = regexp.MustCompile("/\\* ERROR `([^`]*)` \\*/")

type expectation struct {
	line, col int
	rx        *regexp.Regexp
}

func TestErrorCorpus(t *testing.T) {
	files, err := filepath.Glob("../testdata/errors/*.ffi")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := expectations(t, src)
			if len(want) == 0 {
				t.Fatalf("%s marks no errors", path)
			}
			_, errs := check.Source(filepath.Base(path), src)
			got := errs.Errors()
			matched := make([]bool, len(got))
		next:
			for _, w := range want {
				for i, e := range got {
					if !matched[i] && e.Pos.Line == w.line && e.Pos.Col == w.col && w.rx.MatchString(e.Msg) {
						matched[i] = true
						continue next
					}
				}
				t.Errorf("%s:%d:%d: missing error matching %q", path, w.line, w.col, w.rx)
			}
			for i, e := range got {
				if !matched[i] {
					t.Errorf("unexpected error %s", e)
				}
			}
		})
	}
}

// expectations finds the markers of src and the position of the token each
// one points at.
func expectations(t *testing.T, src []byte) []expectation {
	var out []expectation
	text := string(src)
	for _, m := range marker.FindAllStringSubmatchIndex(text, -1) {
		rx, err := regexp.Compile(text[m[2]:m[3]])
		if err != nil {
			t.Fatalf("bad marker regexp %q: %v", text[m[2]:m[3]], err)
		}
		// Skip white space and further markers to the offending token.
		at := m[1]
		for {
			rest := text[at:]
			trimmed := strings.TrimLeft(rest, " \t")
			at += len(rest) - len(trimmed)
			if loc := marker.FindStringIndex(text[at:]); loc != nil && loc[0] == 0 {
				at += loc[1]
				continue
			}
			break
		}
		line := 1 + strings.Count(text[:at], "\n")
		col := 1 + utf8.RuneCountInString(text[strings.LastIndexByte(text[:at], '\n')+1:at])
		out = append(out, expectation{line, col, rx})
	}
	return out
}

// TestCorpusHarness proves the harness can fail: a file with a marker that
// matches nothing must be reported missing, and an unmarked error unexpected.
func TestCorpusHarness(t *testing.T) {
	src := []byte("library ok;\nstruct A { a: /* ERROR `unknown type` */ u32 }\nstruct b {}\n")
	want := expectations(t, src)
	if len(want) != 1 || want[0].line != 2 || want[0].col != 42 {
		t.Fatalf("expectations = %+v, want one at 2:42", want)
	}
	_, errs := check.Source("h.ffi", src)
	if errs.Len() != 1 || !strings.Contains(fmt.Sprint(errs.Err()), `struct "b" must be UpperCamelCase: "B"`) {
		t.Fatalf("errors = %v, want only the naming error", errs.Err())
	}
}
