package c

// This file writes the ABI's own declarations: the types, status codes and
// functions every header has, whatever the interface (docs/abi.md).
// None of their names starts with a category word (call, cbor_call,
// listen, implement, complete, fn, event, host, list, map, opt; CONST and
// DECL in upper case), which keeps them apart from every name derived from
// the interface.

// statuses are the status codes, in order of value.
var statuses = []struct{ name, doc string }{
	{"OK", "The call was accepted (a return code), or it succeeded and the result is valid (a completion)."},
	{"ERROR", "Completion: the call failed; the message says why."},
	{"TYPED_ERROR", "Completion: the call failed with the typed error of its `throws`."},
	{"CLOSED", "The context is destroyed. As a completion: destroy cut the call short (the message says so). " +
		"As a return code: the context was destroyed or is being destroyed; nothing happened."},
	{"INVALID_CONTEXT", "Rejected: the handle is 0 or was never a context of this library; nothing happened."},
	{"INVALID_ARGUMENT", "Rejected: an argument is invalid (a NULL callback or pointer, an input breaking the rules of its type); " +
		"the last error says which. Nothing happened."},
	{"DECODE_ERROR", "Rejected: the CBOR input is not what docs/wire.md accepts; the last error names the field. Nothing happened."},
	{"UNKNOWN_ID", "Rejected: the call id or listener id is unknown, was already answered, or was removed."},
	{"TIMEOUT", "The timeout passed: destroy with work still running, poll with nothing to return."},
	{"BUSY", "Rejected: another thread is polling the same context."},
	{"INTERNAL", "Rejected: the library failed in a way no argument explains (a bug, no memory); the last error says how."},
}

func (g *gen) abiTypes() {
	p := &g.p
	n := g.n
	g.section("ABI types")

	str, bytes := n.own("str"), n.own("bytes")
	p.Doc("UTF-8 text: len bytes at ptr, not NUL-terminated, possibly holding NUL bytes. " +
		"ptr may be NULL when len is 0.")
	p.P("typedef struct ", str, " {")
	p.In()
	p.P("const char* ptr;")
	p.P("size_t len;")
	p.Out()
	p.P("} ", str, ";")
	p.Blank()
	p.Doc("Bytes: len bytes at ptr. ptr may be NULL when len is 0.")
	p.P("typedef struct ", bytes, " {")
	p.In()
	p.P("const uint8_t* ptr;")
	p.P("size_t len;")
	p.Out()
	p.P("} ", bytes, ";")
	p.Blank()

	status := n.own("status")
	p.Doc("A status: what an entry point returns (" + n.macro("STATUS_OK") + " when it accepted the call, " +
		"a rejection code otherwise) and what a completion reports.")
	p.P("typedef int32_t ", status, ";")
	var es []enumerator
	for i, s := range statuses {
		es = append(es, enumerator{n.macro("STATUS_" + s.name), int64(i), s.doc})
	}
	g.enumerators("The status codes.", es)
	p.Blank()

	ctx := n.own("context")
	p.Doc("A context: an opaque handle, validated on every call. 0 is never a context; handles are never reused.")
	p.P("typedef uint64_t ", ctx, ";")
	p.Blank()

	cb := n.own("cbor_cb")
	p.Doc("The callback of every CBOR entry point: completions, events and host-call invocations.",
		"status is the completion status (always "+n.macro("STATUS_OK")+" for events and invocations); "+
			"id is the new context for "+n.own("cbor_new")+", the listener id for an event, "+
			"the call id for an invocation, 0 otherwise; data holds len bytes of CBOR (docs/wire.md), "+
			"valid during the callback only.",
		"Passing "+n.own("enqueue")+" instead delivers to the context's completion queue.")
	p.Sig("typedef void (*"+cb+")", "void* user_data, "+status+" status, uint64_t id, const uint8_t* data, size_t len", ";")
	p.Blank()

	item := n.own("item")
	p.Doc("One item returned by " + n.own("poll") + ": what a callback passed to the CBOR entry points as " +
		n.own("enqueue") + " would have received.")
	p.P("typedef struct ", item, " {")
	p.In()
	p.Doc("The user_data given with " + n.own("enqueue") + " (to the call, listen or implement).")
	p.P("void* tag;")
	p.Doc("The CBOR data, valid until the next " + n.own("poll") + " on the same context.")
	p.P("const uint8_t* data;")
	p.P("size_t len;")
	p.Doc("As the id of " + cb + ": the listener id for an event, the call id for an invocation, 0 for a completion.")
	p.P("uint64_t id;")
	p.Doc("What the item is: one of the " + n.macro("ITEM_") + " values.")
	p.P("int32_t kind;")
	p.Doc("The completion status; " + n.macro("STATUS_OK") + " for events and invocations.")
	p.P(status, " status;")
	p.Doc("The fn, event or host fn the item belongs to: one of the " + n.macro("DECL_") + " values.")
	p.P("int32_t decl;")
	p.Out()
	p.P("} ", item, ";")
	g.enumerators("The kinds of items.", []enumerator{
		{n.macro("ITEM_COMPLETION"), 1, "The completion of a call."},
		{n.macro("ITEM_EVENT"), 2, "An event for a listener."},
		{n.macro("ITEM_HOST_CALL"), 3, "The invocation of a host fn: answer it with " + n.own("cbor_complete") + "."},
	})
	g.syms.types = append(g.syms.types, str, bytes, status, ctx, cb, item)

	var ids []enumerator
	add := func(name string) {
		ids = append(ids, enumerator{name: n.declID(name), value: int64(len(ids) + 1)})
	}
	for _, f := range g.m.Funcs {
		add(f.Name)
	}
	for _, e := range g.m.Events {
		add(e.Name)
	}
	for _, f := range g.m.HostFuncs {
		add(f.Name)
	}
	if len(ids) > 0 {
		p.Blank()
		g.enumerators("The ids of the fns, events and host fns, as in "+item+".decl: fns, then events, then host fns, each in source order.", ids)
	}
}

