package fficlib

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// These tests drive the runtime from Go, with Go functions standing in
// for the generated trampolines (the "native" callbacks of the specs), so
// they run under the race detector. The C side is covered end to end by
// internal/e2e.

type payload struct{ n int }

func (p *payload) ToC(a *Arena) (unsafe.Pointer, error) {
	x := New[int64](a)
	*x = int64(p.n)
	return unsafe.Pointer(x), nil
}

func (p *payload) Encode(e *fficrt.Encoder) error {
	e.WriteMapHeader(1)
	e.WriteString("n")
	e.WriteInt(int64(p.n))
	return nil
}

type testLib struct {
	*Library
	mu       sync.Mutex
	events   []int64
	invoked  chan uint64
	fails    atomic.Int32
	listener atomic.Uint64
}

func newTestLib() *testLib {
	t := &testLib{invoked: make(chan uint64, 16)}
	t.Library = &Library{
		Name: "t",
		Funcs: []FuncSpec{{Name: "f", Decl: 1, Fail: func(ctx uint64, cb, ud uintptr, st int32, msg string) {
			t.fails.Add(1)
		}}},
		Events: []EventSpec{{Name: "e", Decl: 2, Native: func(ctx, token uint64, cb, ud uintptr, listener uint64, args unsafe.Pointer) {
			t.mu.Lock()
			t.events = append(t.events, *(*int64)(args))
			t.mu.Unlock()
			t.listener.Store(listener)
		}}},
		Hosts: []HostSpec{{Name: "h", Decl: 3, Native: func(ctx, token uint64, cb, ud uintptr, id uint64, args unsafe.Pointer) {
			t.invoked <- id
		}}},
	}
	return t
}

func (t *testLib) open(tb testing.TB) *Context {
	c := t.NewContext()
	if h := c.Publish(struct{}{}); h == 0 {
		tb.Fatal("Publish gave handle 0")
	}
	return c
}

func TestHandles(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	h := c.Handle()
	if _, st := l.Lookup(h); st != StatusOK {
		t.Fatalf("Lookup(live) = %d", st)
	}
	if _, st := l.Lookup(0); st != StatusInvalidContext {
		t.Errorf("Lookup(0) = %d, want INVALID_CONTEXT", st)
	}
	if _, st := l.Lookup(h + 1<<40); st != StatusInvalidContext {
		t.Errorf("Lookup(made up) = %d, want INVALID_CONTEXT", st)
	}
	if st := l.Destroy(h, 1000); st != StatusOK {
		t.Fatalf("Destroy = %d", st)
	}
	if st := l.Destroy(h, 1000); st != StatusClosed {
		t.Errorf("second Destroy = %d, want CLOSED", st)
	}
	if _, st := l.Begin(h); st != StatusClosed {
		t.Errorf("Begin(destroyed) = %d, want CLOSED", st)
	}
	if st := l.Destroy(l.open(t).Handle(), -1); st != StatusInvalidArgument {
		t.Errorf("Destroy(-1) = %d, want INVALID_ARGUMENT", st)
	}
}

// TestDestroyWaitsAndTimesOut: destroy waits for calls in flight, and at
// its deadline completes async calls with CLOSED exactly once.
func TestDestroyWaitsAndTimesOut(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	if _, st := l.Begin(c.Handle()); st != StatusOK {
		t.Fatal(st)
	}
	go func() { time.Sleep(20 * time.Millisecond); c.End() }()
	if st := l.Destroy(c.Handle(), 2000); st != StatusOK {
		t.Fatalf("Destroy with a call ending in 20 ms = %d", st)
	}

	c = l.open(t)
	if _, st := l.Begin(c.Handle()); st != StatusOK {
		t.Fatal(st)
	}
	a := l.StartAsync(c, 0, Native, 1, 2)
	start := time.Now()
	if st := l.Destroy(c.Handle(), 50); st != StatusTimeout {
		t.Fatalf("Destroy with a stuck call = %d, want TIMEOUT", st)
	}
	if d := time.Since(start); d < 45*time.Millisecond || d > time.Second {
		t.Errorf("Destroy took %v, want about 50 ms", d)
	}
	deadline := time.Now().Add(2 * time.Second)
	for l.fails.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if l.fails.Load() != 1 {
		t.Errorf("the stuck async call completed %d times, want 1", l.fails.Load())
	}
	if a.Claim() {
		t.Error("the handler could still complete a call destroy completed")
	}
	if !c.TimedOut() {
		t.Error("TimedOut() = false after a destroy that timed out")
	}
}

