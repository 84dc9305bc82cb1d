package fficlib

/*
#include <stdlib.h>
#include <string.h>
#include "rt.h"
*/
import "C"

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// item is one entry of a context's completion queue.
type item struct {
	tag    uintptr
	data   []byte
	id     uint64
	kind   int32
	status int32
	decl   int32
}

// getQueue returns the context's completion queue, creating it if create.
func (c *Context) getQueue(create bool) *fficrt.Queue[item] {
	c.queueMu.Lock()
	defer c.queueMu.Unlock()
	if c.queue == nil && create {
		c.queue = fficrt.NewQueue[item](0)
	}
	return c.queue
}

func (c *Context) push(it item) {
	q := c.getQueue(true)
	if err := q.Push(it); err != nil && it.kind == ItemEvent {
		c.queuedEvents.Add(-1)
	}
}

// Poll is L_poll. items points at capacity L_item structs.
func (l *Library) Poll(h uint64, items unsafe.Pointer, capacity uint64, timeoutMs int32, count *uint64) int32 {
	c, st := l.Lookup(h)
	if st != StatusOK {
		if count != nil {
			*count = 0
		}
		// The context is gone (destroy removed it, its queue being empty):
		// this poll ends the last batch's lifetime.
		C.ffic_rt1_block_free_owned(C.uint64_t(l.id()), C.uint64_t(h))
		return st
	}
	if items == nil || count == nil || capacity == 0 {
		return Reject(StatusInvalidArgument, l.Name+"_poll: items or count is NULL, or capacity is 0")
	}
	*count = 0
	if !c.polling.CompareAndSwap(false, true) {
		return Reject(StatusBusy, l.Name+"_poll: another thread is polling the context")
	}
	defer c.polling.Store(false)
	if c.pollBuf != nil {
		C.ffic_rt1_block_free_owned(C.uint64_t(l.id()), C.uint64_t(h))
		c.pollBuf = nil
	}
	q := c.getQueue(c.state.Load() == stateOpen)
	if q == nil {
		// Destroyed without ever having had a queue.
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	timeout := time.Duration(timeoutMs) * time.Millisecond
	if timeoutMs < 0 {
		timeout = -1
	}
	got := make([]item, min(capacity, 1024))
	start := time.Now()
	var n int
	var err error
	for {
		n, err = q.Poll(got, timeout)
		if n > 0 || err != nil || c.woken.Swap(false) || timeoutMs == 0 {
			break
		}
		// A wake-up left over from a push whose item was already taken:
		// wait on for what remains of the timeout.
		if timeoutMs > 0 {
			timeout -= time.Since(start)
			start = time.Now()
			if timeout <= 0 {
				break
			}
		}
	}
	if errors.Is(err, fficrt.ErrClosed) {
		c.lib.contexts.Remove(h)
		return Reject(StatusClosed, l.Name+": the context is destroyed and drained")
	}
	if n == 0 {
		if timeoutMs >= 0 && time.Since(start) >= timeout {
			return Reject(StatusTimeout, l.Name+"_poll: nothing arrived in time")
		}
		return StatusOK // woken by L_poll_wake
	}
	total := 0
	for _, it := range got[:n] {
		total += len(it.data)
	}
	var buf unsafe.Pointer
	if total > 0 {
		buf = C.ffic_rt1_block_alloc_owned(C.uint64_t(l.id()), C.uint64_t(h), C.size_t(total))
		if buf == nil {
			return Reject(StatusInternal, l.Name+"_poll: out of memory")
		}
		c.pollBuf = buf
	}
	out := unsafe.Slice((*C.ffic_rt1_item)(items), n)
	off := 0
	for i, it := range got[:n] {
		o := &out[i]
		o.tag = nil
		*(*uintptr)(unsafe.Pointer(&o.tag)) = it.tag
		o.data = nil
		if len(it.data) > 0 {
			p := unsafe.Add(buf, off)
			copy(unsafe.Slice((*byte)(p), len(it.data)), it.data)
			o.data = (*C.uint8_t)(p)
			off += len(it.data)
		}
		o.len = C.size_t(len(it.data))
		o.id = C.uint64_t(it.id)
		o.kind = C.int32_t(it.kind)
		o.status = C.int32_t(it.status)
		o.decl = C.int32_t(it.decl)
		if it.kind == ItemEvent {
			c.queuedEvents.Add(-1)
		}
	}
	*count = uint64(n)
	return StatusOK
}

// PollWake is L_poll_wake.
func (l *Library) PollWake(h uint64) int32 {
	c, st := l.Lookup(h)
	if st != StatusOK {
		return st
	}
	q := c.getQueue(c.state.Load() == stateOpen)
	if q == nil {
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	c.woken.Store(true)
	q.Wake()
	return StatusOK
}

// PollNotify is L_poll_notify: fd >= 0 is signalled (ffic_rt1_notify)
// after every push into the context's empty queue and once the queue is
// closed; fd < 0 removes it.
func (l *Library) PollNotify(h uint64, fd int32) int32 {
	c, st := l.Lookup(h)
	if st != StatusOK {
		return st
	}
	q := c.getQueue(c.state.Load() == stateOpen)
	if q == nil {
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	if fd < 0 {
		q.SetNotify(nil)
	} else {
		q.SetNotify(func() { C.ffic_rt1_notify(C.int(fd)) })
	}
	return StatusOK
}

// libIDs numbers the libraries of the process (one in a c-shared library,
// several in a Go host's binary), for the owners of rt.c's blocks.
var (
	libIDs    sync.Map // *Library -> uint64
	libIDNext atomic.Uint64
)

// id is l's number in the process, from 1.
func (l *Library) id() uint64 {
	if v, ok := libIDs.Load(l); ok {
		return v.(uint64)
	}
	v, _ := libIDs.LoadOrStore(l, libIDNext.Add(1))
	return v.(uint64)
}

// pollBlocks is how many poll buffers of context h rt.c holds (for tests).
func (l *Library) pollBlocks(h uint64) int {
	return int(C.ffic_rt1_block_count(C.uint64_t(l.id()), C.uint64_t(h)))
}

// itemSize is sizeof(L_item), for tests that poll into Go memory.
const itemSize = unsafe.Sizeof(C.ffic_rt1_item{})
