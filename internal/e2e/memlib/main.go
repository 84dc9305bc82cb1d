// Command memlib is internal/e2e/memlib/mem.ffi as a c-shared library (its
// implementation is package memimpl), for the memory-safety tests of the C
// ABI (internal/e2e TestMemory).
package main

import "C"

import _ "github.com/ffic/ffic/internal/e2e/memlib/memimpl"

func main() {}
