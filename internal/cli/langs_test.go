package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
)

// TestModelJSONReadable: types in the model JSON read as written.
func TestModelJSONReadable(t *testing.T) {
	m, errs := check.Source("a.ffi", []byte("library a;\nstruct A { m: map<string, list<u8>> }\n"))
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	files, err := generateModel(m)
	if err != nil {
		t.Fatal(err)
	}
	got := string(files[0].Content)
	if !strings.Contains(got, `"spelling": "map<string, list<u8>>"`) {
		t.Errorf("model JSON does not spell the type as written:\n%s", got)
	}
	var v any
	if err := json.Unmarshal(files[0].Content, &v); err != nil {
		t.Errorf("model JSON does not parse: %v", err)
	}
}

func TestSelectLanguages(t *testing.T) {
	withLanguages(t,
		language{name: "c", binding: true},
		language{name: "python", binding: true},
		language{name: "model"},
	)
	names := func(ls []language) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.name)
		}
		return out
	}
	tests := []struct {
		values []string
		set    bool
		want   []string // nil: a usage error
	}{
		{nil, false, []string{"c", "python"}},
		{[]string{"model"}, true, []string{"model"}},
		{[]string{"python,c"}, true, []string{"c", "python"}}, // registry order
		{[]string{"c", "c, python"}, true, []string{"c", "python"}},
		{[]string{"go"}, true, nil},
		{[]string{"C"}, true, nil},
		{[]string{""}, true, nil},
		{[]string{}, true, nil},
	}
	for _, tt := range tests {
		got, err := selectLanguages(tt.values, tt.set)
		if tt.want == nil {
			if _, ok := err.(*usageError); !ok {
				t.Errorf("selectLanguages(%q, %v) = %q, %v; want a usage error", tt.values, tt.set, names(got), err)
			}
			continue
		}
		if err != nil || !slices.Equal(names(got), tt.want) {
			t.Errorf("selectLanguages(%q, %v) = %q, %v; want %q", tt.values, tt.set, names(got), err, tt.want)
		}
	}
}
