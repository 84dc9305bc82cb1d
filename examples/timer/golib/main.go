// Command golib is examples/timer/timer.ffi's Go implementation (package
// impl) as a shared library. Built with its SONAME (docs/c.md)
//
//	go build -buildmode=c-shared -ldflags=-extldflags=-Wl,-soname,libmy_timer.so.1 -o libmy_timer.so.1 ./examples/timer/golib
//	ln -sf libmy_timer.so.1 libmy_timer.so
//
// it implements my_timer.h, the C ABI of the interface, for any C host
// (examples/timer/host.c) or Python host to load. A Go program must not
// load it (two Go runtimes in one process are unsupported): it imports
// package impl instead (examples/timer/gohost).
package main

import _ "github.com/ffic/ffic/examples/timer/impl" // registers the implementation

func main() {}
