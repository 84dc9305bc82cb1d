package fficlib

/*
#include "rt.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode/utf8"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// The status codes of docs/abi.md.
const (
	StatusOK              int32 = 0
	StatusError           int32 = 1
	StatusTypedError      int32 = 2
	StatusClosed          int32 = 3
	StatusInvalidContext  int32 = 4
	StatusInvalidArgument int32 = 5
	StatusDecodeError     int32 = 6
	StatusUnknownID       int32 = 7
	StatusTimeout         int32 = 8
	StatusBusy            int32 = 9
	StatusInternal        int32 = 10
)

// ABIVersion is the version of docs/abi.md this runtime implements.
// Generated code refuses to compile against another (see the generated
// `const _ = fficlib.SupportsABIVersion1`).
const ABIVersion = 1

// SupportsABIVersion1 is referenced by generated code: a runtime that
// dropped ABI version 1 fails to build it.
const SupportsABIVersion1 = true

// Item kinds of the completion queue.
const (
	ItemCompletion int32 = 1
	ItemEvent      int32 = 2
	ItemHostCall   int32 = 3
)

// Errors handlers see.
var (
	// ErrClosed: the context was destroyed (a host fn called during or after
	// destroy, or waiting when destroy came).
	ErrClosed = errors.New("context destroyed")
	// ErrNotImplemented: the host has no implementation of the host fn.
	ErrNotImplemented = errors.New("not implemented by the host")
)

// ErrorMax is the most bytes L_last_error holds (FFIC_RT1_ERROR_MAX of
// rt.c).
const ErrorMax = 2048

// errorHead is what a longer message keeps of its start ("L_call_f:" and
// the start of a path); the rest of ErrorMax goes to its end, which says
// what is wrong.
const errorHead = 512

// clipError shortens msg to at most ErrorMax bytes by cutting its middle
// (at UTF-8 boundaries) and writing "…" there: the entry point's name and
// the start of a field path at the front, the end of the path and the
// reason at the back.
func clipError(msg string) string {
	if len(msg) <= ErrorMax {
		return msg
	}
	const ell = "…"
	head := errorHead
	for head > 0 && !utf8.RuneStart(msg[head]) {
		head--
	}
	tail := len(msg) - (ErrorMax - errorHead - len(ell))
	for tail < len(msg) && !utf8.RuneStart(msg[tail]) {
		tail++
	}
	return msg[:head] + ell + msg[tail:]
}

// SetLastError sets the message L_last_error returns on this thread,
// shortened to ErrorMax bytes as clipError does. Only call it from a cgo
// export, on the thread of the C caller.
func SetLastError(msg string) {
	msg = clipError(msg)
	if msg == "" {
		C.ffic_rt1_set_error(nil, 0)
		return
	}
	C.ffic_rt1_set_error((*C.char)(unsafe.Pointer(unsafe.StringData(msg))), C.size_t(len(msg)))
}

// LastError returns the message of L_last_error on this thread, as a
// pointer to NUL-terminated C memory and its length.
func LastError() (unsafe.Pointer, uintptr) {
	var n C.size_t
	p := C.ffic_rt1_last_error(&n)
	return unsafe.Pointer(p), uintptr(n)
}

// Reject sets the last error and returns status: the form of every
// rejection.
func Reject(status int32, msg string) int32 {
	SetLastError(msg)
	return status
}

// Recover turns a panic of a handler into an error; defer it, as in
//
//	func run(...) (res T, err error) {
//		defer fficlib.Recover(&err)
//		return impl.F(...)
//	}
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = &PanicError{Value: r, Stack: string(debug.Stack())}
	}
}

// PanicError is the error of a handler that panicked; the call completes
// with LU_STATUS_ERROR and this message.
type PanicError struct {
	Value any
	Stack string
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// PathError is an invalid native value (or a value a handler returned that
// cannot be sent), at a field path written as docs/wire.md writes them.
// Paths are built from the inside out as the error travels up, so a
// conversion that succeeds pays nothing for them.
type PathError struct {
	steps []string // innermost first
	Msg   string
}

// Errorf returns a *PathError without a path yet.
func Errorf(format string, args ...any) error {
	return &PathError{Msg: fmt.Sprintf(format, args...)}
}

// Path returns the path, rooted at its outermost step. A path of more
// than 32 steps (a value nested too deep, say) keeps its first and last 16
// with "…" between them, as docs/wire.md writes them.
func (e *PathError) Path() string {
	var b strings.Builder
	n := len(e.steps)
	for i := n - 1; i >= 0; i-- {
		if n > 32 && i == n-17 {
			b.WriteString("…")
			i = 16
		}
		b.WriteString(e.steps[i])
	}
	return b.String()
}

func (e *PathError) Error() string {
	if len(e.steps) == 0 {
		return e.Msg
	}
	return e.Path() + ": " + e.Msg
}

func at(step string, err error) error {
	var pe *PathError
	if !errors.As(err, &pe) {
		pe = &PathError{Msg: err.Error()}
	}
	pe.steps = append(pe.steps, step)
	return pe
}

// Root puts err under a root name: a parameter, "result" or "error".
func Root(name string, err error) error { return at(name, err) }

// Field puts err under a struct field or union arm.
func Field(name string, err error) error { return at("."+name, err) }

// Index puts err under list element i.
func Index(i int, err error) error { return at(fmt.Sprintf("[%d]", i), err) }

// KeyString puts err under the value of a string or enum key.
func KeyString(k string, err error) error { return at("["+quoteKey(k)+"]", err) }

// KeyInt puts err under the value of an integer or bool key.
func KeyInt(k any, err error) error { return at(fmt.Sprintf("[%v]", k), err) }

// Entry puts err under the key of map entry i.
func Entry(i int, err error) error { return at(fmt.Sprintf("{%d}", i), err) }

// quoteKey quotes like docs/wire.md (JSON escaping only `"`, `\` and
// control characters).
func quoteKey(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// DuplicateKey is the error of a native map holding key twice; key is a
// string (or an enum member's name), an int64, a uint64 or a bool.
func DuplicateKey(key any) error {
	if s, ok := key.(string); ok {
		return Errorf("duplicate key %s", quoteKey(s))
	}
	return Errorf("duplicate key %v", key)
}

// EncodeString writes a text string, refusing one that is not UTF-8.
func EncodeString(e *fficrt.Encoder, s string) error {
	if !utf8.ValidString(s) {
		return Errorf("invalid UTF-8")
	}
	e.WriteString(s)
	return nil
}

// Message is the message of err as the ABI carries it: valid UTF-8.
func Message(err error) string {
	return strings.ToValidUTF8(err.Error(), "\uFFFD")
}
