package golang

import (
	"slices"
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
//   - Fields and methods are PascalCase, parameters camelCase, both with
//     Go's initialisms applied word by word, plurals too: timer_ids ->
//     TimerIDs, timerIDs; http_url -> HTTPURL, httpURL.
//   - A parameter gets "_" appended only where it would collide: with a
//     Go keyword or predeclared identifier, a package the generated files
//     import, or a name the generated function it belongs to uses itself
//     (ctx everywhere; err, in, c in a Client method; see locals*).
//   - A name that would collide with one decided before it, or with the
//     package's fixed API (Impl, Register, ...), gets "_" appended
//     (protogen's rule). User names never end in "_" (the checker rejects
//     them), so an escaped name meets no user name.

// api are the package-level names the generated package declares itself,
// and cgo's C, which no package-level name may shadow.
var api = []string{
	"Impl", "StaticImpl", "Ctor", "Env", "Events", "Host", "Register", "RegisterStatic",
	"Fingerprint", "ABIVersion", "Library",
	"Client", "Open", // the host side's (client/)
	"C",
}

// initialisms are upper-cased whole in Go names: golint's and
// staticcheck's (ST1003) table. A word that is an initialism plus "s" is
// its plural: ids -> IDs.
var initialisms = setOf("acl", "amqp", "api", "ascii", "cpu", "css", "db", "dns", "eof", "gid", "guid",
	"html", "http", "https", "id", "ip", "json", "lhs", "qps", "ram", "rhs", "rpc", "rtp", "sip", "sla",
	"smtp", "sql", "ssh", "tcp", "tls", "ts", "ttl", "udp", "ui", "uid", "uri", "url", "utf8", "uuid",
	"vm", "xml", "xmpp", "xsrf", "xss")

// reserved are the names no parameter may have anywhere: Go keywords,
// predeclared identifiers and the packages generated files import.
var reserved = setOf(
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
	"any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex",
	"complex64", "complex128", "copy", "delete", "error", "false", "float32", "float64",
	"imag", "int", "int8", "int16", "int32", "int64", "iota", "len", "make", "max", "min",
	"new", "nil", "panic", "print", "println", "real", "recover", "rune", "string", "true",
	"uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"context", "errors", "fmt", "math", "strconv", "time", "unsafe", "fficrt", "fficlib", "fficlient",
)

// The names generated functions use in the scope of the user's
// parameters, per kind of function; a parameter named like one of them
// is escaped in that function only.
var (
	localsSig    = []string{"ctx"}                                                    // Impl, StaticImpl, Host fields: signatures only
	localsCtor   = []string{"ctx", "env"}                                             // Ctor
	localsEvent  = []string{"x"}                                                      // Events methods
	localsHost   = []string{"ctx", "x", "zero", "ans", "err"}                         // Host methods (library side)
	localsOpen   = []string{"ctx", "host", "in", "rt", "err", "c", "lib", "ctorArgs"} // Open
	localsClient = []string{"ctx", "c", "res", "err", "in", "a", "st", "lib"}         // Client methods, static fns
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
		b.WriteString(goWord(w))
	}
	return b.String()
}

// camel is a snake_case name in camelCase with Go's initialisms: the
// first word stays lowercase whole.
func camel(snake string) string {
	var b strings.Builder
	for i, w := range names.Words(snake) {
		if i == 0 {
			b.WriteString(w)
		} else {
			b.WriteString(goWord(w))
		}
	}
	return b.String()
}

// goWord is one lowercase word of a Go name after its first: an
// initialism upper-cased (id -> ID), its plural too (ids -> IDs), any
// other word capitalized.
func goWord(w string) string {
	switch {
	case initialisms[w]:
		return strings.ToUpper(w)
	case len(w) > 2 && w[len(w)-1] == 's' && initialisms[w[:len(w)-1]]:
		return strings.ToUpper(w[:len(w)-1]) + "s"
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// param is a parameter's name: camelCase, with "_" appended when it is
// reserved or one of the locals of the function it belongs to.
func param(snake string, locals []string) string {
	n := camel(snake)
	if reserved[n] || slices.Contains(locals, n) {
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
	args    map[*idl.Field]string // fields of the parameter structs (args_<fn>, ...)
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
		args:    map[*idl.Field]string{},
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
	// The parameter structs have the methods Encode, Decode and ToC.
	sets := [][]*idl.Field{m.Ctor.Params}
	for _, f := range m.Funcs {
		sets = append(sets, f.Params)
	}
	for _, e := range m.Events {
		sets = append(sets, e.Params)
	}
	for _, f := range m.HostFuncs {
		sets = append(sets, f.Params)
	}
	for _, ps := range sets {
		s := scope{"Encode": true, "Decode": true, "ToC": true}
		for _, f := range ps {
			n.args[f] = s.take(pascal(f.Name))
		}
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

// param is the package-level param in a package that imports the
// types-and-codec package: its name is escaped like a local.
func (g *gen) param(snake string, locals []string) string {
	if g.q == "" {
		return param(snake, locals)
	}
	return param(snake, append(slices.Clip(locals), strings.TrimSuffix(g.q, ".")))
}
