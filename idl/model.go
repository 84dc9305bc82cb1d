// Package idl is the checked model of one .ffi file: every name resolved,
// every rule of the language enforced. It is what every backend reads, and
// the only thing they read: backends never look at syntax and never
// re-resolve a name.
//
// A Model is built by package check and is immutable afterwards; backends
// may share one Model between goroutines.
package idl

import (
	"sort"

	"github.com/ffic/ffic/diag"
)

// Model is one checked .ffi file: one library.
type Model struct {
	// Library is the library name (lower_snake_case).
	Library string `json:"library"`
	// Doc is the doc comment before `library`, lines joined with "\n".
	Doc string `json:"doc,omitempty"`
	// File is the source path as given on the command line (never made
	// absolute, so generated files don't depend on where ffic ran).
	File string `json:"file"`
	// Fingerprint is the hex SHA-256 of the canonical interface text
	// (see Canonical); hosts refuse a library whose fingerprint differs.
	Fingerprint string `json:"fingerprint"`

	Consts  []*Const  `json:"consts"`
	Enums   []*Enum   `json:"enums"`
	Structs []*Struct `json:"structs"`
	Unions  []*Union  `json:"unions"`
	// Ctor is never nil: a file without `ctor` gets an implicit one with no
	// parameters (Implicit is then true).
	Ctor *Ctor `json:"ctor"`
	// Funcs are the calls hosts make into the library: fn, async fn,
	// static fn and static async fn, in source order.
	Funcs []*Func `json:"funcs"`
	// Events are fired by the library, in source order.
	Events []*Event `json:"events"`
	// HostFuncs are the calls the library makes into its host, in source order.
	HostFuncs []*Func `json:"host_funcs"`
}

// TypeDecl is a declared type: *Struct, *Enum or *Union.
type TypeDecl interface {
	DeclName() string
	DeclPos() diag.Pos
	isTypeDecl()
}

// Const is a `const NAME: type = value;` declaration.
type Const struct {
	Name string   `json:"name"`
	Doc  string   `json:"doc,omitempty"`
	Pos  diag.Pos `json:"pos"`
	Type *Type    `json:"type"` // a bool, integer, float or string type
	// Value holds the constant: bool, int64 (signed types), uint64 (unsigned
	// types), float64 or string, matching Type.
	Value any `json:"value"`
	// Text is the literal as written in the source (for float constants,
	// backends print Text so no precision is lost or invented).
	Text string `json:"text"`
}

// Enum is an `enum` declaration. Values fit in int32 (C enum constants are
// int) and are distinct.
type Enum struct {
	Name    string    `json:"name"`
	Doc     string    `json:"doc,omitempty"`
	Pos     diag.Pos  `json:"pos"`
	Members []*Member `json:"members"`
}

// Member is one enum member.
type Member struct {
	Name  string   `json:"name"`
	Doc   string   `json:"doc,omitempty"`
	Pos   diag.Pos `json:"pos"`
	Value int64    `json:"value"`
}

// Struct is a `struct` declaration.
type Struct struct {
	Name   string   `json:"name"`
	Doc    string   `json:"doc,omitempty"`
	Pos    diag.Pos `json:"pos"`
	Fields []*Field `json:"fields"`
	// Recursive is true when the struct reaches itself (through list, map or
	// optional; by-value recursion is an error). Backends use it to choose
	// pointers or boxed forms.
	Recursive bool `json:"recursive,omitempty"`
}

// Field is one struct field, or one parameter of a call, event or host fn.
type Field struct {
	Name string   `json:"name"`
	Doc  string   `json:"doc,omitempty"`
	Pos  diag.Pos `json:"pos"`
	Type *Type    `json:"type"`
}

// Union is a tagged union: exactly one arm is set.
type Union struct {
	Name string   `json:"name"`
	Doc  string   `json:"doc,omitempty"`
	Pos  diag.Pos `json:"pos"`
	Arms []*Arm   `json:"arms"`
	// Recursive is true when the union reaches itself.
	Recursive bool `json:"recursive,omitempty"`
}

// Arm is one union arm. Type is nil for an arm without a payload.
type Arm struct {
	Name string   `json:"name"`
	Doc  string   `json:"doc,omitempty"`
	Pos  diag.Pos `json:"pos"`
	Type *Type    `json:"type,omitempty"`
}

