package fficlib

import (
	"context"
	"errors"
	"sync"
)

// msgNoContext is the message of a host fn call through a zero Env.
const msgNoContext = "the Env belongs to no context (a zero Env; a unit test makes one with the generated NewTestEnv)"

// TestHooks answer a test context's host fn calls and receive its
// events, in place of a host (NewTestContext).
type TestHooks struct {
	// CallHost answers a call of host fn i with args p (the generated
	// package's hargs_<host>): the answer (StatusOK with the result,
	// StatusTypedError with the typed error) or an error, which the
	// call returns as a *HostError wrapping it. Nil, or an error
	// wrapping ErrNotImplemented: the host fn is not implemented.
	CallHost func(ctx context.Context, i int, p Payload) (Answer, error)
	// Fire receives event with its args p (the generated package's
	// ev_<event>) on the firing goroutine; nil drops it.
	Fire func(event int, p Payload)
}

// NewTestContext returns a context for unit tests of an implementation:
// it is in no table (no host can reach it, Publish is never called) and
// makes no C call; its host fn calls go to h.CallHost and its events to
// h.Fire. The generated NewTestEnv wraps it in typed accessors.
func (l *Library) NewTestContext(h TestHooks) *Context {
	c := l.NewContext()
	c.test = &h
	return c
}

// callTest is CallHost of a test context.
func (c *Context) callTest(ctx context.Context, i int, spec *HostSpec, p Payload) (Answer, error) {
	fail := func(msg string, err error) (Answer, error) {
		return Answer{}, &HostError{Func: spec.Name, Msg: msg, Err: err}
	}
	if c.test.CallHost == nil {
		return fail(ErrNotImplemented.Error(), ErrNotImplemented)
	}
	a, err := c.test.CallHost(ctx, i, p)
	if err != nil {
		var he *HostError
		if errors.As(err, &he) {
			return Answer{}, err
		}
		return fail(err.Error(), err)
	}
	switch a.Status {
	case StatusOK, StatusTypedError:
		return a, nil
	case StatusClosed:
		return fail(a.Msg, ErrClosed)
	}
	return fail(a.Msg, nil)
}

// EventLog records the events of a test context in firing order; it is
// safe for concurrent use. The generated TestEnv keeps one.
type EventLog struct {
	mu sync.Mutex
	v  []any
}

// Add records an event.
func (l *EventLog) Add(v any) {
	l.mu.Lock()
	l.v = append(l.v, v)
	l.mu.Unlock()
}

// All returns the events recorded so far, in firing order (a copy).
func (l *EventLog) All() []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]any(nil), l.v...)
}
