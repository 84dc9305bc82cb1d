package c

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ffic/ffic/names"
)

// publicHeaders are the public headers of glibc (dpkg -L libc6-dev, less
// bits/ and gnu/, which only they include, and regexp.h, an #error) and
// those of the compiler. TestLibcMacrosEscaped includes each one the
// machine has.
var publicHeaders = []string{
	"a.out.h", "aio.h", "aliases.h", "alloca.h", "ar.h", "argp.h",
	"argz.h", "arpa/ftp.h", "arpa/inet.h", "arpa/nameser.h", "arpa/nameser_compat.h", "arpa/telnet.h",
	"arpa/tftp.h", "assert.h", "byteswap.h", "complex.h", "cpio.h", "ctype.h",
	"dirent.h", "dlfcn.h", "elf.h", "endian.h", "envz.h", "err.h",
	"errno.h", "error.h", "execinfo.h", "fcntl.h", "features-time64.h", "features.h",
	"fenv.h", "float.h", "fmtmsg.h", "fnmatch.h", "fstab.h", "fts.h",
	"ftw.h", "gconv.h", "getopt.h", "glob.h", "gnu-versions.h", "grp.h",
	"gshadow.h", "iconv.h", "ieee754.h", "ifaddrs.h", "inttypes.h", "iso646.h",
	"langinfo.h", "lastlog.h", "libgen.h", "libintl.h", "limits.h", "link.h",
	"locale.h", "malloc.h", "math.h", "mcheck.h", "memory.h", "mntent.h",
	"monetary.h", "mqueue.h", "net/ethernet.h", "net/if.h", "net/if_arp.h", "net/if_packet.h",
	"net/if_ppp.h", "net/if_shaper.h", "net/if_slip.h", "net/ppp-comp.h", "net/ppp_defs.h", "net/route.h",
	"netash/ash.h", "netatalk/at.h", "netax25/ax25.h", "netdb.h", "neteconet/ec.h", "netinet/ether.h",
	"netinet/icmp6.h", "netinet/if_ether.h", "netinet/if_fddi.h", "netinet/if_tr.h", "netinet/igmp.h", "netinet/in.h",
	"netinet/in_systm.h", "netinet/ip.h", "netinet/ip6.h", "netinet/ip_icmp.h", "netinet/tcp.h", "netinet/udp.h",
	"netipx/ipx.h", "netiucv/iucv.h", "netpacket/packet.h", "netrom/netrom.h", "netrose/rose.h", "nfs/nfs.h",
	"nl_types.h", "nss.h", "obstack.h", "paths.h", "poll.h", "printf.h",
	"proc_service.h", "protocols/routed.h", "protocols/rwhod.h", "protocols/talkd.h", "protocols/timed.h", "pthread.h",
	"pty.h", "pwd.h", "re_comp.h", "regex.h", "resolv.h", "rpc/netdb.h",
	"sched.h", "scsi/scsi.h", "scsi/scsi_ioctl.h", "scsi/sg.h", "search.h", "semaphore.h",
	"setjmp.h", "sgtty.h", "shadow.h", "signal.h", "spawn.h", "stab.h",
	"stdalign.h", "stdarg.h", "stdatomic.h", "stdbool.h", "stdc-predef.h", "stddef.h",
	"stdint.h", "stdio.h", "stdio_ext.h", "stdlib.h", "stdnoreturn.h", "string.h",
	"strings.h", "sys/acct.h", "sys/auxv.h", "sys/bitypes.h", "sys/cdefs.h", "sys/debugreg.h",
	"sys/dir.h", "sys/epoll.h", "sys/errno.h", "sys/eventfd.h", "sys/fanotify.h", "sys/fcntl.h",
	"sys/file.h", "sys/fsuid.h", "sys/gmon.h", "sys/gmon_out.h", "sys/inotify.h", "sys/io.h",
	"sys/ioctl.h", "sys/ipc.h", "sys/kd.h", "sys/klog.h", "sys/mman.h", "sys/mount.h",
	"sys/msg.h", "sys/mtio.h", "sys/param.h", "sys/pci.h", "sys/perm.h", "sys/personality.h",
	"sys/pidfd.h", "sys/platform/x86.h", "sys/poll.h", "sys/prctl.h", "sys/procfs.h", "sys/profil.h",
	"sys/ptrace.h", "sys/queue.h", "sys/quota.h", "sys/random.h", "sys/raw.h", "sys/reboot.h",
	"sys/reg.h", "sys/resource.h", "sys/rseq.h", "sys/select.h", "sys/sem.h", "sys/sendfile.h",
	"sys/shm.h", "sys/signal.h", "sys/signalfd.h", "sys/single_threaded.h", "sys/socket.h", "sys/socketvar.h",
	"sys/soundcard.h", "sys/stat.h", "sys/statfs.h", "sys/statvfs.h", "sys/swap.h", "sys/syscall.h",
	"sys/sysinfo.h", "sys/syslog.h", "sys/sysmacros.h", "sys/termios.h", "sys/time.h", "sys/timeb.h",
	"sys/timerfd.h", "sys/times.h", "sys/timex.h", "sys/ttychars.h", "sys/ttydefaults.h", "sys/types.h",
	"sys/ucontext.h", "sys/uio.h", "sys/un.h", "sys/unistd.h", "sys/user.h", "sys/utsname.h",
	"sys/vfs.h", "sys/vlimit.h", "sys/vm86.h", "sys/vt.h", "sys/wait.h", "sys/xattr.h",
	"syscall.h", "sysexits.h", "syslog.h", "tar.h", "termio.h", "termios.h",
	"tgmath.h", "threads.h", "time.h", "ttyent.h", "uchar.h", "ucontext.h",
	"ulimit.h", "unistd.h", "utime.h", "utmp.h", "utmpx.h", "values.h",
	"wait.h", "wchar.h", "wctype.h", "wordexp.h",
}

