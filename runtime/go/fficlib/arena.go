package fficlib

/*
#include <stdlib.h>
#include "rt.h"
*/
import "C"

import (
	"runtime"
	"sync"
	"unicode/utf8"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Arena is C memory for one native value handed to the host (a result, an
// error, event or host-call arguments): the value's whole graph of C
// structs, arrays and string bytes is carved out of it, it stays valid
// during the callback, and Release frees it all at once. Small values fit
// in a pooled 4 KiB block, so the usual result costs no allocation and no
// extra cgo call; a larger one takes one more C.malloc.
type Arena struct {
	base  unsafe.Pointer // the pooled block
	blk   *arenaBlockMem
	off   uintptr
	cur   unsafe.Pointer // the block being carved
	size  uintptr
	extra []unsafe.Pointer // blocks beyond the first, freed by Release
}

const arenaBlock = 4096

// arenaBlockMem is a pooled block; the finalizer gives its C memory back
// when the pool drops it.
type arenaBlockMem struct{ p unsafe.Pointer }

var arenaPool = sync.Pool{New: func() any {
	b := &arenaBlockMem{p: C.ffic_rt1_block_alloc(arenaBlock)}
	if b.p == nil {
		panic("fficlib: out of C memory")
	}
	runtime.SetFinalizer(b, func(b *arenaBlockMem) { C.ffic_rt1_block_free(b.p) })
	return b
}}

var arenas = sync.Pool{New: func() any { return new(Arena) }}

// GetArena returns an empty arena; Release it after the callback.
func GetArena() *Arena {
	a := arenas.Get().(*Arena)
	if a.base == nil {
		blk := arenaPool.Get().(*arenaBlockMem)
		a.base = blk.p
		a.blk = blk
	}
	a.cur, a.size, a.off = a.base, arenaBlock, 0
	return a
}

// Release frees what the arena holds. Nothing it gave out may be used
// afterwards.
func (a *Arena) Release() {
	for _, p := range a.extra {
		C.free(p)
	}
	clear(a.extra)
	a.extra = a.extra[:0]
	arenas.Put(a)
}

// MaxAlign is the largest _Alignof of a C type of the ABI (that of
// uint64_t, double, size_t and pointers). New and Array align every value
// to it: cgo sees a C union as a byte array, so Go's alignment of a type
// holding a union (unsafe.Alignof) can be less than C's.
const MaxAlign = 8

// Alloc returns size zeroed bytes aligned to align (a power of two, at
// most 16).
func (a *Arena) Alloc(size, align uintptr) unsafe.Pointer {
	off := (a.off + align - 1) &^ (align - 1)
	if off+size > a.size {
		n := max(size, arenaBlock*2)
		p := C.malloc(C.size_t(n))
		if p == nil {
			panic("fficlib: out of C memory")
		}
		a.extra = append(a.extra, p)
		a.cur, a.size, off = p, n, 0
	}
	p := unsafe.Add(a.cur, off)
	a.off = off + size
	clear(unsafe.Slice((*byte)(p), size))
	return p
}

// Array returns n zeroed elements of elemSize bytes, or nil for none.
func (a *Arena) Array(n int, elemSize, align uintptr) unsafe.Pointer {
	if n == 0 {
		return nil
	}
	return a.Alloc(uintptr(n)*elemSize, align)
}

// String copies s into the arena, checking that it is UTF-8; nil for "".
func (a *Arena) String(s string) (unsafe.Pointer, error) {
	if !utf8.ValidString(s) {
		return nil, Errorf("invalid UTF-8")
	}
	if len(s) == 0 {
		return nil, nil
	}
	p := a.Alloc(uintptr(len(s)), 1)
	copy(unsafe.Slice((*byte)(p), len(s)), s)
	return p, nil
}

// Bytes copies b into the arena; nil for none.
func (a *Arena) Bytes(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	p := a.Alloc(uintptr(len(b)), 1)
	copy(unsafe.Slice((*byte)(p), len(b)), b)
	return p
}

// MaxNativeBytes is the most bytes the array of one native string,
// bytes, list or map (ptr, len) may span: len times the size of its C
// element type (docs/abi.md). A longer one is rejected before anything is
// read or allocated.
const MaxNativeBytes = 1<<31 - 1

// checkSpan checks that n elements of size bytes at p can exist: within
// MaxNativeBytes, and not running past the end of the address space.
func checkSpan(p unsafe.Pointer, n uint64, size uintptr) error {
	return checkSpanAt(uintptr(p), n, size)
}

func checkSpanAt(p uintptr, n uint64, size uintptr) error {
	if n > 0 && p == 0 {
		return Errorf("NULL pointer with length %d", n)
	}
	size = max(size, 1)
	if n > MaxNativeBytes/uint64(size) {
		if size == 1 {
			return Errorf("length %d is more than %d bytes", n, uint64(MaxNativeBytes))
		}
		return Errorf("length %d is more than %d bytes of %d-byte elements", n, uint64(MaxNativeBytes), size)
	}
	if p+uintptr(n)*size < p {
		return Errorf("length %d runs past the end of memory", n)
	}
	return nil
}

// StringFromC copies a native string (ptr, len) into Go, checking it.
func StringFromC(p unsafe.Pointer, n uint64) (string, error) {
	if n == 0 {
		return "", nil
	}
	if err := checkSpan(p, n, 1); err != nil {
		return "", err
	}
	b := unsafe.Slice((*byte)(p), n)
	if !utf8.Valid(b) {
		return "", Errorf("invalid UTF-8")
	}
	return string(b), nil
}

// BytesFromC copies native bytes (ptr, len) into Go; never nil.
func BytesFromC(p unsafe.Pointer, n uint64) ([]byte, error) {
	if n == 0 {
		return []byte{}, nil
	}
	if err := checkSpan(p, n, 1); err != nil {
		return nil, err
	}
	return append(make([]byte, 0, n), unsafe.Slice((*byte)(p), n)...), nil
}

// ArrayFromC checks a native list or map (ptr, len) of elements of size
// bytes: an error for a NULL pointer with a length, or a length no array
// can have (see MaxNativeBytes).
func ArrayFromC(p unsafe.Pointer, n uint64, size uintptr) error {
	return checkSpan(p, n, size)
}

// MapHint is the capacity to make a Go map with for a native map of n
// entries: at most a few thousand, so that memory is taken as entries
// are read, never up front for a length (a map<bool, T> of 2^30 entries
// is valid as far as its length goes, and holds two).
func MapHint(n uint64) int { return int(min(n, 4096)) }

// MaxDepth is the nesting limit of docs/wire.md, applied to native input
// as counted in the CBOR encoding of the same value.
const MaxDepth = fficrt.MaxDepth

// ErrDepth is the error of a native value nested deeper than MaxDepth (or
// cyclic).
var ErrDepth = fficrt.ErrDepth

// Bytes returns data as a C pointer for the duration of a cgo call: a Go
// []byte holds no Go pointers, so cgo lets C read it during the call.
func dataPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// New returns a zeroed T in the arena (T a cgo type), aligned as C
// aligns it (see MaxAlign).
func New[T any](a *Arena) *T {
	var z T
	return (*T)(a.Alloc(unsafe.Sizeof(z), max(unsafe.Alignof(z), MaxAlign)))
}

// Array returns n zeroed Ts in the arena (n > 0), aligned as C aligns
// them (see MaxAlign). A cgo type's size is C's, a multiple of C's
// alignment, so every element is aligned too.
func Array[T any](a *Arena, n int) []T {
	var z T
	return unsafe.Slice((*T)(a.Alloc(uintptr(n)*unsafe.Sizeof(z), max(unsafe.Alignof(z), MaxAlign))), n)
}

// StrPtr is the data of s for a cgo call (nil for ""): string bytes hold
// no Go pointers, so C may read them during the call.
func StrPtr(s string) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(unsafe.StringData(s))
}

// Bytes is a C buffer (ptr, len) as a slice, for reading during a call.
func BytesOf(p unsafe.Pointer, n uint64) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), n)
}
