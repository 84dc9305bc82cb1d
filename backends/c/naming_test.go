package c

import (
	"strings"
	"testing"

	"github.com/ffic/ffic/idl"
)

func TestMember(t *testing.T) {
	tests := []struct{ in, want string }{
		// C89/C99.
		{"int", "int_"}, {"char", "char_"}, {"default", "default_"}, {"struct", "struct_"},
		{"sizeof", "sizeof_"}, {"restrict", "restrict_"}, {"inline", "inline_"},
		// C11 and C23, including the <stdbool.h> macros.
		{"_Bool", "_Bool_"}, {"_Atomic", "_Atomic_"}, {"_Generic", "_Generic_"},
		{"bool", "bool_"}, {"true", "true_"}, {"false", "false_"}, {"nullptr", "nullptr_"},
		{"static_assert", "static_assert_"}, {"typeof", "typeof_"}, {"constexpr", "constexpr_"},
		// C++.
		{"class", "class_"}, {"new", "new_"}, {"delete", "delete_"}, {"template", "template_"},
		{"this", "this_"}, {"operator", "operator_"}, {"namespace", "namespace_"},
		{"private", "private_"}, {"public", "public_"}, {"virtual", "virtual_"},
		{"typename", "typename_"}, {"co_await", "co_await_"}, {"requires", "requires_"},
		{"char8_t", "char8_t_"}, {"reinterpret_cast", "reinterpret_cast_"},
		// C++ alternative tokens (macros of <iso646.h> in C).
		{"and", "and_"}, {"or", "or_"}, {"not", "not_"}, {"xor", "xor_"}, {"bitand", "bitand_"},
		{"not_eq", "not_eq_"},
		// Lowercase macros of standard headers and of GCC's GNU modes.
		{"errno", "errno_"}, {"complex", "complex_"}, {"linux", "linux_"}, {"unix", "unix_"},
		// Lowercase object-like macros of libc headers.
		{"h_addr", "h_addr_"}, {"st_mtime", "st_mtime_"}, {"sa_handler", "sa_handler_"},
		{"si_pid", "si_pid_"}, {"s6_addr", "s6_addr_"}, {"ifr_name", "ifr_name_"},
		{"stdin", "stdin_"}, {"p_type", "p_type_"}, {"stat64", "stat64_"},
		// Ordinary names, also keywords of Go and Python, stay.
		{"x", "x"}, {"func", "func"}, {"def", "def"}, {"lambda", "lambda"}, {"self", "self"},
		{"string", "string"}, {"int8", "int8"}, {"integer", "integer"}, {"classes", "classes"},
		{"as", "as"}, {"tag", "tag"}, {"ptr", "ptr"}, {"len", "len"}, {"value", "value"},
		{"final", "final"}, {"override", "override"}, {"import", "import"}, {"module", "module"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := member(tt.in); got != tt.want {
			t.Errorf("member(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestKeywordsAreNotSnakeEscapes: an escaped name ends in "_", which no
// .ffi name can (the checker requires lower_snake_case), so an escape never
// equals another member; and no keyword already ends in "_".
func TestKeywordsAreNotSnakeEscapes(t *testing.T) {
	for k := range keywords {
		if strings.HasSuffix(k, "_") {
			t.Errorf("keyword %q ends in _", k)
		}
	}
}

func TestMangle(t *testing.T) {
	s := &idl.Struct{Name: "EchoRequest"}
	e := &idl.Enum{Name: "Priority"}
	u := &idl.Union{Name: "Schedule"}
	st := &idl.Type{Kind: idl.StructT, Struct: s}
	et := &idl.Type{Kind: idl.EnumT, Enum: e}
	ut := &idl.Type{Kind: idl.UnionT, Union: u}
	sc := func(k idl.Kind) *idl.Type { return &idl.Type{Kind: k} }
	list := func(t *idl.Type) *idl.Type { return &idl.Type{Kind: idl.List, Elem: t} }
	opt := func(t *idl.Type) *idl.Type { return &idl.Type{Kind: idl.Optional, Elem: t} }
	mp := func(k, v *idl.Type) *idl.Type { return &idl.Type{Kind: idl.Map, Key: k, Elem: v} }
	tests := []struct {
		t    *idl.Type
		want string
	}{
		{sc(idl.Bool), "bool"},
		{sc(idl.I8), "i8"}, {sc(idl.I64), "i64"}, {sc(idl.U8), "u8"}, {sc(idl.U64), "u64"},
		{sc(idl.F32), "f32"}, {sc(idl.F64), "f64"},
		{sc(idl.String), "str"}, {sc(idl.Bytes), "bytes"},
		{st, "EchoRequest"}, {et, "Priority"}, {ut, "Schedule"},
		{list(sc(idl.U32)), "list_u32"},
		{list(sc(idl.String)), "list_str"},
		{list(st), "list_EchoRequest"},
		{list(list(sc(idl.U32))), "list_list_u32"},
		{list(opt(sc(idl.U32))), "list_opt_u32"},
		{opt(list(sc(idl.U32))), "opt_list_u32"},
		{mp(sc(idl.String), sc(idl.I64)), "map_str_i64"},
		{mp(et, list(sc(idl.F32))), "map_Priority_list_f32"},
		{list(mp(sc(idl.String), opt(st))), "list_map_str_opt_EchoRequest"},
		{mp(sc(idl.U8), mp(sc(idl.Bool), sc(idl.Bytes))), "map_u8_map_bool_bytes"},
		{mp(sc(idl.I16), sc(idl.U8)), "map_i16_u8"},
	}
	for _, tt := range tests {
		if got := mangle(tt.t); got != tt.want {
			t.Errorf("mangle(%s) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

// TestMangleInjective parses manglings back: each word is a builtin, a
// declared type or an operator with a fixed number of operands, so the
// spelling determines the type. Every type of the examples parses back to
// itself.
func TestMangleInjective(t *testing.T) {
	for _, in := range append(goldenInputs, "backends/c/testdata/clash.ffi") {
		m := load(t, in)
		g := &gen{m: m, n: newNamer(m.Library)}
		g.collectDerived()
		for _, d := range g.derived {
			if d.entry {
				continue
			}
			words := strings.Split(mangle(d.t), "_")
			back, rest := unmangle(t, m, words)
			if len(rest) != 0 || back.String() != d.t.String() {
				t.Errorf("%s: %s mangles to %q, which reads back as %s (left over %q)", in, d.t, mangle(d.t), back, rest)
			}
		}
	}
}

func unmangle(t *testing.T, m *idl.Model, words []string) (*idl.Type, []string) {
	if len(words) == 0 {
		t.Fatal("mangling ends early")
	}
	w, rest := words[0], words[1:]
	switch w {
	case "list", "opt":
		elem, rest := unmangle(t, m, rest)
		k := idl.List
		if w == "opt" {
			k = idl.Optional
		}
		return &idl.Type{Kind: k, Elem: elem}, rest
	case "map":
		key, rest := unmangle(t, m, rest)
		val, rest := unmangle(t, m, rest)
		return &idl.Type{Kind: idl.Map, Key: key, Elem: val}, rest
	case "str":
		return &idl.Type{Kind: idl.String}, rest
	}
	if k, ok := idl.Builtin[w]; ok {
		return &idl.Type{Kind: k}, rest
	}
	switch d := m.LookupType(w).(type) {
	case *idl.Struct:
		return &idl.Type{Kind: idl.StructT, Struct: d}, rest
	case *idl.Enum:
		return &idl.Type{Kind: idl.EnumT, Enum: d}, rest
	case *idl.Union:
		return &idl.Type{Kind: idl.UnionT, Union: d}, rest
	}
	t.Fatalf("word %q is no type", w)
	return nil, nil
}

func TestNamer(t *testing.T) {
	n := newNamer("my_timer")
	tests := []struct{ got, want string }{
		{n.own("new"), "my_timer_new"},
		{n.macro("STATUS_OK"), "MY_TIMER_STATUS_OK"},
		{n.typ("EchoRequest"), "my_timer_EchoRequest"},
		{n.enumerator("Priority", "low"), "my_timer_Priority_low"},
		{n.enumerator("A", "b_c"), "my_timer_A_b_c"},
		{n.enumerator("AB", "c"), "my_timer_AB_c"},
		{n.constant("MAX_DELAY_MS"), "MY_TIMER_CONST_MAX_DELAY_MS"},
		{n.declID("echo_fired"), "MY_TIMER_DECL_ECHO_FIRED"},
		{n.category("call", "echo"), "my_timer_call_echo"},
		{n.category("cbor_call", "echo"), "my_timer_cbor_call_echo"},
		{n.perCall("fn", "echo", "args"), "my_timer_fn_echo_args"},
		{n.perCall("fn", "x_args", "args"), "my_timer_fn_x_args_args"},
		{n.perCall("host", "fetch_token", "cb"), "my_timer_host_fetch_token_cb"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
