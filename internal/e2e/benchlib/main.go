// Command benchlib is internal/e2e/benchlib/bench.ffi as a c-shared
// library (its implementation is package benchimpl), for the benchmark of
// the C ABI (BenchmarkABI) and as a second library loaded in one process
// with my_timer (TestTwoLibraries). It also exports a bare cgo function,
// ffibench_floor, the floor the benchmark compares with.
package main

// #include <stdint.h>
import "C"

import _ "github.com/ffic/ffic/internal/e2e/benchlib/benchimpl"

func main() {}

// ffibench_floor is a bare C -> Go call: what every entry point costs at
// least.
//
//export ffibench_floor
func ffibench_floor(x C.int32_t) C.int32_t { return x + 1 }
