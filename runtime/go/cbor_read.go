package fficrt

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// MaxDepth is how deep arrays and maps may nest in one buffer: the outermost
// item is level 1, and an array or map at level MaxDepth+1 is rejected.
const MaxDepth = 256

// A Decoder reads CBOR items from a buffer, validating each against what
// the caller expects and naming the field path of every error. It accepts
// any well-formed encoding (any key order, non-shortest heads, indefinite
// lengths) and rejects everything docs/wire.md lists.
//
// The caller keeps the path current: PushField, PushIndex and the PushKey
// methods before reading a field, an element or a map value, Pop after it.
// The depth limit is checked against the path, so every array and map read
// inside another must be read under a pushed step.
//
// The zero Decoder is ready for Reset. A Decoder is not safe for concurrent
// use; the buffer must not change while it is read.
type Decoder struct {
	data    []byte
	off     int
	path    wirePath
	scratch []byte // joined chunks of an indefinite-length string
}

// NewDecoder returns a decoder over data whose errors are rooted at root.
func NewDecoder(data []byte, root string) *Decoder {
	d := &Decoder{}
	d.Reset(data, root)
	return d
}

// Reset makes d read data from the start, with errors rooted at root
// (a parameter name, or "value"), keeping d's buffers.
func (d *Decoder) Reset(data []byte, root string) {
	d.data = data
	d.off = 0
	d.path = append(d.path[:0], pathStep{kind: stepRoot, s: root})
}

// Offset returns how many bytes have been read.
func (d *Decoder) Offset() int { return d.off }

// Finish reports an error when bytes remain after the top-level item.
func (d *Decoder) Finish() error {
	if d.off != len(d.data) {
		return d.fail(msgTrailing)
	}
	return nil
}

// PushRoot starts a new path at name: the parameters of a request or event
// payload are roots of their own (`req.tags[2]`, not `echo.req.tags[2]`).
func (d *Decoder) PushRoot(name string) { d.path = append(d.path, pathStep{kind: stepRoot, s: name}) }

// PushField enters a struct field or union arm: `.name`.
func (d *Decoder) PushField(name string) { d.path = append(d.path, pathStep{kind: stepField, s: name}) }

// PushIndex enters list element i: `[i]`.
func (d *Decoder) PushIndex(i int) { d.path = append(d.path, pathStep{kind: stepIndex, n: uint64(i)}) }

// PushKeyString enters the value under a string or enum key: `["key"]`.
func (d *Decoder) PushKeyString(k string) { d.path = append(d.path, pathStep{kind: stepKeyText, s: k}) }

// PushKeyInt enters the value under a signed integer key: `[-3]`.
func (d *Decoder) PushKeyInt(k int64) {
	d.path = append(d.path, pathStep{kind: stepKeyInt, n: uint64(k)})
}

// PushKeyUint enters the value under an unsigned integer key: `[3]`.
func (d *Decoder) PushKeyUint(k uint64) { d.path = append(d.path, pathStep{kind: stepKeyUint, n: k}) }

// PushKeyBool enters the value under a bool key: `[true]`.
func (d *Decoder) PushKeyBool(k bool) {
	n := uint64(0)
	if k {
		n = 1
	}
	d.path = append(d.path, pathStep{kind: stepKeyBool, n: n})
}

// PushEntry enters the key of map entry i (counted from 0 in wire order):
// `{i}`, for errors in the key itself.
func (d *Decoder) PushEntry(i int) { d.path = append(d.path, pathStep{kind: stepEntry, n: uint64(i)}) }

// Pop leaves the innermost step.
func (d *Decoder) Pop() { d.path = d.path[:len(d.path)-1] }

// Path returns the current path as error messages write it.
func (d *Decoder) Path() string { return d.path.String() }

// Errorf returns a *WireError at the current path.
func (d *Decoder) Errorf(format string, args ...any) error {
	return d.fail(fmt.Sprintf(format, args...))
}

// fail returns a *WireError at the current path.
func (d *Decoder) fail(msg string) error { return &WireError{Path: d.path.String(), Msg: msg} }

