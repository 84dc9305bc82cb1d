package golang

import (
	"strconv"
	"strings"

	c "github.com/ffic/ffic/backends/c"
	"github.com/ffic/ffic/idl"
)

// This file writes exports.go: one cgo export per entry point, named
// fficx_<ABI symbol> (abi.c defines the ABI symbol and forwards to it),
// the native completions, the runtime's descriptors of the library, and
// the C declarations of the trampolines abi.c defines.
//
// A plain call runs its handler inside the export, on the C caller's
// thread, and completes through a trampoline before returning: one cgo
// call back into C, no goroutine, no wake-up. An async call converts its
// input, starts a goroutine and returns.

// exportName is the Go export behind ABI symbol sym.
func exportName(sym string) string { return "fficx_" + sym }

// tramp is a C trampoline abi.c defines: ffict_<lib>_<what>.
func (g *gen) tramp(what string) string { return "ffict_" + g.m.Library + "_" + what }

// resultCPtr is the C type of a pointer to a result or error, as
// callbacks take it: "const uint64_t*", "const L_T* const*".
func (g *gen) resultCPtr(t *idl.Type) string {
	if c.IsPointerOpt(t) {
		return g.cn.CType(t) + " const*"
	}
	return "const " + g.cn.CType(t) + "*"
}

// resultCMut is the same without const, as cgo declares the export's
// parameter: "uint64_t*", "L_T**".
func (g *gen) resultCMut(t *idl.Type) string {
	if c.IsPointerOpt(t) {
		return g.cn.Type(t.Elem.Decl().DeclName()) + "**"
	}
	return g.cn.CType(t) + "*"
}

// trampolineDecls declares the trampolines (defined in abi.c) and the
// runtime's C functions, for the exports' preamble.
func (g *gen) trampolineDecls() string {
	var b strings.Builder
	hidden := "__attribute__((visibility(\"hidden\"))) "
	b.WriteString("#include <stdint.h>\n")
	b.WriteString(g.headerInclude())
	b.WriteString(hidden + "void ffic_rt1_enter(uint64_t ctx, uint64_t token);\n")
	b.WriteString(hidden + "void ffic_rt1_leave(void);\n")
	b.WriteString(hidden + "const char* ffic_rt1_last_error(size_t* len);\n")
	for _, s := range g.trampolines() {
		b.WriteString(hidden + "void " + s.name + "(" + s.params + ");\n")
	}
	return b.String()
}

type trampoline struct {
	name, params string
	call         string // the C call of the host's pointer
}

// trampolines are the C functions that call the host's function pointers
// between ffic_rt1_enter and ffic_rt1_leave (so destroy, unlisten and
// implement know which callbacks run on which thread).
func (g *gen) trampolines() []trampoline {
	var out []trampoline
	str := g.cn.Own("str")
	ctor := g.m.Ctor
	ps := "uint64_t ctx, uintptr_t cb, uintptr_t ud, int32_t status, const char* msg, size_t msg_len"
	call := "((" + g.cn.Own("ctor_cb") + ")cb)((void*)ud, status, ctx, m"
	if ctor.Throws != nil {
		ps += ", " + g.resultCPtr(ctor.Throws) + " error"
		call += ", error"
	}
	out = append(out, trampoline{g.tramp("ctor_done"), ps, str + " m = {msg, msg_len}; " + call + ");"})
	for _, f := range g.m.Funcs {
		ps := "uint64_t ctx, uintptr_t cb, uintptr_t ud, int32_t status"
		call := "((" + g.cn.PerCall("fn", f.Name, "cb") + ")cb)((void*)ud, status"
		switch {
		case flatResult(f):
			// By value: the result lives on this C frame, so a plain
			// call's result needs no C memory from the arena.
			ps += ", " + g.cn.CType(f.Result) + " result"
			call += ", status == 0 ? &result : NULL"
		case f.Result != nil:
			ps += ", " + g.resultCPtr(f.Result) + " result"
			call += ", result"
		}
		ps += ", const char* msg, size_t msg_len"
		call += ", m"
		if f.Throws != nil {
			ps += ", " + g.resultCPtr(f.Throws) + " error"
			call += ", error"
		}
		out = append(out, trampoline{g.tramp("done_" + f.Name), ps, str + " m = {msg, msg_len}; " + call + ");"})
	}
	for _, e := range g.m.Events {
		ps := "uint64_t ctx, uint64_t token, uintptr_t cb, uintptr_t ud, uint64_t listener"
		call := "((" + g.cn.PerCall("event", e.Name, "cb") + ")cb)((void*)ud, listener"
		if len(e.Params) > 0 {
			ps += ", const " + g.cn.PerCall("event", e.Name, "args") + "* args"
			call += ", args"
		}
		out = append(out, trampoline{g.tramp("event_" + e.Name), ps, call + ");"})
	}
	for _, f := range g.m.HostFuncs {
		ps := "uint64_t ctx, uint64_t token, uintptr_t cb, uintptr_t ud, uint64_t call_id"
		call := "((" + g.cn.PerCall("host", f.Name, "cb") + ")cb)((void*)ud, call_id"
		if len(f.Params) > 0 {
			ps += ", const " + g.cn.PerCall("host", f.Name, "args") + "* args"
			call += ", args"
		}
		out = append(out, trampoline{g.tramp("host_" + f.Name), ps, call + ");"})
	}
	return out
}

