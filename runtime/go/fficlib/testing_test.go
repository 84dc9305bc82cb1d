package fficlib

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A nil context (a zero Env of the generated code) fails host fn calls
// with an error and drops events, instead of panicking.
func TestNilContext(t *testing.T) {
	var c *Context
	_, err := c.CallHost(context.Background(), 0, &payload{})
	var he *HostError
	if !errors.As(err, &he) || !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), "NewTestEnv") {
		t.Fatalf("CallHost on a nil context: %v", err)
	}
	c.Fire(0, &payload{})
	c.SetHostTimeout(time.Second)
	if c.HostTimeout() != DefaultHostTimeout {
		t.Errorf("HostTimeout of a nil context = %v", c.HostTimeout())
	}
}

func TestTestContext(t *testing.T) {
	l := newTestLib()
	var fired []int
	sentinel := errors.New("boom")
	c := l.NewTestContext(TestHooks{
		CallHost: func(ctx context.Context, i int, p Payload) (Answer, error) {
			switch p.(*payload).n {
			case 1:
				return Answer{Status: StatusOK, Value: "tok"}, nil
			case 2:
				return Answer{Status: StatusTypedError, Value: 7}, nil
			case 3:
				return Answer{}, sentinel
			}
			return Answer{}, ErrNotImplemented
		},
		Fire: func(event int, p Payload) { fired = append(fired, p.(*payload).n) },
	})
	if a, err := c.CallHost(context.Background(), 0, &payload{1}); err != nil || a.Value != "tok" {
		t.Errorf("answer = %v, %v", a, err)
	}
	if a, err := c.CallHost(context.Background(), 0, &payload{2}); err != nil || a.Status != StatusTypedError || a.Value != 7 {
		t.Errorf("typed answer = %v, %v", a, err)
	}
	var he *HostError
	if _, err := c.CallHost(context.Background(), 0, &payload{3}); !errors.Is(err, sentinel) || !errors.As(err, &he) || he.Func != "h" {
		t.Errorf("error answer: %v", err)
	}
	if _, err := c.CallHost(context.Background(), 0, &payload{4}); !errors.Is(err, ErrNotImplemented) {
		t.Errorf("not implemented: %v", err)
	}
	c.Fire(0, &payload{5})
	c.Fire(0, &payload{6})
	if len(fired) != 2 || fired[0] != 5 || fired[1] != 6 {
		t.Errorf("fired %v, want [5 6]", fired)
	}
	if l.Contexts() != 0 || c.Handle() != 0 {
		t.Errorf("a test context is in the table")
	}
	select {
	case <-l.invoked:
		t.Error("a test context invoked the native host fn")
	default:
	}

	// Without hooks: not implemented, events dropped.
	c = l.NewTestContext(TestHooks{})
	if _, err := c.CallHost(context.Background(), 0, &payload{}); !errors.Is(err, ErrNotImplemented) {
		t.Errorf("no hook: %v", err)
	}
	c.Fire(0, &payload{})
}
