package golang

import (
	"strconv"
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes api.go: what an implementer sees.
//
//	type Impl interface { Echo(ctx, req EchoRequest) (EchoResponse, error); ... }
//	type StaticImpl interface { ParsePriority(ctx, text string) (Priority, error); ... }
//	type Ctor func(ctx context.Context, env Env, config TimerConfig) (Impl, error)
//	func Register(ctor Ctor); func RegisterStatic(impl StaticImpl)
//	type Env struct { Events Events; Host Host }
//	func (Events) EchoFired(message string, echoCount int64)             // never blocks
//	func (Host) FetchToken(ctx context.Context, key string) (string, error) // waits for the host
//
// Static fns have no context, so no Impl to call: they have an interface
// of their own, registered once for the process.

// signature is a method's parameter list and results, without receiver
// and name: "(ctx context.Context, req EchoRequest) (EchoResponse, error)".
func (g *gen) signature(params []*idl.Field, result *idl.Type, locals []string) string {
	ps := []string{"ctx context.Context"}
	for _, f := range params {
		ps = append(ps, g.param(f.Name, locals)+" "+g.goType(f.Type))
	}
	res := "error"
	if result != nil {
		res = "(" + g.goType(result) + ", error)"
	}
	return "(" + strings.Join(ps, ", ") + ") " + res
}

func (g *gen) errorDoc(throws *idl.Type) string {
	if throws == nil {
		return ""
	}
	return "A " + g.n.types[throws.Decl()] + " returned as the error (wrapped or not) reaches the host as the typed error; " +
		"any other error as a message."
}

func (g *gen) apiFile(p *printer) {
	g.head(p, g.packageDoc, "")
	p.Doc("", "Fingerprint identifies the interface this package was generated from; the library reports it to hosts.")
	p.P("const Fingerprint = ", strconv.Quote(g.m.Fingerprint))
	p.P()
	p.P("// ABIVersion is the version of ffic's C ABI the package implements.")
	p.P("const ABIVersion = fficlib.ABIVersion")
	p.P()
	p.Doc("", "The runtime must implement the ABI of the header this package was generated with.")
	p.P("const _ = fficlib.SupportsABIVersion1")
	p.P()
	p.Doc("", "The library runtime must be one this package was generated for: an older one fails to compile here; update github.com/ffic/ffic.")
	p.P("const _ = fficlib.SupportPackageIsVersion1")
	p.P()

	p.Doc("", "Impl implements the calls of one context of "+g.m.Library+": one is made per context by the Ctor "+
		"given to Register.",
		"Plain fns run on the host's calling thread and must not block for long; async fns run on their own goroutine. "+
			"Methods may be called concurrently. ctx is cancelled when the context is destroyed. "+
			"A panic becomes an error of the call; the host process survives.",
		"If Impl also has a method Close(), it is called once after the context is destroyed and every call has completed.")
	p.P("type Impl interface {")
	for _, f := range g.m.ContextFuncs() {
		p.Doc(f.Doc, kindDoc(f.Kind), g.errorDoc(f.Throws))
		p.P(g.n.funcs[f], g.signature(f.Params, f.Result, localsSig))
	}
	p.P("}")
	p.P()
	if len(g.m.StaticFuncs()) > 0 {
		p.Doc("", "StaticImpl implements the static fns of "+g.m.Library+", which need no context; give it to RegisterStatic.")
		p.P("type StaticImpl interface {")
		for _, f := range g.m.StaticFuncs() {
			p.Doc(f.Doc, kindDoc(f.Kind), g.errorDoc(f.Throws))
			p.P(g.n.funcs[f], g.signature(f.Params, f.Result, localsSig))
		}
		p.P("}")
		p.P()
	}

	ctor := g.m.Ctor
	ps := []string{"ctx context.Context", "env Env"}
	for _, f := range ctor.Params {
		ps = append(ps, g.param(f.Name, localsCtor)+" "+g.goType(f.Type))
	}
	p.Doc(ctor.Doc, "Ctor creates the implementation of a new context; it runs on the host's thread inside "+g.m.Library+"_new. "+
		"ctx lives as long as the context: it is cancelled when destroy begins, so background work started here should watch it. "+
		"env fires the context's events and calls its host fns (until the ctor has returned the context has no listeners "+
		"and no host fn implementations).", g.errorDoc(ctor.Throws))
	p.P("type Ctor func(", strings.Join(ps, ", "), ") (Impl, error)")
	p.P()
	p.P("var (")
	p.P("ctor Ctor")
	if len(g.m.StaticFuncs()) > 0 {
		p.P("staticImpl StaticImpl")
	}
	p.P(")")
	p.P()
	p.Doc("", "Register sets the ctor of every context. Call it from an init function: the library refuses to create contexts until it has been called.")
	p.P("func Register(c Ctor) { ctor = c }")
	p.P()
	if len(g.m.StaticFuncs()) > 0 {
		p.Doc("", "RegisterStatic sets the implementation of the static fns. Call it from an init function; until then static fns fail with an error.")
		p.P("func RegisterStatic(impl StaticImpl) { staticImpl = impl }")
		p.P()
	}

	p.Doc("", "Env is what an implementation uses to reach its host: the context's events and host fns.")
	p.P("type Env struct {")
	p.P("// Events fires the context's events.")
	p.P("Events Events")
	p.P("// Host calls the host fns of the context.")
	p.P("Host Host")
	p.P("}")
	p.P()
	p.Doc("", "SetHostTimeout sets how long the context's host fn calls wait for the host's answer when their ctx has no deadline "+
		"(d <= 0: fficlib.DefaultHostTimeout, 60 s); such a call then fails with an error wrapping context.DeadlineExceeded "+
		"and the host's late answer is refused. Call it from the ctor.")
	p.P("func (e Env) SetHostTimeout(d time.Duration) { e.Host.c.SetHostTimeout(d) }")
	p.P()
	p.Doc("", "Events fires the events of one context. Firing never blocks: the event is queued and delivered by the context's event thread, in firing order; when the backlog is full, or after destroy, it is dropped.")
	p.P("type Events struct{ c *fficlib.Context }")
	p.P()
	for i, e := range g.m.Events {
		var ps, fs []string
		for _, f := range e.Params {
			ps = append(ps, g.param(f.Name, localsEvent)+" "+g.goType(f.Type))
			fs = append(fs, g.param(f.Name, localsEvent))
		}
		p.Doc(e.Doc)
		p.P("func (x Events) ", g.n.events[e], "(", strings.Join(ps, ", "), ") {")
		p.P("x.c.Fire(", i, ", &ev_", e.Name, "{", strings.Join(fs, ", "), "})")
		p.P("}")
		p.P()
	}
	p.Doc("", "Host calls the host fns of one context. A call waits for the host's answer, or until ctx is done (when ctx has no deadline, at most the context's host timeout: see Env.SetHostTimeout), or until the context is destroyed (the error then wraps fficlib.ErrClosed); a host fn the host did not implement fails at once with an error wrapping fficlib.ErrNotImplemented.")
	p.P("type Host struct{ c *fficlib.Context }")
	p.P()
	for i, f := range g.m.HostFuncs {
		var fs []string
		for _, x := range f.Params {
			fs = append(fs, g.param(x.Name, localsHost))
		}
		p.Doc(f.Doc, g.hostErrorDoc(f.Throws))
		p.P("func (x Host) ", g.n.funcs[f], g.signature(f.Params, f.Result, localsHost), " {")
		zero := "return err"
		if f.Result != nil {
			p.P("var zero ", g.goType(f.Result))
			zero = "return zero, err"
		}
		av := "ans"
		if f.Result == nil && f.Throws == nil {
			av = "_"
		}
		p.P(av, ", err := x.c.CallHost(ctx, ", i, ", &hargs_", f.Name, "{", strings.Join(fs, ", "), "})")
		p.P("if err != nil {")
		p.P(zero)
		p.P("}")
		if f.Throws != nil {
			p.P("if ans.Status == fficrt.StatusTypedError {")
			p.P("err = ans.Value.(", g.goType(f.Throws), ")")
			p.P(zero)
			p.P("}")
		}
		if f.Result != nil {
			p.P("return ans.Value.(", g.goType(f.Result), "), nil")
		} else {
			p.P("return nil")
		}
		p.P("}")
		p.P()
	}
	g.testEnv(p)
}

// testEnv writes TestEnv: a fake host for unit tests of an
// implementation, on a context of fficlib.NewTestContext.
//
//	type TestEnv struct { Host TestHost; ... }
//	type TestHost struct { FetchToken func(ctx context.Context, key string) (string, error); ... }
//	type EchoFiredEvent struct { Message string; EchoCount int64 }
//	func NewTestEnv() *TestEnv; func (t *TestEnv) Env() Env; func (t *TestEnv) Events() []any
func (g *gen) testEnv(p *printer) {
	var evNames []string
	for _, e := range g.m.Events {
		evNames = append(evNames, g.n.events[e]+"Event")
	}
	p.Doc("", "TestEnv is a fake host for unit tests of an implementation: its Env's host fns are answered by the funcs in Host, "+
		"and its Env's events are recorded, in firing order, instead of delivered (Events). It makes no call through the C ABI "+
		"and needs no host: give Env() to the Ctor, or to the implementation under test, and inspect Events afterwards.")
	p.P("type TestEnv struct {")
	p.P("// Host answers the host fns; set a func for each host fn the code under test calls.")
	p.P("Host TestHost")
	p.P("c *fficlib.Context")
	p.P("events fficlib.EventLog")
	p.P("}")
	p.P()
	p.Doc("", "TestHost answers the host fns of a TestEnv, one func per host fn. A nil func fails the call with an error wrapping "+
		"fficlib.ErrNotImplemented, as a host that did not implement it. A typed error returned (wrapped or not) reaches the caller "+
		"as the typed error, as if the host had answered with it; any other error comes back as a *fficlib.HostError wrapping it.")
	p.P("type TestHost struct {")
	for _, f := range g.m.HostFuncs {
		p.Doc(f.Doc)
		p.P(g.n.funcs[f], " func", g.signature(f.Params, f.Result, localsHost))
	}
	p.P("}")
	p.P()
	for k, e := range g.m.Events {
		p.Doc("", evNames[k]+" is an event "+g.n.events[e]+" recorded by a TestEnv.")
		if len(e.Params) == 0 {
			p.P("type ", evNames[k], " struct{}")
			p.P()
			continue
		}
		p.P("type ", evNames[k], " struct {")
		for _, f := range e.Params {
			p.P(g.fieldName(f), " ", g.goType(f.Type))
		}
		p.P("}")
		p.P()
	}
	p.Doc("", "NewTestEnv returns a TestEnv whose Host has no funcs and which has recorded no event.")
	p.P("func NewTestEnv() *TestEnv {")
	p.P("t := &TestEnv{}")
	p.P("t.c = lib.NewTestContext(fficlib.TestHooks{CallHost: t.callHost, Fire: t.fire})")
	p.P("return t")
	p.P("}")
	p.P()
	p.Doc("", "Env returns the Env of the TestEnv: its host fns call the funcs of Host, its events are recorded.")
	p.P("func (t *TestEnv) Env() Env { return Env{Events{t.c}, Host{t.c}} }")
	p.P()
	evDoc := "There are no events."
	if len(evNames) > 0 {
		evDoc = "Each is one of " + strings.Join(evNames, ", ") + "."
	}
	p.Doc("", "Events returns the events fired through Env so far, in firing order. "+evDoc)
	p.P("func (t *TestEnv) Events() []any { return t.events.All() }")
	p.P()
	p.P("func (t *TestEnv) fire(event int, p fficlib.Payload) {")
	if len(g.m.Events) > 0 {
		p.P("switch event {")
		for k, e := range g.m.Events {
			p.P("case ", k, ":")
			p.P("t.events.Add(", evNames[k], "(*p.(*ev_", e.Name, ")))")
		}
		p.P("}")
	}
	p.P("}")
	p.P()
	p.P("func (t *TestEnv) callHost(ctx context.Context, i int, p fficlib.Payload) (fficlib.Answer, error) {")
	if len(g.m.HostFuncs) > 0 {
		p.P("switch i {")
		for k, f := range g.m.HostFuncs {
			p.P("case ", k, ":")
			p.P("f := t.Host.", g.n.funcs[f])
			p.P("if f == nil {")
			p.P("return fficlib.Answer{}, fficlib.ErrNotImplemented")
			p.P("}")
			args := []string{"ctx"}
			if len(f.Params) > 0 {
				p.P("a := p.(*hargs_", f.Name, ")")
				for _, x := range f.Params {
					args = append(args, "a."+g.fieldName(x))
				}
			}
			res, val := "err", "nil"
			if f.Result != nil {
				res, val = "v, err", "v"
			}
			p.P(res, " := f(", strings.Join(args, ", "), ")")
			p.P("if err != nil {")
			if f.Throws != nil {
				p.P("if x, ok := ", g.q, "AsErr_", f.Throws.Decl().DeclName(), "(err); ok {")
				p.P("return fficlib.Answer{Status: fficlib.StatusTypedError, Value: x}, nil")
				p.P("}")
			}
			p.P("return fficlib.Answer{}, err")
			p.P("}")
			p.P("return fficlib.Answer{Status: fficlib.StatusOK, Value: ", val, "}, nil")
		}
		p.P("}")
	}
	p.P("return fficlib.Answer{}, fficlib.ErrNotImplemented")
	p.P("}")
	p.P()
}

func (g *gen) hostErrorDoc(throws *idl.Type) string {
	if throws == nil {
		return ""
	}
	return "When the host answers with the typed error, it is returned as a " + g.n.types[throws.Decl()] + "."
}

func kindDoc(k idl.FuncKind) string {
	switch k {
	case idl.Plain:
		return "A plain fn: runs on the host's calling thread, which waits for it."
	case idl.Async:
		return "An async fn: runs on a goroutine of its own; the host is not waiting."
	case idl.Static:
		return "A static fn: runs on the host's calling thread, without a context."
	}
	return "A static async fn: runs on a goroutine of its own, without a context."
}
