package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// bindingNames are the registry's binding languages, in registry order.
func bindingNames() []string {
	var out []string
	for _, l := range languages {
		if l.binding {
			out = append(out, l.name)
		}
	}
	return out
}

func allNames() []string {
	var out []string
	for _, l := range languages {
		out = append(out, l.name)
	}
	return out
}

// backticked returns the `names` in s.
func backticked(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func help(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Main(args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("ffic %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// TestHelpListsLanguages: `ffic --help` and `ffic compile --help` name
// the languages of the registry, and no others.
func TestHelpListsLanguages(t *testing.T) {
	// The root's help names what each binding language gives.
	display := map[string]string{"c": "a C header", "go": "Go library and host\ncode", "python": "a Python host module"}
	root := help(t, "--help")
	for _, name := range bindingNames() {
		d, ok := display[name]
		if !ok {
			t.Errorf("binding language %q has no phrase in this test: say in ffic --help what it generates, and add the phrase here", name)
			continue
		}
		if !strings.Contains(root, d) {
			t.Errorf("ffic --help does not say it generates %q (language %s of the registry):\n%s", d, name, root)
		}
	}

	compile := help(t, "compile", "--help")
	m := regexp.MustCompile(`every binding language with a backend is generated\s+\(([^)]*)\)`).FindStringSubmatch(compile)
	if m == nil {
		t.Fatalf("ffic compile --help no longer lists the default languages as \"every binding language with a backend is generated (...)\"; update this test:\n%s", compile)
	}
	if got := strings.Split(strings.Join(strings.Fields(m[1]), " "), ", "); !slices.Equal(got, bindingNames()) {
		t.Errorf("ffic compile --help says the default languages are %q; the registry (internal/cli/langs.go) has %q", got, bindingNames())
	}
	for _, l := range languages {
		if !l.binding && !strings.Contains(compile, `"`+l.name+`"`) {
			t.Errorf("ffic compile --help does not mention the language %q", l.name)
		}
	}
}

// TestDocsListLanguages: docs/cli.md's table of languages, its default
// languages and its sample usage error name the registry's languages.
func TestDocsListLanguages(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(md)

	_, table, ok := strings.Cut(doc, "Languages:\n\n| Name | Writes |\n|------|--------|\n")
	if !ok {
		t.Fatal("docs/cli.md has no table of languages (\"Languages:\" then | Name | Writes |); update this test if it moved")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	var rows []string
	for _, row := range strings.Split(table, "\n") {
		cells := strings.Split(row, "|")
		if len(cells) < 3 {
			t.Fatalf("docs/cli.md: not a table row: %q", row)
		}
		rows = append(rows, backticked(cells[1])...)
	}
	if !slices.Equal(rows, allNames()) {
		t.Errorf("docs/cli.md's table of languages lists %q; the registry (internal/cli/langs.go) has %q, in this order", rows, allNames())
	}

	m := regexp.MustCompile("Without `-l`, `compile` and `check` generate every binding language:([^.]*)\\.").FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("docs/cli.md no longer says \"Without `-l`, `compile` and `check` generate every binding language: ...\"; update this test")
	}
	if got := backticked(m[1]); !slices.Equal(got, bindingNames()) {
		t.Errorf("docs/cli.md says the default languages are %q; the registry has %q", got, bindingNames())
	}

	if want := "(available: " + languageNames() + ")"; !strings.Contains(doc, want) {
		t.Errorf("docs/cli.md's sample usage error does not list the languages as ffic does: %s", want)
	}
}

// TestDocsSynopses: docs/cli.md's summary at the top lists every command
// with the synopsis of its --help, and the sections of compile, check and
// fmt show it too.
func TestDocsSynopses(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(md)
	_, summary, _ := strings.Cut(doc, "```\n")
	summary, _, _ = strings.Cut(summary, "```\n")
	var lines []string
	for _, l := range strings.Split(summary, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	for _, cmd := range newRoot().Commands() {
		if cmd.Name() == "help" {
			continue
		}
		use := "ffic " + strings.Join(strings.Fields(cmd.Use), " ")
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, use+" ") }) {
			t.Errorf("docs/cli.md's summary (its first block) has no line %q (the command's synopsis in its help)", use)
		}
		switch cmd.Name() {
		case "compile", "check", "fmt":
			if !strings.Contains(doc, "\n"+use+"\n") {
				t.Errorf("docs/cli.md's section on %s does not show its synopsis %q", cmd.Name(), use)
			}
		}
	}
}
