// Package errmark reads the inline error markers of ffic's error corpora
// (testdata/errors, parser/testdata/errors) and matches them against the
// errors a stage reported. A marker is a comment right before the
// offending token:
//
//	struct /* ERROR `struct "foo" must be UpperCamelCase: "Foo"` */ foo {}
//
// The text between backquotes is a regular expression matched against the
// message; the error must be at the first token after the comment (further
// markers in between are skipped, so one token can carry several).
//
// An error that belongs right after a token rather than at one (a missing
// ";" is reported just after the last token before it) is marked with
// ERROR HERE, written right after that token: the error must be where the
// comment starts.
//
//	fn f() -> u32/* ERROR HERE `expected ";" after "u32"` */
package errmark

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ffic/ffic/diag"
)

var marker = regexp.MustCompile("/\\* ERROR (HERE )?`([^`]*)` \\*/")

// Want is one expected error: its position and a pattern for its message.
type Want struct {
	Line, Col int // 1-based; Col counts runes
	Rx        *regexp.Regexp
}

func (w Want) String() string { return fmt.Sprintf("%d:%d: %q", w.Line, w.Col, w.Rx) }

// Parse finds the markers of src and the position each one points at.
func Parse(src []byte) ([]Want, error) {
	var out []Want
	text := string(src)
	for _, m := range marker.FindAllStringSubmatchIndex(text, -1) {
		rx, err := regexp.Compile(text[m[4]:m[5]])
		if err != nil {
			return nil, fmt.Errorf("bad marker regexp %q: %v", text[m[4]:m[5]], err)
		}
		// Skip white space and further markers to the offending token.
		at := m[1]
		if m[2] >= 0 { // HERE
			at = m[0]
		}
		for m[2] < 0 {
			rest := text[at:]
			trimmed := strings.TrimLeft(rest, " \t")
			at += len(rest) - len(trimmed)
			if loc := marker.FindStringIndex(text[at:]); loc != nil && loc[0] == 0 {
				at += loc[1]
				continue
			}
			break
		}
		line := 1 + strings.Count(text[:at], "\n")
		col := 1 + utf8.RuneCountInString(text[strings.LastIndexByte(text[:at], '\n')+1:at])
		out = append(out, Want{line, col, rx})
	}
	return out, nil
}

// Match pairs every wanted error with a distinct reported one at its
// position whose message matches, and returns the wanted errors left
// unmatched and the reported errors nothing wanted.
func Match(want []Want, got []*diag.Error) (missing []Want, unexpected []*diag.Error) {
	matched := make([]bool, len(got))
next:
	for _, w := range want {
		for i, e := range got {
			if !matched[i] && e.Pos.Line == w.Line && e.Pos.Col == w.Col && w.Rx.MatchString(e.Msg) {
				matched[i] = true
				continue next
			}
		}
		missing = append(missing, w)
	}
	for i, e := range got {
		if !matched[i] {
			unexpected = append(unexpected, e)
		}
	}
	return missing, unexpected
}
