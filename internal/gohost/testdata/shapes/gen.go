// Package shapeshost is the module of the Go host of the plain-C library
// shapes: its client package is generated into gen/ by go generate, with
// the line docs/go.md documents.
package shapeshost

//go:generate go run github.com/ffic/ffic/cmd/ffic compile -l go -o gen shapes.ffi
