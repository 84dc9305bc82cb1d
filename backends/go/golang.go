// Package golang is ffic's Go backend, both sides. For library L it
// writes three packages under L/:
//
//	L/          package (L's words joined, "my_timer" -> mytimer, or
//	            Options.Package): pure Go, no cgo, imported by the two others
//	  L.h       the header (backends/c's output), once
//	  types.go  Go types of the interface's constants, structs, enums and unions
//	  codec.go  their CBOR codec and the parameters of every call (Enc_K,
//	            Dec_K, Args_f, ...: exported for the two other packages)
//	L/lib/      package lib, the library side: for a library implemented in
//	            Go, turns an implementation of a Go interface into the C ABI
//	            of docs/abi.md (go build -buildmode=c-shared)
//	  api.go    Impl, StaticImpl, Ctor, Register, Env, Events, Host
//	  calls.go  handler runners, CBOR completions, host answers
//	  native.go conversions between the header's C structs and Go (cgo)
//	  exports.go the cgo exports behind each entry point, and the runtime's descriptors
//	  abi.c     the ABI's symbols, defined in C against the header and forwarding to
//	            the exports (cgo's _cgo_export.h drops const, so the exports cannot
//	            carry the ABI's names), plus the trampolines that call host pointers
//	L/client/   package client (host*.go), a typed Go client of any library
//	            implementing L.h, whatever language implemented it
//
// The cgo packages include L.h from L/ (#cgo CFLAGS: -I${SRCDIR}/..), and
// import L by the import path of Options.ImportPath (or RootImportPath).
//
// Everything that does not depend on the interface lives in runtime/go
// (fficrt: the codec and what both sides share), runtime/go/fficlib
// (library side: contexts, threads, events, host calls, the queue) and
// runtime/go/fficlient (host side: the fingerprint check, contexts,
// completions, events, host fns); the client never imports fficlib.
// Generate is a pure function of the model, and its Go output is
// gofmt'ed.
package golang

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/ffic/ffic/backends"
	c "github.com/ffic/ffic/backends/c"
	"github.com/ffic/ffic/idl"
)

// gen is the state of one package being generated.
type gen struct {
	m  *idl.Model
	n  *goNames
	cn c.Names
	// q qualifies the names of the types-and-codec package: "" in it,
	// "mytimer." in the library and client packages.
	q string
	// arena is the type of the C arena of native conversions.
	arena   string
	imports []goImport
	// root are the types-and-codec package's own names (client only).
	root *goNames
}

// Options are what the Go backend needs besides the model.
type Options struct {
	// ImportPath is the Go import path of the output directory (the
	// directory that holds L/): the library and client packages import
	// the types-and-codec package L as ImportPath/L. Empty: L.
	ImportPath string
	// RootImportPath, if set, is the import path of the types-and-codec
	// package L itself, used instead of ImportPath/L (for builds whose
	// import paths do not follow directories, or a module path ffic
	// cannot read). See CheckImportPath.
	RootImportPath string
	// Package, if set, is the Go package name of the types-and-codec
	// package instead of the one derived from the library's name
	// (packageName). See Check.
	Package string
}

// New returns the Go backend for output written where opt says.
func New(opt Options) backends.Generator {
	return func(m *idl.Model) ([]backends.File, error) { return GenerateWith(m, opt) }
}

// Generate is GenerateWith without options (the types-and-codec package
// imported as L).
func Generate(m *idl.Model) ([]backends.File, error) { return GenerateWith(m, Options{}) }

// Package directories under L/.
const (
	libDir  = "/lib/"
	hostDir = "/client/"
)

