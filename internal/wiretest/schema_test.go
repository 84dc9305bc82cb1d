package wiretest

import (
	"path/filepath"
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

func TestSchemaType(t *testing.T) {
	s, err := LoadSchema(filepath.Join(Dir, "vectors.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"u8", "list<map<i32, Point?>>", "map<Color,list<f32>>?", "Tree", "Expr?"} {
		if _, err := s.Type(in); err != nil {
			t.Errorf("Type(%q): %v", in, err)
		}
	}
	if a, b := mustType(t, s, "Tree"), mustType(t, s, "list<Tree>").Elem; a != b {
		t.Errorf("Type(Tree) is not shared between spellings")
	}
	for _, in := range []string{"", "Nope", "list<u8", "list<u8, u8>", "map<f32, u8>", "u8??", "u8 x", "map<u8>"} {
		if typ, err := s.Type(in); err == nil {
			t.Errorf("Type(%q) = %v, want an error", in, typ)
		}
	}
}

func mustType(t *testing.T, s *Schema, in string) *fficrt.Type {
	t.Helper()
	typ, err := s.Type(in)
	if err != nil {
		t.Fatal(err)
	}
	return typ
}
