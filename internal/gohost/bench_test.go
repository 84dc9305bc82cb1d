package gohost

import (
	"context"
	"flag"
	"sync"
	"testing"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	_ "github.com/ffic/ffic/internal/e2e/benchlib/benchimpl"
	"github.com/ffic/ffic/internal/e2e/benchlib/gen/ffibench"
	ffibenchclient "github.com/ffic/ffic/internal/e2e/benchlib/gen/ffibench/client"
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
	// The least a plain call to a Go library linked into this binary can
	// cost through the C ABI (bench_floor.go).
	b.Run("floor-go-library", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if floorRoundTrip(int32(i)) != int32(i)+1 {
				b.Fatal("wrong result")
			}
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
		inFlight(b, 64, func() error { return c.Sleep(ctx, 0) })
	})
	// The library of the C hosts' benchmark (BenchmarkABI in internal/e2e),
	// linked in: the same fns, so the figures compare across hosts.
	fb, err := ffibenchclient.Open(ctx, ffibenchclient.Host{})
	if err != nil {
		b.Fatal(err)
	}
	defer fb.Close()
	p := ffibench.Point{X: 1, Y: 2}
	for _, cbor := range []bool{false, true} {
		name := "ffibench-plain-add-native"
		if cbor {
			name = "ffibench-plain-add-cbor"
		}
		b.Run(name, func(b *testing.B) {
			fficlient.CBOROnly = cbor
			defer func() { fficlient.CBOROnly = false }()
			for b.Loop() {
				if _, err := fb.Add(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("ffibench-async-add-1", func(b *testing.B) {
		for b.Loop() {
			if _, err := fb.AddAsync(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ffibench-async-add-64", func(b *testing.B) {
		inFlight(b, 64, func() error { _, err := fb.AddAsync(ctx, p); return err })
	})
	// The same client machinery against the plain-C library (no Go
	// runtime on the library side), measured in the host module of
	// shapes_test.go with the same -benchtime; its figures are logged.
	b.Run("c-library", func(b *testing.B) {
		cLibBench.Do(func() { cLibBench.out = benchShapes(b, flag.Lookup("test.benchtime").Value.String()) })
		b.Log("\n" + cLibBench.out)
		b.SkipNow()
	})
}

// inFlight runs b.N calls of call from n goroutines: n calls in flight.
func inFlight(b *testing.B, n int, call func() error) {
	var wg sync.WaitGroup
	work := make(chan struct{}, b.N)
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	b.ResetTimer()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				if err := call(); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

var cLibBench struct {
	sync.Once
	out string
}
