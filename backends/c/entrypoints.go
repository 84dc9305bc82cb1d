package c

import (
	"strings"

	"github.com/ffic/ffic/idl"
)

// This file writes the entry points: context creation and destruction,
// one native and one CBOR entry point per fn, listeners per event,
// implementations and answers per host fn (docs/abi.md, "Entry points").
// What the ABI promises about threads and ownership is the same for every
// entry point of a kind, so each section's comment states it once, naming
// the entry points by their pattern; each declaration keeps its .ffi doc
// comment (cbindgen and wit-bindgen write about one line per function).

// argsStruct writes the args struct of a call, event or ctor, if it has
// parameters, and returns the parameter that passes it ("" if none). With
// a doc it starts a paragraph of its own; without, it is part of the
// declarations of one fn, event or host fn, which stand together.
// Parameters travel in a struct, so a parameter named ctx, cb or
// user_data never meets the entry point's own C parameters.
func (g *gen) argsStruct(name, doc string, params []*idl.Field) string {
	if len(params) == 0 {
		return ""
	}
	if doc != "" {
		g.p.Blank()
		g.p.Doc(doc)
	}
	g.p.P("typedef struct ", name, " {")
	g.p.In()
	g.fields(params)
	g.p.Out()
	g.p.P("} ", name, ";")
	g.syms.types = append(g.syms.types, name)
	return "const " + name + "* args, "
}

