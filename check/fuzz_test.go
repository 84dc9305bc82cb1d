package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/format"
)

// FuzzSource checks that parse+check never panics and never hangs, whatever
// the input, and that what it accepts is a usable model. The seeds are every
// .ffi file of the repository, so they run as ordinary tests under go test.
// Run it for real with: go test -fuzz FuzzSource ./check/
func FuzzSource(f *testing.F) {
	for _, path := range repoFFIFiles(f) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(""))
	f.Add([]byte("library a; struct A { a: list<list<list<list<A?>>>> }"))
	f.Add([]byte(strings.Repeat("list<", 1000)))
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		m, errs := check.Source("fuzz.ffi", src)
		if (m == nil) == (errs.Len() == 0) {
			t.Fatalf("Source returned model %v with %d errors", m != nil, errs.Len())
		}
		for _, e := range errs.Errors() {
			if !e.Pos.IsValid() {
				t.Fatalf("error without position: %v", e)
			}
		}
		if m != nil {
			if len(m.Fingerprint) != 64 {
				t.Fatalf("accepted model without fingerprint")
			}
			// An accepted file formats, and the formatted file checks to
			// the same interface.
			out, ferrs := format.Source("fuzz.ffi", src)
			if ferrs.Len() > 0 {
				t.Fatalf("format rejects a file check accepts: %v", ferrs.Err())
			}
			m2, errs2 := check.Source("fuzz.ffi", out)
			if errs2.Len() > 0 || m2.Fingerprint != m.Fingerprint {
				t.Fatalf("formatted file checks differently: %v", errs2.Err())
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v on %d bytes", d, len(src))
		}
	})
}

// repoFFIFiles lists every .ffi file under the module root.
func repoFFIFiles(tb testing.TB) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".ffi") {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("no .ffi files found in the repository")
	}
	return out
}
