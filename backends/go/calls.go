package golang

import (
	"strconv"
	"strings"

	fficrt "github.com/ffic/ffic/runtime/go"

	"github.com/ffic/ffic/idl"
)

// This file writes the per-call code that is not an export: the
// parameters of calls, events and host fns as Go structs with their
// native and CBOR conversions, the handler runners (panics become
// errors), the typed-error matchers and the CBOR completions.
//
// Generated names: args_<fn>, run_<fn>, done_cbor_<fn>, done_native_<fn>
// (fns); ctorArgs, runCtor (the ctor); ev_<event>; hargs_<host>,
// answer_dec_<host>, answer_fromC_<host> (host fns); asErr_<Type>. User
// names are snake_case without "__", so none of these can meet another.

type paramSet struct {
	typeName string // args_echo: the library package's type
	root     string // Args_echo: the types-and-codec package's type
	params   []*idl.Field
	cType    string // the C args struct, "" if none
	decoded  bool   // decoded by the library (ctor, fns), else encoded (events, host fns)
}

func (g *gen) fieldName(f *idl.Field) string { return g.n.args[f] }

func (g *gen) argsSets() []paramSet {
	var out []paramSet
	ct := func(cat, name string, ps []*idl.Field) string {
		if len(ps) == 0 {
			return ""
		}
		return g.cn.PerCall(cat, name, "args")
	}
	ctorC := ""
	if len(g.m.Ctor.Params) > 0 {
		ctorC = g.cn.Own("ctor_args")
	}
	out = append(out, paramSet{"ctorArgs", "Ctor_args", g.m.Ctor.Params, ctorC, true})
	for _, f := range g.m.Funcs {
		out = append(out, paramSet{"args_" + f.Name, "Args_" + f.Name, f.Params, ct("fn", f.Name, f.Params), true})
	}
	for _, e := range g.m.Events {
		out = append(out, paramSet{"ev_" + e.Name, "Ev_" + e.Name, e.Params, ct("event", e.Name, e.Params), false})
	}
	for _, f := range g.m.HostFuncs {
		out = append(out, paramSet{"hargs_" + f.Name, "Hargs_" + f.Name, f.Params, ct("host", f.Name, f.Params), false})
	}
	return out
}

func rootWrap(name string) func(string) string {
	return func(err string) string { return "fficrt.AtRoot(" + strconv.Quote(name) + ", " + err + ")" }
}

// libArgs writes the library package's parameter types: each the
// types-and-codec package's, with the methods the runtime and the exports
// use (the CBOR decode of a call's parameters, the Encode of an event's or
// a host call's).
func (g *gen) libArgs(p *printer) {
	for _, s := range g.argsSets() {
		p.P("type ", s.typeName, " ", g.q, s.root)
		p.P()
		if s.decoded {
			p.P("func (v *", s.typeName, ") decode(d *fficrt.Decoder) error { return (*", g.q, s.root, ")(v).Decode(d) }")
		} else {
			p.P("func (v *", s.typeName, ") Encode(e *fficrt.Encoder) error { return (*", g.q, s.root, ")(v).Encode(e) }")
		}
		p.P()
	}
}

// callCodecs writes the library side of every call that is not native.
func (g *gen) callCodecs(p *printer) {
	g.libArgs(p)
	g.typedEncoders(p)
	for _, f := range g.m.Funcs {
		g.runner(p, f)
	}
	g.ctorRunner(p)
	for _, f := range g.m.HostFuncs {
		g.answerDec(p, f)
	}
}