func (g *gen) exportsFile(p *printer) {
	g.head(p, nil, g.trampolineDecls())
	g.libVar(p)
	p.P("func rejectCall(c *fficlib.Context, st int32, msg string) C.", g.cn.Own("status"), " {")
	p.P("if c != nil {")
	p.P("return C.", g.cn.Own("status"), "(c.Reject(st, msg))")
	p.P("}")
	p.P("return C.", g.cn.Own("status"), "(fficlib.Reject(st, msg))")
	p.P("}")
	p.P()
	g.ctorExports(p)
	g.contextExports(p)
	for i, f := range g.m.Funcs {
		g.doneNative(p, f)
		g.callExports(p, i, f)
	}
	for i, e := range g.m.Events {
		g.eventExports(p, i, e)
	}
	for i, f := range g.m.HostFuncs {
		g.hostExports(p, i, f)
	}
	g.cborComplete(p)
}

func (g *gen) libVar(p *printer) {
	decl := 0
	p.P("var lib = &fficlib.Library{")
	p.P("Name: ", strconv.Quote(g.m.Library), ",")
	p.P("Funcs: []fficlib.FuncSpec{")
	for _, f := range g.m.Funcs {
		decl++
		p.P("{Name: ", strconv.Quote(f.Name), ", Decl: ", decl, ", Fail: fail_", f.Name, "},")
	}
	p.P("},")
	p.P("Events: []fficlib.EventSpec{")
	for _, e := range g.m.Events {
		decl++
		p.P("{Name: ", strconv.Quote(e.Name), ", Decl: ", decl, ", Native: event_", e.Name, "},")
	}
	p.P("},")
	p.P("Hosts: []fficlib.HostSpec{")
	for _, f := range g.m.HostFuncs {
		decl++
		p.P("{Name: ", strconv.Quote(f.Name), ", Decl: ", decl, ", Native: host_", f.Name, "},")
	}
	p.P("},")
	p.P("}")
	p.P()
	for _, f := range g.m.Funcs {
		p.P("func fail_", f.Name, "(ctx uint64, cb, ud uintptr, st int32, msg string) {")
		args := "C.uint64_t(ctx), C.uintptr_t(cb), C.uintptr_t(ud), C.int32_t(st)"
		switch {
		case flatResult(f):
			p.P("var r ", g.cgoType(f.Result))
			args += ", r"
		case f.Result != nil:
			args += ", nil"
		}
		args += ", (*C.char)(fficlib.StrPtr(msg)), C.size_t(len(msg))"
		if f.Throws != nil {
			args += ", nil"
		}
		p.P("C.", g.tramp("done_"+f.Name), "(", args, ")")
		p.P("}")
		p.P()
	}
	for _, e := range g.m.Events {
		p.P("func event_", e.Name, "(ctx, token uint64, cb, ud uintptr, id uint64, args unsafe.Pointer) {")
		a := "C.uint64_t(ctx), C.uint64_t(token), C.uintptr_t(cb), C.uintptr_t(ud), C.uint64_t(id)"
		if len(e.Params) > 0 {
			a += ", (*C." + g.cn.PerCall("event", e.Name, "args") + ")(args)"
		} else {
			p.P("_ = args")
		}
		p.P("C.", g.tramp("event_"+e.Name), "(", a, ")")
		p.P("}")
		p.P()
	}
	for _, f := range g.m.HostFuncs {
		p.P("func host_", f.Name, "(ctx, token uint64, cb, ud uintptr, id uint64, args unsafe.Pointer) {")
		a := "C.uint64_t(ctx), C.uint64_t(token), C.uintptr_t(cb), C.uintptr_t(ud), C.uint64_t(id)"
		if len(f.Params) > 0 {
			a += ", (*C." + g.cn.PerCall("host", f.Name, "args") + ")(args)"
		} else {
			p.P("_ = args")
		}
		p.P("C.", g.tramp("host_"+f.Name), "(", a, ")")
		p.P("}")
		p.P()
	}
}