// GenerateWith returns the files of the Go packages of m: L (types and
// codec, pure Go, with the header L.h), L/lib (the library side) and
// L/client (the host side).
func GenerateWith(m *idl.Model, opt Options) ([]backends.File, error) {
	header, err := c.Generate(m)
	if err != nil {
		return nil, err
	}
	if err := opt.Check(); err != nil {
		return nil, err
	}
	rootPath := m.Library
	if opt.RootImportPath != "" {
		rootPath = opt.RootImportPath
	} else if opt.ImportPath != "" {
		rootPath = opt.ImportPath + "/" + m.Library
	}
	n := newGoNames(m)
	if opt.Package != "" {
		n.pkg = opt.Package
	}
	cn := c.NewNames(m.Library)
	root := &gen{m: m, n: n, cn: cn, arena: "fficlib.Arena", imports: imports}
	qualified := func(pkg string) *goNames {
		q := *n
		q.pkg = pkg
		q.types = qualify(n.pkg, n.types)
		q.members = qualify(n.pkg, n.members)
		q.arms = qualify(n.pkg, n.arms)
		q.consts = qualify(n.pkg, n.consts)
		return &q
	}
	withRoot := append(slices.Clone(imports), goImport{n.pkg, rootPath})
	lib := &gen{m: m, n: qualified("lib"), cn: cn, q: n.pkg + ".", arena: "fficlib.Arena", imports: withRoot}
	host := &gen{m: m, n: qualified("client"), cn: cn, q: n.pkg + ".", arena: "fficlient.Arena", imports: withRoot}
	host.root = n
	dir := m.Library + "/"
	files := []backends.File{{Path: dir + header[0].Path, Content: header[0].Content}}
	// The files are generated and gofmt'ed concurrently: gofmt is most of
	// the backend's time.
	jobs := []struct {
		path string
		body func(p *printer)
	}{
		{dir + "types.go", root.typesFile},
		{dir + "codec.go", root.codecFile},
		{m.Library + libDir + "api.go", lib.apiFile},
		{m.Library + libDir + "calls.go", lib.callsFile},
		{m.Library + libDir + "native.go", lib.nativeFile},
		{m.Library + libDir + "exports.go", lib.exportsFile},
		{m.Library + hostDir + "client.go", host.clientFile},
	}
	out := make([]backends.File, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, f := range jobs {
		wg.Go(func() {
			var p printer
			f.body(&p)
			out[i].Path = f.path
			out[i].Content, errs[i] = p.Source(f.path)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if opt.Package != "" {
		if err := packageFree(opt.Package, out); err != nil {
			return nil, err
		}
	}
	files = append(files, out...)
	var p printer
	lib.cFile(&p)
	files = append(files, backends.File{Path: m.Library + libDir + "abi.c", Content: p.buf.Bytes()})
	return files, nil
}

func qualify[K comparable](pkg string, m map[K]string) map[K]string {
	out := make(map[K]string, len(m))
	for k, v := range m {
		out[k] = pkg + "." + v
	}
	return out
}

// imports are the packages generated files may use; each file imports
// those it refers to (printer.Source).
var imports = []goImport{
	{"", "context"}, {"", "errors"}, {"", "fmt"}, {"", "math"}, {"", "strconv"}, {"", "time"}, {"", "unsafe"},
	{"fficrt", "github.com/ffic/ffic/runtime/go"},
	{"", "github.com/ffic/ffic/runtime/go/fficlib"},
	{"", "github.com/ffic/ffic/runtime/go/fficlient"},
}

// head starts a Go file: the generated-code marker, the package doc (of
// doc, if not nil), the package clause and the cgo preamble.
func (g *gen) head(p *printer, doc func(*printer), preamble string) {
	var t printer
	t.P("// Code generated by ffic from ", backends.SourceName(g.m.File), ". DO NOT EDIT.")
	t.P()
	if doc != nil {
		doc(&t)
	}
	t.P("package ", g.n.pkg)
	t.P()
	if preamble != "" {
		t.P("/*")
		t.P(strings.TrimRight(preamble, "\n"))
		t.P("*/")
		t.P(`import "C"`)
		t.P()
	}
	p.top = t.buf.String()
	p.imports = g.imports
}

func (g *gen) packageDoc(p *printer) {
	doc := "Package lib implements the library " + g.m.Library + " in Go."
	if g.m.Doc != "" {
		doc += "\n\n" + g.m.Doc
	}
	p.Doc(doc, "Implement Impl"+map[bool]string{true: " (and StaticImpl)", false: ""}[len(g.m.StaticFuncs()) > 0]+
		", call Register from an init function of a main package that imports this one, "+
		"and build that package with `go build -buildmode=c-shared`: the result is a shared library "+
		"implementing "+g.m.Library+".h, the C ABI of ffic's docs/abi.md. The Go types of the interface are "+
		"those of the package "+strings.TrimSuffix(g.q, ".")+" (the parent directory), shared with the client. See ffic's docs/go-library.md.")
}

// headerInclude is the preamble every cgo file of the library package
// starts with: the one header, in the parent directory.
func (g *gen) headerInclude() string {
	return "#cgo CFLAGS: -I${SRCDIR}/..\n#include \"" + g.m.Library + ".h\"\n"
}

func (g *gen) typesFile(p *printer) {
	g.head(p, func(p *printer) {
		doc := "Package " + g.n.pkg + " holds the Go types of the library " + g.m.Library + " and their CBOR codec."
		if g.m.Doc != "" {
			doc += "\n\n" + g.m.Doc
		}
		p.Doc(doc, "It is pure Go: the library package (lib/, implementing "+g.m.Library+" in Go) and the client "+
			"package (client/, calling any library implementing "+g.m.Library+".h) both use these types, so a Go host "+
			"and a Go implementation linked together exchange values without conversion. The exported names "+
			"with an underscore (Enc_X, Dec_X, Args_f, ...) are the codec those packages call; see ffic's docs/go.md.")
	}, "")
	g.declTypes(p)
}

func (g *gen) codecFile(p *printer) {
	g.head(p, nil, "")
	p.Doc("", "The runtime must be one this package was generated for: an older one fails to compile here; update github.com/ffic/ffic.")
	p.P("const _ = fficrt.SupportPackageIsVersion1")
	p.P()
	g.codecs(p)
	g.argsCodecs(p)
	for _, d := range g.m.ErrorTypes() {
		g.asErr(p, d)
		g.decErr(p, d)
	}
}

func (g *gen) callsFile(p *printer) {
	g.head(p, nil, "")
	g.callCodecs(p)
}

func (g *gen) nativeFile(p *printer) {
	g.head(p, nil, g.headerInclude())
	g.natives(p)
	g.callNatives(p)
}
