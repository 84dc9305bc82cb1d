// Package python generates the Python host module of a library: one
// self-contained file, <library>.py, holding the library's types as
// enums and dataclasses, its exceptions, the CBOR codec of docs/wire.md, a
// ctypes host layer over the CBOR entry points of docs/abi.md and an
// in-process fake of the context class for tests (see docs/python.md). The
// module needs the standard library only. With Options.Package the same
// module is written into an installable package instead.
//
// The codec, the host layer and the fake's base that are the same for
// every library live in runtime.py and fake.py, Python files embedded in
// this package and copied into every module; the generator writes what
// differs: the types, the codec table describing them, and the typed
// methods of the context class and of its fake.
package python

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ffic/ffic/backends"
	"github.com/ffic/ffic/idl"
)

//go:embed runtime.py
var runtime string

// fake is the base of Fake<Library>, the in-process fake context; it
// follows runtime in every module.
//
//go:embed fake.py
var fake string

// ABIVersion is the version of docs/abi.md the generated module speaks.
const ABIVersion = 1

// Generate returns <library>.py: GenerateWith with the default Options.
func Generate(m *idl.Model) ([]backends.File, error) { return GenerateWith(m, Options{}) }

// Options choose the names and the shape of the Python output; the zero
// value is the default, one module named after the library.
type Options struct {
	// Module is the name of the single-file module, Module.py; "" is the
	// library's name. Not used with Package.
	Module string
	// Package, when set, makes the output an installable package instead:
	// pyproject.toml, and the module as <Package>/__init__.py next to
	// py.typed. A dotted name (acme.timer) is a package inside namespace
	// packages (acme/timer/__init__.py, no acme/__init__.py), so a
	// library's generic name cannot shadow another distribution's.
	Package string
	// Dist is the distribution name of pyproject.toml (what pip installs
	// and lists); "" is Package with "." and "_" as "-".
	Dist string
	// Version is the distribution's version; "" is "0.0.0".
	Version string
	// Library, when set, is the shared library bundled into the package:
	// its bytes are written next to the module under the name the loader
	// looks for there (lib<library>.so, .dylib, or <library>.dll, by the
	// extension of Library.Name).
	Library *LibraryFile
}

// A LibraryFile is a built shared library to bundle into a package.
type LibraryFile struct {
	Name    string // its file name as given (only its extension counts)
	Content []byte
}

// Check reports the first problem with o for library lib: a name that is
// no Python identifier (or is a keyword), Module and Package together, a
// library without a package or with an extension no platform loads.
func (o Options) Check(lib string) error {
	if o.Module != "" && o.Package != "" {
		return fmt.Errorf("a package's module is its __init__.py: give the module name or the package name, not both")
	}
	if o.Module != "" {
		if err := checkIdent("module", o.Module); err != nil {
			return err
		}
	}
	if o.Package != "" {
		for part := range strings.SplitSeq(o.Package, ".") {
			if err := checkIdent("package", part); err != nil {
				return fmt.Errorf("%w (in %q)", err, o.Package)
			}
		}
	} else if o.Dist != "" || o.Version != "" || o.Library != nil {
		return fmt.Errorf("a distribution name, a version and a bundled library need a package: give the package name")
	}
	if o.Dist != "" && !distName.MatchString(o.Dist) {
		return fmt.Errorf("distribution name %q is not valid: letters, digits and . _ -, starting and ending with a letter or digit (PEP 508)", o.Dist)
	}
	if o.Version != "" && !pepVersion.MatchString(o.Version) {
		return fmt.Errorf("version %q is not a PEP 440 version (like 1.2.0, 1.2.0rc1, 1.2.0.dev3)", o.Version)
	}
	if o.Library != nil {
		if _, err := bundledName(lib, o.Library.Name); err != nil {
			return err
		}
	}
	return nil
}

