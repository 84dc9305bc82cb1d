package fficlient

import (
	"context"
	"errors"
	"sync"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// listener is one event subscription: fn decodes the event's parameters
// and calls the subscriber, on the context's event thread.
type listener struct {
	name string
	fn   func(d *fficrt.Decoder) error
}

func (l *listener) deliver(_ uint64, _ int32, _ uint64, data []byte) {
	d := fficrt.GetDecoder(data, "")
	defer fficrt.PutDecoder(d)
	defer func() { _ = recover() }() // a panicking subscriber must not take the process down
	_ = l.fn(d)                      // an event that does not decode reaches nobody
}

// Listen subscribes fn to an event through listen (the generated call of
// L_cbor_listen_<ev> with fficlient1_cb and ud). The returned function
// unsubscribes; it is idempotent, and once it returned fn is not called
// again (unless called from inside fn itself, as L_unlisten documents).
func (c *Context) Listen(event string, listen func(h uint64, ud uintptr, id *uint64) int32, fn func(d *fficrt.Decoder) error) (func(), error) {
	ud, err := c.own(&listener{name: event, fn: fn})
	if err != nil {
		return nil, err
	}
	var id uint64
	if st := listen(c.h, uintptr(ud), &id); st != StatusOK {
		c.disown(ud)
		return nil, &Error{Op: event, Status: st, Message: c.lib.LastError()}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			c.lib.Unlisten(c.h, id) // UNKNOWN_ID or CLOSED after Close: nothing to do
			c.disown(ud)
		})
	}, nil
}

// HostRun runs a host fn's implementation with the decoded arguments and
// writes its answer into e: the result on success (return nil), the typed
// error (return Typed(encErr)), or nothing (return the error).
type HostRun func(ctx context.Context, e *fficrt.Encoder) error

// implementation is a host fn implemented in Go: decode reads the
// arguments during the invocation (the data is the library's until it
// returns) and gives the runner, which runs on a goroutine.
type implementation struct {
	c      *Context
	name   string
	decode func(d *fficrt.Decoder) (HostRun, error)
}

func (m *implementation) deliver(_ uint64, _ int32, callID uint64, data []byte) {
	d := fficrt.GetDecoder(data, "")
	run, err := m.decode(d)
	fficrt.PutDecoder(d)
	go m.answer(callID, run, err)
}

func (m *implementation) answer(callID uint64, run HostRun, err error) {
	e := fficrt.GetEncoder()
	defer fficrt.PutEncoder(e)
	if err == nil {
		err = runHost(m.c.life, run, e)
	}
	st := StatusOK
	var typed *typedAnswer
	switch {
	case err == nil:
	case errors.As(err, &typed) && typed.err == nil:
		st = StatusTypedError
	default:
		st = StatusError
		e.Reset()
		e.WriteString(fficrt.Message(err))
	}
	m.c.lib.Complete(m.c.h, callID, st, e.Bytes()) // CLOSED after Close: the library failed the call already
}

func runHost(ctx context.Context, run HostRun, e *fficrt.Encoder) (err error) {
	defer fficrt.Recover(&err)
	return run(ctx, e)
}

// Implement sets the Go implementation of a host fn through implement
// (the generated call of L_cbor_implement_<h> with fficlient1_cb and ud;
// ud 0 removes it). Each invocation's arguments are decoded by decode on
// the library's thread; the implementation then runs on a goroutine of
// its own, with a context cancelled by Close, and its answer (a panic
// becomes an error answer) goes back through L_cbor_complete.
func (c *Context) Implement(name string, implement func(h uint64, ud uintptr) int32, decode func(d *fficrt.Decoder) (HostRun, error)) error {
	ud, err := c.own(&implementation{c: c, name: name, decode: decode})
	if err != nil {
		return err
	}
	if st := implement(c.h, uintptr(ud)); st != StatusOK {
		c.disown(ud)
		return &Error{Op: name, Status: st, Message: c.lib.LastError()}
	}
	return nil
}
