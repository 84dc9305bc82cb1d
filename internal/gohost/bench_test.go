package gohost

import (
	"context"
	"flag"
	"sync"
	"testing"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer/client"
	"github.com/ffic/ffic/runtime/go/fficlient"
)

// BenchmarkHost: go test -run x -bench Host -benchtime 200000x ./internal/gohost/
func BenchmarkHost(b *testing.B) {
	ctx := context.Background()
	b.Run("bare-cgo", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			bareCall(int32(i))
		}
	})
	c := open(b)
	for _, cbor := range []bool{false, true} {
		suffix := "-native"
		if cbor {
			suffix = "-cbor"
		}
		b.Run("plain-ping"+suffix, func(b *testing.B) {
			fficlient.CBOROnly = cbor
			defer func() { fficlient.CBOROnly = false }()
			for b.Loop() {
				if err := c.Ping(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("plain-cancel"+suffix, func(b *testing.B) {
			fficlient.CBOROnly = cbor
			defer func() { fficlient.CBOROnly = false }()
			for b.Loop() {
				if _, err := c.Cancel(ctx, 12345); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("plain-cancel-native-handwritten", func(b *testing.B) {
		h := c.Context().Handle()
		for b.Loop() {
			if st, ok := nativeCancel(h, 12345); st != 0 || ok < 0 {
				b.Fatal(st, ok)
			}
		}
	})
	b.Run("plain-roundtrip-scalars", func(b *testing.B) {
		s := mytimer.Scalars{Text: "hello", Raw: []byte("raw"), Large: 1 << 40}
		for b.Loop() {
			if _, err := c.Roundtrip(ctx, s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("async-sleep0-1", func(b *testing.B) {
		for b.Loop() {
			if err := c.Sleep(ctx, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("async-sleep0-64", func(b *testing.B) {
		n := b.N
		var wg sync.WaitGroup
		work := make(chan struct{}, n)
		for range n {
			work <- struct{}{}
		}
		close(work)
		b.ResetTimer()
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range work {
					if err := c.Sleep(ctx, 0); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}) // The same client machinery against the plain-C library (no Go
	// runtime on the library side), measured in the host module of
	// shapes_test.go with the same -benchtime; its figures are logged.
	b.Run("c-library", func(b *testing.B) {
		cLibBench.Do(func() { cLibBench.out = benchShapes(b, flag.Lookup("test.benchtime").Value.String()) })
		b.Log("\n" + cLibBench.out)
		b.SkipNow()
	})
}

var cLibBench struct {
	sync.Once
	out string
}