func (g *gen) status() string { return "C." + g.cn.Own("status") }

// classify writes the classification of err into st, msg and (if the
// call throws) te.
func (g *gen) classify(p *printer, throws *idl.Type) {
	p.P("st, msg := fficrt.StatusOK, \"\"")
	if throws != nil {
		p.P("var te ", g.goType(throws))
	}
	p.P("if err != nil {")
	if throws != nil {
		p.P("if x, ok := ", g.q, "AsErr_", throws.Decl().DeclName(), "(err); ok {")
		p.P("te, st = x, fficrt.StatusTypedError")
		p.P("} else {")
		p.P("st, msg = fficrt.StatusError, fficrt.Message(err)")
		p.P("}")
	} else {
		p.P("st, msg = fficrt.StatusError, fficrt.Message(err)")
	}
	p.P("}")
}

// typedToC converts te into ep in the arena, when st is TYPED_ERROR.
func (g *gen) typedToC(p *printer, throws *idl.Type) string {
	if throws == nil {
		return ""
	}
	ec := g.cgoType(throws)
	p.P("var ep *", ec)
	p.P("if st == fficrt.StatusTypedError {")
	p.P("ep = fficlib.New[", ec, "](a)")
	p.P("if err := toC_", key(throws), "(a, &te, ep, 1); err != nil {")
	p.P(`st, msg, ep = fficrt.StatusError, fficrt.Message(fficrt.AtRoot("error", err)), nil`)
	p.P("}")
	p.P("}")
	return ", ep"
}

func (g *gen) doneNative(p *printer, f *idl.Func) {
	p.P("func done_native_", f.Name, "(c *fficlib.Context, cb, ud uintptr", g.resParam(f), ", err error) {")
	g.classify(p, f.Throws)
	p.P("if c.CutShort(err) {")
	p.P("st, msg = fficrt.StatusClosed, fficlib.MsgTimedOut")
	p.P("}")
	// A flat result goes to the trampoline by value; only pointers need
	// C memory.
	arena := f.Throws != nil || f.Result != nil && !flatResult(f)
	if arena {
		p.P("a := fficlib.GetArena()")
	}
	args := "C.uint64_t(c.Handle()), C.uintptr_t(cb), C.uintptr_t(ud), C.int32_t(st)"
	if flatResult(f) {
		rc := g.cgoType(f.Result)
		p.P("var r ", rc)
		p.P("if st == fficrt.StatusOK {")
		if isScalar(f.Result) {
			p.P("r = ", rc, "(*res)")
		} else {
			p.P("if err := toC_", key(f.Result), "(nil, res, &r, 1); err != nil {")
			p.P(`st, msg = fficrt.StatusError, fficrt.Message(fficrt.AtRoot("result", err))`)
			p.P("}")
		}
		p.P("}")
		args += ", r"
	} else if f.Result != nil {
		rc := g.cgoType(f.Result)
		p.P("var rp *", rc)
		p.P("if st == fficrt.StatusOK {")
		p.P("rp = fficlib.New[", rc, "](a)")
		if isScalar(f.Result) {
			p.P("*rp = ", rc, "(*res)")
		} else {
			p.P("if err := toC_", key(f.Result), "(a, res, rp, 1); err != nil {")
			p.P(`st, msg, rp = fficrt.StatusError, fficrt.Message(fficrt.AtRoot("result", err)), nil`)
			p.P("}")
		}
		p.P("}")
		args += ", rp"
	}
	ep := g.typedToC(p, f.Throws)
	args += ", (*C.char)(fficlib.StrPtr(msg)), C.size_t(len(msg))" + ep
	p.P("C.", g.tramp("done_"+f.Name), "(", args, ")")
	if arena {
		p.P("a.Release()")
	}
	p.P("}")
	p.P()
}

