package golang

import (
	"strconv"
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes the host side: for library L, the package L/client
// (package name client), a typed Go client of any library implementing
// L.h, whatever language implemented it. It reaches the library through
// the C entry points only, so it links against a C library (cgo flags)
// or against L's generated library package in the same binary:
//
//	L.h        the header, so the package is self-contained
//	types.go   the same Go types as the library package (types.go of L/)
//	codec.go   CBOR conversions and the parameters of every call
//	client.go  Open, Client (one method per fn, On<Event> per event), Host,
//	           a function per static fn, and the cgo calls of every entry point
//
// Plain fns of flat shapes call their native entry point (host_native.go),
// every other call the CBOR one (docs/go.md measures why);
// runtime/go/fficlient holds everything that does not depend on the
// interface.

// hostNames are the client package's own names: Client methods and
// package-level functions, decided once.
type hostNames struct {
	methods map[any]string // *idl.Func, *idl.Event -> Client method
	statics map[*idl.Func]string
}

func (g *gen) newHostNames() *hostNames {
	h := &hostNames{methods: map[any]string{}, statics: map[*idl.Func]string{}}
	top := scope{}
	for _, a := range api {
		top.take(a)
	}
	for _, v := range g.root.types {
		top[v] = true
	}
	for _, v := range g.root.members {
		top[v] = true
	}
	for _, v := range g.root.arms {
		top[v] = true
	}
	for _, v := range g.root.consts {
		top[v] = true
	}
	ms := scope{"Close": true, "Context": true}
	for _, f := range g.m.Funcs {
		if f.Kind.IsStatic() {
			h.statics[f] = top.take(g.n.funcs[f])
		} else {
			h.methods[f] = ms.take(g.n.funcs[f])
		}
	}
	for _, e := range g.m.Events {
		h.methods[e] = ms.take("On" + g.n.events[e])
	}
	return h
}

// decErr writes the decoder of a typed error: the error value, or why
// it does not decode.
func (g *gen) decErr(p *printer, d idl.TypeDecl) {
	name := d.DeclName()
	t := &idl.Type{Kind: declKind(d)}
	switch d := d.(type) {
	case *idl.Struct:
		t.Struct = d
	case *idl.Enum:
		t.Enum = d
	case *idl.Union:
		t.Union = d
	}
	p.P("// DecErr_", name, " decodes a typed error: the error value, or why it does not decode.")
	p.P("func DecErr_", name, "(d *fficrt.Decoder) (error, error) {")
	p.P("var v ", g.n.types[d])
	p.P("if err := Dec_", key(t), "(d, &v); err != nil { return nil, err }")
	p.P("return v, nil")
	p.P("}")
	p.P()
}

func declKind(d idl.TypeDecl) idl.Kind {
	switch d.(type) {
	case *idl.Struct:
		return idl.StructT
	case *idl.Enum:
		return idl.EnumT
	}
	return idl.UnionT
}

// cwrap is the name of a C helper of the preamble.
func cwrap(what, name string) string { return "fficc_" + what + "_" + name }

// clientPreamble declares the runtime's callbacks and one C helper per
// entry point, taking user_data as an integer (so the Go side never turns
// a handle into a pointer) and choosing the callback.
func (g *gen) clientPreamble() string {
	n := g.cn
	var b strings.Builder
	w := func(s ...string) { b.WriteString(strings.Join(s, "") + "\n") }
	w("#include <stdint.h>")
	w("#include <stdlib.h>")
	w("#include <string.h>")
	w("#cgo CFLAGS: -I${SRCDIR}/..")
	w(`#include "`, g.m.Library, `.h"`)
	w()
	w("#if ", n.Macro("FFIC_ABI_VERSION"), " != 1")
	w(`#error "`, g.m.Library, `.h follows another ffic ABI than this client (1)"`)
	w("#endif")
	w()
	w("extern void fficlient1_slot_cb(void*, int32_t, uint64_t, const uint8_t*, size_t);")
	w("extern void fficlient1_cb(void*, int32_t, uint64_t, const uint8_t*, size_t);")
	w()
	// cgo writes the wrappers of the C functions Go calls sorted by name,
	// upper case first: this helper's (called by Open) comes first, so the
	// linker reports its reference to the link hint first.
	w("// Undefined reference to ", n.LinkHint(), "?")
	w("// This binary holds the client of ", g.m.Library, " but no implementation of it: import the package of the Go")
	w("// implementation, or link the C library by cgo LDFLAGS (ffic's docs/go.md, Linking).")
	w("static uint32_t FFICC_abi_version(void) {")
	w("    ", n.LinkHint(), "();")
	w("    return ", n.Own("abi_version"), "();")
	w("}")
	w("// Defined by Go implementations only (their abi.c): the Go runtime they run in.")
	w("extern uintptr_t ", n.Own("ffic_go_runtime"), "(void) __attribute__((weak));")
	w("static uintptr_t fficc_go_runtime(void) {")
	w("    return ", n.Own("ffic_go_runtime"), " != NULL ? ", n.Own("ffic_go_runtime"), "() : 0;")
	w("}")
	w("static int32_t fficc_new(const uint8_t* p, size_t n, void* slot) {")
	w("    return ", n.Own("cbor_new"), "(p, n, fficlient1_slot_cb, slot);")
	w("}")
	w("static const char* fficc_last_error(size_t* len) {")
	w("    ", n.Own("str"), " s = ", n.Own("last_error"), "();")
	w("    *len = s.len;")
	w("    return s.ptr;")
	w("}")
	for _, f := range g.m.Funcs {
		ctx, arg := "uint64_t ctx, ", "ctx, "
		if f.Kind.IsStatic() {
			ctx, arg = "", ""
		}
		w("static int32_t ", cwrap("call", f.Name), "(", ctx, "const uint8_t* p, size_t n, void* slot, uintptr_t ud) {")
		w("    if (slot != NULL) {")
		w("        return ", n.Category("cbor_call", f.Name), "(", arg, "p, n, fficlient1_slot_cb, slot);")
		w("    }")
		w("    return ", n.Category("cbor_call", f.Name), "(", arg, "p, n, fficlient1_cb, (void*)ud);")
		w("}")
	}
	g.nativePreamble(w)
	for _, e := range g.m.Events {
		w("static int32_t ", cwrap("listen", e.Name), "(uint64_t ctx, uintptr_t ud, uint64_t* id) {")
		w("    return ", n.Category("cbor_listen", e.Name), "(ctx, fficlient1_cb, (void*)ud, id);")
		w("}")
	}
	for _, f := range g.m.HostFuncs {
		w("static int32_t ", cwrap("implement", f.Name), "(uint64_t ctx, uintptr_t ud) {")
		w("    return ", n.Category("cbor_implement", f.Name), "(ctx, ud != 0 ? fficlient1_cb : NULL, (void*)ud);")
		w("}")
	}
	return b.String()
}

func (g *gen) clientFile(p *printer) {
	hn := g.newHostNames()
	g.head(p, func(p *printer) {
		doc := "Package client is a Go client of the library " + g.m.Library + ", whatever language implemented it."
		if g.m.Doc != "" {
			doc += "\n\n" + g.m.Doc
		}
		p.Doc(doc, "Open creates a context of the library and returns a Client with one method per fn; "+
			"static fns are functions of this package. The package calls the C entry points of "+g.m.Library+".h: "+
			"link it with a library implementing them (cgo LDFLAGS for a C library, or the library's generated Go package "+
			"imported into the same binary). See ffic's docs/go.md.")
	}, g.clientPreamble())
	p.Doc("", "Fingerprint identifies the interface this package was generated from; Open refuses a library built from another.")
	p.P("const Fingerprint = ", strconv.Quote(g.m.Fingerprint))
	p.P()
	p.Doc("", "The host runtime must be one this package was generated for: an older one fails to compile here; update github.com/ffic/ffic.")
	p.P("const _ = fficlient.SupportPackageIsVersion1")
	p.P()
	g.hostLib(p)
	g.hostStruct(p)
	g.openFunc(p)
	for _, f := range g.m.Funcs {
		g.clientCall(p, hn, f)
	}
	for _, e := range g.m.Events {
		g.clientEvent(p, hn, e)
	}
	g.hostNativeConversions(p)
}