var (
	distName   = regexp.MustCompile(`^(?i:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$`)
	pepVersion = regexp.MustCompile(`^(?i:([0-9]+!)?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?)$`)
	identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

func checkIdent(what, name string) error {
	if !identifier.MatchString(name) || keywords[name] {
		return fmt.Errorf("%s name %q is not a Python identifier (ASCII letters, digits and _, not a keyword)", what, name)
	}
	return nil
}

// bundledName is the file name a bundled library gets next to the module:
// the first name the loader tries on the platform of its extension.
func bundledName(lib, file string) (string, error) {
	switch {
	case strings.HasSuffix(file, ".so"):
		return "lib" + lib + ".so", nil
	case strings.HasSuffix(file, ".dylib"):
		return "lib" + lib + ".dylib", nil
	case strings.HasSuffix(file, ".dll"):
		return lib + ".dll", nil
	}
	return "", fmt.Errorf("bundled library %q: expected a shared library ending in .so, .dylib or .dll", file)
}

// GenerateWith returns the module, <Module>.py, or with o.Package the
// files of an installable package (see Options).
func GenerateWith(m *idl.Model, o Options) ([]backends.File, error) {
	if err := o.Check(m.Library); err != nil {
		return nil, err
	}
	g := &gen{m: m, n: newNamer(m)}
	g.module()
	if o.Package == "" {
		name := o.Module
		if name == "" {
			name = m.Library
		}
		return []backends.File{{Path: name + ".py", Content: g.p.buf.Bytes()}}, nil
	}
	dir := strings.ReplaceAll(o.Package, ".", "/")
	files := []backends.File{
		{Path: "pyproject.toml", Content: pyproject(m, o)},
		{Path: dir + "/__init__.py", Content: g.p.buf.Bytes()},
		{Path: dir + "/py.typed", Content: []byte{}},
	}
	if o.Library != nil {
		name, _ := bundledName(m.Library, o.Library.Name)
		files = append(files, backends.File{Path: dir + "/" + name, Content: o.Library.Content})
	}
	return files, nil
}

// pyproject is the pyproject.toml of a package: setuptools builds it
// (pip wheel DIR, pip install DIR), the module and py.typed as package
// data with any bundled shared library.
func pyproject(m *idl.Model, o Options) []byte {
	dist := o.Dist
	if dist == "" {
		dist = strings.NewReplacer(".", "-", "_", "-").Replace(o.Package)
	}
	version := o.Version
	if version == "" {
		version = "0.0.0"
	}
	desc := "Python host of the " + m.Library + " library, generated by ffic"
	var b strings.Builder
	b.WriteString("# Code generated by ffic from " + backends.SourceName(m.File) + ". DO NOT EDIT.\n")
	b.WriteString("# Build a wheel with: pip wheel --no-deps -w dist .\n")
	b.WriteString("\n[build-system]\n")
	b.WriteString("requires = [\"setuptools>=61\"]\n")
	b.WriteString("build-backend = \"setuptools.build_meta\"\n")
	b.WriteString("\n[project]\n")
	b.WriteString("name = " + strconv.Quote(dist) + "\n")
	b.WriteString("version = " + strconv.Quote(version) + "\n")
	b.WriteString("description = " + strconv.Quote(desc) + "\n")
	b.WriteString("requires-python = \">=3.9\"\n")
	b.WriteString("dependencies = []\n")
	b.WriteString("\n[tool.setuptools]\n")
	b.WriteString("packages = [" + strconv.Quote(o.Package) + "]\n")
	b.WriteString("\n[tool.setuptools.package-data]\n")
	b.WriteString(strconv.Quote(o.Package) + " = [\"py.typed\", \"*.so\", \"*.dylib\", \"*.dll\"]\n")
	return []byte(b.String())
}

type gen struct {
	m *idl.Model
	n *namer
	p printer
}

func (g *gen) module() {
	p := &g.p
	m := g.m
	p.P("# Code generated by ffic from ", backends.SourceName(m.File), ". DO NOT EDIT.")
	doc := m.Doc
	if doc == "" {
		doc = "The " + m.Library + " library."
	}
	p.Doc(doc, "Python host module generated by ffic: the library's types, exceptions and the "+
		g.n.context+" context class, over the library's C ABI (ctypes) and CBOR wire format. "+
		"See docs/python.md of ffic.")
	p.P()
	p.P("from __future__ import annotations")
	p.P()
	for _, imp := range []string{
		"import asyncio as _asyncio",
		"import collections.abc as _abc",
		"import concurrent.futures as _futures",
		"import ctypes as _ctypes",
		"import ctypes.util as _ctypes_util",
		"import dataclasses as _dataclasses",
		"import enum as _enum",
		"import inspect as _inspect",
		"import itertools as _itertools",
		"import json as _json",
		"import logging as _logging",
		"import os as _os",
		"import queue as _queue",
		"import struct as _struct",
		"import sys as _sys",
		"import threading as _threading",
		"import typing",
		"import typing as _t",
	} {
		p.P(imp)
	}
	g.all()
	g.consts()
	g.types()
	g.exceptions()
	p.Blanks(2)
	p.P("_LIBRARY = ", strconv.Quote(m.Library))
	p.P("_FINGERPRINT = ", strconv.Quote(m.Fingerprint))
	p.P("_ABI_VERSION = ", ABIVersion)
	p.P("_ENV_VAR = ", strconv.Quote(strings.ToUpper(m.Library)+"_LIBRARY"))
	p.P("_Error = ", g.n.errBase)
	p.P("_ClosedError = ", g.n.errClosed)
	p.P("_WireError_ = ", g.n.errWire)
	p.P("_LoadError = ", g.n.errLoad)
	p.Blanks(2)
	p.buf.WriteString(runtime)
	p.Blanks(2)
	p.buf.WriteString(fake)
	p.Blanks(2)
	g.codecs()
	g.calls()
	g.context()
	g.fake()
	g.statics()
}

// all writes __all__: every public name, in the order of the module.
func (g *gen) all() {
	n := g.n
	var out []string
	for _, c := range g.m.Consts {
		out = append(out, c.Name)
	}
	for _, d := range g.m.TypeDecls() {
		out = append(out, n.types[d])
		if u, ok := d.(*idl.Union); ok {
			for _, a := range u.Arms {
				out = append(out, n.arms[a])
			}
		}
	}
	out = append(out, n.errBase, n.errClosed, n.errWire, n.errLoad)
	for _, d := range g.m.ErrorTypes() {
		out = append(out, n.exceptions[d])
	}
	out = append(out, n.context, n.subscr, n.fake, "load_library")
	for _, f := range g.m.StaticFuncs() {
		out = append(out, n.statics[f][0], n.statics[f][1])
	}
	g.p.Blanks(1)
	g.p.P("__all__ = [")
	g.p.In()
	for _, s := range out {
		g.p.P(strconv.Quote(s), ",")
	}
	g.p.Out()
	g.p.P("]")
}

func (g *gen) consts() {
	p := &g.p
	if len(g.m.Consts) == 0 {
		return
	}
	p.Blanks(1)
	for _, c := range g.m.Consts {
		p.P(c.Name, ": typing.Final[", g.hint(c.Type), "] = ", pyLiteral(c))
		p.Doc(c.Doc)
	}
}

// pyLiteral is the Python literal of a constant's value.
func pyLiteral(c *idl.Const) string {
	switch v := c.Value.(type) {
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		if strings.HasPrefix(strings.ToLower(c.Text), "0x") {
			return "0x" + strings.ToUpper(strconv.FormatUint(v, 16))
		}
		return strconv.FormatUint(v, 10)
	case float64:
		if c.Type.Kind == idl.F32 {
			// The f32 nearest the literal, as C's and Go's constants hold
			// it (1e-45 is 1.401298464324817e-45). A negative zero stays
			// negative: FormatFloat spells it -0.
			v = float64(float32(v))
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eInN") {
			s += ".0"
		}
		return s
	case string:
		return pyString(v)
	}
	panic(fmt.Sprintf("python: constant %s of unexpected Go type %T", c.Name, c.Value))
}

// pyString is a Python string literal of s (valid UTF-8): printable
// characters as they are, others escaped.
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && !strconv.IsPrint(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hint is the Python type hint of a value of type t that the module hands
// out (a result, a host fn's or an event's argument): what the decoder
// builds.
func (g *gen) hint(t *idl.Type) string { return g.typeHint(t, false) }

// inHint is the type hint of a value of type t that the module takes (a
// parameter, a host fn's answer, a field or an arm of a type the caller
// builds): what the encoder accepts, any sequence for a list (the encoder
// refuses str and bytes-likes, which no hint can exclude), any mapping for
// a map, any bytes-like object for bytes.
func (g *gen) inHint(t *idl.Type) string { return g.typeHint(t, true) }

func (g *gen) typeHint(t *idl.Type, in bool) string {
	if in {
		switch t.Kind {
		case idl.Bytes:
			return "typing.Union[bytes, bytearray, memoryview]"
		case idl.List:
			return "typing.Sequence[" + g.inHint(t.Elem) + "]"
		case idl.Map:
			return "typing.Mapping[" + g.inHint(t.Key) + ", " + g.inHint(t.Elem) + "]"
		case idl.Optional:
			return "typing.Optional[" + g.inHint(t.Elem) + "]"
		}
	}
	switch t.Kind {
	case idl.Bool:
		return "bool"
	case idl.F32, idl.F64:
		return "float"
	case idl.String:
		return "str"
	case idl.Bytes:
		return "bytes"
	case idl.List:
		return "typing.List[" + g.hint(t.Elem) + "]"
	case idl.Map:
		return "typing.Dict[" + g.hint(t.Key) + ", " + g.hint(t.Elem) + "]"
	case idl.Optional:
		return "typing.Optional[" + g.hint(t.Elem) + "]"
	case idl.StructT, idl.EnumT, idl.UnionT:
		return g.n.types[t.Decl()]
	}
	if t.Kind.IsInteger() {
		return "int"
	}
	panic("python: unexpected type kind " + t.Kind.String())
}

// codec is the Python expression of t's codec.
func (g *gen) codec(t *idl.Type) string {
	switch t.Kind {
	case idl.List:
		return "_list(" + g.codec(t.Elem) + ")"
	case idl.Map:
		return "_map(" + g.codec(t.Key) + ", " + g.codec(t.Elem) + ")"
	case idl.Optional:
		return "_opt(" + g.codec(t.Elem) + ")"
	case idl.StructT, idl.EnumT, idl.UnionT:
		return "_C_" + t.Decl().DeclName()
	}
	return "_" + strings.ToUpper(t.Kind.String())
}

func (g *gen) types() {
	for _, d := range g.m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Enum:
			g.enum(d)
		case *idl.Struct:
			g.structType(d)
		case *idl.Union:
			g.union(d)
		}
	}
}