func TestEventsInOrderAndRemoval(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	var id uint64
	if st := l.Listen(c.Handle(), 0, Native, 1, 0, &id); st != StatusOK || id == 0 {
		t.Fatalf("Listen = %d, id %d", st, id)
	}
	for i := 0; i < 500; i++ {
		c.Fire(0, &payload{i})
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		l.mu.Lock()
		n := len(l.events)
		l.mu.Unlock()
		if n == 500 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	l.mu.Lock()
	for i, v := range l.events {
		if v != int64(i) {
			t.Fatalf("event %d carried %d: out of order", i, v)
		}
	}
	l.mu.Unlock()
	if l.listener.Load() != id {
		t.Errorf("listener id %d, want %d", l.listener.Load(), id)
	}
	if st := l.Unlisten(c.Handle(), id); st != StatusOK {
		t.Fatalf("Unlisten = %d", st)
	}
	if st := l.Unlisten(c.Handle(), id); st != StatusUnknownID {
		t.Errorf("second Unlisten = %d, want UNKNOWN_ID", st)
	}
	if st := l.Destroy(c.Handle(), 1000); st != StatusOK {
		t.Fatal(st)
	}
}

func TestHostCalls(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	// Not implemented.
	if _, err := c.CallHost(context.Background(), 0, &payload{}); !errors.Is(err, ErrNotImplemented) {
		t.Fatalf("CallHost without implementation: %v", err)
	}
	if st := l.Implement(c.Handle(), 0, Native, 1, 0); st != StatusOK {
		t.Fatal(st)
	}
	// Answered from another goroutine; a second answer is UNKNOWN_ID.
	go func() {
		id := <-l.invoked
		if st := c.Answer(id, 0, Answer{Status: StatusOK, Value: "tok"}, StatusOK); st != StatusOK {
			t.Errorf("Answer = %d", st)
		}
		if st := c.Answer(id, 0, Answer{Status: StatusOK}, StatusOK); st != StatusUnknownID {
			t.Errorf("second Answer = %d, want UNKNOWN_ID", st)
		}
	}()
	a, err := c.CallHost(context.Background(), 0, &payload{})
	if err != nil || a.Value != "tok" {
		t.Fatalf("CallHost = %v, %v", a, err)
	}
	// Cancelled by its context.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-l.invoked; cancel() }()
	if _, err := c.CallHost(ctx, 0, &payload{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled CallHost: %v", err)
	}
	// Failed by destroy.
	done := make(chan error)
	go func() {
		_, err := c.CallHost(context.Background(), 0, &payload{})
		done <- err
	}()
	id := <-l.invoked
	if st := l.Destroy(c.Handle(), 1000); st != StatusOK {
		t.Fatal(st)
	}
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("CallHost across destroy: %v", err)
	}
	if st := c.Answer(id, 0, Answer{Status: StatusOK}, StatusOK); st != StatusClosed {
		t.Errorf("Answer after destroy = %d, want CLOSED", st)
	}
}

func TestQueueItems(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	if st := l.Listen(c.Handle(), 0, Queue, 1, 77, nil); st != StatusOK {
		t.Fatal(st)
	}
	c.Fire(0, &payload{5})
	q := c.getQueue(false)
	deadline := time.Now().Add(2 * time.Second)
	for q.Len() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	got := make([]item, 4)
	n, err := q.Poll(got, 0)
	if err != nil || n != 1 || got[0].tag != 77 || got[0].kind != ItemEvent || got[0].decl != 2 {
		t.Fatalf("Poll = %d, %v, %+v", n, err, got[0])
	}
	if st := l.Destroy(c.Handle(), 1000); st != StatusOK {
		t.Fatal(st)
	}
}

func TestPathError(t *testing.T) {
	err := Root("req", Field("tags", Index(2, Errorf("invalid UTF-8"))))
	if got := err.Error(); got != "req.tags[2]: invalid UTF-8" {
		t.Errorf("path error = %q", got)
	}
	err = KeyString("a\"b\n", Entry(3, Errorf("x")))
	if got := err.Error(); got != `["a\"b\n"]{3}: x` {
		t.Errorf("quoted key = %q", got)
	}
	deep := Errorf("nesting deeper than 256")
	for i := 0; i < 300; i++ {
		deep = Field("f", deep)
	}
	if got := Root("v", deep).Error(); !strings.Contains(got, "…") || len(got) > 200 {
		t.Errorf("a 300-step path is not elided: %d bytes", len(got))
	}
}

func TestArena(t *testing.T) {
	a := GetArena()
	p := New[int64](a)
	*p = 42
	big := Array[byte](a, 1<<16) // beyond the pooled block
	big[len(big)-1] = 1
	s, err := a.String("héllo")
	if err != nil || unsafe.String((*byte)(s), 6) != "héllo" {
		t.Errorf("String = %v", err)
	}
	if _, err := a.String("\xff"); err == nil {
		t.Error("String accepted invalid UTF-8")
	}
	if *p != 42 {
		t.Error("a later allocation overwrote an earlier one")
	}
	a.Release()
}

func TestGrowStackOnlyForGoCallbacks(t *testing.T) {
	const goCB, cCB = 0x1000, 0x2000
	RegisterGoCallback(goCB)
	RegisterGoCallback(goCB + 8)
	for _, tc := range []struct {
		cb   uintptr
		mode Mode
		want bool
	}{
		{goCB, CBOR, true},
		{goCB + 8, Native, true},
		{cCB, CBOR, false},
		{cCB, Native, false},
		{goCB, Queue, false}, // a queued completion calls no callback
	} {
		a := &Async{cb: tc.cb, mode: tc.mode}
		if got := a.reentrant(); got != tc.want {
			t.Errorf("cb %#x mode %d: reentrant = %v, want %v", tc.cb, tc.mode, got, tc.want)
		}
		a.GrowStack() // must be harmless either way
	}
}

// TestArenaAlignsLikeC: a type holding a C union has a Go alignment below
// C's (cgo sees the union as bytes); New and Array still align it as C
// does, whatever was carved before.
func TestArenaAlignsLikeC(t *testing.T) {
	type unionLike struct {
		tag int32
		as  [20]byte
	}
	a := GetArena()
	defer a.Release()
	for i := 0; i < 64; i++ {
		a.Alloc(uintptr(i%7+1), 1) // an odd-sized string
		if p := uintptr(unsafe.Pointer(New[unionLike](a))); p%MaxAlign != 0 {
			t.Fatalf("New at %#x, not %d-aligned", p, MaxAlign)
		}
		a.Alloc(3, 1)
		if p := uintptr(unsafe.Pointer(&Array[unionLike](a, 3)[0])); p%MaxAlign != 0 {
			t.Fatalf("Array at %#x, not %d-aligned", p, MaxAlign)
		}
	}
}

// TestNativeLengths: lengths no native value can have are errors, never a
// panic or an allocation of that size.
func TestNativeLengths(t *testing.T) {
	var buf [64]byte
	p := unsafe.Pointer(&buf[0])
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"string SIZE_MAX", second(StringFromC(p, ^uint64(0))), "length 18446744073709551615 is more than 2147483647 bytes"},
		{"bytes SIZE_MAX", second(BytesFromC(p, ^uint64(0))), "is more than 2147483647 bytes"},
		{"bytes 2^31", second(BytesFromC(p, 1<<31)), "is more than 2147483647 bytes"},
		{"list 2^36", ArrayFromC(p, 1<<36, 24), "length 68719476736 is more than 2147483647 bytes of 24-byte elements"},
		{"list overflowing", ArrayFromC(p, 1<<62, 16), "is more than"},
		{"map NULL", ArrayFromC(nil, 3, 8), "NULL pointer with length 3"},
		{"past the end", checkSpanAt(^uintptr(0)-8, 64, 1), "runs past the end of memory"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	if err := ArrayFromC(p, MaxNativeBytes/24, 24); err != nil {
		t.Errorf("the largest list is refused: %v", err)
	}
	if s, err := StringFromC(p, 3); err != nil || s != "\x00\x00\x00" {
		t.Errorf("StringFromC(3) = %q, %v", s, err)
	}
	if MapHint(1<<40) > 4096 || MapHint(7) != 7 {
		t.Error("MapHint does not bound the hint")
	}
}

func second[T any](_ T, err error) error { return err }

// TestLastErrorKeepsReason: a message longer than L_last_error holds
// loses the middle of its path, never its reason.
func TestLastErrorKeepsReason(t *testing.T) {
	for _, key := range []string{strings.Repeat("k", 3000), strings.Repeat("é", 1500)} {
		err := Root("v", KeyString(key, Field("kind", Errorf("unknown Kind member 99"))))
		msg := "t_call_f: " + err.Error()
		SetLastError(msg)
		p, n := LastError()
		got := unsafe.String((*byte)(p), n)
		if n > ErrorMax || !utf8.ValidString(got) {
			t.Fatalf("last error: %d bytes, valid UTF-8 %v", n, utf8.ValidString(got))
		}
		if !strings.HasPrefix(got, "t_call_f: v[\"") || !strings.HasSuffix(got, `"].kind: unknown Kind member 99`) ||
			!strings.Contains(got, "…") {
			t.Errorf("last error = %q…%q", got[:min(len(got), 40)], got[max(len(got)-60, 0):])
		}
	}
	SetLastError("short")
	if p, n := LastError(); unsafe.String((*byte)(p), n) != "short" {
		t.Error("a short message is changed")
	}
}

// TestPollBufferFreed: the buffer of the last batch is freed by the poll
// after it, also when that poll finds the context destroyed and gone
// (poll, destroy, poll until CLOSED).
func TestPollBufferFreed(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	h := c.Handle()
	if st := l.Listen(h, 0, Queue, 1, 77, nil); st != StatusOK {
		t.Fatal(st)
	}
	items := make([]uint64, 4*itemSize/8)
	var n uint64
	poll := func(timeout int32) int32 { return l.Poll(h, unsafe.Pointer(&items[0]), 4, timeout, &n) }
	for range 2 {
		c.Fire(0, &payload{5})
		if st := poll(2000); st != StatusOK || n != 1 {
			t.Fatalf("Poll = %d, %d items", st, n)
		}
		if got := l.pollBlocks(h); got != 1 {
			t.Fatalf("%d poll buffers after a batch, want 1", got)
		}
	}
	if st := l.Destroy(h, 1000); st != StatusOK {
		t.Fatal(st)
	}
	// The queue is empty: destroy's end removes the context from the
	// table, and the next poll finds it gone.
	deadline := time.Now().Add(5 * time.Second)
	for l.Contexts() > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	for st := poll(1000); st != StatusClosed; st = poll(1000) {
		if st != StatusOK {
			t.Fatalf("Poll after destroy = %d", st)
		}
	}
	if got := l.pollBlocks(h); got != 0 {
		t.Errorf("%d poll buffers left after CLOSED", got)
	}
}
