package e2e

import "testing"

// memLib is libffimem.so, built from internal/e2e/memlib.
func memLib(t testing.TB) string {
	return sharedLib(t, "ffimem", "internal/e2e/memlib", "internal/e2e/memlib/gen/ffimem/ffimem.h")
}

// TestMemory runs testdata/mem.c: the alignment of every pointer the
// library hands out, a host TLS destructor calling the library after the
// library's own ran, huge native lengths, rejections longer than
// L_last_error holds, and the last poll buffer of a destroyed context
// (LeakSanitizer, FFIC_LEAK_CHECK=1).
func TestMemory(t *testing.T) {
	memLib(t)
	runAll(t, compileHost(t, "mem", "mem.c", []string{"ffimem"}, sanitize...))
}
