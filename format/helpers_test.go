package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ffic/ffic/parser"
)

// formatTest is one row of a table test: in formats to want.
type formatTest struct {
	name, in, want string
}

// runTable checks every row: the output, and every property of checkFormat.
func runTable(t *testing.T, tests []formatTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Source("test.ffi", []byte(tt.in))
			if errs.Len() > 0 {
				t.Fatalf("Source(%q): %v", tt.in, errs.Err())
			}
			if string(got) != tt.want {
				t.Errorf("Source(%q) =\n%s\nwant\n%s\ndiff (-want +got):\n%s", tt.in, got, tt.want, cmp.Diff(tt.want, string(got)))
			}
			checkFormat(t, "test.ffi", []byte(tt.in))
		})
	}
}

// checkFormat checks the properties every formatted file has: it is
// formatted already, parses to the same tree with the same comments, and
// is made of \n-terminated lines without trailing white space.
func checkFormat(t *testing.T, name string, src []byte) {
	t.Helper()
	out, errs := Source(name, src)
	if errs.Len() > 0 {
		t.Fatalf("Source(%s): %v", name, errs.Err())
	}
	again, errs := Source(name, out)
	if errs.Len() > 0 {
		t.Fatalf("Source(Source(%s)): %v\nformatted:\n%s", name, errs.Err(), out)
	}
	if !bytes.Equal(again, out) {
		t.Errorf("Source(%s) is not idempotent; diff (-first +second):\n%s", name, cmp.Diff(string(out), string(again)))
	}
	if diff := cmp.Diff(syntaxTree(t, src), syntaxTree(t, out), cmpopts.IgnoreTypes(lexer.Position{})); diff != "" {
		t.Errorf("Source(%s) changed the syntax tree (-before +after):\n%s", name, diff)
	}
	if diff := cmp.Diff(commentTexts(t, src), commentTexts(t, out)); diff != "" {
		t.Errorf("Source(%s) changed the comments (-before +after):\n%s", name, diff)
	}
	if len(out) > 0 && (out[len(out)-1] != '\n' || bytes.HasSuffix(out, []byte("\n\n"))) {
		t.Errorf("Source(%s) does not end in exactly one line break: %q", name, out[max(0, len(out)-10):])
	}
	for i, line := range strings.Split(string(out), "\n") {
		if strings.TrimRight(line, " \t\r") != line {
			t.Errorf("Source(%s): line %d has trailing white space: %q", name, i+1, line)
		}
	}
}

// syntaxTree parses src, which must be valid.
func syntaxTree(t *testing.T, src []byte) []*parser.Decl {
	t.Helper()
	f, errs := parser.Parse("tree.ffi", src)
	if errs.Len() > 0 {
		t.Fatalf("parse: %v\n%s", errs.Err(), src)
	}
	return f.Decls
}

// commentTexts returns the text of every comment of src in order, each
// line without trailing white space (which the formatter removes).
func commentTexts(t *testing.T, src []byte) []string {
	t.Helper()
	f, _ := parser.Parse("comments.ffi", src)
	var texts []string
	for _, c := range f.Comments {
		lines := strings.Split(c.Value, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " \t\r")
		}
		texts = append(texts, strings.Join(lines, "\n"))
	}
	return texts
}

// moduleRoot returns the directory of go.mod, above the package directory
// the test runs in.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}
