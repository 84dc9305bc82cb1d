package python

import (
	"strings"

	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/names"
)

// This file decides every Python name the module declares. Compatibility
// trap: once generated names ship they are API; changing a rule here
// renames attributes in every user's code.
//
// Escaping appends "_": the checker rejects user names ending in "_", so
// an escaped name never equals another user name, and collisions between
// derived names (an arm class ScheduleOnce and a struct ScheduleOnce) are
// resolved once, in declaration order, by appending "_" again.

// keywords are Python's reserved words (keyword.kwlist of Python 3.13);
// the soft keywords (match, case, type, _) are valid identifiers.
var keywords = setOf(
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield",
)

// builtins are the names of Python's builtins module (3.9 to 3.13). A
// module-level name (a class, a static fn) may not shadow one: the
// module's own code uses them.
var builtins = setOf(
	"ArithmeticError", "AssertionError", "AttributeError", "BaseException",
	"BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
	"BytesWarning", "ChildProcessError", "ConnectionAbortedError",
	"ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
	"DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
	"EnvironmentError", "Exception", "ExceptionGroup", "FileExistsError",
	"FileNotFoundError", "FloatingPointError", "FutureWarning",
	"GeneratorExit", "IOError", "ImportError", "ImportWarning",
	"IndentationError", "IndexError", "InterruptedError",
	"IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError",
	"MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError",
	"NotImplemented", "NotImplementedError", "OSError", "OverflowError",
	"PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
	"PythonFinalizationError", "RecursionError", "ReferenceError",
	"ResourceWarning", "RuntimeError", "RuntimeWarning",
	"StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning",
	"SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError",
	"UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
	"UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
	"ValueError", "Warning", "ZeroDivisionError",
	"abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
	"breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod",
	"compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
	"divmod", "enumerate", "eval", "exec", "exit", "filter", "float",
	"format", "frozenset", "getattr", "globals", "hasattr", "hash", "help",
	"hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len",
	"license", "list", "locals", "map", "max", "memoryview", "min", "next",
	"object", "oct", "open", "ord", "pow", "print", "property", "quit",
	"range", "repr", "reversed", "round", "set", "setattr", "slice",
	"sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars",
	"zip",
)

// memberReserved are the names a field or parameter may not have besides
// keywords: the builtins the module's type hints use (a field named "str"
// would shadow the type str for the fields after it, in mypy's eyes),
// "typing" (the hints' module) and "self" (methods' first parameter).
var memberReserved = setOf("bool", "bytes", "dict", "float", "int", "list", "str", "object", "typing", "self")

// enumReserved are the names an enum member may not have besides
// keywords: enum.Enum rejects "mro", and "name" and "value" are the
// attributes of every member.
var enumReserved = setOf("mro", "name", "value")

// moduleOwn are the module-level names of the module itself (besides
// those derived from the library name, see newNamer), and the modules it
// imports without an underscore.
var moduleOwn = setOf("load_library", "typing", "annotations")

// contextOwn are the public attributes of every context class.
var contextOwn = setOf("close", "closed", "dropped_events")

// exceptionOwn are attributes of every exception: a typed exception does
// not get a property for a field named like one of them.
var exceptionOwn = setOf("args", "with_traceback", "add_note", "error")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// member is the Python name of a struct field or a parameter.
func member(name string) string {
	if keywords[name] || memberReserved[name] {
		return name + "_"
	}
	return name
}

// enumMember is the Python name of an enum member.
func enumMember(name string) string {
	if keywords[name] || enumReserved[name] {
		return name + "_"
	}
	return name
}

// scope hands out names that are unique in one namespace.
type scope struct{ taken map[string]bool }

func newScope(reserved ...map[string]bool) *scope {
	s := &scope{taken: map[string]bool{}}
	for _, r := range reserved {
		for w := range r {
			s.taken[w] = true
		}
	}
	return s
}

// claim returns name, with "_" appended until it is free, and takes it.
func (s *scope) claim(name string) string {
	for s.taken[name] {
		name += "_"
	}
	s.taken[name] = true
	return name
}