// Ctor is the context constructor.
type Ctor struct {
	Doc    string   `json:"doc,omitempty"`
	Pos    diag.Pos `json:"pos"`
	Params []*Field `json:"params"`
	// Throws is the typed error (a struct, enum or union type), or nil when
	// errors are plain messages.
	Throws *Type `json:"throws,omitempty"`
	// Implicit is true when the file declares no ctor.
	Implicit bool `json:"implicit,omitempty"`
}

// FuncKind tells the kinds of calls apart.
type FuncKind int

const (
	// Plain is `fn`: runs on the caller's thread and completes before its
	// entry point returns.
	Plain FuncKind = iota
	// Async is `async fn`: runs on a library worker, completes later.
	Async
	// Static is `static fn`: needs no context; completes like Plain.
	Static
	// StaticAsync is `static async fn`: needs no context; completes like Async.
	StaticAsync
	// Host is `host fn`: the library calls it in its host and awaits the answer.
	Host
)

var funcKindNames = [...]string{"fn", "async fn", "static fn", "static async fn", "host fn"}

// String returns the kind as spelled in the language ("static async fn").
func (k FuncKind) String() string { return funcKindNames[k] }

// IsAsync reports whether calls of this kind complete from a library thread.
func (k FuncKind) IsAsync() bool { return k == Async || k == StaticAsync }

// IsStatic reports whether calls of this kind need no context.
func (k FuncKind) IsStatic() bool { return k == Static || k == StaticAsync }

// Func is a call: fn, async fn, static fn, static async fn or host fn.
type Func struct {
	Name   string   `json:"name"`
	Doc    string   `json:"doc,omitempty"`
	Pos    diag.Pos `json:"pos"`
	Kind   FuncKind `json:"kind"`
	Params []*Field `json:"params"`
	// Result is nil for a function without `->`.
	Result *Type `json:"result,omitempty"`
	// Throws is the typed error (a struct, enum or union type), or nil when
	// errors are plain messages.
	Throws *Type `json:"throws,omitempty"`
}

// Event is an event the library fires (library -> host, fire and forget).
type Event struct {
	Name   string   `json:"name"`
	Doc    string   `json:"doc,omitempty"`
	Pos    diag.Pos `json:"pos"`
	Params []*Field `json:"params"`
}

func (d *Struct) DeclName() string  { return d.Name }
func (d *Enum) DeclName() string    { return d.Name }
func (d *Union) DeclName() string   { return d.Name }
func (d *Struct) DeclPos() diag.Pos { return d.Pos }
func (d *Enum) DeclPos() diag.Pos   { return d.Pos }
func (d *Union) DeclPos() diag.Pos  { return d.Pos }
func (*Struct) isTypeDecl()         {}
func (*Enum) isTypeDecl()           {}
func (*Union) isTypeDecl()          {}

// TypeDecls returns every declared type in a deterministic order: structs,
// enums and unions interleaved in source order.
func (m *Model) TypeDecls() []TypeDecl {
	var out []TypeDecl
	for _, s := range m.Structs {
		out = append(out, s)
	}
	for _, e := range m.Enums {
		out = append(out, e)
	}
	for _, u := range m.Unions {
		out = append(out, u)
	}
	sortByPos(out)
	return out
}

// LookupType returns the declared type called name, or nil.
func (m *Model) LookupType(name string) TypeDecl {
	for _, d := range m.TypeDecls() {
		if d.DeclName() == name {
			return d
		}
	}
	return nil
}

// ContextFuncs returns the funcs that take a context (fn and async fn).
func (m *Model) ContextFuncs() []*Func {
	var out []*Func
	for _, f := range m.Funcs {
		if !f.Kind.IsStatic() {
			out = append(out, f)
		}
	}
	return out
}

// StaticFuncs returns the funcs that need no context.
func (m *Model) StaticFuncs() []*Func {
	var out []*Func
	for _, f := range m.Funcs {
		if f.Kind.IsStatic() {
			out = append(out, f)
		}
	}
	return out
}

// ErrorTypes returns the declared types used in some `throws`, each once,
// in source order.
func (m *Model) ErrorTypes() []TypeDecl {
	seen := map[TypeDecl]bool{}
	var out []TypeDecl
	add := func(t *Type) {
		if t != nil && t.Decl() != nil && !seen[t.Decl()] {
			seen[t.Decl()] = true
			out = append(out, t.Decl())
		}
	}
	add(m.Ctor.Throws)
	for _, f := range m.Funcs {
		add(f.Throws)
	}
	for _, f := range m.HostFuncs {
		add(f.Throws)
	}
	sortByPos(out)
	return out
}

func sortByPos(ds []TypeDecl) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].DeclPos().Before(ds[j].DeclPos()) })
}
