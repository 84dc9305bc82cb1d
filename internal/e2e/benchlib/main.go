// Command benchlib implements internal/e2e/benchlib/bench.ffi, for the
// benchmark of the C ABI (BenchmarkABI) and as a second library loaded in
// one process with my_timer (TestTwoLibraries). It also exports a bare cgo
// function, ffibench_floor, the floor the benchmark compares with.
package main

// #include <stdint.h>
import "C"

import (
	"context"

	"github.com/ffic/ffic/internal/e2e/benchlib/gen/ffibench"
)

func init() {
	ffibench.Register(func(ctx context.Context, env ffibench.Env) (ffibench.Impl, error) { return impl{env}, nil })
}

func main() {}

type impl struct{ env ffibench.Env }

func (impl) Add(_ context.Context, p ffibench.Point) (ffibench.Point, error) {
	return ffibench.Point{X: p.X + 1, Y: p.Y + 1}, nil
}

func (impl) AddAsync(_ context.Context, p ffibench.Point) (ffibench.Point, error) {
	return ffibench.Point{X: p.X + 1, Y: p.Y + 1}, nil
}

func (i impl) Fire(_ context.Context, n int64) error {
	for k := int64(0); k < n; k++ {
		i.env.Events.Fired(k)
	}
	return nil
}

func (i impl) Mirror(_ context.Context, v ffibench.Sink) (ffibench.Sink, error) {
	i.env.Events.Sunk(v)
	return v, nil
}

// ffibench_floor is a bare C -> Go call: what every entry point costs at
// least.
//
//export ffibench_floor
func ffibench_floor(x C.int32_t) C.int32_t { return x + 1 }
