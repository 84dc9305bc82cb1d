package c

import (
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file decides every C name the header declares (docs/abi.md,
// "Names"). Compatibility trap: once generated names ship they are API;
// changing a rule here renames symbols in every user's code and breaks
// every built library.
//
// The scheme, for a library L (lower_snake) and LU (its upper case):
//
//	L_<Type>                  user types, as written (UpperCamelCase)
//	L_<Type>_<member>         enum members and union arm tags
//	L_<category>_<name>       everything else derived from a user name:
//	                          call, cbor_call, listen, cbor_listen,
//	                          implement, cbor_implement, complete, and
//	                          fn_<name>_<suffix>, event_..., host_...
//	L_list_… L_map_… L_opt_…  derived types, by the mangling of mangle
//	LU_CONST_<NAME>           constants
//	LU_DECL_<NAME>            ids of fns, events and host fns
//
// and the ABI's own names (L_new, L_str, LU_STATUS_OK, ...), none of which
// starts with a category word. abi.md proves the scheme collision-free.

// keywords are the words a struct member, union member or args field may
// not be called in C or C++, so the backend appends "_" to them ("int" ->
// "int_"). The checker rejects names ending in "_", so an escaped name can
// never equal another member's name.
//
// The set is every keyword of C89 to C23 and C++98 to C++23, the C++
// alternative operator spellings, and the lowercase object-like macros a
// host may have in scope: those of <stdbool.h> (included by the header),
// <iso646.h>, <complex.h>, <stdalign.h>, <stdnoreturn.h>, <errno.h>, and
// those GCC predefines in its GNU modes (linux, unix, i386).
var keywords = setOf(
	// C89, C99, C11, C23.
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while",
	"_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool", "_Complex",
	"_Decimal128", "_Decimal32", "_Decimal64", "_Generic", "_Imaginary",
	"_Noreturn", "_Static_assert", "_Thread_local",
	"alignas", "alignof", "bool", "constexpr", "false", "nullptr",
	"static_assert", "thread_local", "true", "typeof", "typeof_unqual",
	// C++ (those not already above), including the alternative operator
	// spellings, which are keywords in C++ and macros of <iso646.h> in C.
	"and", "and_eq", "asm", "atomic_cancel", "atomic_commit",
	"atomic_noexcept", "bitand", "bitor", "catch", "char8_t", "char16_t",
	"char32_t", "class", "co_await", "co_return", "co_yield", "compl",
	"concept", "const_cast", "consteval", "constinit", "decltype", "delete",
	"dynamic_cast", "explicit", "export", "friend", "mutable", "namespace",
	"new", "noexcept", "not", "not_eq", "operator", "or", "or_eq", "private",
	"protected", "public", "reflexpr", "reinterpret_cast", "requires",
	"static_cast", "synchronized", "template", "this", "throw", "try",
	"typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
	// Lowercase object-like macros of standard headers and GNU modes.
	"complex", "imaginary", "noreturn", "errno", "linux", "unix", "i386",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// member is the C name of a struct field, union arm or parameter (as a
// member of an args struct): the name, with "_" appended if it is a
// keyword.
func member(name string) string {
	if keywords[name] {
		return name + "_"
	}
	return name
}

// mangle spells a type as a sequence of words, written in prefix order:
// one word per builtin scalar, "list" and "opt" followed by their element,
// "map" followed by its key and value, and a declared type's own name.
// Because no word contains "_", each word is either a keyword of this
// little language (lowercase) or a declared type (UpperCamelCase), and
// "list", "map" and "opt" take a fixed number of operands, the spelling
// parses back in one way only: mangle is injective.
func mangle(t *idl.Type) string {
	var b strings.Builder
	mangleTo(&b, t)
	return b.String()
}

func mangleTo(b *strings.Builder, t *idl.Type) {
	switch t.Kind {
	case idl.List:
		b.WriteString("list_")
		mangleTo(b, t.Elem)
	case idl.Map:
		b.WriteString("map_")
		mangleTo(b, t.Key)
		b.WriteString("_")
		mangleTo(b, t.Elem)
	case idl.Optional:
		b.WriteString("opt_")
		mangleTo(b, t.Elem)
	case idl.StructT, idl.EnumT, idl.UnionT:
		b.WriteString(t.Decl().DeclName())
	case idl.String:
		b.WriteString("str")
	default:
		b.WriteString(t.Kind.String()) // bool, i8 ... f64, bytes
	}
}

// namer spells every symbol of one library's header.
type namer struct {
	lib   string // L: the library name
	upper string // LU: the library name in upper case
}

func newNamer(library string) namer {
	return namer{lib: library, upper: strings.ToUpper(library)}
}

// own is one of the ABI's own lowercase names: L_new, L_str, L_poll.
func (n namer) own(word string) string { return n.lib + "_" + word }

// macro is one of the ABI's own uppercase names: LU_STATUS_OK.
func (n namer) macro(word string) string { return n.upper + "_" + word }

// typ is a declared struct, enum or union: L_EchoRequest.
func (n namer) typ(name string) string { return n.lib + "_" + name }

// enumerator is an enum member or a union arm's tag: L_Priority_low.
func (n namer) enumerator(decl, name string) string { return n.lib + "_" + decl + "_" + name }

// derived is a list, map or optional type: L_list_str, L_map_str_i64.
func (n namer) derived(t *idl.Type) string { return n.lib + "_" + mangle(t) }

// entry is the entry type of a map: L_map_str_i64_entry. "entry" is not a
// word of mangle, so no type's mangling ends in "_entry".
func (n namer) entry(t *idl.Type) string { return n.derived(t) + "_entry" }

// constant is a const: LU_CONST_MAX_DELAY_MS.
func (n namer) constant(name string) string { return n.upper + "_CONST_" + name }

// declID is the id of a fn, event or host fn in queue items: LU_DECL_ECHO.
func (n namer) declID(name string) string { return n.upper + "_DECL_" + strings.ToUpper(name) }

// category is a symbol derived from a fn, event or host fn name:
// L_call_echo, L_cbor_listen_echo_fired.
func (n namer) category(cat, name string) string { return n.lib + "_" + cat + "_" + name }

// perCall is a type of one call, event or host fn: L_fn_echo_args,
// L_event_echo_fired_cb, L_host_fetch_token_args. The suffix is one word,
// so the name parses back as category, name, suffix in one way only.
func (n namer) perCall(cat, name, suffix string) string {
	return n.lib + "_" + cat + "_" + name + "_" + suffix
}
