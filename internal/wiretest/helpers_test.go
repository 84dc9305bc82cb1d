package wiretest

import (
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// resolve returns a vector's type and its value as a dynamic value.
func resolve(t *testing.T, s *Schema, name, typ string, value any) (*fficrt.Type, any) {
	t.Helper()
	ty, err := s.Type(typ)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	v, err := FromJSON(ty, value)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ty, v
}

// cmpOracle compares values in fxamacker's plain form.
func cmpOracle(want, got any) string { return DiffPlain(want, got) }
