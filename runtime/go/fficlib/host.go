package fficlib

/*
#include "rt.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Answer is a host's answer to a host call, converted to Go by the
// generated code: Value holds the result (StatusOK) or the typed error
// (StatusTypedError); Msg the message of any other status.
type Answer struct {
	Status int32
	Value  any
	Msg    string
}

type hostImpl struct {
	mode    Mode
	cb, ud  uintptr
	token   uint64
	running atomic.Int64
	retired atomic.Bool
}

var tokens atomic.Uint64

// Implement is L_implement_<h> and L_cbor_implement_<h>: it sets (cb 0:
// removes) the implementation of host fn i, and waits until invocations
// of the one it replaced, running on other threads, have returned.
func (l *Library) Implement(h uint64, i int, mode Mode, cb, userData uintptr) int32 {
	c, st := l.Open(h)
	if st != StatusOK {
		return st
	}
	var impl *hostImpl
	if cb != 0 {
		if mode == Queue {
			c.getQueue(true)
		}
		impl = &hostImpl{mode: mode, cb: cb, ud: userData, token: tokens.Add(1) | 1<<63}
	}
	old := c.impls[i].Swap(impl)
	if c.state.Load() != stateOpen {
		c.impls[i].Store(nil)
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	if old != nil {
		old.retired.Store(true)
		own := int64(C.ffic_rt1_count_token(C.uint64_t(old.token)))
		c.implMu.Lock()
		for old.running.Load() > own {
			c.implCond.Wait()
		}
		c.implMu.Unlock()
	}
	return StatusOK
}

// HostError is the error a host fn call returns when the host answered
// with a message (LU_STATUS_ERROR), or when the call failed in the
// library (not implemented, destroyed, an invalid answer).
type HostError struct {
	Func string // the host fn
	Msg  string
	Err  error // ErrNotImplemented, ErrClosed, or nil
}

func (e *HostError) Error() string { return e.Func + ": " + e.Msg }
func (e *HostError) Unwrap() error { return e.Err }

// CallHost invokes host fn i with args p and waits for the answer, or for
// ctx to end, or for destroy. When ctx has no deadline, it waits at most
// the context's host timeout (SetHostTimeout, DefaultHostTimeout): then
// it gives the call up (a later answer is UNKNOWN_ID) and fails with an
// error naming the host fn and wrapping context.DeadlineExceeded. It
// returns the answer (StatusOK or StatusTypedError) or an error for
// everything else.
func (c *Context) CallHost(ctx context.Context, i int, p Payload) (Answer, error) {
	if c == nil {
		return Answer{}, &HostError{Func: fmt.Sprintf("host fn %d", i), Msg: msgNoContext, Err: ErrClosed}
	}
	spec := &c.lib.Hosts[i]
	fail := func(msg string, err error) (Answer, error) {
		return Answer{}, &HostError{Func: spec.Name, Msg: msg, Err: err}
	}
	if c.test != nil {
		return c.callTest(ctx, i, spec, p)
	}
	var impl *hostImpl
	for {
		impl = c.impls[i].Load()
		if impl == nil {
			if c.state.Load() != stateOpen {
				return fail(ErrClosed.Error(), ErrClosed)
			}
			return fail(ErrNotImplemented.Error(), ErrNotImplemented)
		}
		impl.running.Add(1)
		if c.impls[i].Load() == impl {
			break
		}
		c.implDone(impl)
	}
	var expired <-chan time.Time
	var limit time.Duration
	if _, ok := ctx.Deadline(); !ok {
		limit = c.HostTimeout()
		t := time.NewTimer(limit)
		defer t.Stop()
		expired = t.C
	}
	id, ch, err := c.invoke(i, impl, p)
	c.implDone(impl)
	if err != nil {
		var he *HostError
		if errors.As(err, &he) {
			return Answer{}, err
		}
		return fail(err.Error(), nil)
	}
	var a Answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		if c.calls.Abandon(id) {
			return fail("no answer from the host: "+ctx.Err().Error(), ctx.Err())
		}
		a = <-ch
	case <-expired:
		if c.calls.Abandon(id) {
			return fail(fmt.Sprintf("no answer from the host within %v (the context's host timeout)", limit), context.DeadlineExceeded)
		}
		a = <-ch
	}
	switch a.Status {
	case StatusOK, StatusTypedError:
		return a, nil
	case StatusClosed:
		return fail(a.Msg, ErrClosed)
	}
	return fail(a.Msg, nil)
}

func (c *Context) implDone(impl *hostImpl) {
	if impl.running.Add(-1) == 0 && impl.retired.Load() {
		c.implMu.Lock()
		c.implCond.Broadcast()
		c.implMu.Unlock()
	}
}

// invoke starts a host call and hands it to the implementation.
//
// An invocation counts as work of the context that destroy waits for,
// except one that runs inline (a native or CBOR callback, or the
// L_cbor_inline callback in place of the queue) on a thread inside a
// plain call of the context: that call, counted
// already, cannot end before the invocation does, and destroy called
// from the invocation (which it never waits for) must not wait for the
// call it is nested in either. The generated C entry points of plain
// calls mark the thread for this with ffic_rt1_enter(~ctx, 0): ~ctx is
// never a handle (its slot bits are above the table's bound), so
// ffic_rt1_count_ctx(ctx), what destroy does not wait for, is unchanged.
func (c *Context) invoke(i int, impl *hostImpl, p Payload) (uint64, <-chan Answer, error) {
	spec := &c.lib.Hosts[i]
	mode, cb := impl.mode, impl.cb
	nested := false
	if mode != Queue || c.inline.Load() != 0 {
		nested = C.ffic_rt1_count_ctx(C.uint64_t(^c.handle)) > 0
	}
	if mode == Queue && nested {
		if cb = c.inline.Load(); cb != 0 {
			mode = CBOR // answered on this thread, through L_cbor_inline's callback
		} else {
			nested = false
		}
	}
	if nested {
		if c.state.Load() != stateOpen {
			return 0, nil, &HostError{Func: spec.Name, Msg: ErrClosed.Error(), Err: ErrClosed}
		}
	} else {
		if !c.enter() {
			return 0, nil, &HostError{Func: spec.Name, Msg: ErrClosed.Error(), Err: ErrClosed}
		}
		defer c.leave()
	}
	id, ch := c.calls.StartTagged(i)
	if id == 0 {
		return 0, nil, &HostError{Func: spec.Name, Msg: ErrClosed.Error(), Err: ErrClosed}
	}
	switch mode {
	case Native:
		a := GetArena()
		defer a.Release()
		args, err := p.ToC(a)
		if err != nil {
			c.calls.Abandon(id)
			return 0, nil, err
		}
		spec.Native(c.handle, impl.token, impl.cb, impl.ud, id, args)
	default:
		e := GetEncoder()
		defer PutEncoder(e)
		if err := p.Encode(e); err != nil {
			c.calls.Abandon(id)
			return 0, nil, err
		}
		if err := e.Err(); err != nil {
			c.calls.Abandon(id)
			return 0, nil, err
		}
		if mode == CBOR {
			callCBOR(c.handle, impl.token, cb, impl.ud, StatusOK, id, e.Bytes())
		} else {
			c.push(item{tag: impl.ud, data: clone(e.Bytes()), id: id, kind: ItemHostCall, status: StatusOK, decl: spec.Decl})
		}
	}
	return id, ch, nil
}

// SetInline is L_cbor_inline: it sets (cb 0: removes) the callback
// through which invocations of host fns implemented with L_enqueue are
// made when they happen on a thread inside a plain call of the context
// (see invoke), instead of queueing an item.
func (l *Library) SetInline(h uint64, cb uintptr) int32 {
	c, st := l.Open(h)
	if st != StatusOK {
		return st
	}
	c.inline.Store(cb)
	return StatusOK
}

// HostCall returns which host fn call id belongs to, for L_cbor_complete:
// a status other than OK (with the last error set) if the context or the
// id is not live.
func (l *Library) HostCall(h uint64, id uint64) (*Context, int, int32) {
	c, st := l.Open(h)
	if st != StatusOK {
		return nil, 0, st
	}
	i, ok := c.calls.Tag(id)
	if !ok {
		return nil, 0, Reject(StatusUnknownID, fmt.Sprintf("%s_cbor_complete: call id %d is not waiting for an answer", l.Name, id))
	}
	return c, i, StatusOK
}

// CheckHostCall is HostCall for L_complete_<h> of host fn i: an id of
// another host fn is UNKNOWN_ID.
func (l *Library) CheckHostCall(h uint64, id uint64, i int) (*Context, int32) {
	c, j, st := l.HostCall(h, id)
	if st == StatusOK && j != i {
		return nil, Reject(StatusUnknownID, fmt.Sprintf("%s_complete_%s: call id %d is not a call of %s", l.Name, l.Hosts[i].Name, id, l.Hosts[i].Name))
	}
	return c, st
}

// Answer delivers the answer of call id of host fn i. An invalid answer
// is delivered too (as the failure it causes in the library, a status
// other than OK with the reason) while the entry point returns rejection
// (INVALID_ARGUMENT or DECODE_ERROR): the id is spent either way.
func (c *Context) Answer(id uint64, i int, a Answer, rejection int32) int32 {
	err := c.calls.CompleteTagged(id, i, a)
	switch {
	case errors.Is(err, fficrt.ErrClosed):
		return Reject(StatusClosed, c.lib.Name+": the context is destroyed")
	case err != nil:
		return Reject(StatusUnknownID, fmt.Sprintf("%s: call id %d is not waiting for an answer", c.lib.Name, id))
	}
	if rejection != StatusOK {
		return Reject(rejection, a.Msg)
	}
	return StatusOK
}

// AnswerStatus checks the status a host answered with: OK, ERROR, or
// TYPED_ERROR when the host fn throws. It returns "" or what is wrong.
func AnswerStatus(status int32, throws bool) string {
	switch {
	case status == StatusOK, status == StatusError, status == StatusTypedError && throws:
		return ""
	}
	return fmt.Sprintf("invalid answer status %d", status)
}
