package fficrt

import (
	"encoding/binary"
	"math"
	"unicode/utf8"
)

// CBOR major types (RFC 8949 §3.1), shifted into the initial byte.
const (
	majorUint   byte = 0 << 5
	majorNeg    byte = 1 << 5
	majorBytes  byte = 2 << 5
	majorText   byte = 3 << 5
	majorArray  byte = 4 << 5
	majorMap    byte = 5 << 5
	majorTag    byte = 6 << 5
	majorSimple byte = 7 << 5
)

// Initial bytes of the simple values and floats the wire format uses.
const (
	cborFalse   byte = 0xf4
	cborTrue    byte = 0xf5
	cborNull    byte = 0xf6
	cborUndef   byte = 0xf7
	cborFloat16 byte = 0xf9
	cborFloat32 byte = 0xfa
	cborFloat64 byte = 0xfb
	cborBreak   byte = 0xff
)

// An Encoder appends the deterministic CBOR encoding (RFC 8949 §4.2.1) of
// values to a byte slice: shortest integers, lengths and floats, definite
// lengths only. Map keys must be written in order: struct fields in the
// order of SortFieldNames, other maps through BeginMap/Entry/EndMap, which
// sort the entries. The zero Encoder is ready to use; Reset makes it reusable
// without giving back its memory.
//
// Writing never fails, except that a text string that is not valid UTF-8 is
// written as it is and recorded: Err then reports it. Generated code checks
// Err once, after the whole value.
type Encoder struct {
	buf   []byte
	marks []int       // entry start offsets of the maps being sorted
	spans []entrySpan // scratch for EndMap
	tmp   []byte      // scratch for EndMap
	err   error
}

// Reset empties the encoder, keeping its buffers, and clears Err.
func (e *Encoder) Reset() {
	e.buf = e.buf[:0]
	e.marks = e.marks[:0]
	e.err = nil
}

// Bytes returns the encoding written so far. It aliases the encoder's
// buffer: it is valid until the next write or Reset.
func (e *Encoder) Bytes() []byte { return e.buf }

// Err returns the first error recorded while writing (an invalid UTF-8 text
// string), or nil. The error has no path; decoding the output with the
// value's decoder finds it.
func (e *Encoder) Err() error { return e.err }

// head appends an initial byte of major type m with argument v, shortest form.
func (e *Encoder) head(m byte, v uint64) {
	switch {
	case v < 24:
		e.buf = append(e.buf, m|byte(v))
	case v <= math.MaxUint8:
		e.buf = append(e.buf, m|24, byte(v))
	case v <= math.MaxUint16:
		e.buf = append(e.buf, m|25, byte(v>>8), byte(v))
	case v <= math.MaxUint32:
		e.buf = binary.BigEndian.AppendUint32(append(e.buf, m|26), uint32(v))
	default:
		e.buf = binary.BigEndian.AppendUint64(append(e.buf, m|27), v)
	}
}

// WriteBool writes false (f4) or true (f5).
func (e *Encoder) WriteBool(v bool) {
	if v {
		e.buf = append(e.buf, cborTrue)
	} else {
		e.buf = append(e.buf, cborFalse)
	}
}

// WriteNull writes null (f6): an absent optional, or a payload-less union arm.
func (e *Encoder) WriteNull() { e.buf = append(e.buf, cborNull) }

// WriteUint writes an unsigned integer (major type 0).
func (e *Encoder) WriteUint(v uint64) { e.head(majorUint, v) }

// WriteInt writes a signed integer: major type 0 when v >= 0, else 1.
func (e *Encoder) WriteInt(v int64) {
	if v >= 0 {
		e.head(majorUint, uint64(v))
	} else {
		e.head(majorNeg, uint64(-1-v))
	}
}

// WriteU8 writes a u8.
func (e *Encoder) WriteU8(v uint8) { e.head(majorUint, uint64(v)) }

// WriteU16 writes a u16.
func (e *Encoder) WriteU16(v uint16) { e.head(majorUint, uint64(v)) }

// WriteU32 writes a u32.
func (e *Encoder) WriteU32(v uint32) { e.head(majorUint, uint64(v)) }

// WriteU64 writes a u64.
func (e *Encoder) WriteU64(v uint64) { e.head(majorUint, v) }

// WriteI8 writes an i8.
func (e *Encoder) WriteI8(v int8) { e.WriteInt(int64(v)) }

// WriteI16 writes an i16.
func (e *Encoder) WriteI16(v int16) { e.WriteInt(int64(v)) }

// WriteI32 writes an i32.
func (e *Encoder) WriteI32(v int32) { e.WriteInt(int64(v)) }

// WriteI64 writes an i64.
func (e *Encoder) WriteI64(v int64) { e.WriteInt(v) }

// WriteString writes a text string (major type 3). A string that is not
// valid UTF-8 is written anyway and recorded for Err.
func (e *Encoder) WriteString(s string) {
	e.head(majorText, uint64(len(s)))
	e.buf = append(e.buf, s...)
	if e.err == nil && !utf8.ValidString(s) {
		e.err = &WireError{Msg: msgInvalidUTF8}
	}
}

// WriteBytes writes a byte string (major type 2).
func (e *Encoder) WriteBytes(b []byte) {
	e.head(majorBytes, uint64(len(b)))
	e.buf = append(e.buf, b...)
}

// WriteArrayHeader starts an array of n items; write them next.
func (e *Encoder) WriteArrayHeader(n int) { e.head(majorArray, uint64(n)) }

// WriteMapHeader starts a map of n entries whose keys the caller writes in
// deterministic order itself (a struct, whose field order SortFieldNames
// gives, or a union's single entry). For other maps use BeginMap.
func (e *Encoder) WriteMapHeader(n int) { e.head(majorMap, uint64(n)) }

// WriteRaw appends b, which must be one complete, deterministic CBOR item
// (a key encoded in advance, say).
func (e *Encoder) WriteRaw(b []byte) { e.buf = append(e.buf, b...) }
