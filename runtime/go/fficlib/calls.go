package fficlib

/*
#include "rt.h"
*/
import "C"

import (
	"sync"
	"sync/atomic"
	"syscall"

	fficrt "github.com/ffic/ffic/runtime/go"
)

func gettid() int { return syscall.Gettid() }

// Async is one async call in flight: it completes exactly once, through
// Claim, either from its handler's goroutine or from destroy at its
// deadline.
type Async struct {
	c      *Context // nil for a static async fn
	fn     int
	mode   Mode
	cb, ud uintptr
	done   atomic.Bool
	shard  *asyncShard
}

// StartAsync registers an async call accepted by Begin (c nil for a static
// async fn). Run the handler on a goroutine, then complete the call if
// Claim says so, then Finish.
func (l *Library) StartAsync(c *Context, fn int, mode Mode, cb, userData uintptr) *Async {
	a := &Async{c: c, fn: fn, mode: mode, cb: cb, ud: userData}
	if c != nil {
		a.shard = &c.async[c.asyncNext.Add(1)%asyncShards]
		a.shard.mu.Lock()
		a.shard.calls[a] = struct{}{}
		a.shard.mu.Unlock()
	}
	return a
}

// asyncShards spreads the registry of async calls in flight over several
// locks: the host's thread registers a call while library threads remove
// completed ones, and a host thread that blocks on a contended lock costs
// a thread hand-off (tens of microseconds), not nanoseconds.
const asyncShards = 32

type asyncShard struct {
	mu    sync.Mutex
	calls map[*Async]struct{}
	_     [40]byte // keep shards on separate cache lines
}

// Claim reports whether the caller is the one to complete the call: false
// if destroy already completed it with CLOSED.
func (a *Async) Claim() bool { return a.done.CompareAndSwap(false, true) }

// Finish ends an async call after its completion callback.
func (a *Async) Finish() {
	if a.c == nil {
		return
	}
	a.shard.mu.Lock()
	delete(a.shard.calls, a)
	a.shard.mu.Unlock()
	a.c.leave()
}

// failAsync completes every async call still in flight with CLOSED, from
// a library thread, once destroy timed out.
func (c *Context) failAsync() {
	var pending []*Async
	for i := range c.async {
		sh := &c.async[i]
		sh.mu.Lock()
		for a := range sh.calls {
			pending = append(pending, a)
		}
		sh.mu.Unlock()
	}
	for _, a := range pending {
		if !a.Claim() {
			continue
		}
		if a.mode == Native {
			c.lib.Funcs[a.fn].Fail(c.handle, a.cb, a.ud, StatusClosed, MsgTimedOut)
		} else {
			var e fficrt.Encoder
			e.WriteString(MsgTimedOut)
			c.lib.DoneCBOR(c, a.mode, a.cb, a.ud, a.fn, StatusClosed, e.Bytes())
		}
		a.Finish()
	}
}

// DoneCBOR completes a call through a CBOR callback, or queues its item
// (mode Queue): data is the result's, typed error's or message's
// encoding, valid during the call. c is nil for a static fn.
func (l *Library) DoneCBOR(c *Context, mode Mode, cb, userData uintptr, fn int, status int32, data []byte) {
	if mode == Queue {
		c.push(item{tag: userData, data: clone(data), kind: ItemCompletion, status: status, decl: l.Funcs[fn].Decl})
		return
	}
	var h uint64
	if c != nil {
		h = c.handle
	}
	callCBOR(h, 0, cb, userData, status, 0, data)
}

// CallCBOR calls an L_cbor_cb (a CBOR callback with a new context, say).
func CallCBOR(ctx uint64, cb, userData uintptr, status int32, id uint64, data []byte) {
	callCBOR(ctx, 0, cb, userData, status, id, data)
}

func callCBOR(ctx, token uint64, cb, userData uintptr, status int32, id uint64, data []byte) {
	C.ffic_rt1_call_cbor(C.uint64_t(ctx), C.uint64_t(token), C.uintptr_t(cb), C.uintptr_t(userData),
		C.int32_t(status), C.uint64_t(id), (*C.uint8_t)(dataPtr(data)), C.size_t(len(data)))
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// The encoder and decoder pools are fficrt's.
func GetEncoder() *fficrt.Encoder                         { return fficrt.GetEncoder() }
func PutEncoder(e *fficrt.Encoder)                        { fficrt.PutEncoder(e) }
func GetDecoder(data []byte, root string) *fficrt.Decoder { return fficrt.GetDecoder(data, root) }
func PutDecoder(d *fficrt.Decoder)                        { fficrt.PutDecoder(d) }

// GrowStack grows the goroutine's stack to 8 KiB if the call completes
// through a callback that runs Go code (see RegisterGoCallback); the
// generated code calls it first thing on the goroutine of every async
// call. Such a callback re-enters Go on this very goroutine, below the
// handler's frames, and growing the stack down there copies every frame
// of the cgo call: with a Go host at 64 calls in flight that was 30 % of
// the CPU time. Growing it here, while the goroutine is shallow, is one
// cheap copy. Other callbacks (C hosts) do not pay for it: a goroutine
// with a grown stack costs a stack allocation and free on top of the
// pooled one, 300 ns per call at 64 in flight.
func (a *Async) GrowStack() {
	if a.reentrant() {
		growStack()
	}
}

// reentrant reports whether the call's completion runs Go code.
func (a *Async) reentrant() bool { return a.mode != Queue && isGoCallback(a.cb) }

//go:noinline
func growStack() {
	var pad [growBytes]byte
	touch(&pad)
}

// growBytes is what growStack's frame needs: the stack doubles from 2 KiB
// to 8 KiB.
const growBytes = 4 << 10

//go:noinline
func touch(*[growBytes]byte) {}

// RegisterGoCallback records that the C function at cb calls into Go
// (fficrt.RegisterGoCallback, which the Go host runtime calls).
var RegisterGoCallback = fficrt.RegisterGoCallback

func isGoCallback(cb uintptr) bool { return fficrt.IsGoCallback(cb) }
