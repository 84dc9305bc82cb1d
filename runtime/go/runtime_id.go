package fficrt

import "unsafe"

// runtimeMark exists once per Go runtime: a Go program and each Go-built
// shared library it loads have their own copy of this package.
var runtimeMark byte

// RuntimeID identifies the Go runtime this code runs in: the address of
// a variable of this package, the same for the library runtime and the
// host runtime linked into one binary, different in a Go-built shared
// library loaded into a Go program (which the host runtime refuses).
func RuntimeID() uintptr { return uintptr(unsafe.Pointer(&runtimeMark)) }