func (g *gen) enum(e *idl.Enum) {
	p := &g.p
	p.Blanks(2)
	p.P("class ", g.n.types[e], "(_enum.Enum):")
	p.In()
	p.Doc(e.Doc, "Travels as the member's name (the .ffi name); value is the member's value in the C ABI.")
	if len(e.Members) == 0 {
		p.P("pass")
	}
	for i, mb := range e.Members {
		if i > 0 && mb.Doc != "" {
			p.P()
		}
		p.Comment(mb.Doc)
		p.P(enumMember(mb.Name), " = ", mb.Value)
	}
	p.Out()
}

func (g *gen) structType(s *idl.Struct) {
	p := &g.p
	p.Blanks(2)
	p.P("@_dataclasses.dataclass")
	p.P("class ", g.n.types[s], ":")
	p.In()
	p.Doc(s.Doc)
	if len(s.Fields) == 0 {
		if s.Doc == "" {
			p.P("pass")
		}
		p.Out()
		return
	}
	// Optional fields default to None when every field after them does
	// too (Python 3.9 dataclasses have no keyword-only fields).
	firstDefault := len(s.Fields)
	for i := len(s.Fields) - 1; i >= 0 && s.Fields[i].Type.Kind == idl.Optional; i-- {
		firstDefault = i
	}
	for i, f := range s.Fields {
		if i > 0 && f.Doc != "" {
			p.P()
		}
		p.Comment(f.Doc)
		def := ""
		if i >= firstDefault {
			def = " = None"
		}
		p.P(member(f.Name), ": ", g.inHint(f.Type), def)
	}
	p.Out()
}

