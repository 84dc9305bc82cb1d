package c

import "github.com/ffic/ffic/idl"

// Names spells the symbols and C types of one library's header for other
// backends: the Go library side includes the header and must name its
// types and functions exactly as the header does, so it asks this backend
// instead of re-deriving the scheme (docs/abi.md, "Names").
type Names struct{ n namer }

// NewNames returns the names of the header of library.
func NewNames(library string) Names { return Names{newNamer(library)} }

// Own is one of the ABI's own lowercase names: L_new, L_str, L_poll.
func (x Names) Own(word string) string { return x.n.own(word) }

// Macro is one of the ABI's own uppercase names: LU_STATUS_OK.
func (x Names) Macro(word string) string { return x.n.macro(word) }

// Type is a declared struct, enum or union: L_EchoRequest.
func (x Names) Type(name string) string { return x.n.typ(name) }

// Enumerator is an enum member or a union arm's tag: L_Priority_low.
func (x Names) Enumerator(decl, name string) string { return x.n.enumerator(decl, name) }

// Category is a symbol derived from a fn, event or host fn name:
// L_call_echo, L_cbor_listen_echo_fired.
func (x Names) Category(cat, name string) string { return x.n.category(cat, name) }

// PerCall is a type of one call, event or host fn: L_fn_echo_args.
func (x Names) PerCall(cat, name, suffix string) string { return x.n.perCall(cat, name, suffix) }

// DeclID is the id of a fn, event or host fn: LU_DECL_ECHO.
func (x Names) DeclID(name string) string { return x.n.declID(name) }

// CType is the C type of a value of t as the header writes it: a scalar
// ("uint32_t", "bool"), L_str, L_list_str, L_EchoRequest, or
// "const L_TimerGroup*" for an optional struct or union.
func (x Names) CType(t *idl.Type) string { return (&gen{n: x.n}).ctype(t) }

// Mangle spells a type as the header's derived type names do: "str",
// "list_u64", "map_str_opt_EchoRequest".
func Mangle(t *idl.Type) string { return mangle(t) }

// Member is the C name of a struct field, union arm or parameter: the
// name, with "_" appended when it is a C or C++ keyword.
func Member(name string) string { return member(name) }

// IsPointerOpt reports whether the header holds the optional t as a
// pointer (an optional struct or union) rather than an L_opt_ struct.
func IsPointerOpt(t *idl.Type) bool { return isPointerOpt(t) }

// LinkHint is the function every implementation defines and a Go host
// calls: L_ffic_no_implementation_linked__..., a name that says what to
// do when the linker reports it undefined.
func (x Names) LinkHint() string { return x.n.own(linkHintWord) }
