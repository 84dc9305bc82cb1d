package fficrt

import (
	"errors"
	"sync"
)

// Errors of the host-call table; the generated entry points map them to
// the ABI's status codes.
var (
	// ErrUnknownCall: a host answered a call id that is not waiting: never
	// issued, already answered, or given up.
	ErrUnknownCall = errors.New("unknown or already answered host call id")
	// ErrClosed: the context is being destroyed.
	ErrClosed = errors.New("context destroyed")
)

// HostCalls tracks the calls a library has made into its host and awaits:
// each gets a fresh call id (monotonic, never 0, never reused), and each is
// answered exactly once — by the host, or by Close when the context is
// destroyed. A is the answer type (a decoded result or error).
type HostCalls[A any] struct {
	mu      sync.Mutex
	next    uint64
	waiting map[uint64]chan A
	tags    map[uint64]int // the tag of each waiting call started by StartTagged
	closed  bool
	final   A // the answer Close gave, for calls started afterwards
}

// Start registers a new call and returns its id and the channel its one
// answer arrives on (buffered: answering never blocks). After Close, it
// returns id 0 and a channel that already holds the closing answer.
func (h *HostCalls[A]) Start() (uint64, <-chan A) {
	ch := make(chan A, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		ch <- h.final
		return 0, ch
	}
	if h.waiting == nil {
		h.waiting = map[uint64]chan A{}
	}
	h.next++
	h.waiting[h.next] = ch
	return h.next, ch
}

// StartTagged is Start for a call carrying a tag (which host fn it calls),
// so that an answer given for another host fn can be told apart (Tag,
// CompleteTagged).
func (h *HostCalls[A]) StartTagged(tag int) (uint64, <-chan A) {
	id, ch := h.Start()
	if id != 0 {
		h.mu.Lock()
		if h.tags == nil {
			h.tags = map[uint64]int{}
		}
		if _, ok := h.waiting[id]; ok {
			h.tags[id] = tag
		}
		h.mu.Unlock()
	}
	return id, ch
}

// Tag returns the tag of a waiting call started by StartTagged; false if
// the call is not waiting.
func (h *HostCalls[A]) Tag(id uint64) (int, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.waiting[id]; !ok {
		return 0, false
	}
	tag, ok := h.tags[id]
	return tag, ok
}

// CompleteTagged is Complete for a call that must carry tag: an id that is
// waiting under another tag is ErrUnknownCall, and stays waiting.
func (h *HostCalls[A]) CompleteTagged(id uint64, tag int, a A) error {
	h.mu.Lock()
	if t, ok := h.tags[id]; ok && t != tag {
		h.mu.Unlock()
		return ErrUnknownCall
	}
	h.mu.Unlock()
	return h.Complete(id, a)
}

// Complete delivers the answer of call id. It returns ErrUnknownCall for an
// id that is not waiting (so a repeated answer is an error, never a second
// delivery) and ErrClosed once the table is closed.
func (h *HostCalls[A]) Complete(id uint64, a A) error {
	h.mu.Lock()
	ch, ok := h.waiting[id]
	delete(h.waiting, id)
	delete(h.tags, id)
	closed := h.closed
	h.mu.Unlock()
	switch {
	case ok:
		ch <- a
		return nil
	case closed:
		return ErrClosed
	}
	return ErrUnknownCall
}

// Abandon forgets call id without answering it (its caller gave up, e.g.
// its context.Context was cancelled); a later Complete of it is
// ErrUnknownCall. It reports whether the call was still waiting.
func (h *HostCalls[A]) Abandon(id uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.waiting[id]
	delete(h.waiting, id)
	delete(h.tags, id)
	return ok
}

// Close answers every waiting call with a, and every call started later
// too. It returns how many calls were waiting. Closing twice is harmless.
func (h *HostCalls[A]) Close(a A) int {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return 0
	}
	h.closed = true
	h.final = a
	waiting := h.waiting
	h.waiting = nil
	h.tags = nil
	h.mu.Unlock()
	for _, ch := range waiting {
		ch <- a
	}
	return len(waiting)
}

// Waiting returns how many calls await an answer.
func (h *HostCalls[A]) Waiting() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.waiting)
}
