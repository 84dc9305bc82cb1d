// Package gohost tests the generated Go host side (backends/go's client
// package and runtime/go/fficlient) end to end, under the race detector:
// against the Go implementation of examples/timer linked into the test
// binary (timerimpl, through the real C ABI), and against a library
// written in plain C (testdata/shapes), built with gcc by the test.
package gohost
