package check_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/format"
)

// positions matches the positions in a model's JSON: formatting moves
// declarations, and that is all it may change.
var positions = regexp.MustCompile(`"pos":"[^"]*"`)

// TestFormatKeepsModel formats every .ffi file of the repository and checks
// that the result checks to the same model (positions aside), and that a
// file with errors still has as many errors after formatting.
func TestFormatKeepsModel(t *testing.T) {
	for _, path := range repoFFIFiles(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, ferrs := format.Source(path, src)
		if ferrs.Len() > 0 {
			continue // syntax errors: nothing to format
		}
		m1, errs1 := check.Source(path, src)
		m2, errs2 := check.Source(path, out)
		if errs1.Len() != errs2.Len() {
			t.Errorf("%s: %d errors before formatting, %d after:\n%v", path, errs1.Len(), errs2.Len(), errs2.Err())
			continue
		}
		if m1 == nil {
			continue
		}
		j1, err1 := json.Marshal(m1)
		j2, err2 := json.Marshal(m2)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: marshal: %v %v", path, err1, err2)
		}
		a := positions.ReplaceAllString(string(j1), "")
		b := positions.ReplaceAllString(string(j2), "")
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: formatting changed the model (-before +after):\n%s", path, diff)
		}
	}
}
