package fficrt_test

import (
	"math"
	"math/rand/v2"
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// halves maps the float32 bits of every half-precision value (NaNs left
// out) to its half bits, computed from the definition of binary16.
func halves() map[uint32]uint16 {
	m := map[uint32]uint16{}
	for h := 0; h < 1<<16; h++ {
		exp, mant := h>>10&0x1f, float64(h&0x3ff)
		var v float64
		switch exp {
		case 0x1f:
			if mant != 0 {
				continue
			}
			v = math.Inf(1)
		case 0:
			v = mant / (1 << 24)
		default:
			v = (1 + mant/1024) * math.Pow(2, float64(exp-15))
		}
		if h&0x8000 != 0 {
			v = -v
		}
		m[math.Float32bits(float32(v))] = uint16(h)
	}
	return m
}

// TestAppendFloatHalf checks the half/single/double choice against an
// independent table of every half value: a float is written as half
// exactly when it is one, and reads back bit for bit.
func TestAppendFloatHalf(t *testing.T) {
	table := halves()
	check := func(f float32) {
		got := fficrt.AppendFloat(nil, float64(f))
		h, isHalf := table[math.Float32bits(f)]
		switch {
		case f != f:
			return
		case isHalf:
			if len(got) != 3 || got[0] != 0xf9 || uint16(got[1])<<8|uint16(got[2]) != h {
				t.Fatalf("AppendFloat(%g) = %x, want f9%04x", f, got, h)
			}
		default:
			if len(got) != 5 || got[0] != 0xfa {
				t.Fatalf("AppendFloat(%g) = %x, want a single", f, got)
			}
		}
		d := fficrt.NewDecoder(got, "value")
		back, err := d.ReadF32()
		if err != nil || math.Float32bits(back) != math.Float32bits(f) {
			t.Fatalf("ReadF32(%x) = %g, %v, want %g", got, back, err, f)
		}
	}
	for bits := range table {
		f := math.Float32frombits(bits)
		check(f)
		check(math.Nextafter32(f, float32(math.Inf(1))))
		check(math.Nextafter32(f, float32(math.Inf(-1))))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1 << 20 {
		check(math.Float32frombits(r.Uint32()))
	}
}

// TestAppendFloatDouble: a float64 is written as double exactly when no
// float32 holds it, and reads back bit for bit.
func TestAppendFloatDouble(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 1 << 18 {
		f := math.Float64frombits(r.Uint64())
		if f != f {
			continue
		}
		got := fficrt.AppendFloat(nil, f)
		if wantDouble := float64(float32(f)) != f; wantDouble != (got[0] == 0xfb) {
			t.Fatalf("AppendFloat(%g) = %x", f, got)
		}
		back, err := fficrt.NewDecoder(got, "value").ReadF64()
		if err != nil || math.Float64bits(back) != math.Float64bits(f) {
			t.Fatalf("ReadF64(%x) = %g, %v, want %g", got, back, err, f)
		}
	}
}
