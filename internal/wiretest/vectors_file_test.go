package wiretest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/wire/vectors.json from the definitions")

// TestVectorsFile checks that vectors.json is exactly what the definitions
// give (and, through Build, that runtime/go and fxamacker/cbor encode every
// vector alike). Regenerate it with -update.
func TestVectorsFile(t *testing.T) {
	s, err := LoadSchema(filepath.Join(Dir, "vectors.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(Dir, "vectors.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/wiretest -run TestVectorsFile -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("vectors.json is stale; run go test ./internal/wiretest -run TestVectorsFile -update\n(-file +definitions):\n%s", diff)
	}
}
