package fficlient

import (
	"errors"
	"fmt"

	"github.com/ffic/ffic/runtime/go/fficlib"
)

// The status codes of docs/abi.md.
const (
	StatusOK              = fficlib.StatusOK
	StatusError           = fficlib.StatusError
	StatusTypedError      = fficlib.StatusTypedError
	StatusClosed          = fficlib.StatusClosed
	StatusInvalidContext  = fficlib.StatusInvalidContext
	StatusInvalidArgument = fficlib.StatusInvalidArgument
	StatusDecodeError     = fficlib.StatusDecodeError
	StatusUnknownID       = fficlib.StatusUnknownID
	StatusTimeout         = fficlib.StatusTimeout
	StatusInternal        = fficlib.StatusInternal
)

// ErrClosed is matched (errors.Is) by the error of a call on a closed
// client, and of a call that Close cut short.
var ErrClosed = errors.New("client closed")

// ErrMismatch is matched by the error of Open when the library was built
// from another interface or another ABI.
var ErrMismatch = errors.New("library does not match this client")

// Error is a call that failed with a message: the library's handler
// returned an error (Status is StatusError), the library refused the call
// (a rejection status, with L_last_error's message), or Close cut it short
// (StatusClosed). A typed error of a `throws` clause is never an *Error: it
// is the value of the throws type itself.
type Error struct {
	Op      string // the .ffi name of the call
	Status  int32
	Message string
}

func (e *Error) Error() string {
	if e.Status == StatusError {
		return e.Op + ": " + e.Message
	}
	return fmt.Sprintf("%s: %s (status %d)", e.Op, e.Message, e.Status)
}

// Is makes errors.Is(err, ErrClosed) true for StatusClosed.
func (e *Error) Is(target error) bool { return target == ErrClosed && e.Status == StatusClosed }

// typedAnswer marks an answer whose encoder holds the typed error of a
// host fn (see Typed).
type typedAnswer struct{ err error }

func (t *typedAnswer) Error() string {
	if t.err != nil {
		return t.err.Error()
	}
	return "typed error"
}

// Typed is what a host fn runner returns after encoding a typed error
// into the answer's encoder: encErr is the encoding's own error.
func Typed(encErr error) error { return &typedAnswer{err: encErr} }
