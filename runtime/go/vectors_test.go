package fficrt_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ffic/ffic/internal/wiretest"
	fficrt "github.com/ffic/ffic/runtime/go"
)

// loadVectors reads testdata/wire.
func loadVectors(tb testing.TB) (*wiretest.Schema, *wiretest.Vectors) {
	tb.Helper()
	s, v, err := wiretest.Load(wiretest.Dir)
	if err != nil {
		tb.Fatal(err)
	}
	return s, v
}

// typeOf resolves a vector's type.
func typeOf(tb testing.TB, s *wiretest.Schema, spelling string) *fficrt.Type {
	tb.Helper()
	t, err := s.Type(spelling)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// valueOf converts a vector's JSON value.
func valueOf(tb testing.TB, t *fficrt.Type, name string, v any) any {
	tb.Helper()
	dyn, err := wiretest.FromJSON(t, v)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return dyn
}

// TestEncodeVectors: encode(value) == hex and decode(hex) == value.
func TestEncodeVectors(t *testing.T) {
	s, v := loadVectors(t)
	for _, vec := range v.Encode {
		typ := typeOf(t, s, vec.Type)
		want := valueOf(t, typ, vec.Name, vec.Value)
		hex := wiretest.MustUnhex(vec.Hex)
		got, err := fficrt.Marshal(typ, want)
		if err != nil || !bytes.Equal(got, hex) {
			t.Errorf("%s: Marshal(%s) = %s, %v, want %s", vec.Name, vec.Type, wiretest.Hex(got), err, vec.Hex)
		}
		dec, err := fficrt.Unmarshal(typ, hex, "value")
		if err != nil {
			t.Errorf("%s: Unmarshal(%s): %v", vec.Name, vec.Hex, err)
			continue
		}
		if diff := wiretest.Diff(typ, want, dec); diff != "" {
			t.Errorf("%s: Unmarshal(%s) (-want +got):\n%s", vec.Name, vec.Hex, diff)
		}
	}
}

// TestDecodeVectors: decode(hex) == value and encode(value) == canonical_hex.
func TestDecodeVectors(t *testing.T) {
	s, v := loadVectors(t)
	for _, vec := range v.Decode {
		typ := typeOf(t, s, vec.Type)
		want := valueOf(t, typ, vec.Name, vec.Value)
		dec, err := fficrt.Unmarshal(typ, wiretest.MustUnhex(vec.Hex), "value")
		if err != nil {
			t.Errorf("%s: Unmarshal(%s): %v", vec.Name, vec.Hex, err)
			continue
		}
		if diff := wiretest.Diff(typ, want, dec); diff != "" {
			t.Errorf("%s: Unmarshal(%s) (-want +got):\n%s", vec.Name, vec.Hex, diff)
		}
		got, err := fficrt.Marshal(typ, dec)
		if err != nil || wiretest.Hex(got) != vec.CanonicalHex {
			t.Errorf("%s: Marshal(Unmarshal(%s)) = %s, %v, want %s", vec.Name, vec.Hex, wiretest.Hex(got), err, vec.CanonicalHex)
		}
	}
}

// TestRejectVectors: decode(hex) fails with a *WireError at exactly the
// vector's path whose message contains the vector's error.
func TestRejectVectors(t *testing.T) {
	s, v := loadVectors(t)
	for _, vec := range v.Reject {
		typ := typeOf(t, s, vec.Type)
		got, err := fficrt.Unmarshal(typ, wiretest.MustUnhex(vec.Hex), "value")
		if err == nil {
			t.Errorf("%s: Unmarshal(%s) = %v, want error %q", vec.Name, vec.Hex, got, vec.Path+": "+vec.Error)
			continue
		}
		var we *fficrt.WireError
		if !errors.As(err, &we) {
			t.Errorf("%s: Unmarshal(%s) error %T %v, want *WireError", vec.Name, vec.Hex, err, err)
			continue
		}
		msg := err.Error()
		if we.Path != vec.Path || !strings.HasPrefix(msg, vec.Path+": ") || !strings.Contains(msg, vec.Error) {
			t.Errorf("%s: Unmarshal(%s) error %q, want %q", vec.Name, vec.Hex, msg, vec.Path+": ..."+vec.Error+"...")
		}
	}
}
