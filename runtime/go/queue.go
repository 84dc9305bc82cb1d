package fficrt

import (
	"errors"
	"sync"
	"time"
)

// ErrFull: a bounded queue is full.
var ErrFull = errors.New("queue full")

// Queue is a context's completion queue: library threads push items
// (completions, events, host-call invocations) and host threads drain them
// in batches with a blocking Poll, so a host that cannot take callbacks
// cheaply on threads it did not create (Python) receives everything on a
// thread of its own. Items come out in the order they were pushed.
type Queue[T any] struct {
	mu     sync.Mutex
	items  []T
	head   int // items[head:] are pending
	limit  int
	closed bool
	// wake holds a token while items may be pending or a wake-up is due;
	// a Poll with nothing to take waits on it.
	wake chan struct{}
	// notify, if set, is called after a push into an empty queue and
	// after Close (SetNotify). It runs under notifyMu's read lock, not
	// under mu: a poller woken by it must not find mu held by the thread
	// that woke it (a contended lock in a cgo export costs a thread
	// hand-off); SetNotify takes the write lock, so once SetNotify(nil)
	// has returned the old function is not running and never runs again.
	notifyMu sync.RWMutex
	notify   func()
}

// NewQueue returns a queue holding at most limit items (limit <= 0: no
// limit).
func NewQueue[T any](limit int) *Queue[T] {
	return &Queue[T]{limit: limit, wake: make(chan struct{}, 1)}
}

// Push appends v. It never blocks: it returns ErrFull when the queue holds
// limit items and ErrClosed after Close.
func (q *Queue[T]) Push(v T) error {
	q.mu.Lock()
	switch {
	case q.closed:
		q.mu.Unlock()
		return ErrClosed
	case q.limit > 0 && len(q.items)-q.head >= q.limit:
		q.mu.Unlock()
		return ErrFull
	}
	first := q.head == len(q.items)
	if q.head > 0 && first {
		q.items, q.head = q.items[:0], 0 // drained: reuse the array
	}
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.signal()
	if first {
		q.notifyNow()
	}
	return nil
}

// SetNotify sets (nil: removes) a function called after every push into
// an empty queue and after Close, on the pushing (closing) thread, and at
// once if items are pending: a host that drains the queue whenever it is
// notified, until Poll returns fewer items than it asked for, misses none.
// Once SetNotify has returned, the function it replaced is not running
// and is never called again.
func (q *Queue[T]) SetNotify(f func()) {
	q.notifyMu.Lock()
	defer q.notifyMu.Unlock()
	q.notify = f
	if f == nil {
		return
	}
	q.mu.Lock()
	pending := q.head < len(q.items) || q.closed
	q.mu.Unlock()
	if pending {
		f()
	}
}

func (q *Queue[T]) notifyNow() {
	q.notifyMu.RLock()
	if q.notify != nil {
		q.notify()
	}
	q.notifyMu.RUnlock()
}

// Poll moves up to len(dst) items into dst and returns how many. With
// nothing pending it waits up to timeout (negative: without limit; zero:
// not at all) for an item, a Wake or Close. It returns 0 and nil on a
// timeout, a Wake, or when another poller took the items it woke for, and
// 0 and ErrClosed once the queue is closed and drained: items pushed
// before Close are still handed out.
func (q *Queue[T]) Poll(dst []T, timeout time.Duration) (int, error) {
	var timer *time.Timer
	for {
		q.mu.Lock()
		if n := q.take(dst); n > 0 {
			more := q.head < len(q.items)
			q.mu.Unlock()
			if more {
				q.signal() // let another poller take the rest
			}
			return n, nil
		}
		closed := q.closed
		q.mu.Unlock()
		if closed {
			q.signal() // every poller must see the end
			return 0, ErrClosed
		}
		if len(dst) == 0 || timeout == 0 {
			return 0, nil
		}
		if timeout < 0 {
			<-q.wake
		} else {
			if timer == nil {
				timer = time.NewTimer(timeout)
				defer timer.Stop()
			}
			select {
			case <-q.wake:
			case <-timer.C:
				return 0, nil
			}
		}
		q.mu.Lock()
		empty := q.head == len(q.items) && !q.closed
		q.mu.Unlock()
		if empty {
			return 0, nil // woken by Wake: return so the host can look around
		}
	}
}

func (q *Queue[T]) take(dst []T) int {
	n := copy(dst, q.items[q.head:])
	var zero T
	for i := q.head; i < q.head+n; i++ {
		q.items[i] = zero // drop references for the garbage collector
	}
	q.head += n
	return n
}

// Wake makes one blocked (or the next) Poll return at once.
func (q *Queue[T]) Wake() { q.signal() }

// Close refuses further pushes; pollers drain what is pending, then get
// ErrClosed. Closing twice is harmless.
func (q *Queue[T]) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
	q.notifyNow()
}

// Filter drops the pending items for which keep returns false (a listener
// removed, a context destroyed) and returns how many it dropped. Order is
// kept.
func (q *Queue[T]) Filter(keep func(T) bool) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	kept := q.items[:q.head]
	dropped := 0
	for _, v := range q.items[q.head:] {
		if keep(v) {
			kept = append(kept, v)
		} else {
			dropped++
		}
	}
	var zero T
	for i := len(kept); i < len(q.items); i++ {
		q.items[i] = zero
	}
	q.items = kept
	return dropped
}

// Len returns how many items are pending.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items) - q.head
}

func (q *Queue[T]) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
