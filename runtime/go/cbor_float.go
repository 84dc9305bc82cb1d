package fficrt

import (
	"encoding/binary"
	"math"
	"strconv"
)

// Floats: the wire writes a float in the shortest of half, single and
// double precision that holds it exactly, and reads any width whose value
// the declared type holds. Half precision (IEEE 754 binary16) has no Go
// type, so the conversions are here.

// WriteF64 writes a float in the shortest of half, single and double
// precision that holds it exactly; NaN is always f97e00 (see AppendFloat).
func (e *Encoder) WriteF64(v float64) { e.buf = AppendFloat(e.buf, v) }

// WriteF32 writes an f32: its exact value, shortened like WriteF64 (so
// float32(1.5) is f93e00).
func (e *Encoder) WriteF32(v float32) { e.buf = AppendFloat(e.buf, float64(v)) }

// AppendFloat appends the deterministic encoding of v: NaN as f97e00, and
// any other value in the shortest of half (f9), single (fa) or double (fb)
// precision that represents it exactly, -0.0 and ±Inf included (f98000,
// f97c00, f9fc00).
func AppendFloat(b []byte, v float64) []byte {
	if v != v {
		return append(b, cborFloat16, 0x7e, 0x00)
	}
	f := float32(v)
	if float64(f) != v {
		return binary.BigEndian.AppendUint64(append(b, cborFloat64), math.Float64bits(v))
	}
	if h, ok := float16Exact(f); ok {
		return append(b, cborFloat16, byte(h>>8), byte(h))
	}
	return binary.BigEndian.AppendUint32(append(b, cborFloat32), math.Float32bits(f))
}

// readFloat reads a half, single or double float as a float64.
func (d *Decoder) readFloat(want string) (float64, error) {
	h, err := d.readHead()
	if err != nil {
		return 0, err
	}
	switch h.ib {
	case cborFloat16:
		return float16ToFloat64(uint16(h.arg)), nil
	case cborFloat32:
		return float64(math.Float32frombits(uint32(h.arg))), nil
	case cborFloat64:
		return math.Float64frombits(h.arg), nil
	}
	return 0, d.expected(want, h)
}

// ReadF64 reads an f64 encoded in any float width.
func (d *Decoder) ReadF64() (float64, error) { return d.readFloat("f64") }

// ReadF32 reads an f32 encoded in any float width whose value an f32 holds
// exactly (any NaN reads as NaN; a double 0.1 is rejected).
func (d *Decoder) ReadF32() (float32, error) {
	v, err := d.readFloat("f32")
	if err != nil {
		return 0, err
	}
	f := float32(v)
	if float64(f) != v && v == v {
		return 0, d.fail(strconv.FormatFloat(v, 'g', -1, 64) + " does not fit f32")
	}
	return f, nil
}

// float16Exact returns the half-precision bits of f when half represents f
// exactly (subnormals, ±0 and ±Inf included; NaN is the caller's business),
// and false otherwise.
func float16Exact(f float32) (uint16, bool) {
	bits := math.Float32bits(f)
	sign := uint16(bits>>16) & 0x8000
	exp := int(bits>>23) & 0xff
	mant := bits & 0x7fffff
	switch {
	case exp == 0xff: // Inf (NaN is never passed here)
		if mant != 0 {
			return 0, false
		}
		return sign | 0x7c00, true
	case exp == 0 && mant == 0: // ±0
		return sign, true
	case exp == 0: // a float32 subnormal is far below half's range
		return 0, false
	}
	e := exp - 127 // unbiased exponent
	switch {
	case e >= -14 && e <= 15: // half normal: 10 mantissa bits
		if mant&0x1fff != 0 {
			return 0, false
		}
		return sign | uint16(e+15)<<10 | uint16(mant>>13), true
	case e >= -24 && e < -14: // half subnormal: value = m * 2^-24
		full := mant | 0x800000 // 24 significant bits, value = full * 2^(e-23)
		shift := uint(-e - 1)   // full * 2^(e-23) = (full >> shift) * 2^-24
		if full&(1<<shift-1) != 0 {
			return 0, false
		}
		return sign | uint16(full>>shift), true
	}
	return 0, false
}

// float16ToFloat64 returns the value of half-precision bits h.
func float16ToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	mant := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(mant, -24)
	case 0x1f:
		if mant != 0 {
			return math.NaN()
		}
		return sign * math.Inf(1)
	}
	return sign * math.Ldexp(mant+1024, exp-25)
}
