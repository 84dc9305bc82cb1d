package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	out := filepath.Join("gen", modelFileName)
	tests := []struct {
		name string
		// setup runs after `ffic compile api.ffi -o gen -l model`.
		setup      func(t *testing.T)
		code       int
		stdout     []string // substrings, in order
		stderr     string
		untouched  bool // gen must hold exactly what setup left
		noCompiled bool // skip the compile before setup
	}{
		{
			name: "up to date",
			code: exitOK,
		},
		{
			name:  "extra files are ignored",
			setup: func(t *testing.T) { writeTestFile(t, "gen/notes.txt", "mine\n") },
			code:  exitOK,
		},
		{
			name: "edited",
			setup: func(t *testing.T) {
				s := readFile(t, out)
				writeTestFile(t, out, strings.Replace(s, `"demo_api"`, `"edited"`, 1))
			},
			code: exitFailure,
			stdout: []string{
				"--- a/gen/demo_api.model.json\n+++ b/gen/demo_api.model.json\n@@ -",
				`-  "library": "edited",` + "\n" + `+  "library": "demo_api",` + "\n",
			},
			stderr: "ffic: \"gen\" is out of date (1 of 1 files differ); run ffic compile with the same arguments\n",
		},
		{
			name:  "missing",
			setup: func(t *testing.T) { os.Remove(out) },
			code:  exitFailure,
			stdout: []string{
				"--- /dev/null\n+++ b/gen/demo_api.model.json\n@@ -0,0 +1,",
				"\n+  \"library\": \"demo_api\",\n",
			},
			stderr: "ffic: \"gen\" is out of date (1 of 1 files differ); run ffic compile with the same arguments\n",
		},
		{
			name:       "never compiled",
			noCompiled: true,
			code:       exitFailure,
			stdout:     []string{"--- /dev/null\n+++ b/gen/demo_api.model.json\n"},
			stderr:     "ffic: \"gen\" is out of date (1 of 1 files differ); run ffic compile with the same arguments\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTestdata(t)
			if !tt.noCompiled {
				if r := ffic(t, "", "compile", "api.ffi", "-o", "gen", "-l", "model"); r.code != exitOK {
					t.Fatalf("ffic compile: %v", r)
				}
			}
			if tt.setup != nil {
				tt.setup(t)
			}
			before := snapshot(t, "gen")

			r := ffic(t, "", "check", "api.ffi", "-o", "gen", "-l", "model")
			if r.code != tt.code || r.stderr != tt.stderr {
				t.Errorf("ffic check: %v\nwant exit %d and stderr %q", r, tt.code, tt.stderr)
			}
			rest := r.stdout
			for _, want := range tt.stdout {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Errorf("ffic check: stdout lacks %q:\n%s", want, r.stdout)
					break
				}
				rest = rest[i+len(want):]
			}
			if len(tt.stdout) == 0 && r.stdout != "" {
				t.Errorf("ffic check: stdout = %q, want nothing", r.stdout)
			}
			if after := snapshot(t, "gen"); !slices.Equal(before, after) {
				t.Errorf("ffic check changed gen: %q, then %q", before, after)
			}
		})
	}
}

func TestCheckWithErrors(t *testing.T) {
	inTestdata(t)
	r := ffic(t, "", "check", "api.ffi", "bad.ffi", "-o", "gen", "-l", "model")
	if r.code != exitFailure || r.stdout != "" || !errorLine.MatchString(r.stderr) {
		t.Errorf("ffic check with errors: %v\nwant exit 1, errors on stderr, no diff", r)
	}
}

// snapshot lists the files under dir with their contents and mtimes.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, name := range tree(t, dir) {
		p := filepath.Join(dir, name)
		out = append(out, name+"\n"+readFile(t, p)+"\n"+mtime(t, p).String())
	}
	return out
}
