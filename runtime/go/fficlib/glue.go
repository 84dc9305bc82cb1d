package fficlib

import (
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// This file holds the per-call glue of the generated library packages
// that does not depend on a call's C types: generic over the call's
// parameters and result, given the generated codec functions, so that
// the generated code per entry point is a few calls.

// DecodeRequest checks the request of the CBOR call entry point entry
// (data, n bytes) and decodes it into in with decode, paths rooted at fn.
// It returns StatusOK, or the rejection status after setting the last
// error (c's if c is not nil: a static fn has no context).
func DecodeRequest[A any](c *Context, entry, fn string, data unsafe.Pointer, n uint64, in *A, decode func(*A, *fficrt.Decoder) error) int32 {
	if data == nil && n > 0 {
		return reject(c, StatusInvalidArgument, entry+": data is NULL")
	}
	if err := ArrayFromC(data, n, 1); err != nil {
		return reject(c, StatusInvalidArgument, entry+": data: "+err.Error())
	}
	d := fficrt.GetDecoder(BytesOf(data, n), fn)
	err := decode(in, d)
	if err == nil {
		err = d.Finish()
	}
	fficrt.PutDecoder(d)
	if err != nil {
		return reject(c, StatusDecodeError, entry+": "+err.Error())
	}
	return StatusOK
}

func reject(c *Context, status int32, msg string) int32 {
	if c != nil {
		return c.Reject(status, msg)
	}
	return Reject(status, msg)
}

// Typed encodes err as the typed error of a call when it is one (ok),
// returning the encoding's error; generated per throws type.
type Typed func(e *fficrt.Encoder, err error) (ok bool, encErr error)

// DoneCBORResult completes call fn (c nil for a static fn) through a CBOR
// callback or the queue: with the result res encoded by enc (nil: a fn
// without result, whose result is null) when err is nil; with the typed
// error when typed (nil: the fn has no throws) finds one in err; with
// err's message otherwise; with StatusClosed when destroy cut the call
// short.
func DoneCBORResult[R any](l *Library, c *Context, mode Mode, cb, ud uintptr, fn int, res *R, err error,
	enc func(*fficrt.Encoder, *R, int) error, typed Typed) {
	e := fficrt.GetEncoder()
	st := StatusOK
	switch {
	case err == nil && enc == nil:
		e.WriteNull()
	case err == nil:
		if err := enc(e, res, 1); err != nil {
			st = StatusError
			e.Reset()
			e.WriteString(fficrt.Message(fficrt.AtRoot("result", err)))
		}
	default:
		ok := false
		if typed != nil {
			var encErr error
			if ok, encErr = typed(e, err); ok {
				st = StatusTypedError
				if encErr != nil {
					st = StatusError
					e.Reset()
					e.WriteString(fficrt.Message(fficrt.AtRoot("error", encErr)))
				}
			}
		}
		if !ok {
			st = StatusError
			e.WriteString(fficrt.Message(err))
		}
	}
	if c.CutShort(err) {
		st = StatusClosed
		e.Reset()
		e.WriteString(MsgTimedOut)
	}
	l.DoneCBOR(c, mode, cb, ud, fn, st, e.Bytes())
	fficrt.PutEncoder(e)
}
