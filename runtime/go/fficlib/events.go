package fficlib

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Payload is the arguments of an event or a host call, as the generated
// code holds them: it can build them natively in an arena, or encode them.
type Payload interface {
	// ToC builds the args struct in a and returns it (nil for none).
	ToC(a *Arena) (unsafe.Pointer, error)
	// Encode writes the args as a CBOR map.
	Encode(e *fficrt.Encoder) error
}

type listener struct {
	id      uint64
	event   int
	mode    Mode
	cb, ud  uintptr
	ready   atomic.Bool // false until the listen call has set *listener_id
	removed atomic.Bool
}

// Listen is L_listen_<ev> and L_cbor_listen_<ev>: it adds a listener of
// event and sets *id before the listener can be called.
func (l *Library) Listen(h uint64, event int, mode Mode, cb, userData uintptr, id *uint64) int32 {
	c, st := l.Open(h)
	if st != StatusOK {
		return st
	}
	if cb == 0 {
		return Reject(StatusInvalidArgument, fmt.Sprintf("%s_listen_%s: cb is NULL", l.Name, l.Events[event].Name))
	}
	if mode == Queue {
		c.getQueue(true)
	}
	ls := &listener{event: event, mode: mode, cb: cb, ud: userData}
	ls.id = c.events.Add(event, ls)
	c.lsMu.Lock()
	c.byID[ls.id] = ls
	c.lsMu.Unlock()
	if c.state.Load() != stateOpen {
		_ = c.events.Remove(ls.id)
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	if id != nil {
		*id = ls.id
	}
	ls.ready.Store(true)
	return StatusOK
}

// Unlisten is L_unlisten. On a context being destroyed it returns CLOSED,
// also when destroy removed the listener while Unlisten ran (not
// UNKNOWN_ID), and in either case it first waits for a call of the
// listener that is running, as it would for a listener it removed itself.
func (l *Library) Unlisten(h uint64, id uint64) int32 {
	c, st := l.Lookup(h)
	if st != StatusOK {
		return st
	}
	if c.state.Load() != stateOpen {
		// Being destroyed: destroy removes every listener; wait for a
		// running call of this one all the same.
		c.waitListener(id)
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	if hook := testHooks.unlistenOpen; hook != nil {
		hook(c)
	}
	c.lsMu.Lock()
	ls := c.byID[id]
	delete(c.byID, id)
	c.lsMu.Unlock()
	if ls == nil || c.events.Remove(id) != nil {
		if c.state.Load() == stateOpen {
			return Reject(StatusUnknownID, fmt.Sprintf("%s_unlisten: %d is not listening", l.Name, id))
		}
		// Destroy came in between and removed every listener.
		c.waitListener(id)
		return Reject(StatusClosed, l.Name+": the context is destroyed")
	}
	ls.removed.Store(true)
	if ls.mode == Queue {
		if q := c.getQueue(false); q != nil {
			n := q.Filter(func(it item) bool { return it.kind != ItemEvent || it.id != id })
			c.queuedEvents.Add(-int64(n))
		}
	}
	c.waitListener(id)
	return StatusOK
}

// eventThreads maps the thread id of every context's event thread to its
// context (int64 -> *Context), so that Unlisten knows whether it runs
// inside a listener, and of which context.
var eventThreads sync.Map

// waitListener waits until listener id of c is not running on c's event
// thread. It never waits on c's own event thread (a listener unlistening),
// nor when waiting would close a cycle: the thread is the event thread of
// another context whose listener the one of c waits for, directly or
// through other contexts' event threads (two listeners of two contexts
// unlistening each other). There one of them returns without waiting,
// which lets the other go on.
func (c *Context) waitListener(id uint64) {
	tid := int64(gettid())
	if tid == c.eventTID.Load() {
		return // on the event thread: never wait
	}
	c.evMu.Lock()
	running := c.evRunning == id
	c.evMu.Unlock()
	if !running {
		return
	}
	if v, ok := eventThreads.Load(tid); ok {
		self := v.(*Context)
		self.waitsFor.Store(c)
		defer self.waitsFor.Store(nil)
		if waitCycle(self, c) {
			return
		}
	}
	c.evMu.Lock()
	for c.evRunning == id {
		if hook := testHooks.unlistenWait; hook != nil {
			hook(c)
		}
		c.evCond.Wait()
	}
	c.evMu.Unlock()
}

// waitCycle reports whether the event thread of self, about to wait for
// a listener of c, would wait for itself: c's event thread waits for
// another context's, and so on, back to self. The chain is read with
// atomic loads after self's own store, so of several event threads
// closing a cycle at the same moment the last to store sees it.
func waitCycle(self, c *Context) bool {
	x := c
	for range maxWaitChain {
		if x == nil {
			return false
		}
		if x == self {
			return true
		}
		x = x.waitsFor.Load()
	}
	return true // a chain this long: do not add to it
}

// maxWaitChain bounds the chain waitCycle follows.
const maxWaitChain = 1024

// testHooks let tests stop Unlisten at the points where it can race
// destroy; nil outside tests.
var testHooks struct {
	unlistenOpen func(*Context) // after the context was found open
	unlistenWait func(*Context) // before each wait for a running listener (evMu held)
}

// Fire fires event with its args p: it returns at once; the context's
// event thread delivers it to the listeners registered now, in firing
// order. An event is delivered to every listener registered when it was
// fired (except those removed before its turn) or, when the backlog is
// full, to none: it is dropped and counted once. After destroy it does
// nothing.
func (c *Context) Fire(event int, p Payload) {
	if c != nil && c.test != nil {
		if c.test.Fire != nil {
			c.test.Fire(event, p)
		}
		return
	}
	if c == nil || c.disp == nil || c.state.Load() != stateOpen {
		return
	}
	snap := c.events.Snapshot(event)
	if snap.Len() == 0 {
		return
	}
	// Reserve a place in the completion queue for each queue listener
	// now, so that the event either fits for every listener or is
	// dropped for all of them.
	var queued int64
	snap.All(func(ls *listener) {
		if ls.mode == Queue {
			queued++
		}
	})
	if queued > 0 && c.queuedEvents.Add(queued) > maxQueuedEvents {
		c.queuedEvents.Add(-queued)
		c.queueDropped.Add(1)
		return
	}
	if !c.disp.Fire(func() { c.deliver(event, snap, p) }) {
		c.queuedEvents.Add(-queued) // dropped, and counted, by the dispatcher
	}
}

// maxQueuedEvents bounds the event items in a context's completion queue
// (and those reserved for events not yet delivered).
const maxQueuedEvents = 4096

// deliver runs on the event thread: it delivers an event to the
// listeners of snap still registered, and releases the queue places
// reserved for the others.
func (c *Context) deliver(event int, snap fficrt.Snapshot[*listener], p Payload) {
	spec := &c.lib.Events[event]
	var (
		arena  *Arena
		native unsafe.Pointer
		enc    *fficrt.Encoder
		bad    bool
	)
	snap.All(func(ls *listener) {
		if !c.deliverTo(spec, ls, p, &arena, &native, &enc, &bad) && ls.mode == Queue {
			c.queuedEvents.Add(-1) // its reservation
		}
	})
	if arena != nil {
		arena.Release()
	}
	if enc != nil {
		PutEncoder(enc)
	}
}

// deliverTo delivers the event to ls, converting p the first time a
// listener needs it natively or in CBOR. It reports whether it queued an
// item (which took over the listener's queue reservation).
func (c *Context) deliverTo(spec *EventSpec, ls *listener, p Payload, arena **Arena, native *unsafe.Pointer, enc **fficrt.Encoder, bad *bool) bool {
	if *bad || ls.removed.Load() || !ls.ready.Load() || !c.enter() {
		return false
	}
	defer c.leave()
	c.evMu.Lock()
	if ls.removed.Load() {
		c.evMu.Unlock()
		return false
	}
	c.evRunning = ls.id
	c.evMu.Unlock()
	defer func() {
		c.evMu.Lock()
		c.evRunning = 0
		c.evCond.Broadcast()
		c.evMu.Unlock()
	}()
	switch ls.mode {
	case Native:
		if *arena == nil {
			*arena = GetArena()
			var err error
			if *native, err = p.ToC(*arena); err != nil {
				*bad = true
				return false
			}
		}
		spec.Native(c.handle, ls.id, ls.cb, ls.ud, ls.id, *native)
		return false
	default:
		if *enc == nil {
			*enc = GetEncoder()
			if p.Encode(*enc) != nil || (*enc).Err() != nil {
				*bad = true
				return false
			}
		}
		if ls.mode == CBOR {
			callCBOR(c.handle, ls.id, ls.cb, ls.ud, StatusOK, ls.id, (*enc).Bytes())
			return false
		}
		c.push(item{tag: ls.ud, data: clone((*enc).Bytes()), id: ls.id, kind: ItemEvent, status: StatusOK, decl: spec.Decl})
		return true
	}
}
