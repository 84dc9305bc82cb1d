package fficrt

import (
	"sync"
	"sync/atomic"
)

// Handles is a table of live objects addressed by opaque 64-bit handles,
// the form in which contexts, listeners and other library objects cross
// the C ABI. A handle is validated on every use without dereferencing
// anything the caller gave: it is split into a slot index and a
// generation, and it is valid only while the slot holds that generation.
// NULL (0), made-up and stale handles (of a removed object, even if its slot
// was reused) are rejected.
//
// Get is lock-free (two atomic loads), so the plain-call path pays no lock;
// Add and Remove take a mutex.
type Handles[T any] struct {
	mu    sync.Mutex
	slots atomic.Pointer[[]*handleSlot[T]]
	free  []uint32 // indexes of empty slots
}

type handleSlot[T any] struct {
	entry atomic.Pointer[handleEntry[T]]
	gen   uint32 // generation of the last entry stored here (under mu)
}

type handleEntry[T any] struct {
	handle uint64
	value  T
}

// maxHandleSlots bounds the table; a handle's low 32 bits are its slot.
const maxHandleSlots = 1 << 31

// Add stores v and returns its handle, never 0. It returns 0 only when
// the table is full (2^31 live objects).
func (h *Handles[T]) Add(v T) uint64 {
	// Allocate before taking the lock: an allocation may assist the
	// garbage collector, and every other Add and Remove would wait.
	e := &handleEntry[T]{value: v}
	h.mu.Lock()
	defer h.mu.Unlock()
	var idx uint32
	if n := len(h.free); n > 0 {
		idx = h.free[n-1]
		h.free = h.free[:n-1]
	} else {
		old := h.load()
		if len(old) >= maxHandleSlots {
			return 0
		}
		// Copy on grow: readers holding the old slice still see valid
		// slots, because slots are pointers shared by both slices.
		grown := make([]*handleSlot[T], len(old), max(2*len(old), 16))
		copy(grown, old)
		grown = append(grown, &handleSlot[T]{})
		idx = uint32(len(grown) - 1)
		h.slots.Store(&grown)
	}
	s := h.load()[idx]
	s.gen++
	if s.gen == 0 { // the generation is never 0, so no handle is 0
		s.gen = 1
	}
	e.handle = uint64(s.gen)<<32 | uint64(idx)
	s.entry.Store(e)
	return e.handle
}

// Get returns the object of handle, or false for 0, an unknown, a made-up
// or a removed handle.
func (h *Handles[T]) Get(handle uint64) (T, bool) {
	if e := lookup(h.load(), handle); e != nil {
		return e.value, true
	}
	var zero T
	return zero, false
}

// Remove deletes handle and returns its object, or false if it was not
// valid. Exactly one of several concurrent Removes of one handle succeeds.
func (h *Handles[T]) Remove(handle uint64) (T, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	slots := h.load()
	e := lookup(slots, handle)
	if e == nil {
		var zero T
		return zero, false
	}
	idx := uint32(handle)
	slots[idx].entry.Store(nil)
	h.free = append(h.free, idx)
	return e.value, true
}

// lookup returns the live entry of handle, or nil. It reads only the
// table: the handle is split into a slot index, checked against the
// table's length, and a generation, checked against the slot's entry.
func lookup[T any](slots []*handleSlot[T], handle uint64) *handleEntry[T] {
	idx := uint64(uint32(handle))
	if handle == 0 || idx >= uint64(len(slots)) {
		return nil
	}
	if e := slots[idx].entry.Load(); e != nil && e.handle == handle {
		return e
	}
	return nil
}

// Issued reports whether handle looks like one the table gave out, live
// or removed: its slot exists and its generation is not above the slot's
// current one. It tells a destroyed handle (or a made-up one below the
// counter) from one the table never came near; it dereferences nothing.
func (h *Handles[T]) Issued(handle uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	slots := h.load()
	idx := uint64(uint32(handle))
	gen := uint32(handle >> 32)
	return handle != 0 && gen != 0 && idx < uint64(len(slots)) && gen <= slots[idx].gen
}

// Len returns how many objects the table holds.
func (h *Handles[T]) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.load()) - len(h.free)
}

// Range calls fn for every object in the table, in slot order, stopping
// when fn returns false. Objects added or removed meanwhile may or may not
// be seen.
func (h *Handles[T]) Range(fn func(handle uint64, v T) bool) {
	for _, s := range h.load() {
		if e := s.entry.Load(); e != nil && !fn(e.handle, e.value) {
			return
		}
	}
}

func (h *Handles[T]) load() []*handleSlot[T] {
	if p := h.slots.Load(); p != nil {
		return *p
	}
	return nil
}
