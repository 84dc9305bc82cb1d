package cli

import (
	"fmt"
	"testing"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/internal/gen"
)

// BenchmarkCompile checks the benchmark interface and generates it in
// every language (c, go, python and model), at 2,000 declarations (1x)
// and at 20,000 (10x): time and memory per op must grow about tenfold,
// not a hundredfold (docs/architecture.md, "Where the time goes").
func BenchmarkCompile(b *testing.B) {
	for _, k := range []int{1, 10} {
		b.Run(fmt.Sprintf("%dx", k), func(b *testing.B) {
			src := gen.BigFFIScaled(k)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				m, errs := check.Source("big.ffi", src)
				if errs.Len() > 0 {
					b.Fatal(errs.Err())
				}
				for _, l := range languages {
					if _, err := l.gen(m); err != nil {
						b.Fatal(l.name, err)
					}
				}
			}
		})
	}
}
