// Package host is a Go host of the plain-C library shapes, as a user
// would write it: internal/gohost copies this file into a module of its
// own, generates the client package there with go generate
// (shapeshost/gen/shapes/client, with the types in shapeshost/gen/shapes), points cgo at libshapes.so with
// CGO_LDFLAGS (-L, -l, -rpath) and runs it with go test -race.
package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shapeshost/gen/shapes"
	"shapeshost/gen/shapes/client"

	"github.com/ffic/ffic/runtime/go/fficlient"
)

// mismatch: the test binary is linked with a library built with a wrong
// fingerprint; only TestMismatch runs.
var mismatch = os.Getenv("SHAPES_MISMATCH") != ""

func host() client.Host {
	return client.Host{NameShape: func(ctx context.Context, s shapes.Shape) (string, error) {
		switch {
		case s.Label == nil:
			return "named-by-go", nil
		case *s.Label == "typed":
			return "", shapes.ShapeError{Code: 42, Message: "no name"}
		case *s.Label == "wrapped":
			return "", errors.Join(errors.New("context"), &shapes.ShapeError{Code: 43, Message: "wrapped"})
		case *s.Label == "panic":
			panic("host fn panics")
		case *s.Label == "late":
			time.Sleep(20 * time.Millisecond)
			return "late-name", nil
		}
		return "", errors.New("plain failure")
	}}
}

func open(t *testing.T) *client.Client {
	t.Helper()
	if mismatch {
		t.Skip("linked with the mismatched library")
	}
	c, err := client.Open(context.Background(), 2, host())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ptr(s string) *string { return &s }

var square = []shapes.Point{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}}

