package c

import (
	"strings"
	"testing"

	"github.com/ffic/ffic/backends"
	ffigen "github.com/ffic/ffic/internal/gen"
)

// TestHostileDocs: doc comment text that tries to end its comment (with
// "*/", a trigraph splice, or any character some compiler or editor takes
// for a line end), put in every doc comment of a model built without the
// parser, stays inside the header's comments: the header compiles as C
// and C++ with every warning an error, and without its comments it holds
// none of the injected code.
func TestHostileDocs(t *testing.T) {
	m := source(t, "hostile.ffi", string(ffigen.EveryDoc()))
	ffigen.SetDocs(m, ffigen.HostileDoc())
	h := gen1(t, m)
	compileHeaders(t, h)
	code := stripComments(string(h.content))
	for _, word := range []string{"injected_c", "_exit", "injectedGo"} {
		if strings.Contains(code, word) {
			t.Errorf("%q is outside the comments of the header:\n%s", word, code)
		}
	}
	if !strings.Contains(string(h.content), "os._exit(3)") {
		t.Errorf("the doc text is not in the header's comments:\n%s", h.content)
	}
	if safe := backends.CommentText(string(h.content)); safe != string(h.content) {
		t.Errorf("the header holds characters that some compiler or editor takes for a line end")
	}
}
