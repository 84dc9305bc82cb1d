package fficrt

import (
	"math"
	"strconv"
)

// Integers: major type 0 (n) or 1 (-1-n), any head width, checked against
// the declared width: `300 does not fit u8`, `-1 does not fit u32`.

// readInt reads an integer head: the value is n, or -1-n when neg.
func (d *Decoder) readInt(want string) (neg bool, n uint64, err error) {
	if d.off < len(d.data) {
		// Fast path: a small unsigned integer in the initial byte.
		if ib := d.data[d.off]; ib < 24 {
			d.off++
			return false, uint64(ib), nil
		}
	}
	h, err := d.readHead()
	if err != nil {
		return false, 0, err
	}
	switch h.major() {
	case majorUint:
		return false, h.arg, nil
	case majorNeg:
		return true, h.arg, nil
	}
	return false, 0, d.expected(want, h)
}

// readUint reads an unsigned integer of the type called want, at most max.
func (d *Decoder) readUint(want string, max uint64) (uint64, error) {
	neg, n, err := d.readInt(want)
	if err != nil {
		return 0, err
	}
	if neg {
		return 0, d.fail(negString(n) + " does not fit " + want)
	}
	if n > max {
		return 0, d.fail(strconv.FormatUint(n, 10) + " does not fit " + want)
	}
	return n, nil
}

// readSigned reads a signed integer of the type called want, in [min, max].
func (d *Decoder) readSigned(want string, min, max int64) (int64, error) {
	neg, n, err := d.readInt(want)
	if err != nil {
		return 0, err
	}
	if !neg {
		if n > uint64(max) {
			return 0, d.fail(strconv.FormatUint(n, 10) + " does not fit " + want)
		}
		return int64(n), nil
	}
	// The value is -1-n; it fits when n <= -1-min.
	if n > uint64(-1-min) {
		return 0, d.fail(negString(n) + " does not fit " + want)
	}
	return -1 - int64(n), nil
}

// ReadU8 reads a u8.
func (d *Decoder) ReadU8() (uint8, error) {
	v, err := d.readUint("u8", math.MaxUint8)
	return uint8(v), err
}

// ReadU16 reads a u16.
func (d *Decoder) ReadU16() (uint16, error) {
	v, err := d.readUint("u16", math.MaxUint16)
	return uint16(v), err
}

// ReadU32 reads a u32.
func (d *Decoder) ReadU32() (uint32, error) {
	v, err := d.readUint("u32", math.MaxUint32)
	return uint32(v), err
}

// ReadU64 reads a u64.
func (d *Decoder) ReadU64() (uint64, error) { return d.readUint("u64", math.MaxUint64) }

// ReadI8 reads an i8.
func (d *Decoder) ReadI8() (int8, error) {
	v, err := d.readSigned("i8", math.MinInt8, math.MaxInt8)
	return int8(v), err
}

// ReadI16 reads an i16.
func (d *Decoder) ReadI16() (int16, error) {
	v, err := d.readSigned("i16", math.MinInt16, math.MaxInt16)
	return int16(v), err
}

// ReadI32 reads an i32.
func (d *Decoder) ReadI32() (int32, error) {
	v, err := d.readSigned("i32", math.MinInt32, math.MaxInt32)
	return int32(v), err
}

// ReadI64 reads an i64.
func (d *Decoder) ReadI64() (int64, error) {
	return d.readSigned("i64", math.MinInt64, math.MaxInt64)
}