// namer holds every name of one module, decided once.
type namer struct {
	lib        string // PascalCase library name: MyTimer
	context    string // the context class
	errBase    string // MyTimerError
	errClosed  string // MyTimerClosedError
	errWire    string // MyTimerWireError
	errLoad    string // MyTimerLoadError
	subscr     string // MyTimerSubscription
	fake       string // FakeMyTimer
	types      map[idl.TypeDecl]string
	arms       map[*idl.Arm]string
	exceptions map[idl.TypeDecl]string
	statics    map[*idl.Func][2]string // blocking, async
	methods    map[*idl.Func][2]string
	events     map[*idl.Event]string
	hosts      map[*idl.Func]string
	fakeFire   map[*idl.Event][2]string // FakeMyTimer's fire_<event>, fire_<event>_async
	fakeCall   map[*idl.Func][2]string  // FakeMyTimer's call_<host fn>, call_<host fn>_async
}

func newNamer(m *idl.Model) *namer {
	lib := names.Pascal(m.Library)
	n := &namer{
		lib:        lib,
		types:      map[idl.TypeDecl]string{},
		arms:       map[*idl.Arm]string{},
		exceptions: map[idl.TypeDecl]string{},
		statics:    map[*idl.Func][2]string{},
		methods:    map[*idl.Func][2]string{},
		events:     map[*idl.Event]string{},
		hosts:      map[*idl.Func]string{},
		fakeFire:   map[*idl.Event][2]string{},
		fakeCall:   map[*idl.Func][2]string{},
	}
	mod := newScope(keywords, builtins, moduleOwn)
	// The module's own classes come first: they are the same in every
	// module, so documentation and habits carry over.
	n.context = mod.claim(lib)
	n.errBase = mod.claim(lib + "Error")
	n.errClosed = mod.claim(lib + "ClosedError")
	n.errWire = mod.claim(lib + "WireError")
	n.errLoad = mod.claim(lib + "LoadError")
	n.subscr = mod.claim(lib + "Subscription")
	decls := m.TypeDecls()
	for _, d := range decls {
		n.types[d] = mod.claim(d.DeclName())
	}
	for _, d := range decls {
		if u, ok := d.(*idl.Union); ok {
			for _, a := range u.Arms {
				n.arms[a] = mod.claim(n.types[d] + names.Pascal(a.Name))
			}
		}
	}
	for _, d := range m.ErrorTypes() {
		n.exceptions[d] = mod.claim(n.types[d] + "Exception")
	}
	for _, c := range m.Consts {
		mod.claim(c.Name)
	}
	for _, f := range m.StaticFuncs() {
		n.statics[f] = [2]string{mod.claim(f.Name), mod.claim(f.Name + "_async")}
	}
	cls := newScope(keywords, contextOwn)
	for _, f := range m.ContextFuncs() {
		n.methods[f] = [2]string{cls.claim(f.Name), cls.claim(f.Name + "_async")}
	}
	for _, e := range m.Events {
		n.events[e] = cls.claim("on_" + e.Name)
	}
	for _, h := range m.HostFuncs {
		n.hosts[h] = cls.claim("implement_" + h.Name)
	}
	// The fake came later than the rest: its names are claimed last, so
	// that no name of an existing module changed when it was added.
	n.fake = mod.claim("Fake" + lib)
	for _, e := range m.Events {
		n.fakeFire[e] = [2]string{cls.claim("fire_" + e.Name), cls.claim("fire_" + e.Name + "_async")}
	}
	for _, h := range m.HostFuncs {
		n.fakeCall[h] = [2]string{cls.claim("call_" + h.Name), cls.claim("call_" + h.Name + "_async")}
	}
	return n
}

// params returns the Python names of parameters, escaped, and with
// own (the method's own keyword parameters) avoided.
func params(fs []*idl.Field, own ...string) []string {
	s := newScope(setOf(own...))
	var out []string
	for _, f := range fs {
		out = append(out, s.claim(member(f.Name)))
	}
	return out
}

// upperFirst is s with its first letter upper-cased (for docstrings).
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
