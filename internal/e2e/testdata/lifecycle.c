/* Lifetimes that once hung or lied: listeners of two contexts unlistening
 * each other, destroy from a host fn a plain fn invoked inline, host fns
 * that never answer, the status of calls destroy cuts short, which
 * listeners an event reaches, and unlisten racing destroy. Each scenario
 * arms an alarm: a hang kills the host, which fails the test. */
#include "timer.h"

static void arm(void) { alarm(60); }

static my_timer_context new_ctx_options(const char* key, const char* value, uint16_t max_pending) {
    my_timer_ctor_args a = default_args();
    my_timer_map_str_str_entry e;
    if (key != NULL) {
        e.key = (my_timer_str){key, strlen(key)};
        e.value = (my_timer_str){value, strlen(value)};
        a.config.options = (my_timer_map_str_str){&e, 1};
    }
    if (max_pending > 0) {
        a.config.max_pending = max_pending;
    }
    created c = {0};
    CHECK_EQ(my_timer_new(&a, on_created, &c), MY_TIMER_STATUS_OK);
    CHECK_EQ(c.status, MY_TIMER_STATUS_OK);
    return c.ctx;
}

/* Fires n echo_fired events from one flush (and as many timer_stopped). */
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

/* ---- Two contexts' listeners unlisten each other (issue 11, item 10) ---- */

static my_timer_context pair_ctx[2];
static uint64_t pair_id[2];
static atomic_int pair_in[2], pair_done[2];
static my_timer_status pair_status[2];

static void pair_listener(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)listener_id; (void)args;
    int me = (int)(intptr_t)user_data, other = 1 - me;
    if (atomic_exchange(&pair_in[me], 1)) {
        return; /* only the first event meets the other listener */
    }
    while (!atomic_load(&pair_in[other])) sleep_ms(1); /* both run now */
    pair_status[me] = my_timer_unlisten(pair_ctx[other], pair_id[other]);
    atomic_store(&pair_done[me], 1);
}

static void unlisten_each_other(void) {
    arm();
    for (int i = 0; i < 2; i++) {
        pair_ctx[i] = new_ctx();
        CHECK_EQ(my_timer_listen_echo_fired(pair_ctx[i], pair_listener, (void*)(intptr_t)i, &pair_id[i]), MY_TIMER_STATUS_OK);
    }
    fire_n(pair_ctx[0], 1);
    fire_n(pair_ctx[1], 1);
    for (int i = 0; i < 2; i++) {
        CHECK(wait_for(&pair_done[i], 1, 10000));
        CHECK_EQ(pair_status[i], MY_TIMER_STATUS_OK);
    }
    /* Both event threads still work: destroy ends in time. */
    for (int i = 0; i < 2; i++) {
        destroy_ok(pair_ctx[i]);
    }
}

/* ---- destroy from a host fn a plain fn invoked inline (item 11) ---- */

static my_timer_context inline_ctx;
static my_timer_status inline_destroy = -1;
static my_timer_status inline_complete = -1;

static void now_destroys(void* user_data, uint64_t call_id) {
    (void)user_data;
    inline_destroy = my_timer_destroy(inline_ctx, 5000);
    uint64_t now = 1;
    inline_complete = my_timer_complete_now_ms(inline_ctx, call_id, MY_TIMER_STATUS_OK, &now, STR(""));
}

typedef struct clock_done {
    atomic_int calls;
    my_timer_status status;
    bool typed;
    my_timer_ClockError error;
    char message[256];
} clock_done;

static void on_resync(void* user_data, my_timer_status status, my_timer_str message, const my_timer_ClockError* error) {
    clock_done* d = user_data;
    d->status = status;
    d->typed = error != NULL;
    if (error) d->error = *error;
    snprintf(d->message, sizeof d->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&d->calls, 1);
}

