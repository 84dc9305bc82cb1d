package fficlib

import (
	"fmt"
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

// Unlisten is L_unlisten.
func (l *Library) Unlisten(h uint64, id uint64) int32 {
	c, st := l.Open(h)
	if st != StatusOK {
		return st
	}
	c.lsMu.Lock()
	ls := c.byID[id]
	delete(c.byID, id)
	c.lsMu.Unlock()
	if ls == nil || c.events.Remove(id) != nil {
		return Reject(StatusUnknownID, fmt.Sprintf("%s_unlisten: %d is not listening", l.Name, id))
	}
	ls.removed.Store(true)
	if ls.mode == Queue {
		if q := c.getQueue(false); q != nil {
			n := q.Filter(func(it item) bool { return it.kind != ItemEvent || it.id != id })
			c.queuedEvents.Add(-int64(n))
		}
	}
	if int64(gettid()) == c.eventTID.Load() {
		return StatusOK // on the event thread: never wait
	}
	c.evMu.Lock()
	for c.evRunning == id {
		c.evCond.Wait()
	}
	c.evMu.Unlock()
	return StatusOK
}

// Fire fires event with its args p: it returns at once; the context's
// event thread delivers it to the listeners registered now, in firing
// order. It drops the event (and counts it) when the backlog is full, and
// does nothing once the context is destroyed.
func (c *Context) Fire(event int, p Payload) {
	if c == nil || c.disp == nil || c.state.Load() != stateOpen || c.events.Len(event) == 0 {
		return
	}
	c.disp.Fire(func() { c.deliver(event, p) })
}

// deliver runs on the event thread.
func (c *Context) deliver(event int, p Payload) {
	spec := &c.lib.Events[event]
	var (
		arena  *Arena
		native unsafe.Pointer
		enc    *fficrt.Encoder
		bad    bool
	)
	c.events.Each(event, func(ls *listener) {
		if bad || !ls.ready.Load() || !c.enter() {
			return
		}
		defer c.leave()
		c.evMu.Lock()
		if ls.removed.Load() {
			c.evMu.Unlock()
			return
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
			if arena == nil {
				arena = GetArena()
				var err error
				if native, err = p.ToC(arena); err != nil {
					bad = true
					return
				}
			}
			spec.Native(c.handle, ls.id, ls.cb, ls.ud, ls.id, native)
		default:
			if enc == nil {
				enc = GetEncoder()
				if p.Encode(enc) != nil || enc.Err() != nil {
					bad = true
					return
				}
			}
			if ls.mode == CBOR {
				callCBOR(c.handle, ls.id, ls.cb, ls.ud, StatusOK, ls.id, enc.Bytes())
				return
			}
			if c.queuedEvents.Add(1) > 4096 {
				c.queuedEvents.Add(-1)
				c.queueDropped.Add(1)
				return
			}
			c.push(item{tag: ls.ud, data: clone(enc.Bytes()), id: ls.id, kind: ItemEvent, status: StatusOK, decl: spec.Decl})
		}
	})
	if arena != nil {
		arena.Release()
	}
	if enc != nil {
		PutEncoder(enc)
	}
}