// typedef declares a function pointer type, as a paragraph of its own
// when it has a doc.
func (g *gen) typedef(doc, name, params string, notes ...string) {
	if doc != "" || len(notes) > 0 {
		g.p.Blank()
	}
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
		parts = append(parts, "error when status is "+g.n.macro("STATUS_TYPED_ERROR"))
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

// entry declares an entry point of a fn, event or host fn, with its .ffi
// doc comment (if any) and no empty line before it: the declarations of
// one fn stand together under its one-line /* kind name */ comment.
func (g *gen) entry(doc, result, name, params string) {
	g.p.Doc(doc)
	g.p.Sig(result+" "+name, params, ";")
	g.syms.funcs = append(g.syms.funcs, name)
}

// group starts the declarations of one fn, event or host fn: an empty
// line, then its kind and name.
func (g *gen) group(kind, name string) {
	g.p.Blank()
	g.p.Comment(kind + " " + name)
}

func (g *gen) calls() {
	if len(g.m.Funcs) == 0 {
		return
	}
	n := g.n
	status, ok := n.own("status"), n.macro("STATUS_OK")
	g.section("Calls")
	g.p.Block(
		"Each fn <name> below, introduced by its kind (fn, async fn, static fn, static async fn) and "+
			"its name, has these declarations (docs/abi.md, \"Calls\"):",
		"- "+n.own("fn_<name>_args")+": its parameters, passed as args; only when it has any.",
		"- "+n.own("fn_<name>_cb")+": its completion. result (when the fn returns a value) is valid when "+
			"status is "+ok+", error (when it throws) when status is "+n.macro("STATUS_TYPED_ERROR")+
			", message for any other status; the others are NULL or empty. All are valid during the callback only.",
		"- "+n.own("call_<name>")+": calls it with native C values; a static fn takes no ctx. When accepted ("+
			ok+" returned), cb runs exactly once: for a fn or static fn, on this thread, before this returns; "+
			"for an async fn or static async fn, later, on a library thread (possibly before this returns). "+
			"Any other status rejects the call: cb never runs. Inputs are borrowed for the call. Thread-safe.",
		"- "+n.own("cbor_call_<name>")+": the same in CBOR (docs/wire.md): data holds the parameters as a map; "+
			"cb receives the result's encoding (null for none), the typed error's, or the message as a text "+
			"string. cb may be "+n.own("enqueue")+", except for a static fn: it has no context, so no queue.",
		"The .ffi doc comment of each fn is on its "+n.own("call_<name>")+".")
	for _, f := range g.m.Funcs {
		g.group(f.Kind.String(), f.Name)
		call := n.category("call", f.Name)
		args := g.argsStruct(n.perCall("fn", f.Name, "args"), "", f.Params)
		cb := n.perCall("fn", f.Name, "cb")
		g.typedef("", cb, "void* user_data, "+g.completion(f.Result, f.Throws))
		ctx := n.own("context") + " ctx, "
		if f.Kind.IsStatic() {
			ctx = ""
		}
		g.entry(f.Doc, status, call, ctx+args+cb+" cb, void* user_data")
		g.entry("", status, n.category("cbor_call", f.Name),
			ctx+"const uint8_t* data, size_t len, "+n.own("cbor_cb")+" cb, void* user_data")
	}
}

func (g *gen) events() {
	n := g.n
	ctx, status := n.own("context"), n.own("status")
	g.section("Events")
	if len(g.m.Events) > 0 {
		g.p.Block(
			"Each event <name> below has these declarations (docs/abi.md, \"Events\"):",
			"- "+n.own("event_<name>_args")+": its parameters; only when it has any.",
			"- "+n.own("event_<name>_cb")+": a listener. It runs on the context's event thread, one event at "+
				"a time, in firing order; args is valid during the call only.",
			"- "+n.own("listen_<name>")+": adds a listener and sets *listener_id (if not NULL) to its id, for "+
				n.own("unlisten")+". It receives the events fired after this returns, until removed or the "+
				"context is destroyed. Thread-safe, also from inside a listener.",
			"- "+n.own("cbor_listen_<name>")+": the same in CBOR: cb's data holds the event's parameters as a "+
				"map, its id is the listener id. cb may be "+n.own("enqueue")+".",
			"The .ffi doc comment of each event is on its "+n.own("listen_<name>")+".")
	}
	for _, e := range g.m.Events {
		g.group("event", e.Name)
		args := g.argsStruct(n.perCall("event", e.Name, "args"), "", e.Params)
		cb := n.perCall("event", e.Name, "cb")
		params := "void* user_data, uint64_t listener_id"
		if args != "" {
			params += ", " + strings.TrimSuffix(args, ", ")
		}
		g.typedef("", cb, params)
		g.entry(e.Doc, status, n.category("listen", e.Name), ctx+" ctx, "+cb+" cb, void* user_data, uint64_t* listener_id")
		g.entry("", status, n.category("cbor_listen", e.Name),
			ctx+" ctx, "+n.own("cbor_cb")+" cb, void* user_data, uint64_t* listener_id")
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
	if len(g.m.HostFuncs) > 0 {
		g.p.Block(
			"Each host fn <name> below has these declarations (docs/abi.md, \"Host functions\"):",
			"- "+n.own("host_<name>_args")+": its parameters; only when it has any.",
			"- "+n.own("host_<name>_cb")+": an implementation. The library invokes it on one of its threads "+
				"with a call id and the arguments (valid during the invocation only). Answer exactly once with "+
				n.own("complete_<name>")+", from any thread, now or later (also from inside the invocation).",
			"- "+n.own("implement_<name>")+": sets the implementation for ctx, replacing the previous one "+
				"(native or CBOR); a NULL cb removes it, and the library's calls of the host fn then fail. When it "+
				"returns, invocations of the replaced implementation running on other threads have returned. Thread-safe.",
			"- "+n.own("cbor_implement_<name>")+": the same in CBOR: cb's id is the call id, its data holds the "+
				"arguments as a map; answer with "+n.own("cbor_complete")+". cb may be "+n.own("enqueue")+".",
			"- "+n.own("complete_<name>")+": answers the invocation call_id: status "+n.macro("STATUS_OK")+
				" with result (when the host fn returns a value), "+n.macro("STATUS_ERROR")+" with message, "+
				n.macro("STATUS_TYPED_ERROR")+" with error (when it throws). "+
				"Inputs are borrowed for the call. Returns "+n.macro("STATUS_UNKNOWN_ID")+" when call_id is not "+
				"waiting for an answer (unknown, answered, or of another host fn), "+n.macro("STATUS_CLOSED")+
				" when the context is destroyed, "+n.macro("STATUS_INVALID_ARGUMENT")+" when the answer is "+
				"invalid (the call then fails in the library). Thread-safe.",
			"The .ffi doc comment of each host fn is on its "+n.own("host_<name>_cb")+".")
	}
	for _, f := range g.m.HostFuncs {
		g.group("host fn", f.Name)
		args := g.argsStruct(n.perCall("host", f.Name, "args"), "", f.Params)
		cb := n.perCall("host", f.Name, "cb")
		params := "void* user_data, uint64_t call_id"
		if args != "" {
			params += ", " + strings.TrimSuffix(args, ", ")
		}
		g.p.Doc(f.Doc)
		g.p.Sig("typedef void (*"+cb+")", params, ";")
		g.syms.types = append(g.syms.types, cb)
		g.entry("", status, n.category("implement", f.Name), ctx+" ctx, "+cb+" cb, void* user_data")
		g.entry("", status, n.category("cbor_implement", f.Name), ctx+" ctx, "+n.own("cbor_cb")+" cb, void* user_data")
		g.entry("", status, n.category("complete", f.Name), ctx+" ctx, uint64_t call_id, "+g.completion(f.Result, f.Throws))
	}
	g.fn("Answers the invocation call_id of any host fn in CBOR: data holds the result's encoding (null for none) "+
		"when status is "+n.macro("STATUS_OK")+", the typed error's for "+n.macro("STATUS_TYPED_ERROR")+
		", a text string (the message) for "+n.macro("STATUS_ERROR")+". Returns as the native forms do; "+
		n.macro("STATUS_DECODE_ERROR")+": data is invalid, and the call fails in the library. Thread-safe.",
		status, n.own("cbor_complete"), ctx+" ctx, uint64_t call_id, "+status+" status, const uint8_t* data, size_t len")
}
