package cli

import (
	"slices"
	"strings"
	"testing"
)

// api.ffi is canonical; ugly.ffi is not, and ugly.golden is its canonical
// form. The ugly cases need the real formatter.

func TestFmtCanonical(t *testing.T) {
	inTestdata(t)
	api := readFile(t, "api.ffi")
	setOld(t, "api.ffi")
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stdout string
	}{
		{"print", "", []string{"fmt", "api.ffi"}, api},
		{"print two", "", []string{"fmt", "api.ffi", "api.ffi"}, api + api},
		{"stdin", api, []string{"fmt"}, api},
		{"list", "", []string{"fmt", "-l", "api.ffi"}, ""},
		{"diff", "", []string{"fmt", "-d", "api.ffi"}, ""},
		{"write", "", []string{"fmt", "-w", "api.ffi"}, ""},
		{"list stdin", api, []string{"fmt", "-l"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ffic(t, tt.stdin, tt.args...)
			if r.code != exitOK || r.stderr != "" || r.stdout != tt.stdout {
				t.Errorf("ffic %s: %v\nwant exit 0 and stdout %q", strings.Join(tt.args, " "), r, tt.stdout)
			}
		})
	}
	if got := readFile(t, "api.ffi"); got != api {
		t.Errorf("fmt changed the canonical api.ffi:\n%s", got)
	}
	if got := mtime(t, "api.ffi"); !got.Equal(longAgo) {
		t.Errorf("fmt -w rewrote the canonical api.ffi (mtime %v)", got)
	}
}

func TestFmtUnformatted(t *testing.T) {
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string // "" for none; a prefix when ends in "..."
	}{
		{"print", "", []string{"fmt", "ugly.ffi"}, exitOK, "<golden>"},
		{"stdin", "<ugly>", []string{"fmt"}, exitOK, "<golden>"},
		{"list", "", []string{"fmt", "-l", "api.ffi", "ugly.ffi"}, exitFailure, "ugly.ffi\n"},
		{"list stdin", "<ugly>", []string{"fmt", "-l"}, exitFailure, "<stdin>\n"},
		{"diff", "", []string{"fmt", "-d", "ugly.ffi", "api.ffi"}, exitFailure, "--- a/ugly.ffi\n+++ b/ugly.ffi\n@@ -1,6 +1,7 @@\n-library   ugly ;\n..."},
		{"write", "", []string{"fmt", "-w", "ugly.ffi", "api.ffi"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTestdata(t)
			ugly, golden := readFile(t, "ugly.ffi"), readFile(t, "ugly.golden")
			stdin := strings.ReplaceAll(tt.stdin, "<ugly>", ugly)
			want := strings.ReplaceAll(tt.stdout, "<golden>", golden)
			r := ffic(t, stdin, tt.args...)
			got := r.stdout
			if prefix, ok := strings.CutSuffix(want, "..."); ok {
				want = prefix
				got = got[:min(len(got), len(prefix))]
			}
			if r.code != tt.code || r.stderr != "" || got != want {
				t.Errorf("ffic %s: %v\nwant exit %d and stdout %q", strings.Join(tt.args, " "), r, tt.code, want)
			}
			if tt.name == "write" {
				if got := readFile(t, "ugly.ffi"); got != golden {
					t.Errorf("after fmt -w, ugly.ffi =\n%s\nwant\n%s", got, golden)
				}
				if r := ffic(t, "", "fmt", "-l", "ugly.ffi"); r.code != exitOK || r.stdout != "" {
					t.Errorf("fmt -l after fmt -w: %v", r)
				}
			} else if got := readFile(t, "ugly.ffi"); got != ugly {
				t.Errorf("ffic %s changed ugly.ffi", strings.Join(tt.args, " "))
			}
		})
	}
}

func TestFmtSyntaxErrors(t *testing.T) {
	for _, args := range [][]string{{"fmt", "bad.ffi"}, {"fmt", "-w", "bad.ffi"}, {"fmt", "-l", "bad.ffi"}, {"fmt", "-d", "bad.ffi"}} {
		t.Run(strings.Join(args[1:], " "), func(t *testing.T) {
			inTestdata(t)
			before := snapshot(t, ".")
			r := ffic(t, "", args...)
			if r.code != exitFailure || r.stdout != "" || !strings.Contains(r.stderr, "bad.ffi:1:9: error: ") {
				t.Errorf("ffic %s: %v\nwant exit 1 and the errors on stderr", strings.Join(args, " "), r)
			}
			if after := snapshot(t, "."); !slices.Equal(before, after) {
				t.Errorf("ffic %s changed files", strings.Join(args, " "))
			}
		})
	}
	r := ffic(t, "library ;\n", "fmt")
	if r.code != exitFailure || !strings.Contains(r.stderr, "<stdin>:1:9: error: ") || !strings.Contains(r.stderr, "    library ;\n") {
		t.Errorf("ffic fmt < bad input: %v\nwant errors naming <stdin>, with the source line", r)
	}
}
