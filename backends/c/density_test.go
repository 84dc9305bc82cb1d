package c

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	ffigen "github.com/ffic/ffic/internal/gen"
)

// kindInterface is an interface without doc comments with k of each call
// kind: fns of every kind with and without parameters, results and typed
// errors, events with and without parameters, host fns likewise.
func kindInterface(k int) string {
	var b strings.Builder
	b.WriteString("library kinds;\nstruct S { a: u32 }\nenum E { x }\nctor();\n")
	for i := range k {
		fmt.Fprintf(&b, "fn f%d(a: S) -> S throws E;\nfn g%d();\n", i, i)
		fmt.Fprintf(&b, "async fn af%d(a: u32) -> string;\nasync fn ag%d() throws S;\n", i, i)
		fmt.Fprintf(&b, "static fn sf%d(a: u32) -> u32;\nstatic async fn saf%d();\n", i, i)
		fmt.Fprintf(&b, "event e%d(a: S);\nevent ee%d();\n", i, i)
		fmt.Fprintf(&b, "host fn h%d(a: string) -> S throws E;\nhost fn hh%d();\n", i, i)
	}
	return b.String()
}

// headerStats counts the lines of a header, the lines inside comments,
// and the lines of its section title.
func headerStats(h string) (lines, comments int, sections map[string]int) {
	sections = map[string]int{}
	banner := regexp.MustCompile(`^/\* ---- (.*?) -+ \*/$`)
	in, cur := false, ""
	for _, l := range strings.Split(strings.TrimSuffix(h, "\n"), "\n") {
		lines++
		if m := banner.FindStringSubmatch(l); m != nil {
			cur = m[1]
			continue
		}
		sections[cur]++
		s := strings.TrimSpace(l)
		switch {
		case in:
			comments++
			in = !strings.Contains(s, "*/")
		case strings.HasPrefix(s, "/*"):
			comments++
			in = !strings.Contains(s, "*/")
		}
	}
	return lines, comments, sections
}

// TestContractOncePerSection: what the ABI promises for each kind of entry
// point (fn, async fn, static fn, event, host fn) is stated once, in the
// comment of its section, not once per declaration: without .ffi doc
// comments, five times as many calls add no comment line but the one-line
// /* kind name */ that introduces each fn, event and host fn.
func TestContractOncePerSection(t *testing.T) {
	count := func(k int) (comments, groups int) {
		h, _ := header(t, source(t, "kinds.ffi", kindInterface(k)))
		_, comments, _ = headerStats(string(h))
		groups = len(regexp.MustCompile(`(?m)^/\* (static )?(async )?(fn|event|host fn) \w+ \*/$`).FindAll(h, -1))
		return comments, groups
	}
	c1, g1 := count(1)
	c5, g5 := count(5)
	if g1 != 10 || g5 != 50 {
		t.Fatalf("%d and %d /* kind name */ lines, want 10 and 50", g1, g5)
	}
	if c5-g5 != c1-g1 {
		t.Errorf("%d comment lines besides the /* kind name */ ones with 5 calls of each kind, %d with 1: "+
			"the header repeats a contract per declaration", c5-g5, c1-g1)
	}
}

// TestHeaderDensity logs lines per fn and the comment share of the headers
// of examples/timer and of the 2,000-declaration benchmark interface, and
// fails when the sections of the calls get back to the 40 lines per fn of
// a contract paragraph per entry point.
func TestHeaderDensity(t *testing.T) {
	for _, in := range []struct {
		name string
		src  string
	}{
		{"examples/timer/timer.ffi", ""}, // loaded from the file
		{"big.ffi", string(ffigen.BigFFI())},
	} {
		mod := load(t, "examples/timer/timer.ffi")
		if in.src != "" {
			mod = source(t, in.name, in.src)
		}
		h, _ := header(t, mod)
		lines, comments, sections := headerStats(string(h))
		fns, events, hosts := len(mod.Funcs), len(mod.Events), len(mod.HostFuncs)
		t.Logf("%s: %d lines, %d in comments (%.1f %%); calls %.1f lines per fn, events %.1f per event, host fns %.1f per host fn",
			in.name, lines, comments, 100*float64(comments)/float64(lines),
			float64(sections["Calls"])/float64(fns), float64(sections["Events"])/float64(events),
			float64(sections["Host functions"])/float64(hosts))
		if in.src != "" {
			for _, s := range []struct {
				name string
				n    int
			}{{"Calls", fns}, {"Events", events}, {"Host functions", hosts}} {
				if per := float64(sections[s.name]) / float64(s.n); per > 16 {
					t.Errorf("%s: section %s has %.1f lines per declaration, want at most 16", in.name, s.name, per)
				}
			}
		}
	}
}