// argsCodecs writes the parameters of every call, event and host fn as a
// Go struct with its CBOR decode and Encode (shared with the host side).
func (g *gen) argsCodecs(p *printer) {
	for _, s := range g.argsSets() {
		p.P("type ", s.root, " struct {")
		for _, f := range s.params {
			p.P(g.fieldName(f), " ", g.goType(f.Type))
		}
		p.P("}")
		p.P()
		// decode: a request map, each parameter the root of its path.
		p.P("func (v *", s.root, ") Decode(d *fficrt.Decoder) error {")
		g.decStruct(p, s.params, func(f *idl.Field) string { return "v." + g.fieldName(f) }, true)
		p.P("}")
		p.P()
		// Encode: events and host calls go to the host as a map.
		names := map[string]*idl.Field{}
		var keys []string
		for _, f := range s.params {
			names[f.Name] = f
			keys = append(keys, f.Name)
		}
		p.P("func (v *", s.root, ") Encode(e *fficrt.Encoder) error {")
		p.P("e.WriteMapHeader(", len(keys), ")")
		for _, k := range fficrt.SortFieldNames(keys) {
			f := names[k]
			p.P("e.WriteString(", strconv.Quote(k), ")")
			p.P(g.enc(f.Type, "v."+g.fieldName(f), "2", rootWrap(k)))
		}
		p.P("return nil")
		p.P("}")
		p.P()
	}
}

func (g *gen) asErr(p *printer, d idl.TypeDecl) {
	name := g.n.types[d]
	p.P("// AsErr_", d.DeclName(), " finds a ", name, " in err's chain.")
	p.P("func AsErr_", d.DeclName(), "(err error) (", name, ", bool) {")
	p.P("var v ", name)
	switch d.(type) {
	case *idl.Struct:
		p.P("if errors.As(err, &v) { return v, true }")
		p.P("var ptr *", name)
		p.P("if errors.As(err, &ptr) && ptr != nil { return *ptr, true }")
		p.P("return v, false")
	case *idl.Enum:
		p.P("ok := errors.As(err, &v)")
		p.P("return v, ok")
	case *idl.Union:
		p.P("ok := errors.As(err, &v) && v != nil")
		p.P("return v, ok")
	}
	p.P("}")
	p.P()
}

func (g *gen) implType(f *idl.Func) string {
	if f.Kind.IsStatic() {
		return "StaticImpl"
	}
	return "Impl"
}

func (g *gen) callArgs(params []*idl.Field) string {
	as := []string{"ctx"}
	for _, x := range params {
		as = append(as, "in."+g.fieldName(x))
	}
	return strings.Join(as, ", ")
}

func (g *gen) runner(p *printer, f *idl.Func) {
	res := "err error"
	if f.Result != nil {
		res = "res " + g.goType(f.Result) + ", err error"
	}
	p.P("func run_", f.Name, "(ctx context.Context, impl ", g.implType(f), ", in *args_", f.Name, ") (", res, ") {")
	p.P("defer fficrt.Recover(&err)")
	if f.Kind.IsStatic() {
		p.P("if impl == nil {")
		ret := "return errors.New(" + strconv.Quote(f.Name+": no StaticImpl registered (call RegisterStatic)") + ")"
		if f.Result != nil {
			ret = "return res, errors.New(" + strconv.Quote(f.Name+": no StaticImpl registered (call RegisterStatic)") + ")"
		}
		p.P(ret)
		p.P("}")
	}
	p.P("return impl.", g.n.funcs[f], "(", g.callArgs(f.Params), ")")
	p.P("}")
	p.P()
}

func (g *gen) ctorRunner(p *printer) {
	p.P("func runCtor(ctx context.Context, env Env, in *ctorArgs) (impl Impl, err error) {")
	p.P("defer fficrt.Recover(&err)")
	p.P("if ctor == nil {")
	p.P("return nil, errors.New(", strconv.Quote(g.m.Library+": no implementation registered (call Register from an init function)"), ")")
	p.P("}")
	as := []string{"ctx", "env"}
	for _, x := range g.m.Ctor.Params {
		as = append(as, "in."+g.fieldName(x))
	}
	p.P("impl, err = ctor(", strings.Join(as, ", "), ")")
	p.P("if err == nil && impl == nil {")
	p.P("err = errors.New(", strconv.Quote(g.m.Library+": the ctor returned a nil Impl"), ")")
	p.P("}")
	p.P("return impl, err")
	p.P("}")
	p.P()
}

// resParam is the result parameter of a done function: ", res *R" or "".
func (g *gen) resParam(f *idl.Func) string {
	if f.Result == nil {
		return ""
	}
	return ", res *" + g.goType(f.Result)
}

