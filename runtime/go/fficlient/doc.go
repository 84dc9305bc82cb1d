// Package fficlient is the host side of the C ABI (docs/abi.md) for Go:
// what the client code ffic generates for a library (package
// L/client) calls to reach that library through its C entry points,
// whatever language implemented it.
//
// It holds everything that does not depend on the interface: the
// library's fingerprint check, contexts with an idempotent Close, plain
// calls (completed into a C-side Slot on the calling thread, with no
// callback into Go), async calls (completed through one C callback into
// Go, addressed by handle, with cancellation that drops a late
// completion), event subscriptions, host fn invocations run on goroutines
// with panics turned into error answers, and the errors of all of these.
// The generated code holds only what depends on the interface: one
// small function per call (the types and their CBOR conversions are the
// library's types-and-codec package, shared with its Go implementation).
// It imports fficrt (the codec and the shared helpers), never the library
// runtime fficlib.
//
// Plain fns whose parameters, result and typed error are flat (no
// pointer in their C form) are called through their native entry point,
// by generated C that returns the completion by value (Native turns it
// into the error); every other call goes through its CBOR form (docs/go.md
// measures both; CBOROnly turns the native path off). The user_data of
// async calls, listeners and host fns is always an integer handle, never
// a Go pointer, so a callback that comes late (after a cancellation,
// after Close timed out) finds nothing and is dropped.
package fficlient
