package golang

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"
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

// Doc writes a doc comment: the .ffi's doc text, then extra paragraphs.
func (p *printer) Doc(doc string, more ...string) {
	var paras []string
	if doc != "" {
		paras = append(paras, doc)
	}
	paras = append(paras, more...)
	for i, para := range paras {
		if i > 0 {
			p.P("//")
		}
		for _, line := range strings.Split(para, "\n") {
			p.P(strings.TrimRight("// "+line, " "))
		}
	}
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
