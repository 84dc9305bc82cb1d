package golang

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"

	"github.com/ffic/ffic/backends"
)

// printer writes Go source line by line (protogen's g.P): the generator
// reads like its output, and go/format fixes the layout at the end.
type printer struct{ buf bytes.Buffer }

// P writes its arguments, fmt.Sprint'ed and concatenated, as one line.
func (p *printer) P(args ...any) {
	for _, a := range args {
		fmt.Fprint(&p.buf, a)
	}
	p.buf.WriteByte('\n')
}

// Doc writes a doc comment: the .ffi's doc text as written, then extra
// paragraphs of ffic's own, wrapped at docWidth. Both go through
// backends.CommentText, so only their "\n"s end a comment line.
func (p *printer) Doc(doc string, more ...string) {
	doc = backends.CommentText(doc)
	if doc != "" {
		for _, line := range strings.Split(doc, "\n") {
			p.P(strings.TrimRight("// "+line, " "))
		}
	}
	for i, para := range more {
		para = backends.CommentText(para)
		if i > 0 || doc != "" {
			p.P("//")
		}
		for _, line := range strings.Split(para, "\n") {
			for _, l := range wrap(line, docWidth) {
				p.P(strings.TrimRight("// "+l, " "))
			}
		}
	}
}

// docWidth is where ffic's own doc text wraps, as a person would write
// it; gofmt does not wrap comments.
const docWidth = 76

// wrap breaks line into lines of at most width bytes at spaces (a longer
// word stays whole). An indented line is preformatted (a code block in
// Go doc) and stays as it is.
func wrap(line string, width int) []string {
	if len(line) <= width || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
		return []string{line}
	}
	var out []string
	cur := ""
	for _, w := range strings.Fields(line) {
		switch {
		case cur == "":
			cur = w
		case len(cur)+1+len(w) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	return append(out, cur)
}

// gofmt formats Go source, failing loudly with numbered lines when the
// generator wrote something that does not parse (a bug in ffic).
func gofmt(path string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		var b strings.Builder
		for i, line := range strings.Split(string(src), "\n") {
			fmt.Fprintf(&b, "%5d  %s\n", i+1, line)
		}
		return nil, fmt.Errorf("ffic generated Go that does not parse (%s: %v); this is a bug in ffic:\n%s", path, err, b.String())
	}
	return out, nil
}
