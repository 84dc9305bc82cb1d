package parser

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite docs/grammar.ebnf and the grammar in docs/idl.md from Grammar()")

// The grammar is printed into docs/idl.md between these marker lines, as an
// ebnf code block.
const (
	grammarBegin = "<!-- grammar:begin -->\n"
	grammarEnd   = "<!-- grammar:end -->\n"
	fenceOpen    = "```ebnf\n"
	fenceClose   = "```\n"
)

// TestGrammarGolden fails when the grammar changes without its documents: a
// grammar change is a language change, and docs/ must show it.
func TestGrammarGolden(t *testing.T) {
	got := Grammar()
	root := moduleRoot(t)
	ebnfPath := filepath.Join(root, "docs", "grammar.ebnf")
	idlPath := filepath.Join(root, "docs", "idl.md")

	if *update {
		if err := os.WriteFile(ebnfPath, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		md, err := os.ReadFile(idlPath)
		if err != nil {
			t.Fatal(err)
		}
		before, _, after, err := splitGrammarBlock(string(md))
		if err != nil {
			t.Fatalf("%s: %v", idlPath, err)
		}
		md = []byte(before + fenceOpen + got + "\n" + fenceClose + after)
		if err := os.WriteFile(idlPath, md, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ebnf, err := os.ReadFile(ebnfPath)
	if err != nil {
		t.Fatalf("%v (run go test ./parser/ -run TestGrammarGolden -update)", err)
	}
	if diff := cmp.Diff(string(ebnf), got+"\n"); diff != "" {
		t.Errorf("Grammar() differs from %s (-want +got; run with -update):\n%s", ebnfPath, diff)
	}

	md, err := os.ReadFile(idlPath)
	if err != nil {
		t.Fatal(err)
	}
	_, block, _, err := splitGrammarBlock(string(md))
	if err != nil {
		t.Fatalf("%s: %v", idlPath, err)
	}
	if diff := cmp.Diff(block, fenceOpen+got+"\n"+fenceClose); diff != "" {
		t.Errorf("Grammar() differs from the grammar in %s (-want +got; run with -update):\n%s", idlPath, diff)
	}
}

// splitGrammarBlock cuts md into the text up to and including the begin
// marker, the block between the markers, and the rest from the end marker.
func splitGrammarBlock(md string) (before, block, after string, err error) {
	i := strings.Index(md, grammarBegin)
	if i < 0 || (i > 0 && md[i-1] != '\n') {
		return "", "", "", errors.New("no line " + strings.TrimSpace(grammarBegin))
	}
	i += len(grammarBegin)
	j := strings.Index(md[i:], grammarEnd)
	if j < 0 || (j > 0 && md[i+j-1] != '\n') {
		return "", "", "", errors.New("no line " + strings.TrimSpace(grammarEnd) + " after " + strings.TrimSpace(grammarBegin))
	}
	return md[:i], md[i : i+j], md[i+j:], nil
}

// moduleRoot is the directory holding go.mod, found upwards from the
// package directory the test runs in.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

func TestSplitGrammarBlock(t *testing.T) {
	tests := []struct {
		name, in           string
		before, block, end string
		wantErr            bool
	}{
		{
			name:   "block",
			in:     "a\n" + grammarBegin + "x\n" + grammarEnd + "b\n",
			before: "a\n" + grammarBegin, block: "x\n", end: grammarEnd + "b\n",
		},
		{name: "empty block", in: grammarBegin + grammarEnd, before: grammarBegin, end: grammarEnd},
		{name: "no begin", in: "a\n" + grammarEnd, wantErr: true},
		{name: "no end", in: grammarBegin + "x\n", wantErr: true},
		{name: "end before begin", in: grammarEnd + grammarBegin, wantErr: true},
		{name: "marker not on its own line", in: "a " + grammarBegin + grammarEnd, wantErr: true},
	}
	for _, tt := range tests {
		before, block, end, err := splitGrammarBlock(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: splitGrammarBlock(%q): error %v, want error %v", tt.name, tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (before != tt.before || block != tt.block || end != tt.end) {
			t.Errorf("%s: splitGrammarBlock(%q) = %q, %q, %q, want %q, %q, %q",
				tt.name, tt.in, before, block, end, tt.before, tt.block, tt.end)
		}
	}
}

// TestIDLExamples: every ```ffi block of docs/idl.md is valid syntax, so the
// reference never shows an example the parser rejects.
func TestIDLExamples(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "docs", "idl.md")
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := ffiBlocks(string(md))
	if len(blocks) < 10 {
		t.Fatalf("%s: got %d ```ffi blocks, want the examples of every declaration", path, len(blocks))
	}
	for _, b := range blocks {
		if _, errs := Parse(path, []byte(b.text)); errs.Len() > 0 {
			t.Errorf("%s:%d: Parse(%q): got errors %v, want none", path, b.line, b.text, errorStrings(errs))
		}
	}
}

type mdBlock struct {
	line int // of the opening fence
	text string
}

// ffiBlocks returns the ```ffi fenced blocks of a Markdown text, with the
// indentation of their fence removed.
func ffiBlocks(md string) []mdBlock {
	var out []mdBlock
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```ffi" {
			continue
		}
		indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " "))]
		start := i
		var b strings.Builder
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			b.WriteString(strings.TrimPrefix(lines[i], indent))
			b.WriteByte('\n')
		}
		out = append(out, mdBlock{start + 1, b.String()})
	}
	return out
}
