package golang

import (
	"strconv"
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes the native path of the client: a plain fn (static or
// not) whose parameters, result and typed error are all flat — scalars
// other than string and bytes, enums, and structs of flat fields — calls
// the native entry point instead of the CBOR one. Its C values hold no
// pointer, so (docs/go.md measures why this is worth it):
//
//   - the args struct is built on the Go stack and passed to a C helper
//     by value (no Go pointer crosses, nothing escapes);
//   - a generated C callback copies the result (or the typed error) into
//     a struct the helper returns by value, on the calling thread, and
//     mallocs a copy of an error message only when there is one;
//   - no encoding, no decoding, no pooled slot: one cgo call per call.
//
// Every other fn keeps the CBOR path, whose one callback signature serves
// every shape. fficlient.CBOROnly turns the native path off (tests and
// benchmarks compare both).

// isFlat reports whether the C form of t holds no pointer.
func isFlat(t *idl.Type) bool {
	switch t.Kind {
	case idl.String, idl.Bytes:
		return false
	case idl.EnumT:
		return true
	case idl.StructT:
		for _, f := range t.Struct.Fields {
			if !isFlat(f.Type) {
				return false
			}
		}
		return true
	}
	return isScalar(t)
}

// isNativeCall reports whether the client calls f's native entry point.
func isNativeCall(f *idl.Func) bool {
	if f.Kind.IsAsync() {
		return false // completes on a library thread: the CBOR path's one callback into Go serves it
	}
	for _, p := range f.Params {
		if !isFlat(p.Type) {
			return false
		}
	}
	return (f.Result == nil || isFlat(f.Result)) && (f.Throws == nil || isFlat(f.Throws))
}

// nativeTypes are the non-scalar types the native calls convert, each once
// (they are flat, so their fields are too), in collectTypes' order.
func (g *gen) nativeTypes() []*idl.Type {
	used := map[string]bool{}
	var mark func(t *idl.Type)
	mark = func(t *idl.Type) {
		if t == nil || isScalar(t) || used[key(t)] {
			return
		}
		used[key(t)] = true
		if t.Kind == idl.StructT {
			for _, f := range t.Struct.Fields {
				mark(f.Type)
			}
		}
	}
	for _, f := range g.m.Funcs {
		if isNativeCall(f) {
			for _, p := range f.Params {
				mark(p.Type)
			}
			mark(f.Result)
			mark(f.Throws)
		}
	}
	var out []*idl.Type
	for _, t := range g.collectTypes() {
		if used[key(t)] {
			out = append(out, t)
		}
	}
	return out
}

// hostNativeConversions writes the conversions of the flat types the
// native calls use (nothing when there are none).
func (g *gen) hostNativeConversions(p *printer) {
	for _, t := range g.nativeTypes() {
		k := key(t)
		gt, ct := g.goType(t), g.cgoType(t)
		p.P("func fromC_", k, "(p *", ct, ", v *", gt, ", depth int) error {")
		g.fromCBody(p, t)
		p.P("}")
		p.P()
		p.P("func toC_", k, "(a *", g.arena, ", v *", gt, ", p *", ct, ", depth int) error {")
		g.toCBody(p, t)
		p.P("}")
		p.P()
	}
}

// nativePreamble is the C of the native calls: per fn a result struct
// (fficnres_<fn>), a callback filling it (fficncb_<fn>) and a helper taking
// the args by value (fficncall_<fn>); the prefixes differ before the fn's
// name, so no two fns' names meet.
func (g *gen) nativePreamble(w func(s ...string)) {
	n := g.cn
	for _, f := range g.m.Funcs {
		if !isNativeCall(f) {
			continue
		}
		res := "fficnres_" + f.Name
		w("typedef struct {")
		w("    int32_t ret, status, done;")
		if f.Result != nil {
			w("    ", n.CType(f.Result), " result;")
		}
		if f.Throws != nil {
			w("    ", n.CType(f.Throws), " error;")
		}
		w("    char* msg;")
		w("    size_t msg_len;")
		w("} ", res, ";")
		cb := []string{"void* ud", n.Own("status") + " st"}
		if f.Result != nil {
			cb = append(cb, "const "+n.CType(f.Result)+"* result")
		}
		cb = append(cb, n.Own("str")+" message")
		if f.Throws != nil {
			cb = append(cb, "const "+n.CType(f.Throws)+"* error")
		}
		w("static void fficncb_", f.Name, "(", strings.Join(cb, ", "), ") {")
		w("    ", res, "* r = (", res, "*)ud;")
		w("    r->done = 1;")
		w("    r->status = st;")
		if f.Result != nil {
			w("    if (result != NULL) { r->result = *result; }")
		}
		if f.Throws != nil {
			w("    if (error != NULL) { r->error = *error; }")
		}
		w("    if (message.len > 0 && message.ptr != NULL && (r->msg = (char*)malloc(message.len)) != NULL) {")
		w("        memcpy(r->msg, message.ptr, message.len);")
		w("        r->msg_len = message.len;")
		w("    }")
		w("}")
		var ps, args []string
		if !f.Kind.IsStatic() {
			ps, args = append(ps, "uint64_t ctx"), append(args, "ctx")
		}
		if len(f.Params) > 0 {
			ps, args = append(ps, n.PerCall("fn", f.Name, "args")+" args"), append(args, "&args")
		}
		if len(ps) == 0 {
			ps = []string{"void"}
		}
		args = append(args, "fficncb_"+f.Name, "&r")
		w("static ", res, " fficncall_", f.Name, "(", strings.Join(ps, ", "), ") {")
		w("    ", res, " r;")
		w("    memset(&r, 0, sizeof r);")
		w("    r.ret = ", n.Category("call", f.Name), "(", strings.Join(args, ", "), ");")
		w("    if (r.ret == 0 && !r.done) { r.status = -2; }")
		w("    return r;")
		w("}")
	}
}

// nativeCall writes the body of a native fn's method: the Go values to
// C, the helper's call, the result or error back to Go. Its locals (in,
// a, st) are in localsClient, which param escapes.
func (g *gen) nativeCall(p *printer, f *idl.Func) {
	ret := "err"
	if f.Result != nil {
		ret = "res, err"
	}
	op := strconv.Quote(f.Name)
	if len(f.Params) > 0 {
		p.P("var in C.", g.cn.PerCall("fn", f.Name, "args"))
		for _, x := range f.Params {
			if !isScalar(x.Type) {
				p.P("var a *", g.arena, " // flat values need no C memory")
				break
			}
		}
		for _, x := range f.Params {
			p.P(g.toC(x.Type, g.param(x.Name, localsClient), "in."+cField(x.Name), "2", func(err string) string {
				return ret[:len(ret)-3] + "fficlient.InvalidArgument(" + op + ", " + rootWrap(x.Name)(err) + ")"
			}))
		}
	}
	var args []string
	if !f.Kind.IsStatic() {
		args = append(args, "C.uint64_t(c.rt.Handle())")
	}
	if len(f.Params) > 0 {
		args = append(args, "in")
	}
	p.P("st := C.fficncall_", f.Name, "(", strings.Join(args, ", "), ")")
	typed := "nil"
	if f.Throws != nil {
		typed = "func() (error, error) { var x " + g.goType(f.Throws) + "; " +
			g.fromC(f.Throws, "st.error", "x", "1", func(e string) string { return "nil, " + e }) + "; return x, nil }"
	}
	p.P("if err = fficlient.Native(&lib, ", op, ", int32(st.ret), int32(st.status), unsafe.Pointer(st.msg), int(st.msg_len), ", typed, "); err != nil {")
	p.P("return ", ret)
	p.P("}")
	if f.Result != nil {
		p.P(g.fromC(f.Result, "st.result", "res", "1", func(e string) string {
			return "res, fficlient.InvalidResult(" + op + ", " + e + ")"
		}))
		p.P("return res, nil")
	} else {
		p.P("return nil")
	}
}