// flatResult reports whether f's result is passed to its done trampoline
// by value: a result whose C form holds no pointer.
func flatResult(f *idl.Func) bool { return f.Result != nil && isFlat(f.Result) }

func (g *gen) ctorExports(p *printer) {
	ctor := g.m.Ctor
	st := g.status()
	// newContext runs the ctor and publishes the context.
	p.P("func newContext(in *ctorArgs) (uint64, error) {")
	p.P("c := lib.NewContext()")
	p.P("impl, err := runCtor(c.Ctx(), Env{Events{c}, Host{c}}, in)")
	p.P("if err != nil {")
	p.P("c.Discard()")
	p.P("return 0, err")
	p.P("}")
	p.P("h := c.Publish(impl)")
	p.P("if h == 0 {")
	p.P("return 0, errors.New(\"too many contexts\")")
	p.P("}")
	p.P("return h, nil")
	p.P("}")
	p.P()

	newName := g.cn.Own("new")
	params := "cb, ud C.uintptr_t"
	if len(ctor.Params) > 0 {
		params = "args *C." + g.cn.Own("ctor_args") + ", " + params
	}
	p.P("//export ", exportName(newName))
	p.P("func ", exportName(newName), "(", params, ") ", st, " {")
	p.P("if cb == 0 {")
	p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(newName+": cb is NULL"), "))")
	p.P("}")
	p.P("var in ctorArgs")
	if len(ctor.Params) > 0 {
		p.P("if args == nil {")
		p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(newName+": args is NULL"), "))")
		p.P("}")
		p.P("if err := in.fromC(args); err != nil {")
		p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(newName+": "), "+err.Error()))")
		p.P("}")
	}
	p.P("h, err := newContext(&in)")
	g.classify(p, ctor.Throws)
	p.P("a := fficlib.GetArena()")
	ep := g.typedToC(p, ctor.Throws)
	p.P("C.", g.tramp("ctor_done"), "(C.uint64_t(h), C.uintptr_t(cb), C.uintptr_t(ud), C.int32_t(st), (*C.char)(fficlib.StrPtr(msg)), C.size_t(len(msg))", ep, ")")
	p.P("a.Release()")
	p.P("return 0")
	p.P("}")
	p.P()

	cborNew := g.cn.Own("cbor_new")
	p.P("//export ", exportName(cborNew))
	p.P("func ", exportName(cborNew), "(data *C.uint8_t, n C.size_t, cb, ud C.uintptr_t, enqueue C.int) ", st, " {")
	p.P("if cb == 0 || enqueue != 0 {")
	p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(cborNew+": cb is NULL or "+g.cn.Own("enqueue")), "))")
	p.P("}")
	p.P("if data == nil && n > 0 {")
	p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(cborNew+": data is NULL"), "))")
	p.P("}")
	p.P("if err := fficlib.ArrayFromC(unsafe.Pointer(data), uint64(n), 1); err != nil {")
	p.P("return ", st, "(fficlib.Reject(fficrt.StatusInvalidArgument, ", strconv.Quote(cborNew+": data: "), "+err.Error()))")
	p.P("}")
	p.P("var in ctorArgs")
	p.P("d := fficrt.GetDecoder(fficlib.BytesOf(unsafe.Pointer(data), uint64(n)), \"ctor\")")
	p.P("err := in.decode(d)")
	p.P("if err == nil {")
	p.P("err = d.Finish()")
	p.P("}")
	p.P("fficrt.PutDecoder(d)")
	p.P("if err != nil {")
	p.P("return ", st, "(fficlib.Reject(fficrt.StatusDecodeError, ", strconv.Quote(cborNew+": "), "+err.Error()))")
	p.P("}")
	p.P("h, err := newContext(&in)")
	p.P("e := fficrt.GetEncoder()")
	p.P("status := fficrt.StatusOK")
	p.P("switch {")
	p.P("case err == nil:")
	p.P("e.WriteNull()")
	if ctor.Throws != nil {
		p.P("case func() bool { _, ok := ", g.q, "AsErr_", ctor.Throws.Decl().DeclName(), "(err); return ok }():")
		p.P("x, _ := ", g.q, "AsErr_", ctor.Throws.Decl().DeclName(), "(err)")
		p.P("status = fficrt.StatusTypedError")
		p.P("if err := ", g.q, "Enc_", key(ctor.Throws), "(e, &x, 1); err != nil {")
		p.P("status = fficrt.StatusError")
		p.P("e.Reset()")
		p.P(`e.WriteString(fficrt.Message(fficrt.AtRoot("error", err)))`)
		p.P("}")
	}
	p.P("default:")
	p.P("status = fficrt.StatusError")
	p.P("e.WriteString(fficrt.Message(err))")
	p.P("}")
	p.P("fficlib.CallCBOR(h, uintptr(cb), uintptr(ud), status, h, e.Bytes())")
	p.P("fficrt.PutEncoder(e)")
	p.P("return 0")
	p.P("}")
	p.P()
}