// hostHeaders are the headers a host may well include before the library's
// header, all in one translation unit (they compile together in C and C++).
var hostHeaders = []string{
	"netdb.h", "sys/stat.h", "signal.h", "netinet/in.h", "net/if.h", "ifaddrs.h",
	"arpa/inet.h", "sys/socket.h", "sys/un.h", "sys/types.h", "sys/time.h", "sys/resource.h",
	"sys/wait.h", "sys/ioctl.h", "sys/mman.h", "sys/select.h", "sys/utsname.h", "sys/uio.h",
	"sys/sysmacros.h", "sys/statvfs.h", "sys/epoll.h", "sys/inotify.h", "sys/ipc.h", "sys/shm.h",
	"sys/msg.h", "sys/sem.h", "sys/ptrace.h", "sys/user.h", "sys/procfs.h", "sys/ucontext.h",
	"sys/timex.h", "sys/quota.h", "sys/mount.h", "sys/vfs.h", "sys/xattr.h", "netinet/tcp.h",
	"netinet/udp.h", "netinet/ip.h", "netinet/ip_icmp.h", "netinet/if_ether.h", "net/if_arp.h", "net/ethernet.h",
	"net/route.h", "resolv.h", "arpa/nameser.h", "termios.h", "ucontext.h", "utmp.h",
	"utmpx.h", "pwd.h", "grp.h", "shadow.h", "dirent.h", "fcntl.h",
	"unistd.h", "stdlib.h", "stdio.h", "string.h", "strings.h", "errno.h",
	"math.h", "complex.h", "tgmath.h", "time.h", "locale.h", "langinfo.h",
	"wchar.h", "wctype.h", "ctype.h", "iso646.h", "stdalign.h", "stdnoreturn.h",
	"stdatomic.h", "threads.h", "pthread.h", "semaphore.h", "setjmp.h", "stdarg.h",
	"assert.h", "limits.h", "float.h", "fenv.h", "inttypes.h", "glob.h",
	"regex.h", "fnmatch.h", "wordexp.h", "search.h", "syslog.h", "dlfcn.h",
	"link.h", "elf.h", "poll.h", "spawn.h", "sched.h", "aio.h",
	"mqueue.h", "iconv.h", "nl_types.h", "monetary.h", "ftw.h", "libgen.h",
	"err.h", "getopt.h", "mntent.h", "sys/file.h", "sys/syscall.h", "sys/prctl.h",
	"sys/sendfile.h", "sys/signalfd.h", "sys/timerfd.h", "sys/eventfd.h", "sys/random.h", "sys/auxv.h",
	"sys/klog.h", "sys/reboot.h", "sys/swap.h", "sys/sysinfo.h", "sys/times.h", "sys/personality.h",
	"ttyent.h", "paths.h", "fstab.h", "netinet/icmp6.h", "netinet/ip6.h", "netinet/ether.h",
	"netpacket/packet.h", "arpa/tftp.h", "arpa/telnet.h", "arpa/ftp.h", "arpa/nameser_compat.h", "netax25/ax25.h",
	"netipx/ipx.h", "netrose/rose.h", "protocols/routed.h", "protocols/rwhod.h", "protocols/talkd.h", "protocols/timed.h",
	"sys/dir.h", "sys/acct.h", "sys/mtio.h", "sys/soundcard.h", "sys/kd.h", "sys/vt.h",
	"sys/statfs.h", "sys/timeb.h", "sys/param.h", "sys/queue.h", "sys/fanotify.h", "netinet/igmp.h",
	"netinet/in_systm.h", "lastlog.h", "pty.h", "gshadow.h", "aliases.h", "printf.h",
	"argp.h", "fts.h", "error.h", "malloc.h", "execinfo.h", "sysexits.h",
	"stdbool.h", "stddef.h", "stdint.h",
}

