package parser

import (
	"testing"

	"github.com/ffic/ffic/internal/gen"
)

func BenchmarkParse2000(b *testing.B) {
	src := gen.BigFFI()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, errs := Parse("big.ffi", src); errs.Len() > 0 {
			b.Fatal(errs.Err())
		}
	}
}
