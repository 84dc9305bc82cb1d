/* Events: listeners native and CBOR, order, removal, reentrancy, the
 * event thread, the backlog. */
#include "timer.h"

typedef struct seen {
    atomic_int calls;
    int64_t counts[4096];
    uint64_t listener;
    long thread;
    atomic_int bad_thread;
    atomic_int out_of_order;
    my_timer_context ctx;
} seen;

static void record(seen* s, int64_t count) {
    int n = atomic_load(&s->calls);
    if (n < 4096) s->counts[n] = count;
    if (n > 0 && n < 4096 && s->counts[n - 1] >= count) atomic_fetch_add(&s->out_of_order, 1);
    if (s->thread == 0) s->thread = tid();
    else if (s->thread != tid()) atomic_fetch_add(&s->bad_thread, 1);
    atomic_fetch_add(&s->calls, 1);
}

static void on_fired(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    seen* s = user_data;
    CHECK_EQ(listener_id, s->listener);
    CHECK(args->message.len > 0);
    record(s, args->echo_count);
}

/* A CBOR listener: {"message": ..., "echo_count": n}; takes n from the tail. */
static void on_fired_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    seen* s = user_data;
    CHECK_EQ(status, MY_TIMER_STATUS_OK);
    CHECK_EQ(id, s->listener);
    CHECK(len > 2 && data[0] == 0xa2);
    /* keys sorted: "message" (7) before "echo_count" (10): echo_count last. */
    uint8_t h = data[len - 1];
    int64_t n = h < 24 ? h : -1;
    if (len >= 3 && data[len - 2] == 0x18) n = data[len - 1];
    if (len >= 4 && data[len - 3] == 0x19) n = (data[len - 2] << 8) | data[len - 1];
    record(s, n);
}

/* Schedules n paused timers and flushes them: one goroutine fires n
 * events in order. */
static void fire_n(my_timer_context ctx, int n) {
    for (int i = 0; i < n; i++) {
        my_timer_fn_schedule_args a;
        memset(&a, 0, sizeof a);
        a.message = STR("m");
        a.when.tag = my_timer_Schedule_paused;
        CHECK_EQ(my_timer_call_schedule(ctx, &a, (my_timer_fn_schedule_cb)on_done_ignore, NULL), MY_TIMER_STATUS_OK);
    }
    CHECK_EQ(my_timer_call_flush(ctx, (my_timer_fn_flush_cb)on_done_ignore, NULL), MY_TIMER_STATUS_OK);
}

static void two_listeners_and_order(void) {
    my_timer_context ctx = new_ctx();
    static seen a, b;
    CHECK_EQ(my_timer_listen_echo_fired(ctx, on_fired, &a, &a.listener), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_listen_echo_fired(ctx, on_fired_cbor, &b, &b.listener), MY_TIMER_STATUS_OK);
    CHECK(a.listener != 0 && b.listener != 0 && a.listener != b.listener);
    fire_n(ctx, 1000);
    CHECK(wait_for(&a.calls, 1000, 10000));
    CHECK(wait_for(&b.calls, 1000, 10000));
    CHECK_EQ(atomic_load(&a.out_of_order), 0);
    CHECK_EQ(atomic_load(&b.out_of_order), 0);
    CHECK_EQ(atomic_load(&a.bad_thread), 0);
    CHECK(a.thread != tid());
    CHECK_EQ(a.thread, b.thread); /* one event thread per context */
    /* Removal: a stops receiving, b goes on. */
    CHECK_EQ(my_timer_unlisten(ctx, a.listener), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_unlisten(ctx, a.listener), MY_TIMER_STATUS_UNKNOWN_ID);
    fire_n(ctx, 10);
    CHECK(wait_for(&b.calls, 1010, 10000));
    sleep_ms(20);
    CHECK_EQ(atomic_load(&a.calls), 1000);
    uint64_t dropped = 99;
    CHECK_EQ(my_timer_dropped_events(ctx, &dropped), MY_TIMER_STATUS_OK);
    CHECK_EQ(dropped, 0);
    destroy_ok(ctx);
}

