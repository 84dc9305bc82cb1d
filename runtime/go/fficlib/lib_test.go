package fficlib

import (
	"context"
	"errors"
	"fmt"
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
	// Answered from another goroutine; a second answer is UNKNOWN_ID. The
	// test waits for both answers before it goes on: a second answer that
	// ran after the destroy below would be CLOSED instead.
	answered := make(chan struct{})
	go func() {
		defer close(answered)
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
	<-answered
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

// eventLib is a library of one event whose native listeners run listen
// with their cb and the event's number.
func eventLib(listen func(ctx uint64, cb uintptr, listener uint64, n int64)) *Library {
	return &Library{Name: "t", Events: []EventSpec{{Name: "e", Decl: 2, Native: func(ctx, token uint64, cb, ud uintptr, listener uint64, args unsafe.Pointer) {
		listen(ctx, cb, listener, *(*int64)(args))
	}}}}
}

func publish(t *testing.T, l *Library) *Context {
	t.Helper()
	c := l.NewContext()
	if c.Publish(struct{}{}) == 0 {
		t.Fatal("Publish gave handle 0")
	}
	return c
}

// waitUntil polls cond until it holds; it fails the test after 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestUnlistenRacingDestroy: destroy removes the listener between
// Unlisten's look-up of the context and of the listener. Unlisten answers
// CLOSED (not UNKNOWN_ID) and still waits for the listener's running call.
func TestUnlistenRacingDestroy(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	var releaseOnce sync.Once
	unblock := func() { releaseOnce.Do(func() { close(release) }) }
	defer unblock()
	var returned atomic.Bool
	l := eventLib(func(uint64, uintptr, uint64, int64) {
		entered <- struct{}{}
		<-release
		returned.Store(true)
	})
	c := publish(t, l)
	h := c.Handle()
	var id uint64
	if st := l.Listen(h, 0, Native, 1, 0, &id); st != StatusOK {
		t.Fatal(st)
	}
	c.Fire(0, &payload{1})
	<-entered
	var waitOnce sync.Once
	testHooks.unlistenOpen = func(*Context) {
		if st := l.Destroy(h, 0); st != StatusTimeout {
			t.Errorf("Destroy with a listener running = %d, want TIMEOUT", st)
		}
	}
	testHooks.unlistenWait = func(*Context) { waitOnce.Do(func() { go unblock() }) }
	defer func() { testHooks.unlistenOpen, testHooks.unlistenWait = nil, nil }()
	if st := l.Unlisten(h, id); st != StatusClosed {
		t.Errorf("Unlisten racing destroy = %d, want CLOSED", st)
	}
	if !returned.Load() {
		t.Error("Unlisten returned while the listener was still running")
	}
}

// TestListenersUnlistenEachOther: a listener of context A unlistens one of
// B while that one unlistens the first: neither event thread waits for
// the other for good, and both contexts are destroyed in time.
func TestListenersUnlistenEachOther(t *testing.T) {
	var (
		l       *Library
		ctxs    [2]*Context
		ids     [2]uint64
		in      [2]chan struct{}
		results = make(chan int32, 2)
	)
	in[0], in[1] = make(chan struct{}), make(chan struct{})
	l = eventLib(func(_ uint64, cb uintptr, _ uint64, _ int64) {
		me := int(cb) - 1
		other := 1 - me
		close(in[me])
		<-in[other] // both listeners are running now
		results <- l.Unlisten(ctxs[other].Handle(), ids[other])
	})
	for i := range ctxs {
		ctxs[i] = publish(t, l)
		if st := l.Listen(ctxs[i].Handle(), 0, Native, uintptr(i+1), 0, &ids[i]); st != StatusOK {
			t.Fatal(st)
		}
	}
	for _, c := range ctxs {
		c.Fire(0, &payload{1})
	}
	for range 2 {
		select {
		case st := <-results:
			if st != StatusOK {
				t.Errorf("Unlisten = %d, want OK", st)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the two event threads wait for each other")
		}
	}
	for _, c := range ctxs {
		if st := l.Destroy(c.Handle(), 5000); st != StatusOK {
			t.Errorf("Destroy = %d, want OK", st)
		}
	}
	waitUntil(t, "both contexts to be freed", func() bool { return l.Contexts() == 0 })
}

// TestLateListener: a listener added after events were fired gets none of
// them, only events fired after it was added.
func TestLateListener(t *testing.T) {
	release := make(chan struct{})
	var got [3]atomic.Int32
	l := eventLib(func(_ uint64, cb uintptr, _ uint64, n int64) {
		if cb == 1 && n == 0 {
			<-release
		}
		got[cb].Add(1)
	})
	c := publish(t, l)
	h := c.Handle()
	if st := l.Listen(h, 0, Native, 1, 0, nil); st != StatusOK {
		t.Fatal(st)
	}
	for i := range 11 {
		c.Fire(0, &payload{i}) // the first blocks the event thread
	}
	if st := l.Listen(h, 0, Native, 2, 0, nil); st != StatusOK {
		t.Fatal(st)
	}
	close(release)
	waitUntil(t, "11 events", func() bool { return got[1].Load() == 11 })
	if n := got[2].Load(); n != 0 {
		t.Errorf("a listener added after 10 events were fired got %d of them", n)
	}
	c.Fire(0, &payload{11})
	waitUntil(t, "the 12th event", func() bool { return got[1].Load() == 12 && got[2].Load() == 1 })
	if st := l.Destroy(h, 5000); st != StatusOK {
		t.Fatal(st)
	}
}

// TestFullBacklog: under a full backlog an event is dropped for every
// listener (a callback listener and a queue listener alike) and counted
// once; every other event reaches both.
func TestFullBacklog(t *testing.T) {
	release := make(chan struct{})
	var native atomic.Int64
	l := eventLib(func(_ uint64, _ uintptr, _ uint64, n int64) {
		if n == 0 {
			<-release
		}
		native.Add(1)
	})
	c := publish(t, l)
	h := c.Handle()
	if st := l.Listen(h, 0, Native, 1, 0, nil); st != StatusOK {
		t.Fatal(st)
	}
	if st := l.Listen(h, 0, Queue, 1, 7, nil); st != StatusOK {
		t.Fatal(st)
	}
	const fired = 6001
	for i := range fired {
		c.Fire(0, &payload{i})
	}
	var dropped uint64
	if st := l.DroppedEvents(h, &dropped); st != StatusOK {
		t.Fatal(st)
	}
	if dropped == 0 || dropped >= fired {
		t.Fatalf("%d of %d events dropped", dropped, fired)
	}
	close(release)
	kept := fired - int64(dropped)
	q := c.getQueue(false)
	waitUntil(t, "the delivery of every event kept", func() bool { return native.Load() >= kept && q.Len() >= int(kept) })
	time.Sleep(10 * time.Millisecond) // let a wrong extra delivery show
	if n, m := native.Load(), q.Len(); n != kept || m != int(kept) {
		t.Errorf("the callback listener got %d events, the queue listener %d; %d were fired and %d counted dropped", n, m, fired, dropped)
	}
	if st := l.Destroy(h, 5000); st != StatusOK {
		t.Fatal(st)
	}
}

// TestHostTimeout: a host call whose ctx has no deadline fails after the
// context's host timeout with an error naming the host fn; the late
// answer is UNKNOWN_ID. A ctx deadline takes precedence.
func TestHostTimeout(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	if d := c.HostTimeout(); d != DefaultHostTimeout {
		t.Errorf("default host timeout %v, want %v", d, DefaultHostTimeout)
	}
	if st := l.Implement(c.Handle(), 0, Native, 1, 0); st != StatusOK {
		t.Fatal(st)
	}
	c.SetHostTimeout(20 * time.Millisecond)
	_, err := c.CallHost(context.Background(), 0, &payload{})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "h: no answer from the host within 20ms") {
		t.Errorf("unanswered CallHost: %v", err)
	}
	id := <-l.invoked
	if st := c.Answer(id, 0, Answer{Status: StatusOK, Value: "late"}, StatusOK); st != StatusUnknownID {
		t.Errorf("late answer = %d, want UNKNOWN_ID", st)
	}
	c.SetHostTimeout(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.CallHost(ctx, 0, &payload{}); !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "h: no answer from the host") {
		t.Errorf("CallHost past its ctx deadline: %v", err)
	}
	<-l.invoked
	if st := l.Destroy(c.Handle(), 1000); st != StatusOK {
		t.Fatal(st)
	}
}

// TestCutShort: once destroy has begun, a handler's error wrapping
// context.Canceled or ErrClosed completes its call with CLOSED; after a
// destroy that timed out, every outcome does.
func TestCutShort(t *testing.T) {
	l := newTestLib()
	c := l.open(t)
	if c.CutShort(context.Canceled) {
		t.Error("CutShort(Canceled) on an open context")
	}
	if (*Context)(nil).CutShort(context.Canceled) {
		t.Error("CutShort of a static fn's nil context")
	}
	if _, st := l.Begin(c.Handle()); st != StatusOK {
		t.Fatal(st)
	}
	done := make(chan int32)
	go func() { done <- l.Destroy(c.Handle(), 10000) }()
	waitUntil(t, "destroy to begin", func() bool { return c.Ctx().Err() != nil })
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{context.Canceled, true},
		{fmt.Errorf("wrapped: %w", context.Canceled), true},
		{&HostError{Func: "h", Msg: "x", Err: ErrClosed}, true},
		{errors.New("other"), false},
		{context.DeadlineExceeded, false},
		{nil, false},
	} {
		if got := c.CutShort(tc.err); got != tc.want {
			t.Errorf("CutShort(%v) while destroying = %v, want %v", tc.err, got, tc.want)
		}
	}
	c.End()
	if st := <-done; st != StatusOK {
		t.Fatal(st)
	}
}

// TestUnlistenDestroyStress races Unlisten against Destroy while the
// listener runs: Unlisten answers OK or CLOSED, never UNKNOWN_ID, and
// when it returns the listener's call has returned.
func TestUnlistenDestroyStress(t *testing.T) {
	var running atomic.Int32
	gate := make(chan chan struct{}, 1)
	l := eventLib(func(_ uint64, _ uintptr, _ uint64, n int64) {
		running.Add(1)
		if n == 0 {
			<-<-gate // until the round has started unlisten and destroy
		}
		running.Add(-1)
	})
	for round := range 300 {
		c := publish(t, l)
		h := c.Handle()
		var id uint64
		if st := l.Listen(h, 0, Native, 1, 0, &id); st != StatusOK {
			t.Fatal(st)
		}
		start := make(chan struct{})
		gate <- start
		c.Fire(0, &payload{0})
		c.Fire(0, &payload{1})
		waitUntil(t, "the listener", func() bool { return running.Load() == 1 })
		type result struct {
			st      int32
			running int32
		}
		unlisten := make(chan result)
		go func() {
			<-start
			st := l.Unlisten(h, id)
			unlisten <- result{st, running.Load()}
		}()
		destroyed := make(chan int32)
		go func() {
			<-start
			destroyed <- l.Destroy(h, 5000)
		}()
		close(start)
		r := <-unlisten
		if st := <-destroyed; st != StatusOK {
			t.Fatalf("round %d: Destroy = %d", round, st)
		}
		if r.st != StatusOK && r.st != StatusClosed {
			t.Fatalf("round %d: Unlisten racing Destroy = %d, want OK or CLOSED", round, r.st)
		}
		if r.running != 0 {
			t.Fatalf("round %d: Unlisten returned %d while the listener ran", round, r.st)
		}
	}
}
