package c

import (
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes the entry points: context creation and destruction,
// one native and one CBOR entry point per fn, listeners per event,
// implementations and answers per host fn (docs/abi.md, "Entry points").
// Each comes with the .ffi's doc comment and what the ABI promises about
// threads and ownership.

// argsStruct writes the args struct of a call, event or ctor, if it has
// parameters, and returns the parameter that passes it ("" if none).
// Parameters travel in a struct, so a parameter named ctx, cb or
// user_data never meets the entry point's own C parameters.
func (g *gen) argsStruct(name, doc string, params []*idl.Field) string {
	if len(params) == 0 {
		return ""
	}
	g.p.Blank()
	g.p.Doc(doc)
	g.p.P("typedef struct ", name, " {")
	g.p.In()
	g.fields(params)
	g.p.Out()
	g.p.P("} ", name, ";")
	g.syms.types = append(g.syms.types, name)
	return "const " + name + "* args, "
}

// typedef declares a function pointer type.
func (g *gen) typedef(doc, name, params string, notes ...string) {
	g.p.Blank()
	g.p.Doc(doc, notes...)
	g.p.Sig("typedef void (*"+name+")", params, ";")
	g.syms.types = append(g.syms.types, name)
}

// completion is the parameter list of a native completion callback (and,
// after the call id, of a native answer): the status, a pointer to the
// result if there is one, the message, a pointer to the typed error if
// the call throws.
func (g *gen) completion(result, throws *idl.Type) string {
	var b strings.Builder
	b.WriteString(g.n.own("status") + " status")
	if result != nil {
		b.WriteString(", " + g.constPtr(result) + " result")
	}
	b.WriteString(", " + g.n.own("str") + " message")
	if throws != nil {
		b.WriteString(", " + g.constPtr(throws) + " error")
	}
	return b.String()
}

func (g *gen) completionDoc(what string, result, throws *idl.Type) string {
	var parts []string
	if result != nil {
		parts = append(parts, "result is valid when status is "+g.n.macro("STATUS_OK"))
	}
	if throws != nil {
		parts = append(parts, "error when it is "+g.n.macro("STATUS_TYPED_ERROR"))
	}
	if len(parts) > 0 {
		parts = append(parts, "message for any other status; the others are NULL or empty")
	} else {
		parts = append(parts, "message is valid when status is not "+g.n.macro("STATUS_OK")+" (empty otherwise)")
	}
	return "The completion of " + what + ": " + strings.Join(parts, ", ") +
		". All are valid during the callback only."
}

func (g *gen) context() {
	n := g.n
	c := g.m.Ctor
	ctx, status := n.own("context"), n.own("status")
	g.section("Context")
	args := g.argsStruct(n.own("ctor_args"), "The arguments of "+n.own("new")+".", c.Params)
	cb := n.own("ctor_cb")
	params := "void* user_data, " + status + " status, " + ctx + " ctx, " + n.own("str") + " message"
	if c.Throws != nil {
		params += ", " + g.constPtr(c.Throws) + " error"
	}
	g.typedef(g.completionDoc(n.own("new"), nil, c.Throws)+" ctx is the new context when status is "+
		n.macro("STATUS_OK")+", 0 otherwise.", cb, params)

	g.fn(c.Doc, status, n.own("new"), args+cb+" cb, void* user_data",
		"Runs the ctor on this thread to create a context. When accepted ("+n.macro("STATUS_OK")+" returned), "+
			"cb has run once, before this returns, with the new context or the ctor's error; the host then owns the "+
			"context and ends it with "+n.own("destroy")+". Any other status rejects the call: cb never runs. "+
			"args is borrowed for the call. Thread-safe.",
		"While the ctor runs the context has no listeners and no host fn implementations "+
			"(its events reach nobody, its host calls fail); cb is the earliest point to register them.")
	g.fn("", status, n.own("cbor_new"), "const uint8_t* data, size_t len, "+n.own("cbor_cb")+" cb, void* user_data",
		"The CBOR form of "+n.own("new")+": data holds the ctor's parameters as a map (an empty map for none); "+
			"cb's id is the new context when status is "+n.macro("STATUS_OK")+". cb may not be "+n.own("enqueue")+".")

	g.fn("Destroys a context and waits up to timeout_ms (at least 0) for its work to end.", status, n.own("destroy"),
		ctx+" ctx, int32_t timeout_ms",
		"At once: new calls, listens and implements on ctx are refused ("+n.macro("STATUS_CLOSED")+"); "+
			"listeners and implementations are removed; events not yet delivered are dropped; "+
			"host calls waiting for an answer fail in the library. "+
			"Calls in flight then finish; those still running at the deadline complete with "+n.macro("STATUS_CLOSED")+
			" (an async call at the deadline, a plain call when its handler returns).",
		"Returns "+n.macro("STATUS_OK")+" when everything ended in time: every accepted call has completed and no "+
			"callback of the context is running or will run. Returns "+n.macro("STATUS_TIMEOUT")+" when something "+
			"still runs: the calls not yet completed complete later, each once; nothing else is called. "+
			"Called from inside a callback of ctx, it does not wait for that callback. A second destroy returns "+
			n.macro("STATUS_CLOSED")+" at once. Thread-safe; never waits longer than timeout_ms.")
	g.fn("Sets *count to the number of events of ctx dropped so far because its event backlog was full. Thread-safe.",
		status, n.own("dropped_events"), ctx+" ctx, uint64_t* count")
}

// kindNote says how a call of kind k completes.
func (g *gen) kindNote(k idl.FuncKind) string {
	ok := g.n.macro("STATUS_OK")
	var how string
	if k.IsAsync() {
		how = "cb runs once, later, on a library thread (possibly before this returns)"
	} else {
		how = "cb has run once, on this thread, before this returns"
	}
	return k.String() + ": when accepted (" + ok + " returned), " + how +
		". Any other status rejects the call: cb never runs. Inputs are borrowed for the call. Thread-safe."
}

func (g *gen) calls() {
	if len(g.m.Funcs) == 0 {
		return
	}
	n := g.n
	status := n.own("status")
	g.section("Calls")
	for i, f := range g.m.Funcs {
		if i > 0 {
			g.p.Blank()
		}
		g.p.Comment(f.Kind.String() + " " + f.Name)
		call := n.category("call", f.Name)
		args := g.argsStruct(n.perCall("fn", f.Name, "args"), "The arguments of "+call+".", f.Params)
		cb := n.perCall("fn", f.Name, "cb")
		g.typedef(g.completionDoc(call, f.Result, f.Throws), cb,
			"void* user_data, "+g.completion(f.Result, f.Throws))
		ctx := n.own("context") + " ctx, "
		cborCtx := ctx
		enqueue := "cb may be " + n.own("enqueue") + "."
		if f.Kind.IsStatic() {
			ctx, cborCtx = "", ""
			enqueue = "cb may not be " + n.own("enqueue") + ": a static call has no context, so no queue."
		}
		g.fn(f.Doc, status, call, ctx+args+cb+" cb, void* user_data", g.kindNote(f.Kind))
		g.fn("", status, n.category("cbor_call", f.Name),
			cborCtx+"const uint8_t* data, size_t len, "+n.own("cbor_cb")+" cb, void* user_data",
			"The CBOR form of "+call+": data holds the parameters as a map; cb receives the result's encoding "+
				"(null for none), the typed error's, or the message as a text string (docs/wire.md). "+enqueue)
	}
}

func (g *gen) events() {
	n := g.n
	ctx, status := n.own("context"), n.own("status")
	g.section("Events")
	for _, e := range g.m.Events {
		g.p.Comment("event " + e.Name)
		args := g.argsStruct(n.perCall("event", e.Name, "args"), "The parameters of the event "+e.Name+".", e.Params)
		cb := n.perCall("event", e.Name, "cb")
		params := "void* user_data, uint64_t listener_id"
		if args != "" {
			params += ", " + strings.TrimSuffix(args, ", ")
		}
		g.typedef("A listener of "+e.Name+": runs on the context's event thread, one event at a time, "+
			"in firing order. args is valid during the call only.", cb, params)
		listen := n.category("listen", e.Name)
		g.fn(e.Doc, status, listen, ctx+" ctx, "+cb+" cb, void* user_data, uint64_t* listener_id",
			"Adds a listener of "+e.Name+" and sets *listener_id (if not NULL) to its id, for "+n.own("unlisten")+
				". It receives the events fired after this returns, until removed or the context is destroyed. "+
				"Thread-safe, also from inside a listener.")
		g.fn("", status, n.category("cbor_listen", e.Name),
			ctx+" ctx, "+n.own("cbor_cb")+" cb, void* user_data, uint64_t* listener_id",
			"The CBOR form of "+listen+": data holds the event's parameters as a map; id is the listener id. "+
				"cb may be "+n.own("enqueue")+".")
		g.p.Blank()
	}
	g.fn("Removes a listener. When it returns, the listener will not be called again, "+
		"no item of it is left for "+n.own("poll")+", and a call of it running on another thread has returned; "+
		"from inside a listener of ctx it never waits. "+n.macro("STATUS_UNKNOWN_ID")+" for an id not listening. Thread-safe.",
		status, n.own("unlisten"), ctx+" ctx, uint64_t listener_id")
}

func (g *gen) hostFuncs() {
	n := g.n
	ctx, status := n.own("context"), n.own("status")
	g.section("Host functions")
	for _, f := range g.m.HostFuncs {
		g.p.Comment("host fn " + f.Name)
		args := g.argsStruct(n.perCall("host", f.Name, "args"), "The arguments of the host fn "+f.Name+".", f.Params)
		cb := n.perCall("host", f.Name, "cb")
		params := "void* user_data, uint64_t call_id"
		if args != "" {
			params += ", " + strings.TrimSuffix(args, ", ")
		}
		complete := n.category("complete", f.Name)
		g.typedef(f.Doc, cb, params, "An implementation of the host fn "+f.Name+": the library invokes it on one of its "+
			"threads with a call id and the arguments (valid during the invocation only). Answer exactly once with "+
			complete+", from any thread, now or later (also from inside the invocation).")
		implement := n.category("implement", f.Name)
		g.fn("Sets the implementation of "+f.Name+" for ctx, replacing the previous one (native or CBOR); "+
			"a NULL cb removes it, and the library's calls of "+f.Name+" then fail. When it returns, invocations of "+
			"the replaced implementation running on other threads have returned. Thread-safe.",
			status, implement, ctx+" ctx, "+cb+" cb, void* user_data")
		g.fn("", status, n.category("cbor_implement", f.Name), ctx+" ctx, "+n.own("cbor_cb")+" cb, void* user_data",
			"The CBOR form of "+implement+": id is the call id, data holds the arguments as a map; answer with "+
				n.own("cbor_complete")+". cb may be "+n.own("enqueue")+".")
		g.fn("Answers the invocation call_id of "+f.Name+": "+g.answerDoc(f), status, complete,
			ctx+" ctx, uint64_t call_id, "+g.completion(f.Result, f.Throws),
			"Inputs are borrowed for the call. "+n.macro("STATUS_UNKNOWN_ID")+": call_id is not waiting for an answer "+
				"(unknown, answered, or of another host fn); "+n.macro("STATUS_CLOSED")+": the context is destroyed; "+
				n.macro("STATUS_INVALID_ARGUMENT")+": the answer is invalid, and the call fails in the library. Thread-safe.")
		g.p.Blank()
	}
	g.fn("Answers the invocation call_id of any host fn in CBOR: data holds the result's encoding (null for none) "+
		"when status is "+n.macro("STATUS_OK")+", the typed error's for "+n.macro("STATUS_TYPED_ERROR")+
		", a text string (the message) for "+n.macro("STATUS_ERROR")+". Returns as the native forms do; "+
		n.macro("STATUS_DECODE_ERROR")+": data is invalid, and the call fails in the library. Thread-safe.",
		status, n.own("cbor_complete"), ctx+" ctx, uint64_t call_id, "+status+" status, const uint8_t* data, size_t len")
}

func (g *gen) answerDoc(f *idl.Func) string {
	var parts []string
	if f.Result != nil {
		parts = append(parts, "status "+g.n.macro("STATUS_OK")+" with result")
	} else {
		parts = append(parts, "status "+g.n.macro("STATUS_OK"))
	}
	parts = append(parts, g.n.macro("STATUS_ERROR")+" with message")
	if f.Throws != nil {
		parts = append(parts, g.n.macro("STATUS_TYPED_ERROR")+" with error")
	}
	return strings.Join(parts, ", ") + "."
}