func (g *gen) union(u *idl.Union) {
	p := &g.p
	name := g.n.types[u]
	var arms []string
	for _, a := range u.Arms {
		cls := g.n.arms[a]
		arms = append(arms, cls)
		p.Blanks(2)
		p.P("@_dataclasses.dataclass")
		p.P("class ", cls, ":")
		p.In()
		what := "The " + a.Name + " arm of " + name + " (a union: exactly one arm is set)."
		if a.Type == nil {
			p.Doc(a.Doc, what+" It has no payload.")
			p.Out()
			continue
		}
		p.Doc(a.Doc, what)
		p.P("value: ", g.inHint(a.Type))
		p.Out()
	}
	p.Blanks(2)
	if len(arms) == 1 {
		p.P(name, " = ", arms[0])
	} else {
		p.P(name, " = typing.Union[", strings.Join(arms, ", "), "]")
	}
	doc := u.Doc
	if doc != "" {
		doc += "\n\n"
	}
	p.Doc(doc + "A union: one of " + strings.Join(arms, ", ") + ".")
}

func (g *gen) exceptions() {
	p := &g.p
	n := g.n
	lib := g.m.Library
	p.Blanks(2)
	p.P("class ", n.errBase, "(Exception):")
	p.In()
	p.Doc("The base of every error of the " + lib + " library: a call failing with a message " +
		"raises it as is; typed errors, closed contexts, undecodable data and load failures " +
		"raise its subclasses.")
	p.Out()
	p.Blanks(2)
	p.P("class ", n.errClosed, "(", n.errBase, "):")
	p.In()
	p.Doc("The context is closed (or its handle is invalid), or was closed while the call ran.")
	p.Out()
	p.Blanks(2)
	p.P("class ", n.errWire, "(", n.errBase, ", ValueError):")
	p.In()
	p.Doc("CBOR that docs/wire.md rejects; str() is \"path: message\" as the wire format specifies.")
	p.P()
	p.P("def __init__(self, path: str, msg: str) -> None:")
	p.In()
	p.P(`super().__init__(path + ": " + msg)`)
	p.P("self.path = path")
	p.P("self.msg = msg")
	p.Out()
	p.Out()
	p.Blanks(2)
	p.P("class ", n.errLoad, "(", n.errBase, "):")
	p.In()
	p.Doc("The shared library cannot be found or loaded, or was built from another interface.")
	p.Out()
	for _, d := range g.m.ErrorTypes() {
		typ := n.types[d]
		p.Blanks(2)
		p.P("class ", n.exceptions[d], "(", n.errBase, "):")
		p.In()
		p.Doc("Raised when a call fails with a typed " + typ + " (error holds it); raise it from a " +
			"host fn implementation to answer with one.")
		p.P()
		p.P("error: ", typ)
		p.P()
		p.P("def __init__(self, error: ", typ, ") -> None:")
		p.In()
		p.P("super().__init__(error)")
		p.P("self.error = error")
		p.Out()
		if s, ok := d.(*idl.Struct); ok {
			for _, f := range s.Fields {
				name := member(f.Name)
				if exceptionOwn[name] {
					continue
				}
				p.P()
				p.P("@property")
				p.P("def ", name, "(self) -> ", g.inHint(f.Type), ":")
				p.In()
				p.Doc("error." + name)
				p.P("return self.error.", name)
				p.Out()
			}
		}
		p.Out()
	}
}

