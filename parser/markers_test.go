package parser

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The files in testdata/errors mark every error they must produce with a
// comment right before the offending token, as testdata/errors at the
// repository root does for the checker:
//
//	struct Broken { a: u32 /* ERROR `unexpected token "b"` */ b: u32 }
//
// The text between backquotes is a regular expression matched against the
// message; the error must be at the first token after the comment (further
// markers in between are skipped). Files in testdata/valid must parse
// without errors.
var errorMarker = regexp.MustCompile("/\\* ERROR `([^`]*)` \\*/")

type wantError struct {
	line, col int
	rx        *regexp.Regexp
}

// markedErrors finds the markers of src and the position each points at.
func markedErrors(t *testing.T, src []byte) []wantError {
	t.Helper()
	var out []wantError
	text := string(src)
	for _, m := range errorMarker.FindAllStringSubmatchIndex(text, -1) {
		rx, err := regexp.Compile(text[m[2]:m[3]])
		if err != nil {
			t.Fatalf("bad marker regexp %q: %v", text[m[2]:m[3]], err)
		}
		at := m[1]
		for {
			rest := text[at:]
			trimmed := strings.TrimLeft(rest, " \t")
			at += len(rest) - len(trimmed)
			if loc := errorMarker.FindStringIndex(text[at:]); loc != nil && loc[0] == 0 {
				at += loc[1]
				continue
			}
			break
		}
		line, col := lineCol(src, at)
		out = append(out, wantError{line, col, rx})
	}
	return out
}

func TestParseTestdata(t *testing.T) {
	files := ffiFiles(t, "testdata")
	if len(files) == 0 {
		t.Fatal("no files in testdata")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := markedErrors(t, src)
			isErrors := strings.Contains(filepath.ToSlash(path), "/errors/")
			if isErrors && len(want) == 0 {
				t.Fatalf("%s marks no errors", path)
			}
			if !isErrors && len(want) > 0 {
				t.Fatalf("%s marks errors but is not in testdata/errors", path)
			}
			f, errs := Parse(path, src)
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
			checkErrorPositions(t, src, errs)
			if errs.Len() == 0 {
				checkPositions(t, path, src, f)
			}
		})
	}
}

// TestMarkedErrors proves the harness can fail: markers point where they
// should, and both a missing and an unexpected error are noticed.
func TestMarkedErrors(t *testing.T) {
	src := []byte("library a;\nstruct S { a: u8 /* ERROR `x` */ /* ERROR `y` */ b: u8 }\n")
	want := markedErrors(t, src)
	if len(want) != 2 || want[0].line != 2 || want[0].col != 50 || want[1].line != 2 || want[1].col != 50 {
		t.Errorf("markedErrors(%q): got %+v, want two at 2:50", src, want)
	}
}
