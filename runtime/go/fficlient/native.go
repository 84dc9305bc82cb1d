package fficlient

/*
#include <stdlib.h>
*/
import "C"

import (
	"context"
	"os"
	"unsafe"
)

// CBOROnly makes generated clients call the CBOR entry point of every fn,
// also of the plain fns of flat shapes they otherwise call natively (see
// docs/go.md). It is read on every call: set it before any call, e.g. in
// a test's init, or with FFIC_GO_CBOR_ONLY=1 in the environment.
var CBOROnly = os.Getenv("FFIC_GO_CBOR_ONLY") != ""

// Ready is what a static fn's native call checks first: ctx, and the
// library's version and fingerprint.
func Ready(ctx context.Context, lib *Lib) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return lib.Check()
}

// statusNoCompletion is what a generated native helper reports when the
// library accepted a plain call and did not complete it before returning.
const statusNoCompletion = -2

// Native turns the outcome of a native plain call into its error: ret is
// the entry point's status (a rejection, with L_last_error), status the
// completion's, msg and n its message (C memory, freed here), typed
// converts the typed error (nil when the fn has none). It returns nil
// when the call succeeded.
func Native(lib *Lib, op string, ret, status int32, msg unsafe.Pointer, n int, typed func() (error, error)) error {
	if ret == StatusOK && status == StatusOK && msg == nil {
		return nil
	}
	var text string
	if msg != nil {
		text = C.GoStringN((*C.char)(msg), C.int(n))
		C.free(msg)
	}
	switch {
	case ret != StatusOK:
		return &Error{Op: op, Status: ret, Message: lib.LastError()}
	case status == StatusOK:
		return nil
	case status == StatusTypedError && typed != nil:
		te, err := typed()
		if err != nil {
			return &Error{Op: op, Status: StatusDecodeError, Message: "invalid typed error: " + err.Error()}
		}
		return te
	case status == statusNoCompletion:
		return &Error{Op: op, Status: StatusInternal, Message: "the library accepted the call and did not complete it"}
	}
	return &Error{Op: op, Status: status, Message: text}
}

// InvalidArgument is the error of a call whose arguments do not convert
// (an enum value that is no member): the call is not made.
func InvalidArgument(op string, err error) error {
	return &Error{Op: op, Status: StatusInvalidArgument, Message: err.Error()}
}

// InvalidResult is the error of a call whose result does not convert.
func InvalidResult(op string, err error) error {
	return &Error{Op: op, Status: StatusDecodeError, Message: "invalid result: " + err.Error()}
}