// codecs writes the codec of every declared type: first each named codec,
// empty, then their contents (types may refer to each other and to
// themselves), then the table of names the test hook resolves.
func (g *gen) codecs() {
	p := &g.p
	decls := g.m.TypeDecls()
	if len(decls) == 0 {
		p.P("_TYPES: typing.Dict[str, _Codec] = {}")
		p.Blanks(2)
		return
	}
	p.P("# ---- Codecs of ", g.m.Library, " ", strings.Repeat("-", max(0, 60-len(g.m.Library))))
	p.P()
	for _, d := range decls {
		name := d.DeclName()
		py := g.n.types[d]
		switch d := d.(type) {
		case *idl.Struct:
			p.P("_C_", name, " = _struct_codec(", strconv.Quote(name), ", ", py, ")")
		case *idl.Union:
			p.P("_C_", name, " = _union_codec(", strconv.Quote(name), ")")
		case *idl.Enum:
			var ms []string
			for _, mb := range d.Members {
				ms = append(ms, "("+strconv.Quote(mb.Name)+", "+py+"."+enumMember(mb.Name)+")")
			}
			p.P("_C_", name, " = _enum_codec(", strconv.Quote(name), ", ", py, ", [", strings.Join(ms, ", "), "])")
		}
	}
	for _, d := range decls {
		name := d.DeclName()
		switch d := d.(type) {
		case *idl.Struct:
			p.P("_fill_struct(_C_", name, ", [")
			p.In()
			for _, f := range d.Fields {
				p.P("(", strconv.Quote(f.Name), ", ", strconv.Quote(member(f.Name)), ", ", g.codec(f.Type), "),")
			}
			p.Out()
			p.P("])")
		case *idl.Union:
			p.P("_fill_union(_C_", name, ", [")
			p.In()
			for _, a := range d.Arms {
				c := "None"
				if a.Type != nil {
					c = g.codec(a.Type)
				}
				p.P("(", strconv.Quote(a.Name), ", ", g.n.arms[a], ", ", c, "),")
			}
			p.Out()
			p.P("])")
		}
	}
	p.P("_TYPES: typing.Dict[str, _Codec] = {")
	p.In()
	for _, d := range decls {
		p.P(strconv.Quote(d.DeclName()), ": _C_", d.DeclName(), ",")
	}
	p.Out()
	p.P("}")
	p.Blanks(2)
}

// request is the expression of the request codec of a call, event or host fn.
func (g *gen) request(name string, params []*idl.Field) string {
	if len(params) == 0 {
		return "_Request(" + strconv.Quote(name) + ", [])"
	}
	var ps []string
	for _, f := range params {
		ps = append(ps, "("+strconv.Quote(f.Name)+", "+g.codec(f.Type)+")")
	}
	return "_Request(" + strconv.Quote(name) + ", [" + strings.Join(ps, ", ") + "])"
}

func (g *gen) resultHint(t *idl.Type) string {
	if t == nil {
		return "None"
	}
	return g.hint(t)
}

func (g *gen) optCodec(t *idl.Type) string {
	if t == nil {
		return "None"
	}
	return g.codec(t)
}

func (g *gen) excOf(t *idl.Type) string {
	if t == nil {
		return "None"
	}
	return g.n.exceptions[t.Decl()]
}

// calls writes the tables of the host layer: one _Fn per fn (and the
// ctor), one _Event per event, one _Host per host fn.
func (g *gen) calls() {
	p := &g.p
	m := g.m
	ctorThrows := m.Ctor.Throws
	p.P("_CTOR: _Fn[None] = _Fn(", strconv.Quote("ctor"), ", ", g.request("ctor", m.Ctor.Params), ", None, ",
		g.optCodec(ctorThrows), ", ", g.excOf(ctorThrows), ")")
	var fns, statics, asyncs, events, hosts []string
	for _, f := range m.Funcs {
		names, ok := g.n.methods[f]
		if !ok {
			names = g.n.statics[f]
		}
		methods := "" // the Python names, when they are not the .ffi name and name_async
		if names[0] != f.Name || names[1] != f.Name+"_async" {
			methods = ", methods=(" + strconv.Quote(names[0]) + ", " + strconv.Quote(names[1]) + ")"
		}
		p.P("_F_", f.Name, ": _Fn[", g.resultHint(f.Result), "] = _Fn(", strconv.Quote(f.Name), ", ",
			g.request(f.Name, f.Params), ", ", g.optCodec(f.Result), ", ", g.optCodec(f.Throws), ", ", g.excOf(f.Throws),
			methods, ")")
		fns = append(fns, strconv.Quote(f.Name))
		if f.Kind.IsStatic() {
			statics = append(statics, strconv.Quote(f.Name))
		}
		if f.Kind.IsAsync() {
			asyncs = append(asyncs, strconv.Quote(f.Name))
		}
	}
	decl := len(m.Funcs)
	for _, e := range m.Events {
		decl++
		p.P("_E_", e.Name, " = _Event(", strconv.Quote(e.Name), ", ", decl, ", ", g.request(e.Name, e.Params), ")")
		events = append(events, strconv.Quote(e.Name))
	}
	for _, h := range m.HostFuncs {
		decl++
		p.P("_H_", h.Name, " = _Host(", strconv.Quote(h.Name), ", ", decl, ", ", g.request(h.Name, h.Params), ", ",
			g.optCodec(h.Result), ", ", g.optCodec(h.Throws), ", ", g.excOf(h.Throws), ")")
		hosts = append(hosts, strconv.Quote(h.Name))
	}
	p.P("_FNS: typing.Tuple[str, ...] = (", tuple(fns), ")")
	p.P("_STATIC_FNS: typing.FrozenSet[str] = frozenset((", tuple(statics), "))")
	p.P("_ASYNC_FNS: typing.FrozenSet[str] = frozenset((", tuple(asyncs), "))")
	p.P("_EVENTS: typing.Tuple[str, ...] = (", tuple(events), ")")
	p.P("_HOSTS: typing.Tuple[str, ...] = (", tuple(hosts), ")")
	p.P(g.n.subscr, " = _Subscription")
	p.Doc("What on_<event> returns: unsubscribe() removes the listener; usable as a context manager.")
}

