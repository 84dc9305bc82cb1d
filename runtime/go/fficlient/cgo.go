package fficlient

/*
#include <stdlib.h>
#include "rt.h"
*/
import "C"

import (
	"sync"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Slot receives the completion of a plain call on the calling thread
// (fficlient1_slot_cb). It is Go memory holding no Go pointer, passed to
// C for the duration of the entry point only.
type Slot struct{ c C.fficlient1_slot }

var slots = sync.Pool{New: func() any { return new(Slot) }}

func getSlot() *Slot { return slots.Get().(*Slot) }

// release frees the slot's C data and returns it to the pool.
func (s *Slot) release() {
	if s.c.heap != nil {
		C.free(unsafe.Pointer(s.c.heap))
		s.c.heap = nil
	}
	s.c.len = 0
	slots.Put(s)
}

// Ptr is the slot as the generated code passes it to C.
func (s *Slot) Ptr() unsafe.Pointer { return unsafe.Pointer(&s.c) }

func (s *Slot) status() int32 { return int32(s.c.status) }
func (s *Slot) id() uint64    { return uint64(s.c.id) }

// data is the completion's CBOR, valid until release.
func (s *Slot) data() []byte {
	n := int(s.c.len)
	if n == 0 {
		return nil
	}
	if s.c.heap != nil {
		return unsafe.Slice((*byte)(unsafe.Pointer(s.c.heap)), n)
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s.c.small[0])), n)
}

// target is what a handle given to fficlient1_cb as user_data stands
// for: a pending async call, a listener, a host fn implementation.
type target interface {
	deliver(h uint64, status int32, id uint64, data []byte)
}

//export fficlient1Deliver
func fficlient1Deliver(ud C.uintptr_t, status C.int32_t, id C.uint64_t, data *C.uint8_t, n C.size_t) {
	t, ok := targets.Get(uint64(ud))
	if !ok {
		return // a late completion of a call given up, a listener removed
	}
	var b []byte
	if n > 0 {
		b = unsafe.Slice((*byte)(unsafe.Pointer(data)), int(n))
	}
	t.deliver(uint64(ud), int32(status), uint64(id), b)
}

func init() {
	// Completions through fficlient1_cb re-enter Go: a Go library in this
	// process grows its async goroutines' stacks for them.
	fficrt.RegisterGoCallback(uintptr(unsafe.Pointer(C.fficlient1_cb)))
}

// Callback is the address of fficlient1_cb, for hosts that write their own cgo.
func Callback() unsafe.Pointer { return unsafe.Pointer(C.fficlient1_cb) }
