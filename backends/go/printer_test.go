package golang

import (
	"reflect"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		line  string
		width int
		want  []string
	}{
		{"short line", 20, []string{"short line"}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"exactly nine", 12, []string{"exactly nine"}},
		{"a verylongwordindeed b", 6, []string{"a", "verylongwordindeed", "b"}},
		{"\tcode stays as it is however long it is", 10, []string{"\tcode stays as it is however long it is"}},
		{"  indented too, a preformatted block", 10, []string{"  indented too, a preformatted block"}},
	} {
		if got := wrap(tc.line, tc.width); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.line, tc.width, got, tc.want)
		}
	}
}

// TestDocKeepsFFIText: the .ffi's doc text is written as it is; only
// ffic's own paragraphs are wrapped.
func TestDocKeepsFFIText(t *testing.T) {
	var p printer
	long := strings.Repeat("word ", 30)
	p.Doc(long, long)
	lines := strings.Split(strings.TrimSpace(p.buf.String()), "\n")
	if lines[0] != strings.TrimRight("// "+long, " ") {
		t.Errorf("the .ffi's doc line was changed: %q", lines[0])
	}
	if lines[1] != "//" {
		t.Errorf("no empty line between paragraphs: %q", lines[1])
	}
	for _, l := range lines[2:] {
		if len(l) > len("// ")+docWidth {
			t.Errorf("ffic's paragraph not wrapped: %q", l)
		}
	}
}
