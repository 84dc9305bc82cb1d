package gohost

// The floor of a plain call from a Go host to a Go library in the same
// process: the path every such call takes through the C ABI, with no work
// on it. The host calls C (the library's entry point), the entry point is
// a Go export (C -> Go), and the library completes through the host's C
// callback (Go -> C again): two cgo calls and one callback.

/*
#include <stdint.h>
int32_t gohost_floor_roundtrip(int32_t x);
void gohost_floor_complete(uintptr_t cb, void* ud, int32_t v);
*/
import "C"

import "unsafe"

// floorRoundTrip runs the floor path once.
func floorRoundTrip(x int32) int32 { return int32(C.gohost_floor_roundtrip(C.int32_t(x))) }

// gohostFloorEntry stands for a library's entry point: it completes
// through cb on the calling thread.
//
//export gohostFloorEntry
func gohostFloorEntry(x C.int32_t, cb C.uintptr_t, ud unsafe.Pointer) {
	C.gohost_floor_complete(cb, ud, x+1)
}
