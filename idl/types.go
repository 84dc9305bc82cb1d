package idl

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Kind is the kind of a Type.
type Kind int

// The kinds of types. The order is part of no contract; backends switch on it.
const (
	Bool Kind = iota
	I8
	I16
	I32
	I64
	U8
	U16
	U32
	U64
	F32
	F64
	String
	Bytes
	List     // list<Elem>
	Map      // map<Key, Elem>
	Optional // Elem?
	StructT  // Struct
	EnumT    // Enum
	UnionT   // Union
)

var kindNames = [...]string{
	Bool: "bool", I8: "i8", I16: "i16", I32: "i32", I64: "i64",
	U8: "u8", U16: "u16", U32: "u32", U64: "u64", F32: "f32", F64: "f64",
	String: "string", Bytes: "bytes", List: "list", Map: "map", Optional: "optional",
	StructT: "struct", EnumT: "enum", UnionT: "union",
}

// String returns the kind's name ("u32", "list", "struct").
func (k Kind) String() string { return kindNames[k] }

// Builtin maps the spelling of every builtin scalar type to its kind.
var Builtin = map[string]Kind{
	"bool": Bool, "i8": I8, "i16": I16, "i32": I32, "i64": I64,
	"u8": U8, "u16": U16, "u32": U32, "u64": U64, "f32": F32, "f64": F64,
	"string": String, "bytes": Bytes,
}

// IsInteger reports whether k is one of the integer kinds.
func (k Kind) IsInteger() bool { return k >= I8 && k <= U64 }

// IsSigned reports whether k is a signed integer kind.
func (k Kind) IsSigned() bool { return k >= I8 && k <= I64 }

// IsFloat reports whether k is f32 or f64.
func (k Kind) IsFloat() bool { return k == F32 || k == F64 }

// IsScalar reports whether k is a builtin type other than list, map or optional.
func (k Kind) IsScalar() bool { return k <= Bytes }

// Bits is the width of an integer or float kind (0 for others).
func (k Kind) Bits() int {
	switch k {
	case I8, U8:
		return 8
	case I16, U16:
		return 16
	case I32, U32, F32:
		return 32
	case I64, U64, F64:
		return 64
	}
	return 0
}

// Range returns the smallest and largest value of an integer kind. For u64
// the maximum does not fit an int64; use MaxUint.
func (k Kind) Range() (min int64, max int64) {
	switch k {
	case I8:
		return -1 << 7, 1<<7 - 1
	case I16:
		return -1 << 15, 1<<15 - 1
	case I32:
		return -1 << 31, 1<<31 - 1
	case I64:
		return -1 << 63, 1<<63 - 1
	case U8:
		return 0, 1<<8 - 1
	case U16:
		return 0, 1<<16 - 1
	case U32:
		return 0, 1<<32 - 1
	case U64:
		return 0, 1<<63 - 1 // see MaxUint
	}
	return 0, 0
}

// MaxUint returns the largest value of an unsigned integer kind.
func (k Kind) MaxUint() uint64 {
	if k == U64 {
		return 1<<64 - 1
	}
	_, max := k.Range()
	return uint64(max)
}

// Type is a resolved type. Types are shared: the checker may return the same
// *Type for two uses of `u32`; never mutate one.
type Type struct {
	Kind Kind
	// Elem is the element type of a list, the value type of a map and the
	// inner type of an optional.
	Elem *Type
	// Key is the key type of a map: string, bool, an integer or an enum.
	Key *Type
	// Struct, Enum and Union point at the declaration of a named type.
	Struct *Struct
	Enum   *Enum
	Union  *Union
}

// Decl returns the declaration of a named type, or nil.
func (t *Type) Decl() TypeDecl {
	switch t.Kind {
	case StructT:
		return t.Struct
	case EnumT:
		return t.Enum
	case UnionT:
		return t.Union
	}
	return nil
}

// IsNamed reports whether t is a declared struct, enum or union.
func (t *Type) IsNamed() bool { return t.Kind >= StructT }

// String returns t as written in the language: "list<map<string, Foo?>>".
func (t *Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	switch t.Kind {
	case List:
		b.WriteString("list<")
		t.Elem.write(b)
		b.WriteString(">")
	case Map:
		b.WriteString("map<")
		t.Key.write(b)
		b.WriteString(", ")
		t.Elem.write(b)
		b.WriteString(">")
	case Optional:
		t.Elem.write(b)
		b.WriteString("?")
	case StructT, EnumT, UnionT:
		b.WriteString(t.Decl().DeclName())
	default:
		b.WriteString(t.Kind.String())
	}
}

// jsonType is the `-l model` form of a type: structured, so out-of-tree
// backends need no type parser, with the spelling alongside for people.
type jsonType struct {
	Spelling string    `json:"spelling"`
	Kind     string    `json:"kind"`
	Name     string    `json:"name,omitempty"`
	Key      *jsonType `json:"key,omitempty"`
	Elem     *jsonType `json:"elem,omitempty"`
}

func (t *Type) toJSON() *jsonType {
	if t == nil {
		return nil
	}
	j := &jsonType{Spelling: t.String(), Kind: t.Kind.String(), Key: t.Key.toJSON(), Elem: t.Elem.toJSON()}
	if d := t.Decl(); d != nil {
		j.Name = d.DeclName()
	}
	return j
}

// MarshalJSON writes a type for `-l model`: its spelling, its kind, the
// name of a declared type, and the key and element types.
// It does not escape <, > and & (json.Marshal would, and the escapes would
// survive whatever the caller's encoder is told): types read "list<u8>".
func (t *Type) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t.toJSON()); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// MarshalJSON writes a FuncKind as its spelling ("async fn").
func (k FuncKind) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }

// Walk calls fn for t and every type inside it (elements, keys), outermost
// first. It does not enter declarations.
func (t *Type) Walk(fn func(*Type)) {
	fn(t)
	if t.Key != nil {
		t.Key.Walk(fn)
	}
	if t.Elem != nil {
		t.Elem.Walk(fn)
	}
}