/* A listener that calls back into the library, and one that removes itself. */
static void on_fired_reenter(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)args;
    seen* s = user_data;
    done d = {0};
    CHECK_EQ(my_timer_call_ping(s->ctx, on_done, &d), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&d.calls), 1);
    CHECK_EQ(d.thread, tid());
    if (atomic_load(&s->calls) == 2) {
        CHECK_EQ(my_timer_unlisten(s->ctx, listener_id), MY_TIMER_STATUS_OK); /* never waits on the event thread */
    }
    record(s, args->echo_count);
}

static void reentrant_listener(void) {
    my_timer_context ctx = new_ctx();
    static seen s;
    s.ctx = ctx;
    CHECK_EQ(my_timer_listen_echo_fired(ctx, on_fired_reenter, &s, &s.listener), MY_TIMER_STATUS_OK);
    fire_n(ctx, 10);
    CHECK(wait_for(&s.calls, 3, 5000));
    sleep_ms(50);
    CHECK_EQ(atomic_load(&s.calls), 3); /* removed itself during its third call */
    destroy_ok(ctx);
}

/* unlisten from another thread waits for a running call of the listener. */
static atomic_int slow_running, slow_done;
static void on_fired_slow(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    atomic_store(&slow_running, 1);
    sleep_ms(100);
    atomic_fetch_add(&slow_done, 1);
}

static void unlisten_waits(void) {
    my_timer_context ctx = new_ctx();
    uint64_t id = 0;
    CHECK_EQ(my_timer_listen_echo_fired(ctx, on_fired_slow, NULL, &id), MY_TIMER_STATUS_OK);
    fire_n(ctx, 3);
    while (!atomic_load(&slow_running)) sleep_ms(1);
    CHECK_EQ(my_timer_unlisten(ctx, id), MY_TIMER_STATUS_OK);
    int after = atomic_load(&slow_done);
    CHECK(after >= 1); /* the running call has returned */
    sleep_ms(250);
    CHECK_EQ(atomic_load(&slow_done), after); /* and no call came after */
    destroy_ok(ctx);
}

/* A full backlog drops the newest events and counts them. */
static atomic_int gate;
static atomic_int blocked_calls;
static void on_fired_blocked(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    while (!atomic_load(&gate)) sleep_ms(1);
    atomic_fetch_add(&blocked_calls, 1);
}

static void backlog(void) {
    my_timer_context ctx = new_ctx();
    uint64_t id = 0;
    CHECK_EQ(my_timer_listen_echo_fired(ctx, on_fired_blocked, NULL, &id), MY_TIMER_STATUS_OK);
    fire_n(ctx, 4096 + 200);
    uint64_t dropped = 0;
    CHECK_EQ(my_timer_dropped_events(ctx, &dropped), MY_TIMER_STATUS_OK);
    CHECK(dropped >= 100 && dropped <= 201);
    atomic_store(&gate, 1);
    CHECK(wait_for(&blocked_calls, (int)(4096 + 200 - dropped), 20000));
    destroy_ok(ctx);
}

/* Events of an event without parameters, and of two contexts apart. */
static atomic_int changed_a, changed_b;
static void on_changed(void* user_data, uint64_t listener_id) {
    (void)listener_id;
    atomic_fetch_add((atomic_int*)user_data, 1);
}

static void contexts_apart(void) {
    my_timer_context a = new_ctx(), b = new_ctx();
    CHECK_EQ(my_timer_listen_clock_changed(a, on_changed, &changed_a, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_listen_clock_changed(b, on_changed, &changed_b, NULL), MY_TIMER_STATUS_OK);
    g_ctx = a;
    CHECK_EQ(my_timer_implement_now_ms(a, now_inline, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_call_resync_clock(a, (my_timer_fn_resync_clock_cb)on_done_ignore, NULL), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&changed_a, 1, 5000));
    sleep_ms(20);
    CHECK_EQ(atomic_load(&changed_b), 0);
    destroy_ok(a);
    destroy_ok(b);
}

SCENARIOS({"two_listeners_and_order", two_listeners_and_order}, {"reentrant_listener", reentrant_listener},
          {"unlisten_waits", unlisten_waits}, {"backlog", backlog}, {"contexts_apart", contexts_apart})