// info writes the functions that describe the library.
func (g *gen) info() {
	n := g.n
	g.section("Library")
	g.fn("The ffic ABI version the library implements; compare with "+n.macro("FFIC_ABI_VERSION")+
		" before calling anything else. Any thread; never fails.",
		"uint32_t", n.own("abi_version"), "void")
	g.fn("The fingerprint of the interface the library implements, as hex text (NUL-terminated, static); "+
		"compare with "+n.macro("FINGERPRINT")+" when loading the library. Any thread; never fails.",
		"const char*", n.own("fingerprint"), "void")
	g.fn("Why the last entry point called on this thread rejected its call (thread-local). "+
		"ptr is never NULL and is NUL-terminated; valid until the next call into the library on this thread.",
		n.own("str"), n.own("last_error"), "void")
	g.fn("Does nothing. Every implementation defines it and a Go host calls it when it opens a context, "+
		"so that a host linked without any implementation fails to link with this name as its first undefined reference. "+
		"Any thread; never fails.",
		"void", n.own(linkHintWord), "void")
}

// queue writes the completion queue's functions.
func (g *gen) queue() {
	n := g.n
	ctx, status := n.own("context"), n.own("status")
	g.section("Completion queue")
	g.fn("Passed as the "+n.own("cbor_cb")+" of a CBOR entry point that takes a context (a call, listen or implement), "+
		"it makes the library deliver to the context's completion queue instead of calling back: "+
		"each completion, event or invocation becomes one "+n.own("item")+" whose tag is the user_data. "+
		"Never called by the library; calling it does nothing.",
		"void", n.own("enqueue"), "void* user_data, "+status+" status, uint64_t id, const uint8_t* data, size_t len")
	g.fn("Takes up to capacity items from the context's completion queue into items and sets *count. "+
		"Waits up to timeout_ms for the first item (0: never waits; negative: no limit). "+
		"Returns OK with *count >= 1; OK with *count == 0 when woken by "+n.own("poll_wake")+"; "+
		"TIMEOUT with *count == 0; CLOSED once the context is destroyed and every item has been taken; "+
		"BUSY if another thread is polling the context. "+
		"The items' data stay valid until the next "+n.own("poll")+" on the context. Any thread, one at a time per context.",
		status, n.own("poll"), ctx+" ctx, "+n.own("item")+"* items, size_t capacity, int32_t timeout_ms, size_t* count")
	g.fn("Makes a "+n.own("poll")+" blocked on the context return at once (OK, *count == 0); "+
		"if none is blocked, the next one returns at once. Wakes do not add up. Any thread; never blocks.",
		status, n.own("poll_wake"), ctx+" ctx")
	g.fn("Sets (fd < 0: removes) a descriptor the library signals after it queues an item into the context's "+
		"empty queue, once the queue is closed, and at once if items are pending: it writes the 8 bytes of a "+
		"uint64_t 1 (an eventfd's increment), never blocking if fd is non-blocking, ignoring every error. "+
		"A host that then polls until "+n.own("poll")+" returns fewer items than it asked for misses none. "+
		"The host owns fd: keep it open until this returned for fd < 0 or "+n.own("poll")+" returned CLOSED. "+
		"Returns OK, CLOSED once the context is destroyed and drained, or INVALID_CONTEXT.",
		status, n.own("poll_notify"), ctx+" ctx, int fd")
	g.fn("Sets (NULL: removes) the context's inline callback: an invocation of a host fn implemented with "+
		n.own("enqueue")+" that the library makes on a thread inside a plain call of the context (a fn whose "+
		"handler calls the host fn on its caller's thread) is made on that thread as cb(user_data, OK, call_id, "+
		"data, len), with the implementation's user_data, instead of queueing an item; every other invocation "+
		"is queued. Answered as any invocation, also from inside cb. Returns OK, CLOSED or INVALID_CONTEXT.",
		status, n.own("cbor_inline"), ctx+" ctx, "+n.own("cbor_cb")+" cb")
}

// fn declares one function of the ABI with its doc comment.
func (g *gen) fn(doc, result, name, params string, notes ...string) {
	g.p.Blank()
	g.p.Doc(doc, notes...)
	g.p.Sig(result+" "+name, params, ";")
	g.syms.funcs = append(g.syms.funcs, name)
}
