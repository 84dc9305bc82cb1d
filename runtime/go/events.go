package fficrt

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// ErrUnknownListener: a listener id that is not registered.
var ErrUnknownListener = errors.New("unknown listener id")

// Dispatcher delivers a context's events: Fire queues a delivery and
// returns at once (firing never blocks the library's handler), and one
// goroutine per context runs the deliveries in firing order. The queue is
// bounded: when it is full, Fire drops the new event and counts it
// (Dropped), so a host that stops reading cannot stall or exhaust the
// library.
type Dispatcher struct {
	mu      sync.Mutex
	pending []func()
	limit   int
	closed  bool
	wake    chan struct{}
	done    chan struct{}
	dropped atomic.Uint64
	abandon atomic.Bool  // Close timed out: drop what has not started
	backlog atomic.Int64 // fired and waiting (pending, and the rest of the running batch)
}

// NewDispatcher starts a dispatcher holding at most limit undelivered
// events (limit <= 0: 4096).
func NewDispatcher(limit int) *Dispatcher {
	if limit <= 0 {
		limit = 4096
	}
	d := &Dispatcher{limit: limit, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

// NewDispatcherThread is NewDispatcher with its deliveries on one OS
// thread: the delivering goroutine locks itself to its thread and calls
// start there first (to record the thread, say), so every delivery of the
// dispatcher runs on that one thread, as the C ABI promises for a
// context's events.
func NewDispatcherThread(limit int, start func()) *Dispatcher {
	if limit <= 0 {
		limit = 4096
	}
	d := &Dispatcher{limit: limit, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if start != nil {
			start()
		}
		d.run()
	}()
	return d
}

// Pending returns how many fired events wait for delivery.
func (d *Dispatcher) Pending() int { return int(d.backlog.Load()) }

// Fire queues deliver, to run after every event fired before it. It reports
// false if the event was dropped: the queue was full or the dispatcher is
// closed.
func (d *Dispatcher) Fire(deliver func()) bool {
	d.mu.Lock()
	if d.closed || d.backlog.Load() >= int64(d.limit) {
		d.mu.Unlock()
		d.dropped.Add(1)
		return false
	}
	d.backlog.Add(1)
	d.pending = append(d.pending, deliver)
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
	return true
}

// Dropped returns how many events were dropped.
func (d *Dispatcher) Dropped() uint64 { return d.dropped.Load() }

func (d *Dispatcher) run() {
	defer close(d.done)
	var batch []func()
	for {
		d.mu.Lock()
		batch, d.pending = d.pending, batch[:0]
		closed := d.closed
		d.mu.Unlock()
		for i, deliver := range batch {
			d.backlog.Add(-1) // being delivered: no longer waiting
			if d.abandon.Load() {
				d.dropped.Add(1)
			} else {
				deliver()
			}
			batch[i] = nil
		}
		if len(batch) == 0 {
			if closed {
				return
			}
			<-d.wake
		}
	}
}

// Close refuses new events and waits up to timeout for the events already
// fired to be delivered (negative: without limit). It reports whether
// every delivery finished in time. If not, the deliveries that have not
// started are dropped (and counted in Dropped), so no listener is called
// after Close returns except the one running at that moment, if any.
func (d *Dispatcher) Close(timeout time.Duration) bool {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
	if timeout < 0 {
		<-d.done
		return true
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-d.done:
		return true
	case <-t.C:
		d.abandon.Store(true)
		return false
	}
}

// Listeners is the registry of a context's event listeners, F being the
// listener type. Listeners of one event are called in the order they were
// added. Remove takes effect at once: a delivery that has not yet called a
// removed listener never will, so after Remove returns the listener is not
// called again (a call already running may finish). Remove never waits,
// so a listener may remove itself, or others, from inside a delivery.
type Listeners[F any] struct {
	mu     sync.Mutex
	next   uint64
	byID   map[uint64]*listener[F]
	events []atomic.Pointer[[]*listener[F]] // per event, copy on write
}

type listener[F any] struct {
	id      uint64
	event   int
	fn      F
	removed atomic.Bool
}

// NewListeners returns a registry for events numbered 0..events-1.
func NewListeners[F any](events int) *Listeners[F] {
	return &Listeners[F]{byID: map[uint64]*listener[F]{}, events: make([]atomic.Pointer[[]*listener[F]], events)}
}

// Add registers fn for event and returns its id (never 0).
func (l *Listeners[F]) Add(event int, fn F) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next++
	ls := &listener[F]{id: l.next, event: event, fn: fn}
	l.byID[ls.id] = ls
	old := l.list(event)
	list := make([]*listener[F], len(old), len(old)+1)
	copy(list, old)
	list = append(list, ls)
	l.events[event].Store(&list)
	return ls.id
}

// Remove unregisters listener id; ErrUnknownListener if it is not
// registered (never was, or already removed).
func (l *Listeners[F]) Remove(id uint64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	ls, ok := l.byID[id]
	if !ok {
		return ErrUnknownListener
	}
	ls.removed.Store(true)
	delete(l.byID, id)
	old := l.list(ls.event)
	list := make([]*listener[F], 0, len(old))
	for _, o := range old {
		if o != ls {
			list = append(list, o)
		}
	}
	l.events[ls.event].Store(&list)
	return nil
}

// Clear removes every listener, as Remove would each.
func (l *Listeners[F]) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, ls := range l.byID {
		ls.removed.Store(true)
		delete(l.byID, id)
	}
	for i := range l.events {
		l.events[i].Store(nil)
	}
}

// Each calls call for every listener of event registered now, skipping any
// removed before its turn. It takes no lock while calling.
func (l *Listeners[F]) Each(event int, call func(F)) {
	for _, ls := range l.list(event) {
		if !ls.removed.Load() {
			call(ls.fn)
		}
	}
}

// Snapshot returns the listeners of event registered now. It costs one
// atomic load: the registry's lists are copied on write, so a snapshot
// never changes, and a listener added later is not in it.
func (l *Listeners[F]) Snapshot(event int) Snapshot[F] { return Snapshot[F]{l.list(event)} }

// Snapshot is the listeners of one event at one moment (Listeners.Snapshot):
// what an event fired at that moment is delivered to.
type Snapshot[F any] struct{ list []*listener[F] }

// Len returns how many listeners the snapshot holds, removed ones included.
func (s Snapshot[F]) Len() int { return len(s.list) }

// Each calls call for every listener of the snapshot, in registration
// order, skipping any removed before its turn.
func (s Snapshot[F]) Each(call func(F)) {
	for _, ls := range s.list {
		if !ls.removed.Load() {
			call(ls.fn)
		}
	}
}

// All calls call for every listener of the snapshot, removed ones
// included (to release what was reserved for each when the snapshot was
// taken).
func (s Snapshot[F]) All(call func(F)) {
	for _, ls := range s.list {
		call(ls.fn)
	}
}

// Len returns how many listeners event has.
func (l *Listeners[F]) Len(event int) int { return len(l.list(event)) }

func (l *Listeners[F]) list(event int) []*listener[F] {
	if p := l.events[event].Load(); p != nil {
		return *p
	}
	return nil
}
