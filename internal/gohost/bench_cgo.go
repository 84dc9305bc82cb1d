package gohost

// The reference points of the benchmark: a bare cgo call, and the native
// entry point of a plain fn called from Go with a C callback that copies
// the result (the cheapest a native call from Go can be).

/*
#cgo CFLAGS: -I${SRCDIR}/../../examples/timer/gen/my_timer
#include <stdbool.h>
#include "my_timer.h"

static int32_t gohost_bare(int32_t x) { return x + 1; }

typedef struct { int32_t status; bool result; } gohost_bool_slot;

static void gohost_cancel_cb(void* ud, my_timer_status st, const bool* result, my_timer_str message) {
	gohost_bool_slot* s = ud;
	(void)message;
	s->status = st;
	s->result = result != NULL && *result;
}

static int32_t gohost_native_cancel(uint64_t ctx, uint64_t id, int32_t* ok) {
	gohost_bool_slot s = {0, false};
	my_timer_fn_cancel_args args = {id};
	int32_t st = my_timer_call_cancel(ctx, &args, gohost_cancel_cb, &s);
	*ok = s.status == 0 ? s.result : -1;
	return st;
}
*/
import "C"

func bareCall(x int32) int32 { return int32(C.gohost_bare(C.int32_t(x))) }

// nativeCancel calls my_timer_call_cancel natively; ok is -1 on failure.
func nativeCancel(h, id uint64) (st, ok int32) {
	var x C.int32_t
	st = int32(C.gohost_native_cancel(C.uint64_t(h), C.uint64_t(id), &x))
	return st, int32(x)
}
