// Package fficlib is the library side of the C ABI (docs/abi.md) for Go:
// what the code ffic generates for a library implemented in Go calls to
// turn Go handlers into the entry points of a shared library built with
// `go build -buildmode=c-shared`.
//
// It holds everything that does not depend on the interface: the context
// table (validated 64-bit handles), the accounting of calls in flight and
// callbacks running that lets destroy wait with a deadline, async calls on
// goroutines with exactly-once completion, the per-context event thread
// and its listeners, host fn implementations and the host-call table, the
// completion queue behind L_enqueue and L_poll, the thread-local last
// error, C memory for native results (Arena), and panics turned into
// errors. The generated code holds only what depends on the interface:
// types, their native and CBOR conversions, and one small function per
// entry point.
//
// # Threads
//
// A cgo export runs on the thread of its C caller, so a plain call runs
// its handler and its completion callback right there, with no goroutine
// hop: the whole call is a handful of atomic operations around the
// handler. Async calls run on goroutines and complete from whatever thread
// runs them. Each context's events are delivered by one goroutine locked to
// its OS thread. Which callbacks run on which thread is recorded in C
// thread-local storage, so destroy, unlisten and implement can tell a call
// from inside a callback (which they never wait for) from one outside.
//
// The package uses cgo; its C half (rt.c) is hidden inside the shared
// library, so two ffic libraries in one process stay apart.
package fficlib
