package cli

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
)

// TestCompileLinear checks that compiling with every backend allocates
// in proportion to the input, for the shapes that were quadratic: one
// long doc comment (joined line by line), one enum of many members (the
// Go backend's switch over every value) and many declarations. It counts
// bytes allocated, not time: ten times the input may cost at most about
// ten times the memory (a quadratic cost makes it a hundred).
func TestCompileLinear(t *testing.T) {
	shapes := []struct {
		name string
		src  func(n int) string
	}{
		{"doc comment lines", func(n int) string {
			return "library big;\n" + strings.Repeat("/// A line of documentation.\n", n) + "struct S { a: u32 }\nfn f(s: S);\n"
		}},
		{"enum members", func(n int) string {
			var b strings.Builder
			b.WriteString("library big;\nenum E {\n")
			for i := range n {
				fmt.Fprintf(&b, "    /// Member %d.\n    member_%d,\n", i, i)
			}
			b.WriteString("}\nfn f(e: E) -> E;\n")
			return b.String()
		}},
		{"structs", func(n int) string {
			var b strings.Builder
			b.WriteString("library big;\n")
			for i := range n / 10 {
				fmt.Fprintf(&b, "/// Struct %d.\nstruct S%d { a: u32, b: string }\nfn f%d(s: S%d) -> S%d;\n", i, i, i, i, i)
			}
			return b.String()
		}},
	}
	const n = 1000
	for _, s := range shapes {
		small, large := allocated(t, s.src(n)), allocated(t, s.src(10*n))
		if ratio := float64(large) / float64(small); ratio > 15 {
			t.Errorf("%s: %d allocated %d bytes, %d allocated %d: %.0f times as much for 10 times the input",
				s.name, n, small, 10*n, large, ratio)
		}
	}
}

// allocated is how many bytes checking src and generating it in every
// language allocates.
func allocated(t *testing.T, src string) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, errs := check.Source("big.ffi", []byte(src))
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	for _, l := range languages {
		if _, err := l.gen(m); err != nil {
			t.Fatal(l.name, err)
		}
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