func (g *gen) contextExports(p *printer) {
	st := g.status()
	ctx := "h C." + g.cn.Own("context")
	one := func(sym, params, body string) {
		p.P("//export ", exportName(sym))
		p.P("func ", exportName(sym), "(", params, ") ", st, " {")
		p.P("return ", st, "(", body, ")")
		p.P("}")
		p.P()
	}
	one(g.cn.Own("destroy"), ctx+", timeout C.int32_t", "lib.Destroy(uint64(h), int32(timeout))")
	one(g.cn.Own("dropped_events"), ctx+", count *C.uint64_t", "lib.DroppedEvents(uint64(h), (*uint64)(unsafe.Pointer(count)))")
	one(g.cn.Own("unlisten"), ctx+", id C.uint64_t", "lib.Unlisten(uint64(h), uint64(id))")
	one(g.cn.Own("poll"), ctx+", items unsafe.Pointer, capacity C.size_t, timeout C.int32_t, count *C.size_t",
		"lib.Poll(uint64(h), items, uint64(capacity), int32(timeout), (*uint64)(unsafe.Pointer(count)))")
	one(g.cn.Own("poll_wake"), ctx, "lib.PollWake(uint64(h))")
	one(g.cn.Own("poll_notify"), ctx+", fd C.int", "lib.PollNotify(uint64(h), int32(fd))")
	one(g.cn.Own("cbor_inline"), ctx+", cb C.uintptr_t", "lib.SetInline(uint64(h), uintptr(cb))")
}

