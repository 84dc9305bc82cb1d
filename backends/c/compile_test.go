package c

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestClashCompiles compiles the header of testdata/clash.ffi, whose names
// are chosen to collide if the naming scheme let them.
func TestClashCompiles(t *testing.T) {
	h := gen1(t, load(t, "backends/c/testdata/clash.ffi"))
	compileHeaders(t, h)
	names := declared(t, h)
	for _, want := range []string{
		"clash_call_x", "clash_fn_x_args", "clash_call_x_args", "clash_fn_x_args_args",
		"clash_call_call_x", "clash_fn_call_x_args", "clash_cbor_call_cbor_call_x",
		"clash_call_args", "clash_fn_args_args",
		"clash_A_b_c", "clash_AB_c", "clash_Priority_low",
		"CLASH_CONST_OK", "CLASH_STATUS_OK", "CLASH_CONST_STATUS_OK", "CLASH_CONST_H", "CLASH_H_",
		"CLASH_FINGERPRINT", "CLASH_CONST_FINGERPRINT", "CLASH_DECL_ECHO", "CLASH_CONST_DECL_ECHO",
		"clash_new", "clash_call_new", "clash_destroy", "clash_call_destroy", "clash_cbor_cb",
		"clash_call_cbor_cb", "clash_cbor_new", "clash_cbor_call_cbor_new", "clash_event_new_cb_cb",
		"clash_cbor_complete", "clash_complete_cbor_complete", "clash_host_ctor_args_cb",
		"clash_str", "clash_Str", "clash_List", "clash_list_Node", "clash_Entry", "clash_list_Entry",
		"clash_map_str_Node_entry", "clash_map_u8_opt_Node", "clash_list_opt_Node",
		"clash_opt_list_u8", "clash_opt_map_str_i64", "clash_list_opt_Flag",
		"clash_map_Priority_map_bool_list_opt_A_entry", "clash_list_map_i8_bytes",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("clash.h does not declare %s", want)
		}
	}
}

// TestTogether compiles the headers of three libraries in one translation
// unit: they share type, fn, event, host fn and const names, so only the
// library prefix keeps them apart.
func TestTogether(t *testing.T) {
	hs := []generated{
		gen1(t, load(t, "examples/timer/timer.ffi")),
		gen1(t, load(t, "testdata/keywords.ffi")),
		gen1(t, load(t, "backends/c/testdata/clash.ffi")),
	}
	compileHeaders(t, hs...)
	seen := map[string]string{}
	for _, h := range hs {
		for _, name := range declared(t, h) {
			if other, ok := seen[name]; ok {
				t.Errorf("%s is declared by %s and %s", name, other, h.path)
			}
			seen[name] = h.path
		}
	}
}

// TestDeclarations checks, for every header the tests use, that the names
// the header declares at file scope are exactly those the generator
// recorded (so the use file of compileHeaders uses every one of them), that
// none is declared twice, and that each starts with the library's prefix.
func TestDeclarations(t *testing.T) {
	for _, in := range append(goldenInputs, "backends/c/testdata/clash.ffi") {
		h := gen1(t, load(t, in))
		got := declared(t, h)
		want := slices.Concat(h.syms.types, h.syms.funcs, h.syms.values)
		lib := strings.TrimSuffix(h.path, ".h")
		want = append(want, strings.ToUpper(lib)+"_H_")
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: declared names differ from the recorded ones:\nonly declared: %q\nonly recorded: %q",
				in, minus(got, want), minus(want, got))
		}
		for i, name := range got {
			if i > 0 && got[i-1] == name {
				t.Errorf("%s: %s is declared twice", in, name)
			}
			if !strings.HasPrefix(name, lib+"_") && !strings.HasPrefix(name, strings.ToUpper(lib)+"_") {
				t.Errorf("%s: %s does not start with the library's name", in, name)
			}
		}
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

var (
	reDefine     = regexp.MustCompile(`^#define (\w+)`)
	reForward    = regexp.MustCompile(`^typedef struct (\w+) (\w+);$`)
	reTypedefEnd = regexp.MustCompile(`^} (\w+);$`)
	reFuncType   = regexp.MustCompile(`^typedef \w+ \(\*(\w+)\)\(`)
	reScalarType = regexp.MustCompile(`^typedef [\w ]+ (\w+);$`)
	reEnumerator = regexp.MustCompile(`^    (\w+) = `)
	reFunction   = regexp.MustCompile(`^[\w ]+\*? ?\b(\w+)\(.*\);$`)
)

// declared lists the names a header declares at file scope, once per
// declaration, by reading the header as the generator lays it out: macros,
// typedefs (a struct's forward declaration and its definition declare it
// once), enumerators and functions.
func declared(t *testing.T, h generated) []string {
	t.Helper()
	var out []string
	inEnum := false
	for _, line := range joinSignatures(strings.Split(stripComments(string(h.content)), "\n")) {
		var m []string
		switch {
		case line == "enum {":
			inEnum = true
			continue
		case line == "};":
			inEnum = false
			continue
		case inEnum:
			if m = reEnumerator.FindStringSubmatch(line); m == nil {
				continue // a blank line, where a comment was
			}
		case strings.HasPrefix(line, "#define "):
			m = reDefine.FindStringSubmatch(line)
		case reForward.MatchString(line):
			m = reForward.FindStringSubmatch(line)
			if m[1] != m[2] {
				t.Errorf("%s: %q names the struct and its typedef differently", h.path, line)
			}
		case strings.HasPrefix(line, "} ") && line != "} as;":
			m = reTypedefEnd.FindStringSubmatch(line)
		case strings.HasPrefix(line, "typedef "):
			if m = reFuncType.FindStringSubmatch(line); m == nil {
				m = reScalarType.FindStringSubmatch(line)
			}
			if strings.HasSuffix(line, "{") {
				continue // typedef struct X {: counted at its "} X;"
			}
		case strings.HasSuffix(line, ");") && !strings.HasPrefix(line, " "):
			m = reFunction.FindStringSubmatch(line)
		default:
			continue
		}
		if m == nil {
			t.Errorf("%s: cannot read the declaration %q", h.path, line)
			continue
		}
		out = append(out, m[1])
	}
	return out
}

// joinSignatures puts the parameters of a declaration the generator
// spread over several lines back on the line of its name.
func joinSignatures(lines []string) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		for (strings.HasSuffix(line, "(") || strings.HasSuffix(line, ",")) && !strings.HasPrefix(line, " ") && i+1 < len(lines) {
			i++
			sep := " "
			if strings.HasSuffix(line, "(") {
				sep = ""
			}
			line += sep + strings.TrimSpace(lines[i])
		}
		out = append(out, line)
	}
	return out
}

// stripComments removes /* */ comments (and the spaces before them),
// skipping string literals.
func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			b.WriteString(s[i : j+1])
			i = j
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			out := strings.TrimRight(b.String(), " ")
			b.Reset()
			b.WriteString(out)
			i += 2 + end + 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
