package cli

import (
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string // in the one error line
		hint  string // the command named in the hint
	}{
		{"unknown command", "", []string{"klingon"}, `unknown command "klingon"`, "ffic"},
		{"misspelled command", "", []string{"compil", "api.ffi"}, `unknown command "compil" (did you mean "compile"?)`, "ffic"},
		{"unknown root flag", "", []string{"--klingon"}, "unknown flag: --klingon", "ffic"},
		{"unknown flag", "", []string{"compile", "--bogus", "api.ffi"}, "unknown flag: --bogus", "ffic compile"},
		{"unknown shorthand", "", []string{"check", "-x", "api.ffi"}, "unknown shorthand flag: 'x' in -x", "ffic check"},
		{"flag without value", "", []string{"compile", "api.ffi", "-o"}, "flag needs an argument", "ffic compile"},
		{"compile without file", "", []string{"compile", "-l", "model"}, "no .ffi file given", "ffic compile"},
		{"check without file", "", []string{"check"}, "no .ffi file given", "ffic check"},
		{"unknown language", "", []string{"compile", "-l", "klingon", "api.ffi"}, `unknown language "klingon" (available: ` + languageNames() + `)`, "ffic compile"},
		{"unknown language in list", "", []string{"check", "-l", "model,klingon", "api.ffi"}, `unknown language "klingon"`, "ffic check"},
		{"empty language", "", []string{"compile", "-l", "model,", "api.ffi"}, "empty language name", "ffic compile"},
		{"fmt -w -l", "", []string{"fmt", "-w", "-l", "api.ffi"}, "-w and -l cannot be used together", "ffic fmt"},
		{"fmt -l -d -w", "", []string{"fmt", "-l", "-d", "-w", "api.ffi"}, "-w, -l and -d cannot be used together", "ffic fmt"},
		{"fmt -w stdin", "library x;\n", []string{"fmt", "-w"}, "-w needs a FILE", "ffic fmt"},
		{"version with argument", "", []string{"version", "now"}, `version takes no arguments, got "now"`, "ffic version"},
		{"completion without shell", "", []string{"completion"}, "completion takes one shell", "ffic completion"},
		{"completion unknown shell", "", []string{"completion", "tcsh"}, `unknown shell "tcsh"`, "ffic completion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTestdata(t)
			r := ffic(t, tt.stdin, tt.args...)
			if r.code != exitUsage {
				t.Errorf("ffic %s: exit %d, want %d\n%v", strings.Join(tt.args, " "), r.code, exitUsage, r)
			}
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			hint := "Run '" + tt.hint + " --help' for usage."
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "ffic: ") || !strings.Contains(lines[0], tt.want) || lines[1] != hint {
				t.Errorf("ffic %s: stderr =\n%s\nwant one line \"ffic: ...%s...\" and %q", strings.Join(tt.args, " "), r.stderr, tt.want, hint)
			}
			if r.stdout != "" {
				t.Errorf("ffic %s: stdout = %q, want nothing", strings.Join(tt.args, " "), r.stdout)
			}
			if files := tree(t, "."); len(files) != 5 {
				t.Errorf("ffic %s wrote files: %q", strings.Join(tt.args, " "), files)
			}
		})
	}
}

func TestNoCommandPrintsHelp(t *testing.T) {
	r := ffic(t, "")
	if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "Available Commands:") {
		t.Errorf("ffic: %v\nwant exit 2 and the help on stderr", r)
	}
}

// TestHelp checks that every command documents itself fully and that
// --help succeeds on stdout.
func TestHelp(t *testing.T) {
	for _, cmd := range newRoot().Commands() {
		if cmd.Name() == "help" {
			continue
		}
		t.Run(cmd.Name(), func(t *testing.T) {
			if cmd.Short == "" || cmd.Long == "" || cmd.Example == "" {
				t.Errorf("ffic %s: Short, Long and Example must all be set", cmd.Name())
			}
			r := ffic(t, "", cmd.Name(), "--help")
			if r.code != exitOK || r.stderr != "" || !strings.Contains(r.stdout, "Examples:") {
				t.Errorf("ffic %s --help: %v", cmd.Name(), r)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range shells {
		r := ffic(t, "", "completion", shell)
		if r.code != exitOK || r.stderr != "" || !strings.Contains(r.stdout, "ffic") {
			t.Errorf("ffic completion %s: exit %d, stderr %q, %d bytes of script", shell, r.code, r.stderr, len(r.stdout))
		}
	}
}

func TestReadError(t *testing.T) {
	inTestdata(t)
	for _, cmd := range []string{"compile", "check"} {
		r := ffic(t, "", cmd, "-l", "model", "api.ffi", "missing.ffi")
		want := "ffic: open missing.ffi: no such file or directory\n"
		if r.code != exitFailure || r.stderr != want {
			t.Errorf("ffic %s missing.ffi: %v\nwant exit 1 and %q", cmd, r, want)
		}
	}
	r := ffic(t, "", "fmt", "missing.ffi")
	if r.code != exitFailure || r.stderr != "ffic: open missing.ffi: no such file or directory\n" {
		t.Errorf("ffic fmt missing.ffi: %v", r)
	}
}
