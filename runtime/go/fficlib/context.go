package fficlib

/*
#include "rt.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Library describes one generated library to the runtime: its name (for
// messages) and, per fn, event and host fn, the generated functions that
// call the host's native function pointers, whose C types only the
// generated code knows. A generated package has one Library.
type Library struct {
	Name   string
	Funcs  []FuncSpec
	Events []EventSpec
	Hosts  []HostSpec

	contexts fficrt.Handles[*Context]
}

// FuncSpec describes one fn.
type FuncSpec struct {
	Name string
	Decl int32
	// Fail completes a native call of the fn with a status and a message
	// (no result, no typed error): how destroy completes an async call
	// still running at its deadline.
	Fail func(ctx uint64, cb, userData uintptr, status int32, msg string)
}

// EventSpec describes one event.
type EventSpec struct {
	Name string
	Decl int32
	// Native calls a native listener with the event's args (a pointer to
	// L_event_<ev>_args in C memory, nil if the event has no parameters).
	Native func(ctx, token uint64, cb, userData uintptr, listener uint64, args unsafe.Pointer)
}

// HostSpec describes one host fn.
type HostSpec struct {
	Name string
	Decl int32
	// Native invokes a native implementation with a call id and the args
	// (L_host_<h>_args in C memory, nil if none).
	Native func(ctx, token uint64, cb, userData uintptr, callID uint64, args unsafe.Pointer)
}

// Mode is how a callback was registered.
type Mode uint8

const (
	// Native: a native function pointer.
	Native Mode = iota
	// CBOR: an L_cbor_cb.
	CBOR
	// Queue: L_enqueue, delivering to the completion queue.
	Queue
)

// CBORMode returns CBOR, or Queue when the C side recognized L_enqueue.
func CBORMode(enqueue bool) Mode {
	if enqueue {
		return Queue
	}
	return CBOR
}

// The states of a context.
const (
	stateOpen int32 = iota
	stateClosing
	stateTimedOut // destroy returned TIMEOUT: late completions report CLOSED
)

// Context is one live context: a handle in the library's table, the
// user's implementation, and the machinery around it.
type Context struct {
	lib    *Library
	handle uint64
	state  atomic.Int32
	// busy counts what destroy waits for: calls accepted and not yet
	// completed (their completion callback included) and callbacks of
	// listeners and implementations running.
	busy atomic.Int64
	wake chan struct{} // a token when busy dropped while closing
	done chan struct{} // closed by finalize

	ctx    context.Context
	cancel context.CancelFunc
	// Impl is the generated package's implementation of the context.
	Impl any

	events    *fficrt.Listeners[*listener]
	lsMu      sync.Mutex
	byID      map[uint64]*listener
	disp      *fficrt.Dispatcher
	eventTID  atomic.Int64
	evMu      sync.Mutex
	evCond    sync.Cond
	evRunning uint64 // the listener the event thread is calling, 0 if none
	// waitsFor is the context whose listener a listener of this one,
	// on this context's event thread, waits for in Unlisten (nil if none).
	waitsFor atomic.Pointer[Context]

	impls    []atomic.Pointer[hostImpl]
	implMu   sync.Mutex
	implCond sync.Cond
	calls    fficrt.HostCalls[Answer]
	// hostTimeout is how long a host fn call whose ctx has no deadline
	// waits for the answer (SetHostTimeout); 0: DefaultHostTimeout.
	hostTimeout atomic.Int64

	async     [asyncShards]asyncShard
	asyncNext atomic.Uint32

	queueMu      sync.Mutex
	queue        *fficrt.Queue[item]
	queuedEvents atomic.Int64
	queueDropped atomic.Uint64
	polling      atomic.Bool
	woken        atomic.Bool // L_poll_wake was called and no poll returned for it yet
	pollBuf      unsafe.Pointer
	// test holds the hooks of a test context (NewTestContext); nil for a
	// real one.
	test *TestHooks

	// inline is the L_cbor_cb of L_cbor_inline (0: none): invocations of
	// queued implementations on a thread inside a plain call of the
	// context go to it instead of the queue.
	inline atomic.Uintptr
}

// NewContext creates a context that is not yet in the table: the ctor
// runs against it, then Publish makes it reachable (or Discard drops it).
func (l *Library) NewContext() *Context {
	c := &Context{
		lib:  l,
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
		byID: map[uint64]*listener{},
	}
	for i := range c.async {
		c.async[i].calls = map[*Async]struct{}{}
	}
	c.evCond.L = &c.evMu
	c.implCond.L = &c.implMu
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.events = fficrt.NewListeners[*listener](len(l.Events))
	c.impls = make([]atomic.Pointer[hostImpl], len(l.Hosts))
	return c
}

// Ctx is the context's lifetime: cancelled when destroy begins. Handlers
// receive it.
func (c *Context) Ctx() context.Context { return c.ctx }

// Handle returns the context's handle (0 before Publish).
func (c *Context) Handle() uint64 {
	if c == nil {
		return 0
	}
	return c.handle
}

// Publish puts the context in the table and returns its handle; 0 if the
// table is full.
func (c *Context) Publish(impl any) uint64 {
	c.Impl = impl
	if len(c.lib.Events) > 0 {
		c.disp = fficrt.NewDispatcherThread(4096, func() {
			tid := int64(gettid())
			c.eventTID.Store(tid)
			eventThreads.Store(tid, c)
		})
	}
	c.handle = c.lib.contexts.Add(c)
	if c.handle == 0 {
		c.Discard()
	}
	return c.handle
}

// Discard ends a context whose ctor failed.
func (c *Context) Discard() {
	c.state.Store(stateClosing)
	c.calls.Close(Answer{Status: StatusClosed, Msg: ErrClosed.Error()})
	c.cancel()
	if c.disp != nil {
		c.disp.Close(-1)
		c.forgetEventThread()
	}
}

// forgetEventThread removes the event thread, which has ended, from
// eventThreads.
func (c *Context) forgetEventThread() {
	if tid := c.eventTID.Load(); tid != 0 {
		eventThreads.CompareAndDelete(tid, c)
	}
}

// Lookup returns the live context of handle, or a rejection status (with
// the last error set): CLOSED for a destroyed one, INVALID_CONTEXT for
// one never issued. A context being destroyed is still returned; callers
// that start work use Begin.
func (l *Library) Lookup(h uint64) (*Context, int32) {
	if c, ok := l.contexts.Get(h); ok {
		return c, StatusOK
	}
	if l.contexts.Issued(h) {
		return nil, Reject(StatusClosed, fmt.Sprintf("%s: context %d is destroyed", l.Name, h))
	}
	return nil, Reject(StatusInvalidContext, fmt.Sprintf("%s: %d is not a context of this library", l.Name, h))
}

// Open returns the context of handle if it is live and not being
// destroyed, or a rejection status.
func (l *Library) Open(h uint64) (*Context, int32) {
	c, st := l.Lookup(h)
	if st != StatusOK {
		return nil, st
	}
	if c.state.Load() != stateOpen {
		return nil, Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	return c, StatusOK
}

// Begin accepts a call on handle: the context must be open. The caller
// then either completes the call (its completion callback, then End) or
// rejects it with c.Reject.
func (l *Library) Begin(h uint64) (*Context, int32) {
	c, ok := l.contexts.Get(h)
	if !ok {
		_, st := l.Lookup(h)
		return nil, st
	}
	if !c.enter() {
		return nil, Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	return c, StatusOK
}

// Reject undoes Begin for a call refused after it (an invalid argument).
func (c *Context) Reject(status int32, msg string) int32 {
	c.leave()
	return Reject(status, msg)
}

// End ends a call begun with Begin, after its completion callback.
func (c *Context) End() { c.leave() }

// TimedOut reports whether destroy gave up waiting for this context: a
// plain call whose handler returns afterwards completes with CLOSED.
func (c *Context) TimedOut() bool { return c != nil && c.state.Load() == stateTimedOut }

// MsgTimedOut is the message of a call completed with CLOSED because
// destroy cut it short (CutShort).
const MsgTimedOut = "context destroyed before the call completed"

// CutShort reports whether a call of the context whose handler returned
// err completes with CLOSED (and MsgTimedOut) rather than as err says:
// destroy timed out (TimedOut), or destroy has begun and err is what a
// handler returns when destroy stops it: an error wrapping
// context.Canceled (the handler returned ctx.Err()) or ErrClosed (a host
// fn call that destroy failed). Generated code asks it for every call it
// completes; it is false for a static fn's nil context.
func (c *Context) CutShort(err error) bool {
	if c == nil {
		return false
	}
	switch c.state.Load() {
	case stateOpen:
		return false
	case stateTimedOut:
		return true
	}
	return err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, ErrClosed))
}

// DefaultHostTimeout is how long a host fn call waits for the host's
// answer when its ctx has no deadline, unless the context was given
// another with SetHostTimeout.
const DefaultHostTimeout = 60 * time.Second

// SetHostTimeout sets how long the context's host fn calls whose ctx has
// no deadline wait for the host's answer (d <= 0: DefaultHostTimeout).
// The implementation's ctor sets it, through the generated Env.
func (c *Context) SetHostTimeout(d time.Duration) {
	if c == nil {
		return
	}
	if d < 0 {
		d = 0
	}
	c.hostTimeout.Store(int64(d))
}

// HostTimeout returns what SetHostTimeout set, or DefaultHostTimeout.
func (c *Context) HostTimeout() time.Duration {
	if c == nil {
		return DefaultHostTimeout
	}
	if d := time.Duration(c.hostTimeout.Load()); d > 0 {
		return d
	}
	return DefaultHostTimeout
}

func (c *Context) enter() bool {
	c.busy.Add(1)
	if c.state.Load() != stateOpen {
		c.leave()
		return false
	}
	return true
}

func (c *Context) leave() {
	if c.busy.Add(-1) >= 0 && c.state.Load() != stateOpen {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// Destroy is L_destroy.
func (l *Library) Destroy(h uint64, timeoutMs int32) int32 {
	c, st := l.Lookup(h)
	if st != StatusOK {
		return st
	}
	if timeoutMs < 0 {
		return Reject(StatusInvalidArgument, fmt.Sprintf("%s_destroy: negative timeout %d", l.Name, timeoutMs))
	}
	if !c.state.CompareAndSwap(stateOpen, stateClosing) {
		return Reject(StatusClosed, l.Name+": the context is already destroyed")
	}
	// At once: listeners and implementations go, undelivered events and
	// queued event and host-call items are dropped, waiting host calls
	// fail, handlers are told to stop.
	c.events.Clear()
	c.lsMu.Lock()
	for id, ls := range c.byID {
		ls.removed.Store(true)
		delete(c.byID, id)
	}
	c.lsMu.Unlock()
	for i := range c.impls {
		c.impls[i].Store(nil)
	}
	if q := c.getQueue(false); q != nil {
		q.Filter(func(it item) bool { return it.kind == ItemCompletion })
	}
	c.calls.Close(Answer{Status: StatusClosed, Msg: ErrClosed.Error()})
	c.cancel()

	// Then wait for calls in flight and running callbacks, except those
	// this thread is inside of.
	own := int64(C.ffic_rt1_count_ctx(C.uint64_t(h)))
	deadline := time.NewTimer(time.Duration(timeoutMs) * time.Millisecond)
	defer deadline.Stop()
	for c.busy.Load() > own {
		select {
		case <-c.wake:
		case <-deadline.C:
			if c.busy.Load() <= own {
				break
			}
			c.state.Store(stateTimedOut)
			go c.failAsync()
			go c.finalize()
			return Reject(StatusTimeout, fmt.Sprintf("%s_destroy: work still running after %d ms", l.Name, timeoutMs))
		}
	}
	go c.finalize()
	return StatusOK
}

// finalize runs once nothing of the context runs any more: it stops the
// event thread, closes the queue (the poller drains it, then gets CLOSED)
// and takes the context out of the table.
func (c *Context) finalize() {
	for c.busy.Load() > 0 {
		select {
		case <-c.wake:
		case <-time.After(50 * time.Millisecond):
		}
	}
	if c.disp != nil {
		c.disp.Close(-1)
		c.forgetEventThread()
	}
	if closer, ok := c.Impl.(interface{ Close() }); ok {
		func() {
			defer func() { _ = recover() }()
			closer.Close()
		}()
	}
	q := c.getQueue(false)
	if q != nil {
		q.Close()
	}
	close(c.done)
	if q == nil || q.Len() == 0 && !c.polling.Load() {
		c.lib.contexts.Remove(c.handle)
	}
}

// DroppedEvents is L_dropped_events.
func (l *Library) DroppedEvents(h uint64, count *uint64) int32 {
	c, st := l.Open(h)
	if st != StatusOK {
		return st
	}
	if count == nil {
		return Reject(StatusInvalidArgument, l.Name+"_dropped_events: count is NULL")
	}
	var n uint64
	if c.disp != nil {
		n = c.disp.Dropped()
	}
	*count = n + c.queueDropped.Load()
	return StatusOK
}

// Contexts returns how many contexts are in the table (for tests).
func (l *Library) Contexts() int { return l.contexts.Len() }