// answerDec decodes a host's CBOR answer to a host fn.
func (g *gen) answerDec(p *printer, f *idl.Func) {
	p.P("func answer_dec_", f.Name, "(st int32, data []byte) (fficlib.Answer, int32) {")
	p.P("if m := fficlib.AnswerStatus(st, ", f.Throws != nil, "); m != \"\" {")
	p.P("return fficlib.Answer{Status: fficrt.StatusError, Msg: ", strconv.Quote(f.Name+": invalid answer: "), " + m}, fficrt.StatusInvalidArgument")
	p.P("}")
	p.P("var err error")
	p.P("a := fficlib.Answer{Status: st}")
	p.P("switch st {")
	p.P("case fficrt.StatusOK:")
	if f.Result != nil {
		p.P("var v ", g.goType(f.Result))
		p.P("d := fficrt.GetDecoder(data, \"result\")")
		p.P("err = func() error {")
		p.P(g.dec(f.Result, "v"))
		p.P("return d.Finish()")
		p.P("}()")
		p.P("fficrt.PutDecoder(d)")
		p.P("a.Value = v")
	} else {
		p.P("d := fficrt.GetDecoder(data, \"result\")")
		p.P("if err = d.ReadNull(); err == nil { err = d.Finish() }")
		p.P("fficrt.PutDecoder(d)")
	}
	if f.Throws != nil {
		p.P("case fficrt.StatusTypedError:")
		p.P("var v ", g.goType(f.Throws))
		p.P("d := fficrt.GetDecoder(data, \"error\")")
		p.P("if err = ", g.q, "Dec_", key(f.Throws), "(d, &v); err == nil { err = d.Finish() }")
		p.P("fficrt.PutDecoder(d)")
		p.P("a.Value = v")
	}
	p.P("default:")
	p.P("d := fficrt.GetDecoder(data, \"message\")")
	p.P("if a.Msg, err = d.ReadString(); err == nil { err = d.Finish() }")
	p.P("fficrt.PutDecoder(d)")
	p.P("}")
	p.P("if err != nil {")
	p.P("return fficlib.Answer{Status: fficrt.StatusError, Msg: ", strconv.Quote(f.Name+": invalid answer: "), " + err.Error()}, fficrt.StatusDecodeError")
	p.P("}")
	p.P("return a, fficrt.StatusOK")
	p.P("}")
	p.P()
}

// callNatives writes the native side of every call into native.go.
func (g *gen) callNatives(p *printer) {
	for _, s := range g.argsSets() {
		if s.cType == "" {
			p.P("func (v *", s.typeName, ") fromC(p unsafe.Pointer) error { return nil }")
			p.P()
			p.P("func (v *", s.typeName, ") ToC(a *fficlib.Arena) (unsafe.Pointer, error) { return nil, nil }")
			p.P()
			continue
		}
		p.P("func (v *", s.typeName, ") fromC(p *C.", s.cType, ") error {")
		for _, f := range s.params {
			p.P(g.fromC(f.Type, "p."+cField(f.Name), "v."+g.fieldName(f), "2", rootWrap(f.Name)))
		}
		p.P("return nil")
		p.P("}")
		p.P()
		p.P("func (v *", s.typeName, ") ToC(a *fficlib.Arena) (unsafe.Pointer, error) {")
		p.P("p := fficlib.New[C.", s.cType, "](a)")
		for _, f := range s.params {
			p.P(g.toC(f.Type, "v."+g.fieldName(f), "p."+cField(f.Name), "2", func(err string) string {
				return "nil, " + rootWrap(f.Name)(err)
			}))
		}
		p.P("return unsafe.Pointer(p), nil")
		p.P("}")
		p.P()
	}
	for _, f := range g.m.HostFuncs {
		g.answerFromC(p, f)
	}
}

