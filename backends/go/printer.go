package golang

import (
	"bytes"
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"path"
	"strconv"
	"strings"

	"github.com/ffic/ffic/backends"
)

// printer writes Go source line by line (protogen's g.P): the generator
// reads like its output, and go/format fixes the layout at the end.
//
// The file's top (generated-code marker, package clause, cgo preamble)
// and the packages it may import are kept apart from its body: Source
// imports exactly the packages the body refers to, so no file needs a
// `var _ = pkg.X` to compile, whichever declarations an interface has.
type printer struct {
	top     string
	imports []goImport
	buf     bytes.Buffer
}

// goImport is a package a file may use: its path and, if it differs from
// the path's last element, the name the file gives it.
type goImport struct{ name, path string }

func (i goImport) ident() string {
	if i.name != "" {
		return i.name
	}
	return path.Base(i.path)
}

// Source is the file: top, the imports the body uses, the body, gofmt'ed.
// The body refers to an import by a qualified identifier (pkg.Name): an
// identifier followed by a period and not preceded by one, found by
// go/scanner, which is much cheaper than parsing the file twice (no local
// of generated code is named like a package it may import: see reserved).
func (p *printer) Source(file string) ([]byte, error) {
	if len(p.imports) == 0 {
		return gofmt(file, p.assemble(func(goImport) bool { return true }))
	}
	names := map[string]bool{}
	for _, imp := range p.imports {
		names[imp.ident()] = true
	}
	used := map[string]bool{}
	body := p.buf.Bytes()
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(file, -1, len(body)), body, nil, 0)
	prev, ident := token.ILLEGAL, ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.PERIOD && ident != "" {
			used[ident] = true
		}
		ident = ""
		if tok == token.IDENT && prev != token.PERIOD && names[lit] {
			ident = lit
		}
		prev = tok
	}
	// The top (package doc, cgo preamble) refers to no package.
	return gofmt(file, p.assemble(func(i goImport) bool { return used[i.ident()] }))
}

// assemble is the file with the imports keep keeps: the standard library's
// first, then a blank line and the others (gofmt's grouping).
func (p *printer) assemble(keep func(goImport) bool) []byte {
	var b bytes.Buffer
	b.WriteString(p.top)
	var std, other []string
	for _, imp := range p.imports {
		if !keep(imp) {
			continue
		}
		line := strconv.Quote(imp.path)
		if imp.name != "" {
			line = imp.name + " " + line
		}
		if strings.Contains(imp.path, ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	if len(std)+len(other) > 0 {
		b.WriteString("import (\n")
		for _, l := range std {
			b.WriteString(l + "\n")
		}
		if len(std) > 0 && len(other) > 0 {
			b.WriteString("\n")
		}
		for _, l := range other {
			b.WriteString(l + "\n")
		}
		b.WriteString(")\n\n")
	}
	b.Write(p.buf.Bytes())
	return b.Bytes()
}

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
		return nil, gofmtError(path, src, err)
	}
	return out, nil
}

func gofmtError(path string, src []byte, err error) error {
	var b strings.Builder
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, line)
	}
	return fmt.Errorf("ffic generated Go that does not parse (%s: %v); this is a bug in ffic:\n%s", path, err, b.String())
}
