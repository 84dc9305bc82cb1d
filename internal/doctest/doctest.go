// Package doctest reads the Markdown documentation of ffic (README.md and
// docs/*.md) so its tests can compile and run every example block and
// resolve every relative link. The convention for fenced blocks is in
// docs/architecture.md ("Doc tests"): the first word of the info string is
// the language, further words are attributes (`fragment`, `schematic`, and
// the README's `setup`, `install` and `module`). The tests are in this
// package's _test files.
package doctest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// A Block is one fenced code block of a Markdown file.
type Block struct {
	File  string   // as given to Blocks
	Line  int      // 1-based line of the opening fence
	Lang  string   // first word of the info string; "" for none
	Attrs []string // the other words of the info string
	Text  string   // the content, with the fence's indentation removed
}

// Has reports whether the block carries attribute a.
func (b Block) Has(a string) bool { return slices.Contains(b.Attrs, a) }

// Pos is "file:line", for messages.
func (b Block) Pos() string { return fmt.Sprintf("%s:%d", b.File, b.Line) }

// Blocks returns the fenced blocks (``` or ~~~, three or more) of md in
// order. An unclosed block runs to the end of the file, as CommonMark says.
func Blocks(file, md string) []Block {
	var out []Block
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		indent, fence, info, ok := openFence(lines[i])
		if !ok {
			continue
		}
		b := Block{File: file, Line: i + 1}
		if words := strings.Fields(info); len(words) > 0 {
			b.Lang, b.Attrs = words[0], words[1:]
		}
		var text strings.Builder
		for i++; i < len(lines); i++ {
			if closesFence(lines[i], fence) {
				break
			}
			text.WriteString(trimIndent(lines[i], indent))
			text.WriteByte('\n')
		}
		b.Text = text.String()
		out = append(out, b)
	}
	return out
}

// openFence recognises an opening fence: up to 3 spaces of indentation
// (more inside a list item, which is how docs indent nested blocks), then
// at least three backticks or tildes, then the info string.
func openFence(line string) (indent int, fence, info string, ok bool) {
	rest := strings.TrimLeft(line, " ")
	indent = len(line) - len(rest)
	for _, c := range []string{"`", "~"} {
		n := len(rest) - len(strings.TrimLeft(rest, c))
		if n >= 3 {
			info = strings.TrimSpace(rest[n:])
			if c == "`" && strings.Contains(info, "`") {
				return 0, "", "", false // inline code, not a fence
			}
			return indent, rest[:n], info, true
		}
	}
	return 0, "", "", false
}

func closesFence(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

func trimIndent(line string, n int) string {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) >= n {
		return line[n:]
	}
	return rest
}

// A Link is one inline Markdown link or image, outside code.
type Link struct {
	File   string
	Line   int
	Target string // as written: "abi.md#completion", "../examples/timer/host.c"
}

func (l Link) Pos() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

var (
	linkRx       = regexp.MustCompile(`\]\(([^()\s]*)\)`)
	inlineCodeRx = regexp.MustCompile("`[^`]*`")
)

// Links returns the inline links of md, outside fenced blocks and inline
// code.
func Links(file, md string) []Link {
	var out []Link
	inFence := ""
	for i, line := range strings.Split(md, "\n") {
		if inFence != "" {
			if closesFence(line, inFence) {
				inFence = ""
			}
			continue
		}
		if _, fence, _, ok := openFence(line); ok {
			inFence = fence
			continue
		}
		line = inlineCodeRx.ReplaceAllString(line, "")
		for _, m := range linkRx.FindAllStringSubmatch(line, -1) {
			out = append(out, Link{File: file, Line: i + 1, Target: m[1]})
		}
	}
	return out
}

// Anchors returns the anchors GitHub gives the headings of md: the text
// lower-cased, punctuation other than '-' and '_' dropped, spaces made '-',
// and "-1", "-2"... added to repeats; plus every <a id="..."> or name.
func Anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	inFence := ""
	for _, line := range strings.Split(md, "\n") {
		if inFence != "" {
			if closesFence(line, inFence) {
				inFence = ""
			}
			continue
		}
		if _, fence, _, ok := openFence(line); ok {
			inFence = fence
			continue
		}
		for _, m := range htmlAnchorRx.FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
		t := strings.TrimLeft(line, "#")
		if len(t) == len(line) || len(line)-len(t) > 6 || (t != "" && t[0] != ' ') {
			continue
		}
		a := slug(strings.TrimSpace(t))
		if n := seen[a]; n > 0 {
			out[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}

var htmlAnchorRx = regexp.MustCompile(`<a (?:id|name)="([^"]+)"`)

func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsLetter(r), unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