// macroModes are the compilers and modes whose predefined and header
// macros TestLibcMacrosEscaped collects.
var macroModes = [][]string{
	{"gcc", "-std=c99"}, {"gcc", "-std=c11"}, {"gcc", "-std=gnu11"},
	{"gcc", "-std=gnu17", "-D_GNU_SOURCE"}, {"gcc", "-std=gnu2x", "-D_GNU_SOURCE"},
	{"g++", "-x", "c++", "-std=c++17"}, {"g++", "-x", "c++", "-std=gnu++20"},
}

var objectMacro = regexp.MustCompile(`^#define ([A-Za-z_][A-Za-z0-9_]*)( |$)`)

// TestLibcMacrosEscaped keeps libcMacros complete on this machine: every
// lowercase object-like macro that glibc's public headers or the compiler
// define, in any of macroModes, and that a .ffi name can spell, is
// escaped by member. A new glibc or gcc that adds one fails here, naming
// it.
func TestLibcMacrosEscaped(t *testing.T) {
	var tu strings.Builder
	for _, h := range publicHeaders {
		fmt.Fprintf(&tu, "#if __has_include(<%s>)\n#include <%s>\n#endif\n", h, h)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "all.h")
	if err := os.WriteFile(file, []byte(tu.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	missing := map[string][]string{} // macro -> modes
	for _, mode := range macroModes {
		args := append(slices.Clone(mode[1:]), "-w", "-dM", "-E", file)
		// Some headers do not compile in some modes; what the preprocessor
		// defined before and after them is still printed, and counted.
		out, _ := exec.Command(mode[0], args...).Output()
		n := 0
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			m := objectMacro.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			n++
			if names.IsSnake(m[1]) && member(m[1]) == m[1] {
				missing[m[1]] = append(missing[m[1]], strings.Join(mode, " "))
			}
		}
		if n < 5000 {
			t.Fatalf("%s %s printed %d object-like macros; the headers were not preprocessed", mode[0], strings.Join(args, " "), n)
		}
	}
	for _, m := range slices.Sorted(maps.Keys(missing)) {
		t.Errorf("%q is an object-like macro (%s) missing from libcMacros", m, strings.Join(missing[m], "; "))
	}
	seen := map[string]bool{}
	for _, w := range slices.Concat(languageKeywords, libcMacros) {
		if seen[w] {
			t.Errorf("%q is twice in the keyword tables", w)
		}
		seen[w] = true
	}
}

// macroInterface is a library whose struct fields, union arms and fn,
// event and host fn parameters are named like each of libcMacros that a
// .ffi name can spell, in chunks of 25, with types of every size so a
// member the preprocessor rewrites moves the offsets after it. types
// lists the C types whose layout the hosts must agree on, with their
// members as the header spells them (arm members as "as.<arm>").
func macroInterface(words []string) (src string, types map[string][]string, order []string) {
	kinds := []string{"u8", "u64", "u16", "string", "bool", "f64", "i32", "list<u8>", "u8?", "f32", "bytes"}
	var b strings.Builder
	b.WriteString("library macros;\n")
	types = map[string][]string{}
	add := func(typ string, members []string) {
		types[typ] = members
		order = append(order, typ)
	}
	for c := 0; c*25 < len(words); c++ {
		chunk := words[c*25 : min(len(words), (c+1)*25)]
		var fields, arms, members, armMembers []string
		for i, w := range chunk {
			fields = append(fields, fmt.Sprintf("%s: %s", w, kinds[(i+c)%len(kinds)]))
			arms = append(arms, fmt.Sprintf("%s: %s", w, kinds[(i+c+1)%len(kinds)]))
			members = append(members, member(w))
			armMembers = append(armMembers, "as."+member(w))
		}
		list := strings.Join(fields, ", ")
		fmt.Fprintf(&b, "struct S%d { %s }\n", c, list)
		fmt.Fprintf(&b, "union U%d { %s }\n", c, strings.Join(arms, ", "))
		fmt.Fprintf(&b, "fn f%d(%s) -> U%d;\n", c, list, c)
		fmt.Fprintf(&b, "event e%d(%s);\n", c, list)
		fmt.Fprintf(&b, "host fn h%d(%s) -> S%d;\n", c, list, c)
		add(fmt.Sprintf("macros_S%d", c), members)
		add(fmt.Sprintf("macros_U%d", c), append([]string{"tag"}, armMembers...))
		add(fmt.Sprintf("macros_fn_f%d_args", c), members)
		add(fmt.Sprintf("macros_event_e%d_args", c), members)
		add(fmt.Sprintf("macros_host_h%d_args", c), members)
	}
	return b.String(), types, order
}

// layoutC is a C program printing the size of each of types and the offset
// and size of each member, one "key value" line each.
func layoutC(includes []string, header string, types map[string][]string, order []string) string {
	var b strings.Builder
	for _, h := range includes {
		fmt.Fprintf(&b, "#include <%s>\n", h)
	}
	fmt.Fprintf(&b, "#include <stddef.h>\n#include <stdio.h>\n#include \"%s\"\n\nint main(void) {\n", header)
	for _, typ := range order {
		fmt.Fprintf(&b, "    printf(\"sizeof %s %%zu\\n\", sizeof(%s));\n", typ, typ)
		for _, m := range types[typ] {
			fmt.Fprintf(&b, "    printf(\"offsetof %s.%s %%zu\\n\", offsetof(%s, %s));\n", typ, m, typ, m)
			fmt.Fprintf(&b, "    printf(\"sizeof %s.%s %%zu\\n\", sizeof(((%s*)0)->%s));\n", typ, m, typ, m)
		}
	}
	b.WriteString("    return 0;\n}\n")
	return b.String()
}

// layoutGo is the same program in Go, as cgo sees the types through the
// preamble the generated Go packages use: the library's own view (union
// arms are not members to cgo, so unions show their size only).
func layoutGo(header string, types map[string][]string, order []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package main\n\n/*\n#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"%s\"\n*/\nimport \"C\"\n\n", header)
	b.WriteString("import (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\nfunc main() {\n")
	for i, typ := range order {
		fmt.Fprintf(&b, "\tvar v%d C.%s\n\tfmt.Println(\"sizeof %s\", unsafe.Sizeof(v%d))\n", i, typ, typ, i)
		for _, m := range types[typ] {
			if strings.HasPrefix(m, "as.") {
				continue
			}
			fmt.Fprintf(&b, "\tfmt.Println(\"offsetof %s.%s\", unsafe.Offsetof(v%d.%s))\n", typ, m, i, m)
			fmt.Fprintf(&b, "\tfmt.Println(\"sizeof %s.%s\", unsafe.Sizeof(v%d.%s))\n", typ, m, i, m)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// TestMacroNamedMembers: members named like libc macros (h_addr, st_mtime,
// sa_handler, si_pid, s6_addr, ifr_name, stdin, ...) are escaped, so a
// host that includes the usual system headers before the library's header
// compiles it in C (c99, gnu11, c11 with _GNU_SOURCE) and C++ (c++17,
// gnu++17) with every warning an error, and sees every struct, union and
// args struct with the size, and every member at the offset and with the
// size, that the header alone gives and that the library's Go side (cgo)
// sees.
func TestMacroNamedMembers(t *testing.T) {
	var words []string
	for _, w := range libcMacros {
		if names.IsSnake(w) {
			words = append(words, w)
		}
	}
	checkLayouts(t, words)
}

// TestHAddrLayout: a member h_addr alone, which <netdb.h> rewrites to
// h_addr_list[0] in GNU modes without any warning, the host's struct then
// 8 bytes smaller than the library's; escaped, the layouts agree.
func TestHAddrLayout(t *testing.T) { checkLayouts(t, []string{"h_addr"}) }

// checkLayouts generates macroInterface(words) and compares its layouts
// (TestMacroNamedMembers).
func checkLayouts(t *testing.T, words []string) {
	src, types, order := macroInterface(words)
	h := gen1(t, source(t, "macros.ffi", src))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, h.path), h.content, 0o666); err != nil {
		t.Fatal(err)
	}
	run := func(cc string, args []string, includes []string) string {
		t.Helper()
		ext := ".c"
		if cc == "g++" {
			ext = ".cpp"
		}
		name := fmt.Sprintf("layout%d", len(includes))
		file, exe := filepath.Join(dir, name+ext), filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(layoutC(includes, h.path, types, order)), 0o666); err != nil {
			t.Fatal(err)
		}
		args = append(slices.Clone(args), "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", exe, file)
		if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%.3000s", cc, strings.Join(args, " "), err, out)
		}
		out, err := exec.Command(exe).Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	want := run("gcc", []string{"-std=c99"}, nil) // the header alone
	for _, mode := range [][]string{
		{"gcc", "-std=c99"}, {"gcc", "-std=gnu11"}, {"gcc", "-std=c11", "-D_GNU_SOURCE"},
		{"g++", "-std=c++17"}, {"g++", "-std=gnu++17"},
	} {
		if got := run(mode[0], mode[1:], hostHeaders); got != want {
			t.Errorf("%s after the system headers: the layout differs from the header's alone:\n%s", strings.Join(mode, " "), lineDiff(want, got))
		}
	}

	// The Go side's view, through cgo.
	godir := filepath.Join(dir, "cgo")
	if err := os.Mkdir(godir, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"go.mod":  []byte("module layout\n\ngo 1.22\n"),
		"main.go": []byte(layoutGo(h.path, types, order)),
		h.path:    h.content,
	} {
		if err := os.WriteFile(filepath.Join(godir, name), content, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = godir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go run (cgo view): %v\n%.3000s", err, stderr)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(want, "\n") {
		lines[l] = true
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		n++
		if !lines[l] {
			t.Errorf("cgo sees %q, which the header alone does not give", l)
		}
	}
	if n < len(order) {
		t.Errorf("the cgo view printed %d lines for %d types", n, len(order))
	}
}

// lineDiff lists the lines of want and got that differ (both have one line
// per key, in the same order).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "  want %q\n   got %q\n", a, c)
		}
	}
	return b.String()
}
