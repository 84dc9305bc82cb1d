package fficrt

import (
	"strings"
	"sync"
)

// The dynamic layer: a self-contained descriptor of IDL types, and the Go
// values Encode and Decode exchange for them. Generated code does not use
// it; tests and tools do.

// Kind is the kind of a Type.
type Kind uint8

// The kinds of types, one per IDL type constructor.
const (
	KindBool Kind = iota
	KindI8
	KindI16
	KindI32
	KindI64
	KindU8
	KindU16
	KindU32
	KindU64
	KindF32
	KindF64
	KindString
	KindBytes
	KindList     // list<Elem>
	KindMap      // map<Key, Elem>
	KindOptional // Elem?
	KindStruct   // Name { Fields }
	KindEnum     // Name { Members }
	KindUnion    // Name { Fields: the arms }
)

var kindNames = [...]string{
	"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
	"string", "bytes", "list", "map", "optional", "struct", "enum", "union",
}

// String returns the kind as the language spells it ("u32", "list").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// A Type describes an IDL type. Declared types are shared by pointer, so a
// recursive struct is a Type that reaches itself. A Type must not change
// once it has been used to encode or decode.
type Type struct {
	Kind Kind
	// Name is the name of a struct, enum or union.
	Name string
	// Elem is the element of a list, the value of a map and the inner type
	// of an optional.
	Elem *Type
	// Key is the key type of a map: string, bool, an integer or an enum.
	Key *Type
	// Fields are a struct's fields in declaration order, or a union's arms
	// (Type nil for an arm without a payload).
	Fields []Field
	// Members are an enum's member names.
	Members []string

	once  sync.Once
	cache *typeCache
}

// Field is a struct field or a union arm.
type Field struct {
	Name string
	Type *Type
}

// typeCache holds what encoding and decoding a declared type look up.
type typeCache struct {
	order  []int          // field indices in encoded key order
	byName map[string]int // field, arm or member index by name
}

// info returns t's cache, building it on first use.
func (t *Type) info() *typeCache {
	t.once.Do(func() {
		c := &typeCache{byName: map[string]int{}}
		names := t.Members
		if t.Kind != KindEnum {
			names = make([]string, len(t.Fields))
			for i, f := range t.Fields {
				names[i] = f.Name
			}
		}
		for i, n := range names {
			c.byName[n] = i
		}
		for _, n := range SortFieldNames(names) {
			c.order = append(c.order, c.byName[n])
		}
		t.cache = c
	})
	return t.cache
}

// String returns t as the language writes it: "list<map<string, Point?>>".
func (t *Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	switch t.Kind {
	case KindList:
		b.WriteString("list<")
		t.Elem.write(b)
		b.WriteString(">")
	case KindMap:
		b.WriteString("map<")
		t.Key.write(b)
		b.WriteString(", ")
		t.Elem.write(b)
		b.WriteString(">")
	case KindOptional:
		t.Elem.write(b)
		b.WriteString("?")
	case KindStruct, KindEnum, KindUnion:
		b.WriteString(t.Name)
	default:
		b.WriteString(t.Kind.String())
	}
}

// The Go values of the dynamic layer, by kind:
//
//	bool                          bool
//	i8 i16 i32 i64                int64
//	u8 u16 u32 u64                uint64
//	f32                           float32
//	f64                           float64
//	string                        string (valid UTF-8)
//	bytes                         []byte
//	list<T>                       []any
//	map<K, V>                     Map (K's values as above; enum keys as member names)
//	T?                            nil when absent, else T's value
//	struct                        Struct
//	enum                          string: the member name
//	union                         Union

// Map is the value of a map<K, V>: its entries, in no particular order on
// encode and in wire order on decode.
type Map []MapEntry

// MapEntry is one entry of a Map.
type MapEntry struct {
	Key   any
	Value any
}

// Struct is the value of a struct: one value per field, in the order of
// Type.Fields (nil for an absent optional).
type Struct []any

// Union is the value of a union: the arm that is set, and its payload (nil
// for an arm without one).
type Union struct {
	Arm   string
	Value any
}
