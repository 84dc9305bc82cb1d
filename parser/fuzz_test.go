package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParse: whatever the input, Parse returns a tree and an error list
// whose positions point into the input, and never panics; every token's
// and comment's line and column are recomputed from its byte offset; and
// the recognizer that words syntax errors agrees with the grammar. The seeds are
// every .ffi file of the repository's testdata and examples and of
// parser/testdata.
func FuzzParse(f *testing.F) {
	root := moduleRoot(f)
	for _, dir := range []string{
		filepath.Join(root, "testdata"),
		filepath.Join(root, "examples"),
		"testdata",
	} {
		for _, path := range ffiFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	// Every input of the mistakes corpus (sections of a txtar file).
	corpus, err := os.ReadFile("testdata/mistakes.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, sec := range strings.Split("\n"+string(corpus), "\n-- ") {
		if _, body, ok := strings.Cut(sec, " --\n"); ok {
			f.Add([]byte(body))
		}
	}
	for _, s := range []string{"", "library a;", "/// doc", "list<", `"\u{`, "/*", "\xff", "\"\\\n\"$", "a\r\n\"\\\r\n\" /* \n */ b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, errs := parseFast(t, fmt.Sprintf("%q", clip(src)), src, 5*time.Second)
		checkErrorPositions(t, src, errs)
		toks, comments, _ := scan("f.ffi", src)
		checkTokenPositions(t, src, append(toks, comments...))
		checkRecognizer(t, src)
	})
}