func (g *gen) callExports(p *printer, i int, f *idl.Func) {
	st := g.status()
	static := f.Kind.IsStatic()
	call := g.cn.Category("call", f.Name)
	cborCall := g.cn.Category("cbor_call", f.Name)
	ctxParam := "h C." + g.cn.Own("context") + ", "
	if static {
		ctxParam = ""
	}
	begin := func() {
		if static {
			p.P("var c *fficlib.Context")
			return
		}
		p.P("c, s := lib.Begin(uint64(h))")
		p.P("if s != fficrt.StatusOK {")
		p.P("return ", st, "(s)")
		p.P("}")
	}
	ctxExpr, implExpr := "c.Ctx()", "c.Impl.(Impl)"
	if static {
		ctxExpr, implExpr = "context.Background()", "staticImpl"
	}
	resVar := "herr"
	resArg := ""
	if f.Result != nil {
		resVar = "res, herr"
		resArg = ", &res"
	}
	run := func(done string) {
		if f.Kind.IsAsync() {
			p.P("impl := ", implExpr)
			p.P("go func() {")
			p.P("call.GrowStack()")
			p.P(resVar, " := run_", f.Name, "(", ctxExpr, ", impl, &in)")
			p.P("if call.Claim() {")
			p.P(done)
			p.P("call.Finish()")
			p.P("}")
			p.P("}()")
		} else {
			p.P(resVar, " := run_", f.Name, "(", ctxExpr, ", ", implExpr, ", &in)")
			p.P(done)
			if !static {
				p.P("c.End()")
			}
		}
		p.P("return 0")
	}

	// Native.
	params := ctxParam
	if len(f.Params) > 0 {
		params += "args *C." + g.cn.PerCall("fn", f.Name, "args") + ", "
	}
	p.P("//export ", exportName(call))
	p.P("func ", exportName(call), "(", params, "cb, ud C.uintptr_t) ", st, " {")
	begin()
	p.P("if cb == 0 {")
	p.P("return rejectCall(c, fficrt.StatusInvalidArgument, ", strconv.Quote(call+": cb is NULL"), ")")
	p.P("}")
	p.P("var in args_", f.Name)
	if len(f.Params) > 0 {
		p.P("if args == nil {")
		p.P("return rejectCall(c, fficrt.StatusInvalidArgument, ", strconv.Quote(call+": args is NULL"), ")")
		p.P("}")
		p.P("if err := in.fromC(args); err != nil {")
		p.P("return rejectCall(c, fficrt.StatusInvalidArgument, ", strconv.Quote(call+": "), "+err.Error())")
		p.P("}")
	}
	if f.Kind.IsAsync() {
		p.P("call := lib.StartAsync(c, ", i, ", fficlib.Native, uintptr(cb), uintptr(ud))")
	}
	run("done_native_" + f.Name + "(c, uintptr(cb), uintptr(ud)" + resArg + ", herr)")
	p.P("}")
	p.P()

	// CBOR.
	p.P("//export ", exportName(cborCall))
	p.P("func ", exportName(cborCall), "(", ctxParam, "data *C.uint8_t, n C.size_t, cb, ud C.uintptr_t, enqueue C.int) ", st, " {")
	begin()
	if static {
		p.P("if cb == 0 || enqueue != 0 {")
		p.P("return rejectCall(c, fficrt.StatusInvalidArgument, ", strconv.Quote(cborCall+": cb is NULL or "+g.cn.Own("enqueue")+" (a static fn has no queue)"), ")")
	} else {
		p.P("if cb == 0 {")
		p.P("return rejectCall(c, fficrt.StatusInvalidArgument, ", strconv.Quote(cborCall+": cb is NULL"), ")")
	}
	p.P("}")
	p.P("var in args_", f.Name)
	p.P("if s := fficlib.DecodeRequest(c, ", strconv.Quote(cborCall), ", ", strconv.Quote(f.Name), ", unsafe.Pointer(data), uint64(n), &in, (*args_", f.Name, ").decode); s != fficrt.StatusOK {")
	p.P("return ", st, "(s)")
	p.P("}")
	p.P("mode := fficlib.CBORMode(enqueue != 0)")
	if f.Kind.IsAsync() {
		p.P("call := lib.StartAsync(c, ", i, ", mode, uintptr(cb), uintptr(ud))")
	}
	run(g.doneCBORCall(i, f))
	p.P("}")
	p.P()
}

func (g *gen) eventExports(p *printer, i int, e *idl.Event) {
	st := g.status()
	ctx := "h C." + g.cn.Own("context")
	listen := g.cn.Category("listen", e.Name)
	p.P("//export ", exportName(listen))
	p.P("func ", exportName(listen), "(", ctx, ", cb, ud C.uintptr_t, id *C.uint64_t) ", st, " {")
	p.P("return ", st, "(lib.Listen(uint64(h), ", i, ", fficlib.Native, uintptr(cb), uintptr(ud), (*uint64)(unsafe.Pointer(id))))")
	p.P("}")
	p.P()
	cbor := g.cn.Category("cbor_listen", e.Name)
	p.P("//export ", exportName(cbor))
	p.P("func ", exportName(cbor), "(", ctx, ", cb, ud C.uintptr_t, enqueue C.int, id *C.uint64_t) ", st, " {")
	p.P("return ", st, "(lib.Listen(uint64(h), ", i, ", fficlib.CBORMode(enqueue != 0), uintptr(cb), uintptr(ud), (*uint64)(unsafe.Pointer(id))))")
	p.P("}")
	p.P()
}

