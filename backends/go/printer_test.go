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

// TestSourceImportsWhatIsUsed: a file imports the packages its body
// refers to and no others, whatever it might have used; a local or a
// field named like a package is no use of it.
func TestSourceImportsWhatIsUsed(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []string // import lines, in order
	}{
		{"func f() {}\n", nil},
		{"func f() string { return fmt.Sprint(1) }\n", []string{`"fmt"`}},
		{"func f(x struct{ fmt int }) int { errors := 1; return errors + x.fmt }\n", nil},
		{"func f() { _ = fficlib.X; _ = context.Background; _ = fficrt.Y }\n",
			[]string{`"context"`, "", `fficrt "github.com/ffic/ffic/runtime/go"`, `"github.com/ffic/ffic/runtime/go/fficlib"`}},
	} {
		p := printer{top: "package x\n\n", imports: imports}
		p.buf.WriteString(tc.body)
		src, err := p.Source("x.go")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if i := strings.Index(string(src), "import ("); i >= 0 {
			block := string(src)[i+len("import (\n"):]
			block = block[:strings.Index(block, ")\n")]
			for _, l := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
				got = append(got, strings.TrimSpace(l))
			}
		} else if strings.Contains(string(src), "import") {
			t.Errorf("%q: unexpected import form:\n%s", tc.body, src)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q imports %q, want %q", tc.body, got, tc.want)
		}
	}
}
