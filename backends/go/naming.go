package golang

import (
	"strings"

	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/names"
)

// This file decides every Go name of a generated package, once.
// Compatibility trap: once generated names ship they are API; changing a
// rule here breaks every implementation built on them.
//
//   - Declared types keep their name (UpperCamelCase is exported Go).
//   - Enum members are <Enum><Member>: PriorityLow; union arms are types
//     <Union><Arm>: ScheduleOnce; constants are PascalCase: MaxDelayMs.
//   - Fields, methods are PascalCase with Go's initialisms (ID, URL, ...);
//     parameters camelCase, with "_" appended to Go keywords, predeclared
//     identifiers and the names the generated code uses itself.
//   - A name that would collide with one decided before it, or with the
//     package's fixed API (Impl, Register, ...), gets "_" appended
//     (protogen's rule). User names never end in "_" (the checker rejects
//     them), so an escaped name meets no user name.

// api are the package-level names the generated package declares itself.
var api = []string{
	"Impl", "StaticImpl", "Ctor", "Env", "Events", "Host", "Register", "RegisterStatic",
	"Fingerprint", "ABIVersion", "Library",
	"Client", "Open", // the host side's (client/)
}

// initialisms are upper-cased whole in PascalCase names (golint's list).
var initialisms = setOf("acl", "api", "ascii", "cpu", "css", "dns", "eof", "guid", "html", "http",
	"https", "id", "ip", "json", "lhs", "qps", "ram", "rhs", "rpc", "sla", "smtp", "sql", "ssh",
	"tcp", "tls", "ttl", "udp", "ui", "uid", "uuid", "uri", "url", "utf8", "vm", "xml", "xmpp",
	"xsrf", "xss")

// reserved are the names a parameter may not have: Go keywords,
// predeclared identifiers, the packages and locals of generated code.
var reserved = setOf(
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
	"any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex",
	"complex64", "complex128", "copy", "delete", "error", "false", "float32", "float64",
	"imag", "int", "int8", "int16", "int32", "int64", "iota", "len", "make", "max", "min",
	"new", "nil", "panic", "print", "println", "real", "recover", "rune", "string", "true",
	"uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"context", "errors", "fficrt", "fficlib", "unsafe", "utf8", "C",
	"ctx", "c", "a", "d", "e", "h", "v", "x", "err", "res", "in", "st", "msg", "ok", "p",
)

func setOf(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// pascal is a snake_case name in PascalCase with Go's initialisms.
func pascal(snake string) string {
	var b strings.Builder
	for _, w := range names.Words(snake) {
		if initialisms[w] {
			b.WriteString(strings.ToUpper(w))
		} else {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// param is a parameter's name: camelCase, escaped.
func param(snake string) string {
	n := names.Camel(snake)
	if reserved[n] {
		n += "_"
	}
	return n
}

// scope hands out unique names.
type scope map[string]bool

func (s scope) take(name string) string {
	for s[name] {
		name += "_"
	}
	s[name] = true
	return name
}

// goNames are the Go names of one model.
type goNames struct {
	pkg     string
	types   map[idl.TypeDecl]string
	members map[*idl.Member]string
	arms    map[*idl.Arm]string
	consts  map[*idl.Const]string
	fields  map[*idl.Field]string // struct fields
	funcs   map[*idl.Func]string  // methods of Impl, StaticImpl and Host
	events  map[*idl.Event]string // methods of Events
}

func newGoNames(m *idl.Model) *goNames {
	n := &goNames{
		pkg:     packageName(m.Library),
		types:   map[idl.TypeDecl]string{},
		members: map[*idl.Member]string{},
		arms:    map[*idl.Arm]string{},
		consts:  map[*idl.Const]string{},
		fields:  map[*idl.Field]string{},
		funcs:   map[*idl.Func]string{},
		events:  map[*idl.Event]string{},
	}
	top := scope{}
	for _, a := range api {
		top.take(a)
	}
	decls := m.TypeDecls()
	for _, d := range decls {
		n.types[d] = top.take(d.DeclName())
	}
	errs := map[idl.TypeDecl]bool{}
	for _, d := range m.ErrorTypes() {
		errs[d] = true
	}
	for _, d := range decls {
		switch d := d.(type) {
		case *idl.Enum:
			for _, mem := range d.Members {
				n.members[mem] = top.take(n.types[d] + pascal(mem.Name))
			}
		case *idl.Union:
			for _, a := range d.Arms {
				n.arms[a] = top.take(n.types[d] + pascal(a.Name))
			}
		case *idl.Struct:
			s := scope{}
			if errs[d] {
				s.take("Error")
			}
			for _, f := range d.Fields {
				n.fields[f] = s.take(pascal(f.Name))
			}
		}
	}
	for _, c := range m.Consts {
		n.consts[c] = top.take(pascal(c.Name))
	}
	calls := scope{}
	for _, f := range m.Funcs {
		n.funcs[f] = calls.take(pascal(f.Name))
	}
	for _, f := range m.HostFuncs {
		n.funcs[f] = calls.take(pascal(f.Name))
	}
	evs := scope{}
	for _, e := range m.Events {
		n.events[e] = evs.take(pascal(e.Name))
	}
	return n
}

// packageName is the Go package of a library: its words joined
// ("my_timer" -> "mytimer"), with "lib" appended to a Go keyword.
func packageName(lib string) string {
	p := strings.ReplaceAll(lib, "_", "")
	if reserved[p] {
		p += "lib"
	}
	return p
}
