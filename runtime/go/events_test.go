package fficrt

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestDispatcherOrder(t *testing.T) {
	d := NewDispatcher(0)
	var got []int
	for i := 0; i < 1000; i++ {
		if !d.Fire(func() { got = append(got, i) }) {
			t.Fatalf("event %d dropped", i)
		}
	}
	if !d.Close(5 * time.Second) {
		t.Fatal("Close timed out")
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("event %d delivered as number %d", v, i)
		}
	}
	if len(got) != 1000 {
		t.Errorf("%d events delivered, want 1000", len(got))
	}
	if d.Fire(func() {}) || d.Dropped() != 1 {
		t.Errorf("Fire after Close: accepted, or not counted as dropped (%d)", d.Dropped())
	}
}

// TestDispatcherNeverBlocks: a listener that blocks makes Fire drop, not
// wait; Close gives up at its deadline and drops what has not started.
func TestDispatcherNeverBlocks(t *testing.T) {
	d := NewDispatcher(4)
	release := make(chan struct{})
	started := make(chan struct{})
	d.Fire(func() { close(started); <-release })
	<-started
	var delivered atomic.Int32
	accepted := 0
	for i := 0; i < 10; i++ {
		if d.Fire(func() { delivered.Add(1) }) {
			accepted++
		}
	}
	if accepted != 4 || d.Dropped() != 6 {
		t.Errorf("accepted %d, dropped %d; want 4 and 6", accepted, d.Dropped())
	}
	if d.Close(20 * time.Millisecond) {
		t.Errorf("Close reported success while a listener blocks")
	}
	close(release)
	time.Sleep(50 * time.Millisecond)
	if n := delivered.Load(); n != 0 {
		t.Errorf("%d events delivered after Close gave up, want 0", n)
	}
	if d.Dropped() != 10 {
		t.Errorf("Dropped() = %d, want 10", d.Dropped())
	}
}

func TestListeners(t *testing.T) {
	l := NewListeners[func(*[]string)](2)
	a := l.Add(0, func(s *[]string) { *s = append(*s, "a") })
	b := l.Add(0, func(s *[]string) { *s = append(*s, "b") })
	l.Add(1, func(s *[]string) { *s = append(*s, "other event") })
	var got []string
	l.Each(0, func(f func(*[]string)) { f(&got) })
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("delivery = %v, want [a b]", got)
	}
	if err := l.Remove(a); err != nil {
		t.Fatal(err)
	}
	if err := l.Remove(a); err != ErrUnknownListener {
		t.Errorf("second Remove = %v, want ErrUnknownListener", err)
	}
	if err := l.Remove(12345); err != ErrUnknownListener {
		t.Errorf("Remove(unknown) = %v", err)
	}
	got = nil
	l.Each(0, func(f func(*[]string)) { f(&got) })
	if len(got) != 1 || got[0] != "b" || l.Len(0) != 1 {
		t.Errorf("after Remove(a): %v", got)
	}
	_ = b
}

// TestListenerRemovedDuringDelivery: a listener removing a later one in the
// same delivery stops it from being called; a listener removing itself is
// not called again.
func TestListenerRemovedDuringDelivery(t *testing.T) {
	l := NewListeners[func()](1)
	var second uint64
	calls := map[string]int{}
	var self uint64
	self = l.Add(0, func() {
		calls["self"]++
		_ = l.Remove(self)
		_ = l.Remove(second)
	})
	second = l.Add(0, func() { calls["second"]++ })
	for i := 0; i < 3; i++ {
		l.Each(0, func(f func()) { f() })
	}
	if calls["self"] != 1 || calls["second"] != 0 {
		t.Errorf("calls = %v, want self once and second never", calls)
	}
}

// TestListenersConcurrent: adds, removes and deliveries race; after Remove
// returns, the listener is never called by a delivery that starts later.
// Run under -race.
func TestListenersConcurrent(t *testing.T) {
	l := NewListeners[*atomic.Bool](1)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			l.Each(0, func(gone *atomic.Bool) {
				_ = gone.Load()
			})
		}
	}()
	for i := 0; i < 2000; i++ {
		gone := &atomic.Bool{}
		id := l.Add(0, gone)
		if err := l.Remove(id); err != nil {
			t.Fatal(err)
		}
		gone.Store(true)
		called := false
		l.Each(0, func(g *atomic.Bool) { called = called || g == gone })
		if called {
			t.Fatalf("listener %d called after Remove returned", id)
		}
	}
	close(stop)
	wg.Wait()
}
