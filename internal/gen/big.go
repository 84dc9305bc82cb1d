// Package gen generates large .ffi inputs for benchmarks and stress tests.
package gen

import (
	"fmt"
	"strings"
)

// BigFFI returns the benchmark interface of issue 2: 1,000 structs of 10
// fields, 600 fns, 200 events and 200 host fns (2,000 declarations), valid
// and using every kind of type.
func BigFFI() []byte { return BigFFIScaled(1) }

// BigFFIScaled returns the benchmark interface scaled k times: 1,000k
// structs, 600k fns, 200k events and 200k host fns (2,000k declarations,
// about 500 KB each). The benchmarks at k = 1 and k = 10 show whether time and
// memory grow linearly with the size of the interface.
func BigFFIScaled(k int) []byte {
	var b strings.Builder
	b.WriteString("/// A generated library for benchmarks.\nlibrary big_bench;\n\n")
	types := []string{"u32", "string", "list<i64>", "map<string, f64>", "bytes", "bool", "i8?", "list<map<u16, string>>", "f32", "u64"}
	structs := 1000 * k
	for i := 0; i < structs; i++ {
		fmt.Fprintf(&b, "/// Struct number %d.\nstruct Struct%d {\n", i, i)
		for j := 0; j < 10; j++ {
			t := types[j]
			if j == 9 && i > 0 {
				t = fmt.Sprintf("Struct%d?", i-1)
			}
			fmt.Fprintf(&b, "    /// Field %d.\n    field_%d: %s,\n", j, j, t)
		}
		b.WriteString("}\n\n")
	}
	for i := 0; i < 600*k; i++ {
		kw := [...]string{"fn", "async fn", "static fn"}[i%3]
		fmt.Fprintf(&b, "/// Call %d.\n%s call_%d(req: Struct%d, count: u32) -> Struct%d;\n", i, kw, i, i%structs, (i+1)%structs)
	}
	for i := 0; i < 200*k; i++ {
		fmt.Fprintf(&b, "event fired_%d(message: string, item: Struct%d);\n", i, i)
	}
	for i := 0; i < 200*k; i++ {
		fmt.Fprintf(&b, "host fn ask_%d(key: string) -> Struct%d;\n", i, i)
	}
	return []byte(b.String())
}