// answerFromC converts a host's native answer to a host fn.
func (g *gen) answerFromC(p *printer, f *idl.Func) {
	ps := []string{"st int32"}
	if f.Result != nil {
		ps = append(ps, "result *"+g.cgoType(f.Result))
	}
	ps = append(ps, "mp *C.char", "mn C.size_t")
	if f.Throws != nil {
		ps = append(ps, "ep *"+g.cgoType(f.Throws))
	}
	bad := func(msg string, rej string) string {
		return "return fficlib.Answer{Status: fficrt.StatusError, Msg: " + strconv.Quote(f.Name+": invalid answer: ") + " + " + msg + "}, " + rej
	}
	p.P("func answer_fromC_", f.Name, "(", strings.Join(ps, ", "), ") (fficlib.Answer, int32) {")
	p.P("if m := fficlib.AnswerStatus(st, ", f.Throws != nil, "); m != \"\" {")
	p.P(bad("m", "fficrt.StatusInvalidArgument"))
	p.P("}")
	p.P("switch st {")
	p.P("case fficrt.StatusOK:")
	if f.Result != nil {
		p.P("if result == nil {")
		p.P(bad(`"result is NULL"`, "fficrt.StatusInvalidArgument"))
		p.P("}")
		p.P("var v ", g.goType(f.Result))
		p.P("if err := func() error {")
		p.P(g.fromC(f.Result, "(*result)", "v", "1", rootWrap("result")))
		p.P("return nil")
		p.P("}(); err != nil {")
		p.P(bad("err.Error()", "fficrt.StatusInvalidArgument"))
		p.P("}")
		p.P("return fficlib.Answer{Status: st, Value: v}, fficrt.StatusOK")
	} else {
		p.P("return fficlib.Answer{Status: st}, fficrt.StatusOK")
	}
	if f.Throws != nil {
		p.P("case fficrt.StatusTypedError:")
		p.P("if ep == nil {")
		p.P(bad(`"error is NULL"`, "fficrt.StatusInvalidArgument"))
		p.P("}")
		p.P("var v ", g.goType(f.Throws))
		p.P("if err := fromC_", key(f.Throws), "(ep, &v, 1); err != nil {")
		p.P(bad(`fficrt.AtRoot("error", err).Error()`, "fficrt.StatusInvalidArgument"))
		p.P("}")
		p.P("return fficlib.Answer{Status: st, Value: v}, fficrt.StatusOK")
	}
	p.P("}")
	p.P("msg, err := fficlib.StringFromC(unsafe.Pointer(mp), uint64(mn))")
	p.P("if err != nil {")
	p.P(bad(`fficrt.AtRoot("message", err).Error()`, "fficrt.StatusInvalidArgument"))
	p.P("}")
	p.P("return fficlib.Answer{Status: st, Msg: msg}, fficrt.StatusOK")
	p.P("}")
	p.P()
}

// typedEncoders writes typed_<Type> (a fficlib.Typed) for every type a fn
// throws.
func (g *gen) typedEncoders(p *printer) {
	seen := map[idl.TypeDecl]bool{}
	for _, f := range g.m.Funcs {
		if f.Throws == nil || seen[f.Throws.Decl()] {
			continue
		}
		d := f.Throws.Decl()
		seen[d] = true
		p.P("func typed_", d.DeclName(), "(e *fficrt.Encoder, err error) (bool, error) {")
		p.P("x, ok := ", g.q, "AsErr_", d.DeclName(), "(err)")
		p.P("if !ok { return false, nil }")
		p.P("return true, ", g.q, "Enc_", key(f.Throws), "(e, &x, 1)")
		p.P("}")
		p.P()
	}
}

// doneCBORCall is the statement completing fn i through CBOR
// (fficlib.DoneCBORResult).
func (g *gen) doneCBORCall(i int, f *idl.Func) string {
	res, enc, typed := "(*struct{})(nil)", "nil", "nil"
	if f.Result != nil {
		res = "&res"
		if isScalar(f.Result) {
			enc = "fficrt.Enc" + codecName[f.Result.Kind]
		} else {
			enc = g.q + "Enc_" + key(f.Result)
		}
	}
	if f.Throws != nil {
		typed = "typed_" + f.Throws.Decl().DeclName()
	}
	return "fficlib.DoneCBORResult(lib, c, mode, uintptr(cb), uintptr(ud), " + strconv.Itoa(i) + ", " + res + ", herr, " + enc + ", " + typed + ")"
}
