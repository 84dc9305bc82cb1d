// Package benchimpl is the Go implementation of
// internal/e2e/benchlib/bench.ffi. Importing it registers the
// implementation: the command benchlib builds it into a c-shared library
// for C hosts, and the Go host benchmark (internal/gohost) links it into
// its test binary, so both measure the same library.
package benchimpl

import (
	"context"

	"github.com/ffic/ffic/internal/e2e/benchlib/gen/ffibench"
	ffibenchlib "github.com/ffic/ffic/internal/e2e/benchlib/gen/ffibench/lib"
)

func init() {
	ffibenchlib.Register(func(ctx context.Context, env ffibenchlib.Env) (ffibenchlib.Impl, error) { return impl{env}, nil })
}

type impl struct{ env ffibenchlib.Env }

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