// tuple joins the elements of a Python tuple display (with the trailing
// comma a one-element tuple needs).
func tuple(xs []string) string {
	if len(xs) == 1 {
		return xs[0] + ","
	}
	return strings.Join(xs, ", ")
}

// signature returns "name: hint, ..." for parameters with Python names ps.
// Trailing optional parameters default to None; an optional parameter
// followed by a required one stays required (making it keyword-only would
// break positional calls).
func (g *gen) signature(fs []*idl.Field, ps []string) string {
	firstDefault := len(fs)
	for i := len(fs) - 1; i >= 0 && fs[i].Type.Kind == idl.Optional; i-- {
		firstDefault = i
	}
	var out []string
	for i, f := range fs {
		def := ""
		if i >= firstDefault {
			def = " = None"
		}
		out = append(out, ps[i]+": "+g.inHint(f.Type)+def)
	}
	return strings.Join(out, ", ")
}

// args returns the tuple display of parameters ps.
func args(ps []string) string {
	if len(ps) == 0 {
		return "()"
	}
	return "(" + tuple(ps) + ")"
}

// paramDocs documents the parameters that have doc comments.
func paramDocs(fs []*idl.Field, ps []string) string {
	var lines []string
	for i, f := range fs {
		if f.Doc != "" {
			lines = append(lines, ps[i]+": "+strings.ReplaceAll(f.Doc, "\n", "\n    "))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "Args:\n    " + strings.Join(lines, "\n    ")
}

func (g *gen) raises(f *idl.Func) string {
	s := "Raises " + g.n.errBase + " with the library's message when the call fails, " +
		g.n.errClosed + " when the context is closed"
	if f.Throws != nil {
		s += ", " + g.n.exceptions[f.Throws.Decl()] + " with a typed " + g.n.types[f.Throws.Decl()]
	}
	return s + "."
}

func (g *gen) context() {
	p := &g.p
	n := g.n
	m := g.m
	p.Blanks(2)
	p.P(`_Self = typing.TypeVar("_Self")`)
	p.Blanks(2)
	p.P("class ", n.context, "(_Context):")
	p.In()
	p.Doc("A context of the "+m.Library+" library (a library instance); close it, or use it "+
		"as a context manager:", "    with "+n.context+"(...) as ctx:\n        ...",
		"Every method may be called from any thread. Blocking methods return when the "+
			"call completes; each has an async variant, <name>_async, for asyncio. Event "+
			"callbacks run on the context's event thread, one at a time in firing order (async "+
			"callbacks on the loop that subscribed them); host fn implementations run on a "+
			"thread pool (async ones on the loop that registered them).")
	ps := params(m.Ctor.Params, "library")
	sig := g.signature(m.Ctor.Params, ps)
	if sig != "" {
		sig += ", "
	}
	p.P()
	p.P("def __init__(self, ", sig, "*, library: typing.Optional[str] = None) -> None:")
	p.In()
	ctorDoc := m.Ctor.Doc
	if ctorDoc == "" {
		ctorDoc = "Creates a context."
	}
	throws := ""
	if m.Ctor.Throws != nil {
		throws = ", " + n.exceptions[m.Ctor.Throws.Decl()] + " with a typed " + n.types[m.Ctor.Throws.Decl()]
	}
	p.Doc(ctorDoc, paramDocs(m.Ctor.Params, ps),
		"library is the path of the shared library; without it, the path in $"+
			strings.ToUpper(m.Library)+"_LIBRARY, else lib"+m.Library+".so on the system search path.",
		"Raises "+n.errLoad+" when the library is missing or was built from another interface, "+
			n.errBase+" when the ctor fails"+throws+".")
	p.P("self._start(library, _CTOR, ", args(ps), ")")
	p.Out()
	p.P()
	p.P("def __enter__(self: _Self) -> _Self:")
	p.In()
	p.P("return self")
	p.Out()
	p.P()
	p.P("def __exit__(self, *exc: object) -> None:")
	p.In()
	p.P("self.close()")
	p.Out()
	for _, f := range m.ContextFuncs() {
		names := n.methods[f]
		ps := params(f.Params)
		sig := g.signature(f.Params, ps)
		if sig != "" {
			sig = ", " + sig
		}
		res := g.resultHint(f.Result)
		kind := "Runs on this thread and returns when the call completes."
		blocking, await := "_plain", "_await_plain"
		if f.Kind == idl.Async {
			kind = "Runs on a library thread; blocks this thread until the call completes."
			blocking, await = "_async", "_await_async"
		}
		p.P()
		p.P("def ", names[0], "(self", sig, ") -> ", res, ":")
		p.In()
		p.Doc(f.Doc, paramDocs(f.Params, ps), kind+" "+g.raises(f))
		p.P("return self.", blocking, "(_F_", f.Name, ", ", args(ps), ")")
		p.Out()
		p.P()
		p.P("async def ", names[1], "(self", sig, ") -> ", res, ":")
		p.In()
		asyncDoc := "The asyncio form of " + names[0] + "(): completes through the running loop, " +
			"without blocking it."
		if f.Kind == idl.Plain {
			asyncDoc = "The asyncio form of " + names[0] + "(): runs it on a call thread of the " +
				"module, so a handler waiting for a host fn never blocks the loop."
		}
		p.Doc(asyncDoc)
		p.P("return await self.", await, "(_F_", f.Name, ", ", args(ps), ")")
		p.Out()
	}
	for _, e := range m.Events {
		var hints []string
		for _, f := range e.Params {
			hints = append(hints, g.hint(f.Type))
		}
		p.P()
		p.P("def ", n.events[e], "(self, callback: typing.Callable[[", strings.Join(hints, ", "), "], object]) -> ",
			n.subscr, ":")
		p.In()
		var names []string
		for _, f := range e.Params {
			names = append(names, member(f.Name))
		}
		p.Doc(e.Doc, "Calls callback("+strings.Join(names, ", ")+") for every "+e.Name+
			" event fired from now on, until the returned subscription is unsubscribed. A plain "+
			"callable runs on the context's event thread, in firing order; an async one is "+
			"scheduled on the running loop that subscribes it. An exception in the callback is "+
			"logged.")
		p.P("return self._subscribe(_E_", e.Name, ", callback)")
		p.Out()
	}
	for _, h := range m.HostFuncs {
		var hints []string
		for _, f := range h.Params {
			hints = append(hints, g.hint(f.Type))
		}
		res := "None" // the answer: what the encoder accepts
		if h.Result != nil {
			res = g.inHint(h.Result)
		}
		p.P()
		p.P("def ", n.hosts[h], "(self, fn: typing.Optional[typing.Callable[[", strings.Join(hints, ", "),
			"], typing.Union[", res, ", typing.Awaitable[", res, "]]]]) -> None:")
		p.In()
		typed := ""
		if h.Throws != nil {
			typed = "; raising " + n.exceptions[h.Throws.Decl()] + " answers with its typed error"
		}
		p.Doc(h.Doc, "Answers the library's "+h.Name+" calls with fn, or stops answering them "+
			"(None). A plain callable runs on the context's thread pool; an async one on the running "+
			"loop that registers it. Its return value is the answer; an exception answers with "+
			"its message"+typed+".")
		p.P("self._implement(_H_", h.Name, ", fn)")
		p.Out()
	}
	p.Out()
}

func (g *gen) statics() {
	p := &g.p
	for _, f := range g.m.StaticFuncs() {
		names := g.n.statics[f]
		ps := params(f.Params)
		sig := g.signature(f.Params, ps)
		res := g.resultHint(f.Result)
		kind := "Needs no context; runs on this thread."
		blocking := "_static_plain"
		if f.Kind == idl.StaticAsync {
			kind = "Needs no context; runs on a library thread and blocks this one until it completes."
			blocking = "_static_async"
		}
		p.Blanks(2)
		p.P("def ", names[0], "(", sig, ") -> ", res, ":")
		p.In()
		p.Doc(f.Doc, paramDocs(f.Params, ps), kind+" Loads the library as load_library() does if "+
			"nothing loaded it yet. "+strings.Replace(g.raises(f), ", "+g.n.errClosed+" when the context is closed", "", 1))
		p.P("return ", blocking, "(_F_", f.Name, ", ", args(ps), ")")
		p.Out()
		p.Blanks(2)
		p.P("async def ", names[1], "(", sig, ") -> ", res, ":")
		p.In()
		p.Doc("The asyncio form of " + names[0] + "().")
		p.P("return await _static_async_await(_F_", f.Name, ", ", args(ps), ")")
		p.Out()
	}
}

// fake writes Fake<Library>: a subclass of the context class that loads
// nothing, whose fns the test overrides, whose events the test fires
// (fire_<event>) and whose host fn implementations the test calls
// (call_<host fn>), arguments and answers going through the codecs.
func (g *gen) fake() {
	p := &g.p
	n := g.n
	m := g.m
	p.Blanks(2)
	p.P("class ", n.fake, "(_Fake, ", n.context, "):")
	p.In()
	p.Doc("An in-process fake of the "+m.Library+" library, for testing host code without the "+
		"shared library: a "+n.context+" (so code typed for "+n.context+" takes it) that loads nothing.",
		"Subclass it and override the fns the code under test calls (their _async forms call "+
			"them); a fn not overridden raises NotImplementedError. fire_<event>(...) delivers an "+
			"event to the on_<event> callbacks, in the thread of the caller; call_<host fn>(...) calls "+
			"the implementation registered with implement_<host fn> and returns its answer. Event "+
			"arguments, host fn arguments and answers go through the module's codecs, so they are "+
			"checked and converted as the real library's would be.")
	ps := params(m.Ctor.Params, "library")
	sig := g.signature(m.Ctor.Params, ps)
	if sig != "" {
		sig += ", "
	}
	p.P()
	p.P("def __init__(self, ", sig, "*, library: typing.Optional[str] = None) -> None:")
	p.In()
	p.Doc("Takes what " + n.context + "() takes and checks it as " + n.context + "() does; loads no " +
		"library (library is ignored) and calls no ctor.")
	p.P("self._fake_start(_CTOR, ", args(ps), ")")
	p.Out()
	for _, f := range m.ContextFuncs() {
		names := n.methods[f]
		ps := params(f.Params)
		sig := g.signature(f.Params, ps)
		if sig != "" {
			sig = ", " + sig
		}
		res := g.resultHint(f.Result)
		p.P()
		p.P("def ", names[0], "(self", sig, ") -> ", res, ":")
		p.In()
		p.Doc("Not faked: override it in a subclass.")
		p.P("raise self._fake_unfaked(", strconv.Quote(names[0]), ")")
		p.Out()
		p.P()
		p.P("async def ", names[1], "(self", sig, ") -> ", res, ":")
		p.In()
		p.Doc("Calls " + names[0] + "().")
		var call []string
		for _, a := range ps {
			call = append(call, a)
		}
		ret := "return "
		if f.Result == nil {
			ret = ""
		}
		p.P(ret, "self.", names[0], "(", strings.Join(call, ", "), ")")
		p.Out()
	}
	for _, e := range m.Events {
		var hints []string
		for _, f := range e.Params {
			hints = append(hints, g.hint(f.Type))
		}
		p.P()
		p.P("def ", n.events[e], "(self, callback: typing.Callable[[", strings.Join(hints, ", "), "], object]) -> ",
			n.subscr, ":")
		p.In()
		p.Doc("Calls callback for every " + n.fakeFire[e][0] + "() until the subscription is " +
			"unsubscribed; an async callback runs on the loop that subscribed it.")
		p.P("return self._fake_subscribe(_E_", e.Name, ", callback)")
		p.Out()
		ps := params(e.Params)
		sig := g.signature(e.Params, ps)
		if sig != "" {
			sig = ", " + sig
		}
		p.P()
		p.P("def ", n.fakeFire[e][0], "(self", sig, ") -> None:")
		p.In()
		p.Doc("Fires " + e.Name + ": calls every " + n.events[e] + " callback, in subscription order, " +
			"on this thread, and returns when they have (an async callback is scheduled on its " +
			"loop). Arguments are checked as the library's would be; an exception in a callback " +
			"propagates.")
		p.P("self._fake_fire(_E_", e.Name, ", ", args(ps), ")")
		p.Out()
		p.P()
		p.P("async def ", n.fakeFire[e][1], "(self", sig, ") -> None:")
		p.In()
		p.Doc("Fires " + e.Name + " as " + n.fakeFire[e][0] + "() does, awaiting async callbacks.")
		p.P("await self._fake_fire_async(_E_", e.Name, ", ", args(ps), ")")
		p.Out()
	}
	for _, h := range m.HostFuncs {
		var hints []string
		for _, f := range h.Params {
			hints = append(hints, g.hint(f.Type))
		}
		res := "None"
		if h.Result != nil {
			res = g.inHint(h.Result)
		}
		p.P()
		p.P("def ", n.hosts[h], "(self, fn: typing.Optional[typing.Callable[[", strings.Join(hints, ", "),
			"], typing.Union[", res, ", typing.Awaitable[", res, "]]]]) -> None:")
		p.In()
		p.Doc("Registers fn for " + n.fakeCall[h][0] + "(), or removes it (None).")
		p.P("self._fake_implement(_H_", h.Name, ", fn)")
		p.Out()
		ps := params(h.Params)
		sig := g.signature(h.Params, ps)
		if sig != "" {
			sig = ", " + sig
		}
		out := g.resultHint(h.Result)
		throws := ""
		if h.Throws != nil {
			throws = " " + n.exceptions[h.Throws.Decl()] + " raised by the implementation propagates."
		}
		for i, form := range []string{"def ", "async def "} {
			call := "self._fake_call(_H_"
			if i == 1 {
				call = "await self._fake_call_async(_H_"
			}
			p.P()
			p.P(form, n.fakeCall[h][i], "(self", sig, ") -> ", out, ":")
			p.In()
			if i == 0 {
				p.Doc("Calls the " + h.Name + " implementation as the library would, and returns its " +
					"answer as the library would get it (an async implementation runs to completion " +
					"in asyncio.run). Raises " + n.errBase + " when none is registered or the " +
					"answer is not a valid " + out + "." + throws)
			} else {
				p.Doc("Calls the " + h.Name + " implementation as " + n.fakeCall[h][0] + "() does, " +
					"awaiting an async one.")
			}
			if h.Result == nil {
				p.P(call, h.Name, ", ", args(ps), ")")
			} else {
				// A cast, not a local: a parameter may have any name.
				p.P("return typing.cast(", strconv.Quote(out), ", ", call, h.Name, ", ", args(ps), "))")
			}
			p.Out()
		}
	}
	p.P()
	p.P("def dropped_events(self) -> int:")
	p.In()
	p.Doc("0: a fake drops no event.")
	p.P("return 0")
	p.Out()
	p.P()
	p.P("def close(self, timeout: float = 5.0) -> None:")
	p.In()
	p.Doc("Unsubscribes every callback; call_<host fn> raises " + n.errClosed + " from now on. Idempotent.")
	p.P("self._fake_close()")
	p.Out()
	p.P()
	p.P("@property")
	p.P("def closed(self) -> bool:")
	p.In()
	p.Doc("Whether close() was called.")
	p.P("return self._fake_closed")
	p.Out()
	p.Out()
}
