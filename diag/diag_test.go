package diag

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorsSortedDeduplicated(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "b.ffi", Line: 1, Col: 1}, "in b")
	l.Errorf(Pos{File: "a.ffi", Line: 2, Col: 5}, "second")
	l.Errorf(Pos{File: "a.ffi", Line: 2, Col: 1}, "first")
	l.Errorf(Pos{File: "a.ffi", Line: 2, Col: 5}, "second") // duplicate
	l.Errorf(Pos{File: "a.ffi", Line: 2, Col: 5}, "another at the same place")
	var got []string
	for _, e := range l.Errors() {
		got = append(got, e.Error())
	}
	want := []string{
		"a.ffi:2:1: error: first",
		"a.ffi:2:5: error: another at the same place",
		"a.ffi:2:5: error: second",
		"b.ffi:1:1: error: in b",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Errors() (-want +got):\n%s", diff)
	}
	if l.Truncated() != 0 {
		t.Errorf("Truncated() = %d, want 0 (a duplicate is not a truncation)", l.Truncated())
	}
}

func TestCap(t *testing.T) {
	var l List
	for i := 0; i < 10*MaxErrors; i++ {
		l.Errorf(Pos{File: "a.ffi", Line: 10*MaxErrors - i, Col: 1}, "error %d", i)
	}
	errs := l.Errors()
	if len(errs) != MaxErrors {
		t.Fatalf("len(Errors()) = %d, want %d", len(errs), MaxErrors)
	}
	if l.Len() != 10*MaxErrors || l.Truncated() != 9*MaxErrors {
		t.Errorf("Len() = %d, Truncated() = %d; want %d and %d", l.Len(), l.Truncated(), 10*MaxErrors, 9*MaxErrors)
	}
	var b bytes.Buffer
	l.Print(&b, nil)
	if !strings.HasSuffix(b.String(), fmt.Sprintf("too many errors (%d more not shown)\n", 9*MaxErrors)) {
		t.Errorf("Print does not end with the summary line:\n%s", b.String())
	}
}

func TestPrintCaret(t *testing.T) {
	src := map[string][]byte{
		"a.ffi": []byte("library a;\n\tstruct Ä { x: stri }\r\nfn f();"),
		"c.ffi": []byte("/// \x1b[2J\rx\u202e\u2028 $\n"),
	}
	tests := []struct {
		name string
		pos  Pos
		want string
	}{
		{"tab and non-ASCII before the column", Pos{File: "a.ffi", Line: 2, Col: 17},
			"a.ffi:2:17: error: m\n    \tstruct Ä { x: stri }\n    \t               ^\n"},
		{"first column", Pos{File: "a.ffi", Line: 1, Col: 1},
			"a.ffi:1:1: error: m\n    library a;\n    ^\n"},
		{"last line without newline", Pos{File: "a.ffi", Line: 3, Col: 6},
			"a.ffi:3:6: error: m\n    fn f();\n         ^\n"},
		{"column past the end of the line", Pos{File: "a.ffi", Line: 3, Col: 9},
			"a.ffi:3:9: error: m\n    fn f();\n            ^\n"},
		{"line past the end of the file", Pos{File: "a.ffi", Line: 9, Col: 1},
			"a.ffi:9:1: error: m\n"},
		{"control characters echo as U+FFFD", Pos{File: "c.ffi", Line: 1, Col: 12},
			"c.ffi:1:12: error: m\n    /// \uFFFD[2J\uFFFDx\uFFFD\uFFFD $\n               ^\n"},
		{"unknown file", Pos{File: "b.ffi", Line: 1, Col: 1},
			"b.ffi:1:1: error: m\n"},
	}
	for _, tt := range tests {
		var l List
		l.Errorf(tt.pos, "m")
		var b bytes.Buffer
		l.Print(&b, src)
		if b.String() != tt.want {
			t.Errorf("%s: Print =\n%q\nwant\n%q", tt.name, b.String(), tt.want)
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "a.ffi", Line: 3, Col: 7}, "a.ffi:3:7"},
		{Pos{File: "a.ffi"}, "a.ffi"},
		{Pos{Line: 1, Col: 2}, "-:1:2"},
		{Pos{}, "-"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Errorf("empty List.Err() = %v, want nil", l.Err())
	}
	l.Errorf(Pos{File: "a.ffi", Line: 1, Col: 1}, "bad %q", "x")
	if got, want := fmt.Sprint(l.Err()), `a.ffi:1:1: error: bad "x"`; got != want {
		t.Errorf("Err() = %q, want %q", got, want)
	}
}

func TestPrintLongLine(t *testing.T) {
	line := strings.Repeat("abcdefghij", 100) // 1,000 runes
	src := map[string][]byte{"a.ffi": []byte(line + "\nnext")}
	tests := []struct {
		name string
		col  int
		want string
	}{
		{"near the start: cut at the end", 5,
			line[:MaxEcho] + "...\n" + strings.Repeat(" ", 4) + "^"},
		{"in the middle: cut at both ends", 501,
			"..." + line[500-MaxEcho/2:500+MaxEcho/2] + "...\n" + strings.Repeat(" ", 3+MaxEcho/2) + "^"},
		{"near the end: cut at the start", 999,
			"..." + line[1000-MaxEcho:] + "\n" + strings.Repeat(" ", 3+MaxEcho-2) + "^"},
		{"past the end of the line", 1001,
			"..." + line[1000-MaxEcho:] + "\n" + strings.Repeat(" ", 3+MaxEcho) + "^"},
	}
	for _, tt := range tests {
		var l List
		l.Errorf(Pos{File: "a.ffi", Line: 1, Col: tt.col}, "m")
		var b bytes.Buffer
		l.Print(&b, src)
		want := fmt.Sprintf("a.ffi:1:%d: error: m\n    %s\n", tt.col, strings.ReplaceAll(tt.want, "\n", "\n    "))
		if b.String() != want {
			t.Errorf("%s: Print =\n%s\nwant\n%s", tt.name, b.String(), want)
		}
	}
}

// TestPrintHugeLine: the errors of a 1 MiB one-line file print about
// MaxEcho bytes each, not the whole line each (it printed 50 MiB).
func TestPrintHugeLine(t *testing.T) {
	src := map[string][]byte{"a.ffi": bytes.Repeat([]byte("é"), 1<<19)} // 1 MiB, 2 bytes a rune
	var l List
	for i := 0; i < 2*MaxErrors; i++ {
		l.Errorf(Pos{File: "a.ffi", Line: 1, Col: 1 + i*5000}, "m")
	}
	var b bytes.Buffer
	l.Print(&b, src)
	if limit := MaxErrors * (60 + 4*MaxEcho); b.Len() > limit {
		t.Fatalf("Print wrote %d bytes for %d errors on one line, want at most %d", b.Len(), MaxErrors, limit)
	}
	if got := strings.Count(b.String(), "^\n"); got != MaxErrors {
		t.Errorf("Print wrote %d carets, want %d", got, MaxErrors)
	}
}
