package c

import (
	"slices"
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
// "int_", "h_addr" -> "h_addr_"). The checker rejects names ending in "_",
// so an escaped name can never equal another member's name.
//
// The set is every keyword of C89 to C23 and C++98 to C++23, the C++
// alternative operator spellings, and every lowercase object-like macro a
// host may have in scope where the header is included (libcMacros).
var keywords = setOf(slices.Concat(languageKeywords, libcMacros)...)

var languageKeywords = []string{
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
}

// libcMacros are the lowercase object-like macros of public C headers: a
// member spelt like one is rewritten by the preprocessor in a host that
// included the header first (after <netdb.h>, "h_addr" is
// "h_addr_list[0]", a zero-length array, and the host's struct is 8 bytes
// smaller than the library's with no warning; "st_mtime" and "sa_handler"
// do not compile in GNU modes or C++). TestLibcMacrosEscaped keeps the
// glibc part complete: it preprocesses every public header of glibc and
// of the compiler with gcc -dM -E in C and C++ modes and fails on any
// lowercase object-like macro missing here. The musl, macOS and other
// parts are what is known of those systems.
var libcMacros = []string{
	// Standard C headers and GCC's GNU modes (<complex.h>, <stdnoreturn.h>,
	// <errno.h>; linux, unix and i386 on Linux and x86, and the older
	// names GCC predefines for other targets).
	"complex", "imaginary", "noreturn", "errno", "linux", "unix", "i386",
	"vax", "sun", "sparc", "mips", "m68k", "mc68000", "hppa",
	// glibc's public headers (those not already above), as
	// TestLibcMacrosEscaped finds them.
	"arp_hln", "arp_hrd", "arp_op", "arp_pln", "arp_pro", "b64_ntop", "b64_pton",
	"basename", "d_fileno", "direct", "dn_count_labels", "dq_bhardlimit", "dq_bsoftlimit", "dq_btime",
	"dq_curinodes", "dq_curspace", "dq_ihardlimit", "dq_isoftlimit", "dq_itime", "dq_valid", "fp_nquery",
	"fp_query", "fp_resstat", "h_addr", "h_errno", "hostalias", "icmp6_data16", "icmp6_data32",
	"icmp6_data8", "icmp6_id", "icmp6_maxdelay", "icmp6_mtu", "icmp6_pptr", "icmp6_seq", "icmp_data",
	"icmp_gwaddr", "icmp_id", "icmp_ip", "icmp_lifetime", "icmp_mask", "icmp_nextmtu", "icmp_num_addrs",
	"icmp_otime", "icmp_pmvoid", "icmp_pptr", "icmp_radv", "icmp_rtime", "icmp_seq", "icmp_ttime",
	"icmp_void", "icmp_wpa", "ifa_broadaddr", "ifa_dstaddr", "ifc_buf", "ifc_req", "ifr_addr",
	"ifr_bandwidth", "ifr_broadaddr", "ifr_data", "ifr_dstaddr", "ifr_flags", "ifr_hwaddr", "ifr_ifindex",
	"ifr_map", "ifr_metric", "ifr_mtu", "ifr_name", "ifr_netmask", "ifr_newname", "ifr_qlen",
	"ifr_slave", "ip6_flow", "ip6_hlim", "ip6_hops", "ip6_nxt", "ip6_plen", "ip6_vfc",
	"loc_aton", "loc_ntoa", "math_errhandling", "mld_cksum", "mld_code", "mld_maxdelay", "mld_reserved",
	"mld_type", "msg_cbytes", "nd_na_cksum", "nd_na_code", "nd_na_flags_reserved", "nd_na_type", "nd_ns_cksum",
	"nd_ns_code", "nd_ns_reserved", "nd_ns_type", "nd_ra_cksum", "nd_ra_code", "nd_ra_curhoplimit", "nd_ra_flags_reserved",
	"nd_ra_router_lifetime", "nd_ra_type", "nd_rd_cksum", "nd_rd_code", "nd_rd_reserved", "nd_rd_type", "nd_rs_cksum",
	"nd_rs_code", "nd_rs_reserved", "nd_rs_type", "no_argument", "nsaddr", "optional_argument", "p_cdname",
	"p_cdnname", "p_class", "p_fqname", "p_fqnname", "p_option", "p_query", "p_rcode",
	"p_time", "p_type", "putlong", "putshort", "required_argument", "res_close", "res_hostalias",
	"res_init", "res_isourserver", "res_nameinquery", "res_nclose", "res_ninit", "res_queriesmatch", "res_randomid",
	"rip_nets", "rip_tracefile", "rr_cksum", "rr_code", "rr_seqnum", "rr_type", "rt_mss",
	"s6_addr", "s6_addr16", "s6_addr32", "sa_handler", "sa_sigaction", "sax25_uid", "sched_priority",
	"si_addr", "si_addr_lsb", "si_arch", "si_band", "si_call_addr", "si_fd", "si_int",
	"si_lower", "si_overrun", "si_pid", "si_pkey", "si_ptr", "si_status", "si_stime",
	"si_syscall", "si_timerid", "si_uid", "si_upper", "si_utime", "si_value", "sigev_notify_attributes",
	"sigev_notify_function", "sipx_action", "sipx_special", "ss_name", "ss_speed", "st_atime", "st_ctime",
	"st_mtime", "stats_ptr", "stderr", "stdin", "stdout", "sym_ntop", "sym_ntos",
	"sym_ston", "th_block", "th_code", "th_data", "th_msg", "th_stuff", "tsp_hopcnt",
	"tsp_time", "ut_addr", "ut_name", "ut_time", "ut_xtime",
	// musl: <utmpx.h>, <signal.h>, and the 64-bit names <stdio.h>,
	// <sys/stat.h>, <fcntl.h>, <dirent.h>, <sys/resource.h>, ... define
	// for _GNU_SOURCE or _LARGEFILE64_SOURCE.
	"e_exit", "e_termination", "sigev_notify_thread_id",
	"stat64", "fstat64", "lstat64", "fstatat64", "statfs64", "fstatfs64",
	"statvfs64", "fstatvfs64", "off64_t", "ino64_t", "blkcnt64_t",
	"fsblkcnt64_t", "fsfilcnt64_t", "fpos64_t", "dirent64", "readdir64",
	"readdir64_r", "scandir64", "alphasort64", "versionsort64", "rlimit64",
	"getrlimit64", "setrlimit64", "prlimit64", "lseek64", "pread64",
	"pwrite64", "preadv64", "pwritev64", "truncate64", "ftruncate64",
	"mmap64", "creat64", "open64", "openat64", "fallocate64",
	"posix_fadvise64", "posix_fallocate64", "lockf64", "glob64", "glob64_t",
	"globfree64", "ftw64", "nftw64", "fopen64", "freopen64", "tmpfile64",
	"fgetpos64", "fsetpos64", "fseeko64", "ftello64", "sendfile64",
	"aiocb64", "aio_read64", "aio_write64", "aio_error64", "aio_return64",
	"aio_cancel64", "aio_suspend64", "aio_fsync64", "lio_listio64",
	// macOS and the BSDs: <sys/stat.h>, <signal.h>, <net/if.h>,
	// <sys/wait.h>, <sys/resource.h>, <sys/ucred.h>, <dirent.h>.
	"st_birthtime", "sv_onstack", "ifr_phys", "ifr_media", "ifr_devmtu",
	"ifr_intval", "ifr_reqcap", "ifr_curcap", "ifr_wake_flags",
	"ifr_route_refcnt", "ifr_eflags", "ifr_link_quality_metric",
	"w_termsig", "w_coredump", "w_retcode", "w_stopval", "w_stopsig",
	"ru_first", "ru_last", "cr_gid", "d_ino",
}

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

// linkHintWord is the own word of the function every implementation
// defines and every Go host calls, so that a host linked without an
// implementation fails with this name as its first undefined reference
// (docs/abi.md, "Versions and the fingerprint").
const linkHintWord = "ffic_no_implementation_linked__import_the_Go_implementation_or_add_the_C_library_to_cgo_LDFLAGS"

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