func TestCalls(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	if p, err := c.Add(ctx, shapes.Point{X: 1, Y: -2}, shapes.Point{X: 3, Y: 4}); err != nil || p != (shapes.Point{X: 8, Y: 4}) {
		t.Fatalf("Add = %v, %v", p, err)
	}
	for _, tt := range []struct{ in, want shapes.Color }{
		{shapes.ColorRed, shapes.ColorGreen}, {shapes.ColorGreen, shapes.ColorBlue}, {shapes.ColorBlue, shapes.ColorRed},
	} {
		if got, err := c.Next(ctx, tt.in); err != nil || got != tt.want {
			t.Errorf("Next(%v) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	s := shapes.Shape{Name: "sq\u00e9", Color: shapes.ColorBlue, Points: square, Label: ptr("big")}
	if got, err := c.Describe(ctx, s); err != nil || got != "sq\u00e9: blue, 4 points, big" {
		t.Fatalf("Describe = %q, %v", got, err)
	}
	s.Label = nil
	if got, err := c.DescribeLater(ctx, s); err != nil || got != "sq\u00e9: blue, 4 points" {
		t.Fatalf("DescribeLater = %q, %v", got, err)
	}
	if n, err := c.SumLater(ctx, 1<<40, -5, 1); err != nil || n != 1<<40-5 {
		t.Fatalf("SumLater = %d, %v", n, err)
	}
	if err := c.Fire(ctx, 0); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	for _, describe := range []func(context.Context, shapes.Shape) (string, error){c.Describe, c.DescribeLater} {
		_, err := describe(ctx, shapes.Shape{Name: "empty"})
		var se shapes.ShapeError
		if !errors.As(err, &se) || se.Code != 1 || se.Message != "no points" {
			t.Fatalf("typed error: %#v", err)
		}
		_, err = describe(ctx, shapes.Shape{Name: "fail", Points: square})
		var fe *fficlient.Error
		if !errors.As(err, &fe) || fe.Status != fficlient.StatusError || fe.Message != "describe failed" {
			t.Fatalf("message error: %#v", err)
		}
		if _, err := describe(ctx, shapes.Shape{Name: "bad\xff", Points: square}); err == nil {
			t.Fatal("invalid UTF-8 accepted")
		}
	}
	// a successful call returns a nil error interface, not a typed nil
	if _, err := c.Next(ctx, shapes.ColorRed); err != nil {
		t.Fatalf("%#v", err)
	}
	if _, err := client.Open(ctx, 0, client.Host{}); err == nil || !strings.Contains(err.Error(), "scale must not be 0") {
		t.Fatalf("Open(0): %v", err)
	}
}

// TestHostFn: name_shape is called from the calling thread of a plain fn
// (describe) and from a thread of the library's own (describe_later).
func TestHostFn(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	for name, describe := range map[string]func(context.Context, shapes.Shape) (string, error){
		"plain": c.Describe, "async": c.DescribeLater,
	} {
		s := shapes.Shape{Name: "host", Points: square}
		if got, err := describe(ctx, s); err != nil || got != "named-by-go: red, 4 points" {
			t.Errorf("%s: %q, %v", name, got, err)
		}
		s.Label = ptr("late")
		if got, err := describe(ctx, s); err != nil || !strings.HasPrefix(got, "late-name") {
			t.Errorf("%s late: %q, %v", name, got, err)
		}
		for label, code := range map[string]int32{"typed": 42, "wrapped": 43} {
			s.Label = ptr(label)
			var se shapes.ShapeError
			if _, err := describe(ctx, s); !errors.As(err, &se) || se.Code != code {
				t.Errorf("%s %s: %#v", name, label, err)
			}
		}
		s.Label = ptr("panic")
		if _, err := describe(ctx, s); err == nil || !strings.Contains(err.Error(), "host fn panics") {
			t.Errorf("%s panic: %v", name, err)
		}
		s.Label = ptr("message")
		if _, err := describe(ctx, s); err == nil || !strings.Contains(err.Error(), "plain failure") {
			t.Errorf("%s message: %v", name, err)
		}
	}
	bare, err := client.Open(ctx, 1, client.Host{})
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.Describe(ctx, shapes.Shape{Name: "host", Points: square}); err == nil || !strings.Contains(err.Error(), "not implemented") {
		t.Fatalf("not implemented: %v", err)
	}
}

func TestEvents(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	var mu sync.Mutex
	var seqs []uint64
	var b atomic.Int64
	unA, err := c.OnMoved(func(p shapes.Point, seq uint64) {
		mu.Lock()
		seqs = append(seqs, seq)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	unB, err := c.OnMoved(func(shapes.Point, uint64) { b.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	panics, err := c.OnMoved(func(shapes.Point, uint64) { panic("subscriber panics") })
	if err != nil {
		t.Fatal(err)
	}
	defer panics()
	if err := c.Fire(ctx, 5); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return b.Load() == 5 })
	unA()
	unA()
	if err := c.Fire(ctx, 2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return b.Load() == 7 })
	unB()
	mu.Lock()
	defer mu.Unlock()
	if len(seqs) != 5 || seqs[0] != 1 || seqs[4] != 5 {
		t.Fatalf("subscriber A saw %v", seqs)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCancellation(t *testing.T) {
	c := open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.SumLater(ctx, 1, 2, 3000); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("SumLater: %v after %v", err, time.Since(start))
	}
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := c.Add(done, shapes.Point{}, shapes.Point{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Add on a cancelled ctx: %v", err)
	}
	if n, err := c.SumLater(context.Background(), 1, 2, 0); err != nil || n != 3 {
		t.Fatal(n, err)
	}
}

func TestCloseInFlight(t *testing.T) {
	if mismatch {
		t.Skip()
	}
	c, err := client.Open(context.Background(), 1, host())
	if err != nil {
		t.Fatal(err)
	}
	// 8 calls sleeping on threads of their own (delay_ms > 0), and 4
	// goroutines making calls the library's worker thread completes
	// (delay_ms 0) until Close fails them.
	var wg sync.WaitGroup
	errs := make(chan error, 8+4)
	for range 8 {
		wg.Go(func() {
			_, err := c.SumLater(context.Background(), 1, 1, 5000)
			errs <- err
		})
	}
	var worked atomic.Int64
	for g := range 4 {
		wg.Go(func() {
			for i := int64(0); ; i++ {
				n, err := c.SumLater(context.Background(), int64(g), i, 0)
				if err != nil {
					errs <- err
					return
				}
				if n != int64(g)+i {
					errs <- fmt.Errorf("SumLater(%d, %d, 0) = %d", g, i, n)
					return
				}
				worked.Add(1)
			}
		})
	}
	waitFor(t, func() bool { return worked.Load() >= 100 })
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	var cw sync.WaitGroup
	for range 3 {
		cw.Go(func() { _ = c.Close() })
	}
	cw.Wait()
	wg.Wait()
	close(errs)
	if time.Since(start) > 3*time.Second {
		t.Fatalf("Close took %v", time.Since(start))
	}
	for err := range errs {
		if !errors.Is(err, fficlient.ErrClosed) {
			t.Fatalf("a call in flight: %v", err)
		}
	}
	if _, err := c.Add(context.Background(), shapes.Point{}, shapes.Point{}); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("Add after Close: %v", err)
	}
	if _, err := c.OnMoved(func(shapes.Point, uint64) {}); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("listen after Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrent(t *testing.T) {
	c := open(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			ctx := context.Background()
			for i := range 40 {
				if p, err := c.Add(ctx, shapes.Point{X: int32(g)}, shapes.Point{Y: int32(i)}); err != nil || p.X != int32(2*g) || p.Y != int32(2*i) {
					t.Error(p, err)
					return
				}
				delay := uint32(0) // the worker thread, and every 8th a thread of its own
				if i%8 == 7 {
					delay = 1
				}
				if n, err := c.SumLater(ctx, int64(g), int64(i), delay); err != nil || n != int64(g+i) {
					t.Error(n, err)
					return
				}
				if got, err := c.Describe(ctx, shapes.Shape{Name: "host", Points: square}); err != nil || !strings.HasPrefix(got, "named-by-go") {
					t.Error(got, err)
					return
				}
				if i%10 == 0 {
					un, err := c.OnMoved(func(shapes.Point, uint64) {})
					if err != nil {
						t.Error(err)
						return
					}
					un()
				}
			}
		})
	}
	wg.Wait()
}

// TestSumLaterWorker: 1,000 calls of sum_later without a delay, from 8
// goroutines at once, all completed by the library's one worker thread,
// each with its own result.
func TestSumLaterWorker(t *testing.T) {
	c := open(t)
	const calls, goroutines = 1000, 8
	var wg sync.WaitGroup
	var done atomic.Int64
	for g := range goroutines {
		wg.Go(func() {
			ctx := context.Background()
			for i := g; i < calls; i += goroutines {
				a, b := int64(i)<<32, -int64(g)
				if n, err := c.SumLater(ctx, a, b, 0); err != nil || n != a+b {
					t.Errorf("SumLater(%d, %d, 0) = %d, %v", a, b, n, err)
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if n := done.Load(); n != calls {
		t.Fatalf("%d of %d calls completed", n, calls)
	}
}

func TestMismatch(t *testing.T) {
	if !mismatch {
		t.Skip("linked with the matching library")
	}
	_, err := client.Open(context.Background(), 1, client.Host{})
	if !errors.Is(err, fficlient.ErrMismatch) || !strings.Contains(err.Error(), "00000000") {
		t.Fatalf("Open: %v", err)
	}
}

// BenchmarkShapes: the client against the C library, next to a bare cgo
// call; run by internal/gohost's BenchmarkHost (c-library).
func BenchmarkShapes(b *testing.B) {
	ctx := context.Background()
	b.Run("bare-cgo", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			bareCall(int32(i))
		}
	})
	c, err := client.Open(ctx, 1, client.Host{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for _, cbor := range []bool{false, true} {
		suffix := "-native"
		if cbor {
			suffix = "-cbor"
		}
		b.Run("plain-add"+suffix, func(b *testing.B) {
			fficlient.CBOROnly = cbor
			defer func() { fficlient.CBOROnly = false }()
			for b.Loop() {
				if _, err := c.Add(ctx, shapes.Point{X: 1}, shapes.Point{Y: 2}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("plain-next"+suffix, func(b *testing.B) {
			fficlient.CBOROnly = cbor
			defer func() { fficlient.CBOROnly = false }()
			for b.Loop() {
				if _, err := c.Next(ctx, shapes.ColorGreen); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("plain-describe", func(b *testing.B) {
		s := shapes.Shape{Name: "square", Points: square}
		for b.Loop() {
			if _, err := c.Describe(ctx, s); err != nil {
				b.Fatal(err)
			}
		}
	})
	// sum_later without a delay, one call at a time and 64 in flight:
	// completed by the library's worker thread, no thread per call.
	b.Run("async-sum-later-1", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.SumLater(ctx, 1, 2, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("async-sum-later-64", func(b *testing.B) {
		work := make(chan struct{}, b.N)
		for range b.N {
			work <- struct{}{}
		}
		close(work)
		b.ResetTimer()
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for range work {
					if _, err := c.SumLater(ctx, 1, 2, 0); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	})
}

// TestDroppedEvents: a subscriber that blocks fills the library's backlog
// (1,024 events); the events fired beyond it are dropped and counted, and
// the rest are delivered in order once it returns.
func TestDroppedEvents(t *testing.T) {
	c := open(t)
	release := make(chan struct{})
	var got atomic.Int64
	var last atomic.Uint64
	var inOrder atomic.Bool
	inOrder.Store(true)
	un, err := c.OnMoved(func(_ shapes.Point, seq uint64) {
		if seq == 1 {
			<-release
		}
		if prev := last.Swap(seq); seq <= prev {
			inOrder.Store(false)
		}
		got.Add(1)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer un()
	if err := c.Fire(context.Background(), 1500); err != nil {
		t.Fatal(err)
	}
	n, err := c.Context().DroppedEvents()
	if err != nil || n == 0 || n > 1500-1024 {
		t.Fatalf("DroppedEvents = %d, %v", n, err)
	}
	close(release)
	waitFor(t, func() bool { return uint64(got.Load())+n == 1500 })
	if !inOrder.Load() {
		t.Fatal("events out of order")
	}
}

// TestEventsReentrant: a subscriber may call the library, subscribe and
// unsubscribe (itself included) from the event thread; once its own
// unsubscribe returned it is not called again.
func TestEventsReentrant(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	var self atomic.Pointer[func()]
	var calls, later atomic.Int64
	errs := make(chan error, 4)
	un, err := c.OnMoved(func(shapes.Point, uint64) {
		if calls.Add(1) > 1 {
			return
		}
		if _, err := c.Next(ctx, shapes.ColorRed); err != nil { // a call from the event thread
			errs <- err
		}
		if _, err := c.OnMoved(func(shapes.Point, uint64) { later.Add(1) }); err != nil {
			errs <- err
		}
		(*self.Load())() // unsubscribes itself
		errs <- nil
	})
	if err != nil {
		t.Fatal(err)
	}
	self.Store(&un)
	if err := c.Fire(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if err := c.Fire(ctx, 3); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return later.Load() == 3 })
	if calls.Load() != 1 {
		t.Fatalf("the self-removing subscriber ran %d times", calls.Load())
	}
}

// TestCloseFromSubscriber: Close called from a subscriber, on the event
// thread, closes the client without waiting for that subscriber.
func TestCloseFromSubscriber(t *testing.T) {
	if mismatch {
		t.Skip()
	}
	c, err := client.Open(context.Background(), 1, client.Host{})
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	if _, err := c.OnMoved(func(shapes.Point, uint64) { closed <- c.Close() }); err != nil {
		t.Fatal(err)
	}
	if err := c.Fire(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close from a subscriber: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close from a subscriber did not return")
	}
	if _, err := c.Next(context.Background(), shapes.ColorRed); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("Next after Close: %v", err)
	}
}
