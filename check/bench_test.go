package check_test

import (
	"testing"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/internal/gen"
)

// BenchmarkSource2000 parses and checks the benchmark interface:
// 1,000 structs of 10 fields, 600 fns, 200 events and 200 host fns.
func BenchmarkSource2000(b *testing.B) {
	src := gen.BigFFI()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := check.Source("big.ffi", src); errs.Len() > 0 {
			b.Fatal(errs.Err())
		}
	}
}
