package gen

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
)

// TestSetDocs: EveryDoc checks, and SetDocs sets every doc comment of the
// model: each of the 24 written in the file, and the empty ones of the
// declarations written without one.
func TestSetDocs(t *testing.T) {
	src := EveryDoc()
	m, errs := check.Source("every.ffi", src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	SetDocs(m, "REPLACED")
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(string(js), `"doc":"REPLACED"`), strings.Count(string(src), "///"); got < want || strings.Count(string(js), `"doc":`) != got {
		t.Errorf("SetDocs replaced %d doc comments, want %d:\n%s", got, want, js)
	}
}