static void destroy_in_inline_host_fn(void) {
    arm();
    inline_ctx = new_ctx();
    CHECK_EQ(my_timer_implement_now_ms(inline_ctx, now_destroys, NULL), MY_TIMER_STATUS_OK);
    clock_done d = {0};
    CHECK_EQ(my_timer_call_resync_clock(inline_ctx, on_resync, &d), MY_TIMER_STATUS_OK);
    /* destroy did not wait (until TIMEOUT) for the plain call it is nested in... */
    CHECK_EQ(inline_destroy, MY_TIMER_STATUS_OK);
    /* ...which then completed, once, as cut short by destroy. */
    CHECK_EQ(inline_complete, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(atomic_load(&d.calls), 1);
    CHECK_EQ(d.status, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_destroy(inline_ctx, 10), MY_TIMER_STATUS_CLOSED);
}

/* ---- Host fns that never answer (item 12) ---- */

static atomic_ullong silent_id;
static void silent_now(void* user_data, uint64_t call_id) {
    (void)user_data;
    atomic_store(&silent_id, call_id);
}
static void silent_token(void* user_data, uint64_t call_id, const my_timer_host_fetch_token_args* args) {
    (void)user_data; (void)args;
    atomic_store(&silent_id, call_id);
}

typedef struct echo_result {
    atomic_int calls;
    my_timer_status status;
    char message[512];
} echo_result;

static void on_echo(void* user_data, my_timer_status status, const my_timer_EchoResponse* r, my_timer_str message,
                    const my_timer_TimerError* error) {
    (void)r; (void)error;
    echo_result* e = user_data;
    e->status = status;
    snprintf(e->message, sizeof e->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&e->calls, 1);
}

static void host_fn_timeout(void) {
    arm();
    my_timer_context ctx = new_ctx_options("host_timeout_ms", "100", 0);
    /* A plain fn waiting for now_ms: fails at the deadline instead of
     * hanging (resync_clock reports it as its typed error). */
    CHECK_EQ(my_timer_implement_now_ms(ctx, silent_now, NULL), MY_TIMER_STATUS_OK);
    clock_done d = {0};
    CHECK_EQ(my_timer_call_resync_clock(ctx, on_resync, &d), MY_TIMER_STATUS_OK);
    CHECK_EQ(d.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK(d.typed && d.error == my_timer_ClockError_unavailable);
    uint64_t now = 1;
    CHECK_EQ(my_timer_complete_now_ms(ctx, atomic_load(&silent_id), MY_TIMER_STATUS_OK, &now, STR("")),
             MY_TIMER_STATUS_UNKNOWN_ID);

    /* An async fn waiting for fetch_token: its error names the host fn. */
    CHECK_EQ(my_timer_implement_fetch_token(ctx, silent_token, NULL), MY_TIMER_STATUS_OK);
    atomic_store(&silent_id, 0);
    my_timer_fn_echo_args a;
    memset(&a, 0, sizeof a);
    a.req.message = STR("m");
    my_timer_str tags[1] = {STR("token:k")};
    a.req.tags = (my_timer_list_str){tags, 1};
    static echo_result e;
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, &e), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&e.calls, 1, 10000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(e.message, "fetch_token: no answer from the host within 100ms") != NULL);
    my_timer_str tok = STR("late");
    CHECK_EQ(my_timer_complete_fetch_token(ctx, atomic_load(&silent_id), MY_TIMER_STATUS_OK, &tok, STR(""), NULL),
             MY_TIMER_STATUS_UNKNOWN_ID);
    CHECK_EQ(my_timer_cbor_complete(ctx, atomic_load(&silent_id), MY_TIMER_STATUS_OK, (const uint8_t*)"\x60", 1),
             MY_TIMER_STATUS_UNKNOWN_ID);
    destroy_ok(ctx);
}

/* ---- Calls cut short by destroy complete CLOSED (item 13) ---- */

typedef struct sleep_result {
    atomic_int calls;
    my_timer_status status;
} sleep_result;

static void on_sleep(void* user_data, my_timer_status status, my_timer_str message) {
    (void)message;
    sleep_result* s = user_data;
    s->status = status;
    atomic_fetch_add(&s->calls, 1);
}

static void on_sleep_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)id; (void)data; (void)len;
    sleep_result* s = user_data;
    s->status = status;
    atomic_fetch_add(&s->calls, 1);
}

static my_timer_context closing_ctx;
static clock_done closing_resync;
static void* resync_thread(void* arg) {
    (void)arg;
    CHECK_EQ(my_timer_call_resync_clock(closing_ctx, on_resync, &closing_resync), MY_TIMER_STATUS_OK);
    return NULL;
}

