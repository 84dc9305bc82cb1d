// Package memimpl is the Go implementation of internal/e2e/memlib/mem.ffi.
// Importing it registers the implementation; the command memlib builds it
// into a c-shared library for the C host internal/e2e/testdata/mem.c.
package memimpl

import (
	"context"
	"strings"

	"github.com/ffic/ffic/internal/e2e/memlib/gen/ffimem"
	ffimemlib "github.com/ffic/ffic/internal/e2e/memlib/gen/ffimem/lib"
)

func init() {
	ffimemlib.Register(func(ctx context.Context, env ffimemlib.Env) (ffimemlib.Impl, error) { return impl{env}, nil })
}

type impl struct{ env ffimemlib.Env }

// odd is a string of odd length 2k+1.
func odd(k int) string { return strings.Repeat("ab", k) + "c" }

// num is a Num of arm i % 6 (arms in declaration order), nesting a list
// of two more for the many arm while depth lasts.
func num(i, depth int) ffimem.Num {
	switch i % 6 {
	case 0:
		return ffimem.NumNone{}
	case 1:
		return ffimem.NumBig{Value: uint64(i) << 40}
	case 2:
		return ffimem.NumReal{Value: float64(i) + 0.5}
	case 3:
		return ffimem.NumPair{Value: pair(i)}
	case 4:
		if depth == 0 {
			return ffimem.NumMany{Value: []ffimem.Num{}}
		}
		return ffimem.NumMany{Value: []ffimem.Num{num(i+1, depth-1), num(i+3, depth-1)}}
	}
	return ffimem.NumName{Value: odd(i)}
}

func pair(i int) ffimem.Pair {
	return ffimem.Pair{Small: uint8(i), Big: uint64(i) << 33, Real: float64(i) / 4}
}

// holder builds make(n).
func holder(n int) ffimem.Holder {
	h := ffimem.Holder{
		Label: odd(n),
		Num:   num(n, 2),
		ByKey: map[string]ffimem.Num{},
		Kinds: map[string]ffimem.Kind{},
		Blob:  []byte(odd(n + 1)),
		Nums:  []ffimem.Num{},
		Pairs: []ffimem.Pair{},
		Kids:  []ffimem.Holder{},
	}
	for i := range n {
		// A string first, then the union list: unaligned unless aligned.
		h.Nums = append(h.Nums, num(i, 2))
		h.Pairs = append(h.Pairs, pair(i))
		h.ByKey[odd(i)] = num(i+1, 1)
		h.Kinds[odd(i)] = ffimem.Kind(i % 2)
		h.Kids = append(h.Kids, holder(n-1))
	}
	if n%2 == 1 {
		h.Maybe = num(n+4, 1) // the many arm: a list inside an optional
	}
	return h
}

func (impl) Make(_ context.Context, n uint32) (ffimem.Holder, error) { return holder(int(n)), nil }

func (i impl) Echo(_ context.Context, h ffimem.Holder) (ffimem.Holder, error) {
	i.env.Events.Made(h)
	return h, nil
}

func (impl) EchoAsync(_ context.Context, h ffimem.Holder) (ffimem.Holder, error) { return h, nil }

func (impl) Num(_ context.Context, n uint32) (ffimem.Num, error) { return num(int(n), 2), nil }

func (i impl) Visit(ctx context.Context, n uint32) (uint64, error) {
	return i.env.Host.Inspect(ctx, holder(int(n)))
}

func (impl) Lengths(_ context.Context, text string, raw []byte, words []uint64, pairs []ffimem.Pair) (uint64, error) {
	return uint64(len(text) + len(raw) + len(words) + len(pairs)), nil
}
