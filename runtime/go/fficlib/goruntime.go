package fficlib

// #include <stdint.h>
import "C"

import fficrt "github.com/ffic/ffic/runtime/go"

// ffic_rt1_go_runtime is fficrt.RuntimeID of the Go runtime the library
// runs in. The generated abi.c's L_ffic_go_runtime returns it, so that a
// Go host can refuse a Go-built shared library: its own runtime would be
// a second one in the process (docs/go.md, Linking).
//
//export ffic_rt1_go_runtime
func ffic_rt1_go_runtime() C.uintptr_t { return C.uintptr_t(fficrt.RuntimeID()) }