// cborHead is a decoded initial byte and its argument: the value of an integer,
// the length of a string, array or map (unless indefinite), or float bits.
type cborHead struct {
	ib  byte
	arg uint64
}

func (h cborHead) major() byte      { return h.ib & 0xe0 }
func (h cborHead) indefinite() bool { return h.ib&0x1f == 31 }

// what names the kind of item h starts, for "expected X, got Y".
func (h cborHead) what() string {
	switch h.major() {
	case majorUint:
		return "unsigned integer"
	case majorNeg:
		return "negative integer"
	case majorBytes:
		return "byte string"
	case majorText:
		return "text string"
	case majorArray:
		return "array"
	case majorMap:
		return "map"
	}
	switch h.ib {
	case cborFalse, cborTrue:
		return "bool"
	case cborNull:
		return "null"
	}
	return "float"
}

// expected returns the error for an item of the wrong type.
func (d *Decoder) expected(want string, h cborHead) error {
	return d.fail("expected " + want + ", got " + h.what())
}

// readHead reads an initial byte and its argument, rejecting what the wire
// format never contains: tags, undefined, simple values other than
// false/true/null, reserved additional information, and a break byte where
// an item must start. Indefinite lengths are returned for the caller to
// accept or not (strings, arrays and maps accept them).
func (d *Decoder) readHead() (cborHead, error) {
	if d.off >= len(d.data) {
		return cborHead{}, d.fail(msgEOF)
	}
	ib := d.data[d.off]
	ai := ib & 0x1f
	major := ib & 0xe0
	switch {
	case major == majorTag:
		return cborHead{}, d.fail(msgTag)
	case ib == cborBreak:
		return cborHead{}, d.fail(msgBreak)
	case major == majorSimple && ai == 23:
		return cborHead{}, d.fail(msgUndefined)
	case major == majorSimple && ai < 20:
		return cborHead{}, d.fail("simple value " + strconv.Itoa(int(ai)) + " is not allowed")
	case ai >= 28 && ai <= 30, ai == 31 && major <= majorNeg, ai == 31 && major == majorSimple:
		return cborHead{}, d.fail("invalid additional information " + strconv.Itoa(int(ai)))
	}
	if ai < 24 || ai == 31 {
		d.off++
		return cborHead{ib: ib, arg: uint64(ai)}, nil
	}
	n := 1 << (ai - 24)
	if len(d.data)-d.off-1 < n {
		d.off = len(d.data)
		return cborHead{}, d.fail(msgEOF)
	}
	b := d.data[d.off+1 : d.off+1+n]
	var arg uint64
	switch n {
	case 1:
		arg = uint64(b[0])
	case 2:
		arg = uint64(binary.BigEndian.Uint16(b))
	case 4:
		arg = uint64(binary.BigEndian.Uint32(b))
	default:
		arg = binary.BigEndian.Uint64(b)
	}
	if major == majorSimple && ai == 24 {
		return cborHead{}, d.fail("simple value " + strconv.FormatUint(arg, 10) + " is not allowed")
	}
	d.off += 1 + n
	return cborHead{ib: ib, arg: arg}, nil
}

// remaining returns how many bytes are left.
func (d *Decoder) remaining() uint64 { return uint64(len(d.data) - d.off) }

// ReadBool reads false or true.
func (d *Decoder) ReadBool() (bool, error) {
	if d.off < len(d.data) {
		switch d.data[d.off] {
		case cborFalse:
			d.off++
			return false, nil
		case cborTrue:
			d.off++
			return true, nil
		}
	}
	h, err := d.readHead()
	if err != nil {
		return false, err
	}
	return false, d.expected("bool", h)
}

// TakeNull reports whether the next item is null, consuming it if so. An
// optional is absent when TakeNull returns true; otherwise read the value.
func (d *Decoder) TakeNull() bool {
	if d.off < len(d.data) && d.data[d.off] == cborNull {
		d.off++
		return true
	}
	return false
}

// ReadNull reads a null: the payload of a union arm that has none.
func (d *Decoder) ReadNull() error {
	if d.TakeNull() {
		return nil
	}
	h, err := d.readHead()
	if err != nil {
		return err
	}
	return d.expected("null", h)
}