func (g *gen) hostExports(p *printer, i int, f *idl.Func) {
	st := g.status()
	ctx := "h C." + g.cn.Own("context")
	impl := g.cn.Category("implement", f.Name)
	p.P("//export ", exportName(impl))
	p.P("func ", exportName(impl), "(", ctx, ", cb, ud C.uintptr_t) ", st, " {")
	p.P("return ", st, "(lib.Implement(uint64(h), ", i, ", fficlib.Native, uintptr(cb), uintptr(ud)))")
	p.P("}")
	p.P()
	cbor := g.cn.Category("cbor_implement", f.Name)
	p.P("//export ", exportName(cbor))
	p.P("func ", exportName(cbor), "(", ctx, ", cb, ud C.uintptr_t, enqueue C.int) ", st, " {")
	p.P("return ", st, "(lib.Implement(uint64(h), ", i, ", fficlib.CBORMode(enqueue != 0), uintptr(cb), uintptr(ud)))")
	p.P("}")
	p.P()
	complete := g.cn.Category("complete", f.Name)
	params := []string{ctx, "id C.uint64_t", "status " + st}
	args := []string{"int32(status)"}
	if f.Result != nil {
		params = append(params, "result *"+g.cgoType(f.Result))
		args = append(args, "result")
	}
	params = append(params, "mp *C.char", "mn C.size_t")
	args = append(args, "mp", "mn")
	if f.Throws != nil {
		params = append(params, "ep *"+g.cgoType(f.Throws))
		args = append(args, "ep")
	}
	p.P("//export ", exportName(complete))
	p.P("func ", exportName(complete), "(", strings.Join(params, ", "), ") ", st, " {")
	p.P("c, s := lib.CheckHostCall(uint64(h), uint64(id), ", i, ")")
	p.P("if s != fficrt.StatusOK {")
	p.P("return ", st, "(s)")
	p.P("}")
	p.P("a, rej := answer_fromC_", f.Name, "(", strings.Join(args, ", "), ")")
	p.P("return ", st, "(c.Answer(uint64(id), ", i, ", a, rej))")
	p.P("}")
	p.P()
}

func (g *gen) cborComplete(p *printer) {
	st := g.status()
	sym := g.cn.Own("cbor_complete")
	p.P("//export ", exportName(sym))
	p.P("func ", exportName(sym), "(h C.", g.cn.Own("context"), ", id C.uint64_t, status ", st, ", data *C.uint8_t, n C.size_t) ", st, " {")
	p.P("c, i, s := lib.HostCall(uint64(h), uint64(id))")
	p.P("if s != fficrt.StatusOK {")
	p.P("return ", st, "(s)")
	p.P("}")
	p.P("if data == nil && n > 0 {")
	p.P("return ", st, "(c.Answer(uint64(id), i, fficlib.Answer{Status: fficrt.StatusError, Msg: \"invalid answer: data is NULL\"}, fficrt.StatusInvalidArgument))")
	p.P("}")
	p.P("if err := fficlib.ArrayFromC(unsafe.Pointer(data), uint64(n), 1); err != nil {")
	p.P("return ", st, "(c.Answer(uint64(id), i, fficlib.Answer{Status: fficrt.StatusError, Msg: \"invalid answer: data: \" + err.Error()}, fficrt.StatusInvalidArgument))")
	p.P("}")
	p.P("b := fficlib.BytesOf(unsafe.Pointer(data), uint64(n))")
	p.P("var a fficlib.Answer")
	p.P("var rej int32")
	p.P("switch i {")
	for i, f := range g.m.HostFuncs {
		p.P("case ", i, ":")
		p.P("a, rej = answer_dec_", f.Name, "(int32(status), b)")
	}
	p.P("default:")
	p.P("_ = b")
	p.P("}")
	p.P("return ", st, "(c.Answer(uint64(id), i, a, rej))")
	p.P("}")
	p.P()
}
