package golang

import (
	"strconv"
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes the body of the client package's client.go: the
// runtime's descriptor of the library, Host, Open, and one method (or
// package function) per fn and per event.
//
// Generated names besides the user's: lib, fn_<fn> (entries), Host,
// Client, Open, decErr_<Type>. The locals in the scope of the user's
// parameters are localsOpen and localsClient (naming.go), which param
// escapes; closures that shadow a parameter (d, h, x) do not use it.

// hostLib writes lib, the fficlient.Lib of the library.
func (g *gen) hostLib(p *printer) {
	n := g.cn
	p.P("var lib = fficlient.Lib{")
	p.P("Name: ", strconv.Quote(g.m.Library), ",")
	p.P("Fingerprint: Fingerprint,")
	p.P("ABIVersion: 1,")
	p.P("LibFingerprint: func() string { return C.GoString(C.", n.Own("fingerprint"), "()) },")
	p.P("LibABIVersion: func() uint32 { return uint32(C.FFICC_abi_version()) },")
	p.P("LibGoRuntime: func() uintptr { return uintptr(C.fficc_go_runtime()) },")
	p.P("LastError: func() string {")
	p.P("var x C.size_t")
	p.P("s := C.fficc_last_error(&x)")
	p.P("return C.GoStringN(s, C.int(x))")
	p.P("},")
	p.P("New: func(req []byte, slot unsafe.Pointer) int32 {")
	p.P("return int32(C.fficc_new((*C.uint8_t)(unsafe.SliceData(req)), C.size_t(len(req)), slot))")
	p.P("},")
	p.P("Destroy: func(h uint64, timeoutMs int32) int32 {")
	p.P("return int32(C.", n.Own("destroy"), "(C.uint64_t(h), C.int32_t(timeoutMs)))")
	p.P("},")
	p.P("Unlisten: func(h, id uint64) int32 { return int32(C.", n.Own("unlisten"), "(C.uint64_t(h), C.uint64_t(id))) },")
	p.P("DroppedEvents: func(h uint64, count *uint64) int32 {")
	p.P("var x C.uint64_t")
	p.P("st := int32(C.", n.Own("dropped_events"), "(C.uint64_t(h), &x))")
	p.P("*count = uint64(x)")
	p.P("return st")
	p.P("},")
	p.P("Complete: func(h, id uint64, st int32, data []byte) int32 {")
	p.P("return int32(C.", n.Own("cbor_complete"), "(C.uint64_t(h), C.uint64_t(id), C.int32_t(st), (*C.uint8_t)(unsafe.SliceData(data)), C.size_t(len(data))))")
	p.P("},")
	p.P("}")
	p.P()
}

// hostFuncType is the Go func type of a host fn's implementation.
func (g *gen) hostFuncType(f *idl.Func) string {
	return "func" + g.signature(f.Params, f.Result, localsSig)
}

func (g *gen) hostStruct(p *printer) {
	p.Doc("", "Host holds the Go implementations of the host fns the library calls; a nil field is not implemented "+
		"(the library's call fails at once).",
		"Each invocation runs on a goroutine of its own, with a context cancelled by Close; a panic becomes an error answer. "+
			"A value of the fn's throws type returned as the error (wrapped or not) is answered as the typed error.")
	p.P("type Host struct {")
	for _, f := range g.m.HostFuncs {
		p.Doc(f.Doc)
		p.P(g.n.funcs[f], " ", g.hostFuncType(f))
	}
	p.P("}")
	p.P()
}

func (g *gen) openFunc(p *printer) {
	var ps, fields []string
	for _, f := range g.m.Ctor.Params {
		ps = append(ps, g.param(f.Name, localsOpen)+" "+g.goType(f.Type))
		fields = append(fields, g.fieldName(f)+": "+g.param(f.Name, localsOpen))
	}
	ps = append(ps, "host Host")
	typed := "nil"
	if t := g.m.Ctor.Throws; t != nil {
		typed = g.q + "DecErr_" + t.Decl().DeclName()
	}
	p.Doc("", "Client is one context of "+g.m.Library+". Its methods may be called from any goroutine.")
	p.P("type Client struct{ rt *fficlient.Context }")
	p.P()
	p.Doc(g.m.Ctor.Doc, "Open checks that the library implements this interface, creates a context (running the ctor) and "+
		"sets the implementations of host. Close the Client when done."+g.errorDocHost(g.m.Ctor.Throws))
	p.P("func Open(ctx context.Context, ", strings.Join(ps, ", "), ") (*Client, error) {")
	p.P("in := ", g.q, "Ctor_args{", strings.Join(fields, ", "), "}")
	p.P("rt, err := fficlient.Open(ctx, &lib, in.Encode, ", typed, ")")
	p.P("if err != nil { return nil, err }")
	p.P("c := &Client{rt: rt}")
	for _, f := range g.m.HostFuncs {
		p.P("if host.", g.n.funcs[f], " != nil {")
		p.P("if err := c.implement_", f.Name, "(host.", g.n.funcs[f], "); err != nil {")
		p.P("_ = rt.Close()")
		p.P("return nil, err")
		p.P("}")
		p.P("}")
	}
	p.P("return c, nil")
	p.P("}")
	p.P()
	p.Doc("", "Close destroys the context, waiting up to 10 s for calls in flight (they complete, or fail with an error matching fficlient.ErrClosed). It is idempotent and safe to call while calls are in flight.")
	p.P("func (c *Client) Close() error { return c.rt.Close() }")
	p.P()
	p.Doc("", "Context is the client's runtime context (its library handle, CloseTimeout, DroppedEvents).")
	p.P("func (c *Client) Context() *fficlient.Context { return c.rt }")
	p.P()
	for _, f := range g.m.HostFuncs {
		g.implementFunc(p, f)
	}
}

func (g *gen) errorDocHost(throws *idl.Type) string {
	if throws == nil {
		return ""
	}
	return " A typed error is returned as a " + g.n.types[throws.Decl()] + " value (use errors.As)."
}

// decInto is a decoder closure reading a value of t into dst, "nil" for none.
func (g *gen) decInto(t *idl.Type, dst string) string {
	if t == nil {
		return "nil"
	}
	if isScalar(t) {
		return "func(d *fficrt.Decoder) (err error) { " + dst + ", err = d.Read" + codecName[t.Kind] + "(); return err }"
	}
	return "func(d *fficrt.Decoder) error { return " + g.q + "Dec_" + key(t) + "(d, &" + dst + ") }"
}

// encFrom is a statement returning the encoding of src (of type t) into e.
func (g *gen) encFrom(t *idl.Type, src string) string {
	switch {
	case t == nil:
		return "e.WriteNull(); return nil"
	case t.Kind == idl.String:
		return "return fficrt.EncodeString(e, " + src + ")"
	case isScalar(t):
		return "e.Write" + codecName[t.Kind] + "(" + src + "); return nil"
	}
	return "return " + g.q + "Enc_" + key(t) + "(e, &" + src + ", 1)"
}

func (g *gen) clientCall(p *printer, hn *hostNames, f *idl.Func) {
	kind := "a plain fn: it runs on the calling goroutine's thread; ctx is checked before the call only."
	if f.Kind.IsAsync() {
		kind = "an async fn: when ctx is done first, ctx.Err() is returned at once and the late completion is dropped."
	}
	p.P("var fn_", f.Name, " = fficlient.Entry{")
	p.P("Name: ", strconv.Quote(f.Name), ",")
	p.P("Async: ", f.Kind.IsAsync(), ",")
	ctxArg := "C.uint64_t(h), "
	if f.Kind.IsStatic() {
		ctxArg = ""
	}
	p.P("Invoke: func(h uint64, req []byte, slot unsafe.Pointer, ud uintptr) int32 {")
	p.P("return int32(C.", cwrap("call", f.Name), "(", ctxArg, "(*C.uint8_t)(unsafe.SliceData(req)), C.size_t(len(req)), slot, C.uintptr_t(ud)))")
	p.P("},")
	if f.Throws != nil {
		p.P("Typed: ", g.q, "DecErr_", f.Throws.Decl().DeclName(), ",")
	}
	p.P("}")
	p.P()
	var ps, fields []string
	for _, x := range f.Params {
		ps = append(ps, g.param(x.Name, localsClient)+" "+g.goType(x.Type))
		fields = append(fields, g.fieldName(x)+": "+g.param(x.Name, localsClient))
	}
	res := "(err error)"
	if f.Result != nil {
		res = "(res " + g.goType(f.Result) + ", err error)"
	}
	name := hn.statics[f]
	recv, call := "func ", "fficlient.CallStatic(ctx, &lib, "
	if !f.Kind.IsStatic() {
		name = hn.methods[f]
		recv, call = "func (c *Client) ", "c.rt.Call(ctx, "
	}
	p.Doc(f.Doc, name+" calls "+f.Name+", "+kind+g.errorDocHost(f.Throws))
	p.P(recv, name, "(", strings.Join(append([]string{"ctx context.Context"}, ps...), ", "), ") ", res, " {")
	native := isNativeCall(f)
	if native {
		p.P("if fficlient.CBOROnly {")
	}
	p.P("in := ", g.q, "Args_", f.Name, "{", strings.Join(fields, ", "), "}")
	p.P("err = ", call, "&fn_", f.Name, ", in.Encode, ", g.decInto(f.Result, "res"), ")")
	if f.Result != nil {
		p.P("return res, err")
	} else {
		p.P("return err")
	}
	if native {
		p.P("}")
		ready := "ctx.Err()"
		if f.Kind.IsStatic() {
			ready = "fficlient.Ready(ctx, &lib)"
		}
		p.P("if err = ", ready, "; err != nil {")
		if f.Result != nil {
			p.P("return res, err")
		} else {
			p.P("return err")
		}
		p.P("}")
		g.nativeCall(p, f)
	}
	p.P("}")
	p.P()
}

func (g *gen) clientEvent(p *printer, hn *hostNames, e *idl.Event) {
	name := hn.methods[e]
	var ps, args []string
	for _, x := range e.Params {
		ps = append(ps, g.param(x.Name, nil)+" "+g.goType(x.Type))
		args = append(args, "in."+g.fieldName(x))
	}
	p.Doc(e.Doc, name+" subscribes h to the event "+e.Name+" and returns the function that unsubscribes it. "+
		"h runs on the context's event thread, one event at a time in firing order: keep it short. "+
		"Several subscribers may listen; after unsubscribe returns, h is not called again.")
	p.P("func (c *Client) ", name, "(h func(", strings.Join(ps, ", "), ")) (unsubscribe func(), err error) {")
	p.P("return c.rt.Listen(", strconv.Quote(e.Name), ", func(h uint64, ud uintptr, id *uint64) int32 {")
	p.P("var x C.uint64_t")
	p.P("st := int32(C.", cwrap("listen", e.Name), "(C.uint64_t(h), C.uintptr_t(ud), &x))")
	p.P("*id = uint64(x)")
	p.P("return st")
	p.P("}, func(d *fficrt.Decoder) error {")
	p.P("var in ", g.q, "Ev_", e.Name)
	p.P("if err := in.Decode(d); err != nil { return err }")
	p.P("h(", strings.Join(args, ", "), ")")
	p.P("return nil")
	p.P("})")
	p.P("}")
	p.P()
}

func (g *gen) implementFunc(p *printer, f *idl.Func) {
	var args []string
	for _, x := range f.Params {
		args = append(args, "in."+g.fieldName(x))
	}
	p.P("func (c *Client) implement_", f.Name, "(h ", g.hostFuncType(f), ") error {")
	p.P("return c.rt.Implement(", strconv.Quote(f.Name), ", func(h uint64, ud uintptr) int32 {")
	p.P("return int32(C.", cwrap("implement", f.Name), "(C.uint64_t(h), C.uintptr_t(ud)))")
	p.P("}, func(d *fficrt.Decoder) (fficlient.HostRun, error) {")
	p.P("var in ", g.q, "Hargs_", f.Name)
	p.P("if err := in.Decode(d); err != nil { return nil, err }")
	p.P("return func(ctx context.Context, e *fficrt.Encoder) error {")
	call := "h(" + strings.Join(append([]string{"ctx"}, args...), ", ") + ")"
	if f.Result != nil {
		p.P("res, err := ", call)
	} else {
		p.P("err := ", call)
	}
	p.P("if err != nil {")
	if f.Throws != nil {
		p.P("if x, ok := ", g.q, "AsErr_", f.Throws.Decl().DeclName(), "(err); ok {")
		p.P("return fficlient.Typed(", g.q, "Enc_", key(f.Throws), "(e, &x, 1))")
		p.P("}")
	}
	p.P("return err")
	p.P("}")
	p.P(g.encFrom(f.Result, "res"))
	p.P("}, nil")
	p.P("})")
	p.P("}")
	p.P()
}