static void cut_short_is_closed(void) {
    arm();
    closing_ctx = new_ctx();
    /* async handlers that return ctx.Err(), natively and in CBOR */
    static sleep_result native, cbor;
    my_timer_fn_sleep_args s = {60000};
    CHECK_EQ(my_timer_call_sleep(closing_ctx, &s, on_sleep, &native), MY_TIMER_STATUS_OK);
    const uint8_t sleep_cbor[] = {0xa1, 0x6b, 'd', 'u', 'r', 'a', 't', 'i', 'o', 'n', '_', 'm', 's', 0x19, 0xea, 0x60};
    CHECK_EQ(my_timer_cbor_call_sleep(closing_ctx, sleep_cbor, sizeof sleep_cbor, on_sleep_cbor, &cbor), MY_TIMER_STATUS_OK);
    /* a plain fn waiting for a host fn that destroy fails */
    atomic_store(&silent_id, 0);
    CHECK_EQ(my_timer_implement_now_ms(closing_ctx, silent_now, NULL), MY_TIMER_STATUS_OK);
    pthread_t th;
    pthread_create(&th, NULL, resync_thread, NULL);
    while (atomic_load(&silent_id) == 0) sleep_ms(1);
    CHECK_EQ(my_timer_destroy(closing_ctx, 10000), MY_TIMER_STATUS_OK);
    pthread_join(th, NULL);
    CHECK_EQ(atomic_load(&native.calls), 1);
    CHECK_EQ(native.status, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(atomic_load(&cbor.calls), 1);
    CHECK_EQ(cbor.status, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(atomic_load(&closing_resync.calls), 1);
    CHECK_EQ(closing_resync.status, MY_TIMER_STATUS_CLOSED);
}

/* ---- Which listeners an event reaches (item 15) ---- */

static atomic_int late_release, late_first_in, late_got[2];
static void late_listener_cb(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)listener_id; (void)args;
    int which = (int)(intptr_t)user_data;
    if (which == 0 && !atomic_exchange(&late_first_in, 1)) {
        while (!atomic_load(&late_release)) sleep_ms(1);
    }
    atomic_fetch_add(&late_got[which], 1);
}

static void late_listener(void) {
    arm();
    my_timer_context ctx = new_ctx();
    CHECK_EQ(my_timer_listen_echo_fired(ctx, late_listener_cb, (void*)0, NULL), MY_TIMER_STATUS_OK);
    fire_n(ctx, 1);
    while (!atomic_load(&late_first_in)) sleep_ms(1); /* the event thread is held */
    fire_n(ctx, 10);
    CHECK_EQ(my_timer_listen_echo_fired(ctx, late_listener_cb, (void*)1, NULL), MY_TIMER_STATUS_OK);
    atomic_store(&late_release, 1);
    CHECK(wait_for(&late_got[0], 11, 10000));
    fire_n(ctx, 1); /* after the second listener was added: both get it */
    CHECK(wait_for(&late_got[0], 12, 10000));
    CHECK(wait_for(&late_got[1], 1, 10000));
    destroy_ok(ctx);
    CHECK_EQ(atomic_load(&late_got[0]), 12);
    CHECK_EQ(atomic_load(&late_got[1]), 1); /* none of the 10 fired before it listened */
}

static atomic_int full_release, full_first_in, full_native;
static void full_listener(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    if (!atomic_exchange(&full_first_in, 1)) {
        while (!atomic_load(&full_release)) sleep_ms(1);
    }
    atomic_fetch_add(&full_native, 1);
}

/* A queue listener and a callback listener under a full backlog: each
 * event reaches both or neither, and each dropped one is counted once.
 * The queue is polled only once the callback listener, the last of each
 * event, has had every event kept: so the queue fills up too. */
static void full_backlog(void) {
    arm();
    enum { fired = 6001 };
    my_timer_context ctx = new_ctx_options(NULL, NULL, 60000);
    CHECK_EQ(my_timer_cbor_listen_echo_fired(ctx, my_timer_enqueue, (void*)7, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_listen_echo_fired(ctx, full_listener, NULL, NULL), MY_TIMER_STATUS_OK);
    fire_n(ctx, 1);
    while (!atomic_load(&full_first_in)) sleep_ms(1);
    fire_n(ctx, fired - 1);
    uint64_t dropped = 0;
    CHECK_EQ(my_timer_dropped_events(ctx, &dropped), MY_TIMER_STATUS_OK);
    CHECK(dropped > 0 && dropped < fired);
    int kept = fired - (int)dropped;
    atomic_store(&full_release, 1);
    CHECK(wait_for(&full_native, kept, 10000));
    static my_timer_item items[256];
    int queued = 0;
    double end = now_ms() + 10000;
    while (queued < kept && now_ms() < end) {
        size_t n = 0;
        my_timer_status st = my_timer_poll(ctx, items, 256, 100, &n);
        CHECK(st == MY_TIMER_STATUS_OK || st == MY_TIMER_STATUS_TIMEOUT);
        for (size_t i = 0; i < n; i++) {
            CHECK_EQ(items[i].kind, MY_TIMER_ITEM_EVENT);
            queued++;
        }
    }
    /* nothing beyond what was kept arrives later */
    size_t n = 0;
    CHECK_EQ(my_timer_poll(ctx, items, 256, 50, &n), MY_TIMER_STATUS_TIMEOUT);
    CHECK_EQ(queued, kept);
    CHECK_EQ(atomic_load(&full_native), kept);
    uint64_t again = 0;
    CHECK_EQ(my_timer_dropped_events(ctx, &again), MY_TIMER_STATUS_OK);
    CHECK_EQ(again, dropped);
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    while (my_timer_poll(ctx, items, 256, 1000, &n) != MY_TIMER_STATUS_CLOSED) {
    }
}

/* ---- unlisten racing destroy (item 16) ---- */

static atomic_int race_running, race_go;
static void race_listener(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    atomic_fetch_add(&race_running, 1);
    while (!atomic_load(&race_go)) sleep_ms(0); /* until unlisten and destroy start */
    sleep_ms(1);
    atomic_fetch_sub(&race_running, 1);
}

typedef struct race {
    my_timer_context ctx;
    uint64_t id;
    my_timer_status status;
    int running_after;
} race;

static void* race_unlisten(void* p) {
    race* r = p;
    while (!atomic_load(&race_go)) {
    }
    r->status = my_timer_unlisten(r->ctx, r->id);
    r->running_after = atomic_load(&race_running);
    return NULL;
}

static void unlisten_racing_destroy(void) {
    arm();
    for (int round = 0; round < 200; round++) {
        race r = {0};
        atomic_store(&race_go, 0);
        r.ctx = new_ctx();
        CHECK_EQ(my_timer_listen_echo_fired(r.ctx, race_listener, NULL, &r.id), MY_TIMER_STATUS_OK);
        fire_n(r.ctx, 3);
        while (atomic_load(&race_running) == 0) sleep_ms(0); /* the first event's call waits for race_go */
        pthread_t th;
        pthread_create(&th, NULL, race_unlisten, &r);
        atomic_store(&race_go, 1);
        my_timer_status st = my_timer_destroy(r.ctx, 5000);
        pthread_join(th, NULL);
        CHECK_EQ(st, MY_TIMER_STATUS_OK);
        CHECK(r.status == MY_TIMER_STATUS_OK || r.status == MY_TIMER_STATUS_CLOSED);
        if (r.status != MY_TIMER_STATUS_OK && r.status != MY_TIMER_STATUS_CLOSED) {
            fprintf(stderr, "round %d: unlisten = %d\n", round, r.status);
            break;
        }
        /* Either way the listener's call had returned: nothing runs. */
        CHECK_EQ(r.running_after, 0);
        CHECK_EQ(atomic_load(&race_running), 0);
    }
}

SCENARIOS({"unlisten_each_other", unlisten_each_other}, {"destroy_in_inline_host_fn", destroy_in_inline_host_fn},
          {"host_fn_timeout", host_fn_timeout}, {"cut_short_is_closed", cut_short_is_closed},
          {"late_listener", late_listener}, {"full_backlog", full_backlog},
          {"unlisten_racing_destroy", unlisten_racing_destroy})
