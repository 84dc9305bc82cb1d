/* Calls of every kind through the native and CBOR entry points, every type
 * both ways, threads, errors, and invalid input. */
#include "timer.h"

static void fingerprint(void) {
    CHECK_EQ(my_timer_abi_version(), MY_TIMER_FFIC_ABI_VERSION);
    CHECK(strcmp(my_timer_fingerprint(), MY_TIMER_FINGERPRINT) == 0);
}

/* ---- plain fns, native ---- */

typedef struct str_result {
    atomic_int calls;
    my_timer_status status;
    char text[256];
    char message[256];
    long thread;
} str_result;

static void on_version(void* user_data, my_timer_status status, const my_timer_str* result, my_timer_str message) {
    str_result* r = user_data;
    r->status = status;
    if (result) snprintf(r->text, sizeof r->text, "%.*s", (int)result->len, result->ptr);
    snprintf(r->message, sizeof r->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    r->thread = tid();
    atomic_fetch_add(&r->calls, 1);
}

static void on_flush(void* user_data, my_timer_status status, const my_timer_FlushResult* result, my_timer_str message) {
    CHECK(status != MY_TIMER_STATUS_OK || result != NULL);
    record_done(user_data, status, message);
}

typedef struct u64_result {
    atomic_int calls;
    my_timer_status status;
    uint64_t value;
    bool typed;
    my_timer_ScheduleError error;
    char message[256];
} u64_result;

static void on_schedule(void* user_data, my_timer_status status, const uint64_t* result, my_timer_str message,
                        const my_timer_ScheduleError* error) {
    u64_result* r = user_data;
    r->status = status;
    if (result) r->value = *result;
    r->typed = error != NULL;
    if (error) r->error = *error;
    CHECK((status == MY_TIMER_STATUS_OK) == (result != NULL));
    CHECK((status == MY_TIMER_STATUS_TYPED_ERROR) == (error != NULL));
    snprintf(r->message, sizeof r->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&r->calls, 1);
}

static void on_cancel(void* user_data, my_timer_status status, const bool* result, my_timer_str message) {
    (void)message;
    CHECK_EQ(status, MY_TIMER_STATUS_OK);
    *(int*)user_data = result && *result ? 1 : 0;
}

static void on_stats(void* user_data, my_timer_status status, const my_timer_Stats* s, my_timer_str message) {
    (void)message;
    CHECK_EQ(status, MY_TIMER_STATUS_OK);
    int* calls = user_data;
    (*calls)++;
    /* One paused timer: batches = [{"<id>": req}, {"cancelled": null}]. */
    CHECK_EQ(s->batches.len, 2);
    CHECK_EQ(s->batches.ptr[0].len, 1);
    CHECK(s->batches.ptr[0].ptr[0].value != NULL);
    CHECK_STR(s->batches.ptr[0].ptr[0].value->message, "later");
    CHECK_EQ(s->batches.ptr[1].len, 1);
    CHECK_STR(s->batches.ptr[1].ptr[0].key, "cancelled");
    CHECK(s->batches.ptr[1].ptr[0].value == NULL);
    CHECK_EQ(s->latencies_by_priority.len, 1);
    CHECK_EQ(s->latencies_by_priority.ptr[0].key, my_timer_Priority_normal);
    CHECK_EQ(s->latencies_by_priority.ptr[0].value.len, 2);
    CHECK(s->latencies_by_priority.ptr[0].value.ptr[1] == 1.25f);
    CHECK(s->last_stop.present == false);
    CHECK_EQ(s->fired_by_tag.len, 0);
    CHECK(s->fired_by_tag.ptr == NULL);
}

static my_timer_Scalars kitchen_scalars(const uint8_t* raw, size_t raw_len) {
    my_timer_Scalars v;
    memset(&v, 0, sizeof v);
    v.flag = true;
    v.tiny = INT8_MIN;
    v.small = INT16_MAX;
    v.medium = INT32_MIN;
    v.large = INT64_MIN;
    v.octet = UINT8_MAX;
    v.port = UINT16_MAX;
    v.count = UINT32_MAX;
    v.nanos = UINT64_MAX;
    v.ratio = 0.1f;
    v.precise = -1e300;
    static const char text[] = "nul\0in\xc3\xa9\xe2\x8f\xb0 text";
    v.text = (my_timer_str){text, sizeof text - 1};
    v.raw = (my_timer_bytes){raw, raw_len};
    return v;
}

typedef struct scalars_result {
    atomic_int calls;
    my_timer_status status;
    const my_timer_Scalars* want;
    long thread;
} scalars_result;

static void on_roundtrip(void* user_data, my_timer_status status, const my_timer_Scalars* r, my_timer_str message) {
    scalars_result* s = user_data;
    s->status = status;
    if (status != MY_TIMER_STATUS_OK) {
        fprintf(stderr, "roundtrip: %.*s\n", (int)message.len, message.ptr);
    } else {
        const my_timer_Scalars* w = s->want;
        CHECK(r->flag == w->flag);
        CHECK_EQ(r->tiny, w->tiny);
        CHECK_EQ(r->small, w->small);
        CHECK_EQ(r->medium, w->medium);
        CHECK(r->large == w->large);
        CHECK_EQ(r->octet, w->octet);
        CHECK_EQ(r->port, w->port);
        CHECK(r->count == w->count);
        CHECK(r->nanos == w->nanos);
        CHECK(r->ratio == w->ratio);
        CHECK(r->precise == w->precise);
        CHECK(r->text.len == w->text.len && (w->text.len == 0 || memcmp(r->text.ptr, w->text.ptr, w->text.len) == 0));
        CHECK(r->raw.len == w->raw.len && (w->raw.len == 0 || memcmp(r->raw.ptr, w->raw.ptr, w->raw.len) == 0));
    }
    s->thread = tid();
    atomic_fetch_add(&s->calls, 1);
}

typedef struct clock_result {
    atomic_int calls;
    my_timer_status status;
    my_timer_ClockError error;
    char message[256];
} clock_result;

static void on_resync(void* user_data, my_timer_status status, my_timer_str message, const my_timer_ClockError* error) {
    clock_result* r = user_data;
    r->status = status;
    r->error = error ? *error : -1;
    CHECK((status == MY_TIMER_STATUS_TYPED_ERROR) == (error != NULL));
    snprintf(r->message, sizeof r->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&r->calls, 1);
}

static void plain_native(void) {
    my_timer_context ctx = new_ctx();

    str_result v = {0};
    CHECK_EQ(my_timer_call_version(ctx, on_version, &v), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&v.calls), 1);
    CHECK(strcmp(v.text, MY_TIMER_CONST_TIMER_VERSION) == 0);
    CHECK_EQ(v.thread, tid());

    done d = {0};
    CHECK_EQ(my_timer_call_ping(ctx, on_done, &d), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&d.calls), 1);
    CHECK_EQ(d.status, MY_TIMER_STATUS_OK);

    done f = {0};
    CHECK_EQ(my_timer_call_flush(ctx, on_flush, &f), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&f.calls), 1);

    my_timer_fn_schedule_args sa;
    memset(&sa, 0, sizeof sa);
    sa.message = STR("later");
    sa.when.tag = my_timer_Schedule_paused;
    sa.priority = my_timer_Priority_high;
    u64_result s = {0};
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, on_schedule, &s), MY_TIMER_STATUS_OK);
    CHECK_EQ(s.status, MY_TIMER_STATUS_OK);
    CHECK(s.value != 0);

    int stats_calls = 0;
    CHECK_EQ(my_timer_call_stats(ctx, on_stats, &stats_calls), MY_TIMER_STATUS_OK);
    CHECK_EQ(stats_calls, 1);

    int cancelled = -1;
    my_timer_fn_cancel_args ca = {s.value};
    CHECK_EQ(my_timer_call_cancel(ctx, &ca, on_cancel, &cancelled), MY_TIMER_STATUS_OK);
    CHECK_EQ(cancelled, 1);
    CHECK_EQ(my_timer_call_cancel(ctx, &ca, on_cancel, &cancelled), MY_TIMER_STATUS_OK);
    CHECK_EQ(cancelled, 0);

    /* Nested groups: subgroups, by_label, fallback (an optional of itself). */
    uint64_t ids[] = {1, 2, 3};
    my_timer_TimerGroup leaf;
    memset(&leaf, 0, sizeof leaf);
    leaf.name = STR("leaf");
    leaf.timer_ids = (my_timer_list_u64){ids, 3};
    my_timer_TimerGroup fallback = leaf;
    fallback.name = STR("fallback");
    my_timer_map_str_TimerGroup_entry label = {STR("l"), leaf};
    my_timer_fn_set_groups_args ga;
    memset(&ga, 0, sizeof ga);
    ga.root.name = STR("root");
    ga.root.subgroups = (my_timer_list_TimerGroup){&leaf, 1};
    ga.root.by_label = (my_timer_map_str_TimerGroup){&label, 1};
    ga.root.fallback = &fallback;
    done g = {0};
    CHECK_EQ(my_timer_call_set_groups(ctx, &ga, on_done, &g), MY_TIMER_STATUS_OK);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);

    /* Every scalar, strings with NUL and non-ASCII, empty and 1 MiB bytes. */
    size_t big = 1 << 20;
    uint8_t* raw = malloc(big);
    for (size_t i = 0; i < big; i++) raw[i] = (uint8_t)(i * 7);
    size_t sizes[] = {0, 1, big};
    for (int i = 0; i < 3; i++) {
        my_timer_fn_roundtrip_args ra;
        ra.value = kitchen_scalars(raw, sizes[i]);
        scalars_result r = {0};
        r.want = &ra.value;
        CHECK_EQ(my_timer_call_roundtrip(ctx, &ra, on_roundtrip, &r), MY_TIMER_STATUS_OK);
        CHECK_EQ(atomic_load(&r.calls), 1);
        CHECK_EQ(r.status, MY_TIMER_STATUS_OK);
    }
    /* NULL pointers with length 0 are fine. */
    my_timer_fn_roundtrip_args empty;
    memset(&empty, 0, sizeof empty);
    scalars_result r = {0};
    r.want = &empty.value;
    CHECK_EQ(my_timer_call_roundtrip(ctx, &empty, on_roundtrip, &r), MY_TIMER_STATUS_OK);
    CHECK_EQ(r.status, MY_TIMER_STATUS_OK);
    free(raw);

    /* resync_clock: a plain fn calling a host fn answered inline. */
    g_ctx = ctx;
    CHECK_EQ(my_timer_implement_now_ms(ctx, now_inline, NULL), MY_TIMER_STATUS_OK);
    clock_result rc = {0};
    CHECK_EQ(my_timer_call_resync_clock(ctx, on_resync, &rc), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&rc.calls), 1);
    CHECK_EQ(rc.status, MY_TIMER_STATUS_OK);
    atomic_store(&g_now, 5); /* the clock goes backwards: a typed enum error */
    CHECK_EQ(my_timer_call_resync_clock(ctx, on_resync, &rc), MY_TIMER_STATUS_OK);
    CHECK_EQ(rc.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK_EQ(rc.error, my_timer_ClockError_went_backwards);
    destroy_ok(ctx);
}

/* ---- plain fns, CBOR ---- */

static void cbor_call(my_timer_status (*call)(my_timer_context, const uint8_t*, size_t, my_timer_cbor_cb, void*),
                      my_timer_context ctx, const cbor* req, got_cbor* g) {
    memset(g, 0, sizeof *g);
    CHECK_EQ(call(ctx, req->b, req->len, on_got_cbor, g), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&g->calls), 1);
    CHECK_EQ(g->thread, tid());
}

static void plain_cbor(void) {
    my_timer_context ctx = new_ctx();
    static got_cbor g;
    cbor empty = {0}, want = {0};
    cb_map(&empty, 0);

    cbor_call(my_timer_cbor_call_version, ctx, &empty, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);
    cb_str(&want, "timer/1.0");
    CHECK_CBOR(&g, &want);

    cbor_call(my_timer_cbor_call_ping, ctx, &empty, &g);
    cb_free(&want);
    cb_null(&want);
    CHECK_CBOR(&g, &want);

    cbor_call(my_timer_cbor_call_flush, ctx, &empty, &g);
    cb_free(&want);
    cb_map(&want, 0);
    CHECK_CBOR(&g, &want);

    /* schedule {"when": {"once": 10000}, "message": "x", "priority": "low"}: too long, a union typed error. */
    cbor req = {0};
    cb_map(&req, 3);
    cb_str(&req, "when");
    cb_map(&req, 1);
    cb_str(&req, "once");
    cb_uint(&req, 10000);
    cb_str(&req, "message");
    cb_str(&req, "x");
    cb_str(&req, "priority");
    cb_str(&req, "low");
    cbor_call(my_timer_cbor_call_schedule, ctx, &req, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_TYPED_ERROR);
    cb_free(&want);
    cb_map(&want, 1);
    cb_str(&want, "too_long");
    cb_uint(&want, 10000);
    CHECK_CBOR(&g, &want);

    /* ... and a paused one, then cancel it: true. */
    cb_free(&req);
    cb_map(&req, 3);
    cb_str(&req, "when");
    cb_map(&req, 1);
    cb_str(&req, "paused");
    cb_null(&req);
    cb_str(&req, "message");
    cb_str(&req, "x");
    cb_str(&req, "priority");
    cb_str(&req, "high");
    cbor_call(my_timer_cbor_call_schedule, ctx, &req, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);
    CHECK(g.len >= 1 && g.data[0] <= 0x1b);
    cb_free(&req);
    cb_map(&req, 1);
    cb_str(&req, "timer_id");
    for (size_t i = 0; i < g.len; i++) cb_byte(&req, g.data[i]);
    cbor_call(my_timer_cbor_call_cancel, ctx, &req, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);
    cb_free(&want);
    cb_bool(&want, true);
    CHECK_CBOR(&g, &want);

    /* roundtrip: every scalar, keys in the deterministic order, comes back byte for byte. */
    static const char text[] = "nul\0\xc3\xa9";
    uint8_t raw[3] = {0, 1, 255};
    cb_free(&req);
    cb_map(&req, 1);
    cb_str(&req, "value");
    cbor val = {0};
    cb_map(&val, 13);
    cb_str(&val, "raw");
    cb_bytes(&val, raw, 3);
    cb_str(&val, "flag");
    cb_bool(&val, true);
    cb_str(&val, "port");
    cb_uint(&val, 65535);
    cb_str(&val, "text");
    cb_strn(&val, text, sizeof text - 1);
    cb_str(&val, "tiny");
    cb_int(&val, -128);
    cb_str(&val, "count");
    cb_uint(&val, 4294967295u);
    cb_str(&val, "large");
    cb_int(&val, INT64_MIN);
    cb_str(&val, "nanos");
    cb_uint(&val, UINT64_MAX);
    cb_str(&val, "octet");
    cb_uint(&val, 255);
    cb_str(&val, "ratio");
    cb_byte(&val, 0xf9); /* 1.5 as a half */
    cb_byte(&val, 0x3e);
    cb_byte(&val, 0x00);
    cb_str(&val, "small");
    cb_int(&val, -32768);
    cb_str(&val, "medium");
    cb_int(&val, -1);
    cb_str(&val, "precise");
    cb_byte(&val, 0xfb); /* 0.1 */
    const uint8_t tenth[8] = {0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a};
    for (int i = 0; i < 8; i++) cb_byte(&val, tenth[i]);
    for (size_t i = 0; i < val.len; i++) cb_byte(&req, val.b[i]);
    cbor_call(my_timer_cbor_call_roundtrip, ctx, &req, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);
    CHECK_CBOR(&g, &val);

    /* stats with a paused timer: a map inside a list inside a struct, a null entry. */
    cbor_call(my_timer_cbor_call_stats, ctx, &empty, &g);
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);

    /* parse_priority (static), and its message error. */
    cb_free(&req);
    cb_map(&req, 1);
    cb_str(&req, "text");
    cb_str(&req, "high");
    memset(&g, 0, sizeof g);
    CHECK_EQ(my_timer_cbor_call_parse_priority(req.b, req.len, on_got_cbor, &g), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&g.calls), 1);
    cb_free(&want);
    cb_str(&want, "high");
    CHECK_CBOR(&g, &want);
    cb_free(&req);
    cb_map(&req, 1);
    cb_str(&req, "text");
    cb_str(&req, "bogus");
    memset(&g, 0, sizeof g);
    CHECK_EQ(my_timer_cbor_call_parse_priority(req.b, req.len, on_got_cbor, &g), MY_TIMER_STATUS_OK);
    CHECK_EQ(g.status, MY_TIMER_STATUS_ERROR);
    cb_free(&want);
    cb_str(&want, "unknown priority \"bogus\"");
    CHECK_CBOR(&g, &want);

    cb_free(&req);
    cb_free(&val);
    cb_free(&want);
    cb_free(&empty);
    destroy_ok(ctx);
}

/* ---- async fns, static fns, threads ---- */

typedef struct echo_result {
    atomic_int calls;
    my_timer_status status;
    char message[256];
    char text[256];
    char note[64];
    bool note_present;
    int64_t count;
    bool typed;
    int32_t code;
    bool retry_present;
    long thread;
} echo_result;

static void on_echo(void* user_data, my_timer_status status, const my_timer_EchoResponse* r, my_timer_str message,
                    const my_timer_TimerError* error) {
    echo_result* e = user_data;
    e->status = status;
    if (r) {
        snprintf(e->text, sizeof e->text, "%.*s", (int)r->message.len, r->message.ptr);
        e->note_present = r->note.present;
        if (r->note.present) snprintf(e->note, sizeof e->note, "%.*s", (int)r->note.value.len, r->note.value.ptr);
        e->count = r->echo_count;
    }
    e->typed = error != NULL;
    if (error) {
        e->code = error->code;
        e->retry_present = error->retry_after_ms.present;
    }
    snprintf(e->message, sizeof e->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    e->thread = tid();
    atomic_fetch_add(&e->calls, 1);
}

static my_timer_fn_echo_args echo_args(const char* msg, uint32_t delay) {
    my_timer_fn_echo_args a;
    memset(&a, 0, sizeof a);
    a.req.message = (my_timer_str){msg, strlen(msg)};
    a.req.delay_ms = delay;
    a.req.priority = my_timer_Priority_low;
    return a;
}

typedef struct i64_result {
    atomic_int calls;
    my_timer_status status;
    int64_t value;
    bool typed;
    my_timer_ClockError error;
    long thread;
} i64_result;

static void on_skew(void* user_data, my_timer_status status, const int64_t* r, my_timer_str message,
                    const my_timer_ClockError* error) {
    (void)message;
    i64_result* x = user_data;
    x->status = status;
    if (r) x->value = *r;
    x->typed = error != NULL;
    if (error) x->error = *error;
    x->thread = tid();
    atomic_fetch_add(&x->calls, 1);
}

typedef struct prio_result {
    atomic_int calls;
    my_timer_status status;
    my_timer_Priority value;
    char message[256];
    long thread;
} prio_result;

static void on_prio(void* user_data, my_timer_status status, const my_timer_Priority* r, my_timer_str message) {
    prio_result* p = user_data;
    p->status = status;
    if (r) p->value = *r;
    snprintf(p->message, sizeof p->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    p->thread = tid();
    atomic_fetch_add(&p->calls, 1);
}

static void async_and_static(void) {
    my_timer_context ctx = new_ctx();

    /* echo: async, completes later on another thread, keeps the note. */
    my_timer_fn_echo_args a = echo_args("hi", 300);
    a.req.note = (my_timer_opt_str){true, STR("n\xc3\xb6te")};
    const char* tags[] = {"a", "b"};
    my_timer_str tag_strs[2] = {STR("a"), STR("b")};
    (void)tags;
    a.req.tags = (my_timer_list_str){tag_strs, 2};
    my_timer_map_str_i64_entry attrs[2] = {{STR("x"), -1}, {STR("y"), 2}};
    a.req.attrs = (my_timer_map_str_i64){attrs, 2};
    uint8_t blob[4] = {0, 0, 0, 0};
    a.req.blob = (my_timer_bytes){blob, 4};
    echo_result e = {0};
    double t0 = now_ms();
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, &e), MY_TIMER_STATUS_OK);
    CHECK(now_ms() - t0 < 200); /* did not wait for the 300 ms handler */
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_OK);
    CHECK(strcmp(e.text, "echo:\thi") == 0);
    CHECK(e.note_present && strcmp(e.note, "n\xc3\xb6te") == 0);
    CHECK(e.thread != tid());
    sleep_ms(5);
    CHECK_EQ(atomic_load(&e.calls), 1);

    /* sleep through CBOR. */
    static got_cbor g;
    cbor req = {0};
    cb_map(&req, 1);
    cb_str(&req, "duration_ms");
    cb_uint(&req, 5);
    memset(&g, 0, sizeof g);
    CHECK_EQ(my_timer_cbor_call_sleep(ctx, req.b, req.len, on_got_cbor, &g), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&g.calls, 1, 5000));
    CHECK_EQ(g.status, MY_TIMER_STATUS_OK);
    CHECK(g.len == 1 && g.data[0] == 0xf6);
    CHECK(g.thread != tid());

    /* static fn: on this thread; static async fn: on another. */
    prio_result p = {0};
    my_timer_fn_parse_priority_args pa = {STR("normal")};
    CHECK_EQ(my_timer_call_parse_priority(&pa, on_prio, &p), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&p.calls), 1);
    CHECK_EQ(p.value, my_timer_Priority_normal);
    CHECK_EQ(p.thread, tid());
    pa.text = STR("loud");
    CHECK_EQ(my_timer_call_parse_priority(&pa, on_prio, &p), MY_TIMER_STATUS_OK);
    CHECK_EQ(p.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(p.message, "unknown priority") != NULL);

    i64_result s = {0};
    my_timer_fn_measure_clock_skew_args ma = {STR("pool.ntp"), 2};
    CHECK_EQ(my_timer_call_measure_clock_skew(&ma, on_skew, &s), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&s.calls, 1, 5000));
    CHECK_EQ(s.status, MY_TIMER_STATUS_OK);
    CHECK_EQ(s.value, 16);
    CHECK(s.thread != tid());
    i64_result s2 = {0};
    ma.server = STR("");
    CHECK_EQ(my_timer_call_measure_clock_skew(&ma, on_skew, &s2), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&s2.calls, 1, 5000));
    CHECK_EQ(s2.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK_EQ(s2.error, my_timer_ClockError_unavailable);

    cb_free(&req);
    destroy_ok(ctx);
}

/* ---- errors ---- */

static void errors(void) {
    my_timer_context ctx = new_ctx();

    /* A struct typed error with an optional field. */
    my_timer_fn_echo_args a = echo_args("slow", 999999);
    echo_result e = {0};
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, &e), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK(e.typed && e.code == 3 && e.retry_present);
    CHECK_EQ(strlen(e.message), 0);

    /* A panicking handler: an error, and the process lives on. */
    a = echo_args("panic", 0);
    echo_result p = {0};
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, &p), MY_TIMER_STATUS_OK);
    CHECK(wait_for(&p.calls, 1, 5000));
    CHECK_EQ(p.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(p.message, "panic: echo asked to panic") != NULL);
    CHECK(!p.typed);

    /* A union typed error natively. */
    my_timer_fn_schedule_args sa;
    memset(&sa, 0, sizeof sa);
    sa.message = STR("m");
    sa.when.tag = my_timer_Schedule_once;
    sa.when.as.once = 6000;
    u64_result s = {0};
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, on_schedule, &s), MY_TIMER_STATUS_OK);
    CHECK_EQ(s.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK(s.typed && s.error.tag == my_timer_ScheduleError_too_long && s.error.as.too_long == 6000);

    /* A message error of a plain fn (every.period_ms 0). */
    sa.when.tag = my_timer_Schedule_every;
    sa.when.as.every.period_ms = 0;
    u64_result m = {0};
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, on_schedule, &m), MY_TIMER_STATUS_OK);
    CHECK_EQ(m.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(m.message, "period_ms") != NULL);

    /* The ctor's typed error (a struct with an optional) and message error. */
    my_timer_ctor_args ca = default_args();
    ca.config.clock_offset_us = -5;
    created c = {0};
    CHECK_EQ(my_timer_new(&ca, on_created, &c), MY_TIMER_STATUS_OK);
    CHECK_EQ(c.status, MY_TIMER_STATUS_TYPED_ERROR);
    CHECK_EQ(c.ctx, 0);
    CHECK(c.typed && c.error.code == 2 && c.retry_present && c.retry == 100);
    CHECK(strcmp(c.error_message, "negative clock offset") == 0);
    CHECK_EQ(c.thread, tid());

    destroy_ok(ctx);
}

/* ---- invalid handles, callbacks and input ---- */

static atomic_int never_calls;
static void never(void* user_data, my_timer_status status, my_timer_str message) {
    (void)user_data; (void)status; (void)message;
    atomic_fetch_add(&never_calls, 1);
}
static void never_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data; (void)status; (void)id; (void)data; (void)len;
    atomic_fetch_add(&never_calls, 1);
}

static void check_rejected_cbor(my_timer_context ctx, const uint8_t* data, size_t len, my_timer_status want,
                                const char* msg) {
    my_timer_status st = my_timer_cbor_call_schedule(ctx, data, len, never_cbor, NULL);
    CHECK_EQ(st, want);
    my_timer_str e = my_timer_last_error();
    CHECK(e.ptr != NULL && e.ptr[e.len] == 0);
    CHECK_CONTAINS(e, msg);
}

static void invalid(void) {
    my_timer_context ctx = new_ctx();

    /* Handles. */
    CHECK_EQ(my_timer_call_ping(0, never, NULL), MY_TIMER_STATUS_INVALID_CONTEXT);
    CHECK_EQ(my_timer_call_ping(0xdeadbeefcafeull, never, NULL), MY_TIMER_STATUS_INVALID_CONTEXT);
    CHECK_EQ(my_timer_call_ping(ctx + 1000, never, NULL), MY_TIMER_STATUS_INVALID_CONTEXT);
    my_timer_context dead = new_ctx();
    destroy_ok(dead);
    CHECK_EQ(my_timer_call_ping(dead, never, NULL), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_cbor_call_ping(dead, (const uint8_t*)"\xa0", 1, never_cbor, NULL), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_destroy(dead, 10), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_destroy(0, 10), MY_TIMER_STATUS_INVALID_CONTEXT);
    uint64_t lid = 0;
    CHECK_EQ(my_timer_listen_clock_changed(dead, (my_timer_event_clock_changed_cb)never, NULL, &lid), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_implement_now_ms(dead, now_inline, NULL), MY_TIMER_STATUS_CLOSED);
    uint64_t one = 1;
    CHECK_EQ(my_timer_complete_now_ms(dead, 1, MY_TIMER_STATUS_OK, &one, STR("")), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_unlisten(dead, 1), MY_TIMER_STATUS_CLOSED);

    /* NULL callback and NULL args. */
    CHECK_EQ(my_timer_call_ping(ctx, NULL, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "cb is NULL");
    CHECK_EQ(my_timer_call_cancel(ctx, NULL, (my_timer_fn_cancel_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, NULL, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_cbor_call_ping(ctx, NULL, 3, never_cbor, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_new(NULL, on_created, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    my_timer_ctor_args ca = default_args();
    CHECK_EQ(my_timer_new(&ca, NULL, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_listen_echo_fired(ctx, NULL, NULL, &lid), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_destroy(ctx, -1), MY_TIMER_STATUS_INVALID_ARGUMENT);

    /* Invalid native input: every rule, with the field path. */
    my_timer_fn_schedule_args sa;
    memset(&sa, 0, sizeof sa);
    sa.message = (my_timer_str){"\xff\xfe", 2};
    sa.when.tag = my_timer_Schedule_paused;
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, (my_timer_fn_schedule_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "message: invalid UTF-8");
    sa.message = (my_timer_str){NULL, 3};
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, (my_timer_fn_schedule_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "message: NULL pointer with length 3");
    sa.message = STR("ok");
    sa.priority = 3;
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, (my_timer_fn_schedule_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "priority: unknown Priority member 3");
    sa.priority = my_timer_Priority_low;
    sa.when.tag = 0;
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, (my_timer_fn_schedule_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "when: unknown Schedule arm tag 0");
    sa.when.tag = my_timer_Schedule_at;
    sa.when.as.at = (my_timer_list_u64){NULL, 2};
    CHECK_EQ(my_timer_call_schedule(ctx, &sa, (my_timer_fn_schedule_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "when.at: NULL pointer with length 2");

    my_timer_fn_echo_args ea = echo_args("x", 0);
    my_timer_map_str_i64_entry dup[2] = {{STR("k"), 1}, {STR("k"), 2}};
    ea.req.attrs = (my_timer_map_str_i64){dup, 2};
    CHECK_EQ(my_timer_call_echo(ctx, &ea, (my_timer_fn_echo_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "req.attrs: duplicate key \"k\"");
    my_timer_str tags[3] = {STR("a"), STR("b"), {"\xc3", 1}};
    ea = echo_args("x", 0);
    ea.req.tags = (my_timer_list_str){tags, 3};
    CHECK_EQ(my_timer_call_echo(ctx, &ea, (my_timer_fn_echo_cb)never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "req.tags[2]: invalid UTF-8");

    /* A cyclic value (a group that is its own fallback): the depth limit stops it. */
    my_timer_fn_set_groups_args ga;
    memset(&ga, 0, sizeof ga);
    ga.root.name = STR("loop");
    ga.root.fallback = &ga.root;
    CHECK_EQ(my_timer_call_set_groups(ctx, &ga, never, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(my_timer_last_error(), "nesting deeper than 256");

    /* Malformed, truncated, out-of-range and mistyped CBOR. */
    check_rejected_cbor(ctx, (const uint8_t*)"\xff", 1, MY_TIMER_STATUS_DECODE_ERROR, "schedule");
    check_rejected_cbor(ctx, (const uint8_t*)"\xa3\x64when", 6, MY_TIMER_STATUS_DECODE_ERROR, "unexpected end of input");
    check_rejected_cbor(ctx, (const uint8_t*)"", 0, MY_TIMER_STATUS_DECODE_ERROR, "unexpected end of input");
    check_rejected_cbor(ctx, (const uint8_t*)"\xa0", 1, MY_TIMER_STATUS_DECODE_ERROR, "schedule: missing required field \"message\"");
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0\x00", 2, never_cbor, NULL), MY_TIMER_STATUS_DECODE_ERROR);
    CHECK_CONTAINS(my_timer_last_error(), "ping: trailing bytes after the value");
    cbor req = {0};
    cb_map(&req, 1);
    cb_str(&req, "timer_id");
    cb_int(&req, -1);
    CHECK_EQ(my_timer_cbor_call_cancel(ctx, req.b, req.len, never_cbor, NULL), MY_TIMER_STATUS_DECODE_ERROR);
    CHECK_CONTAINS(my_timer_last_error(), "timer_id: -1 does not fit u64");
    cb_free(&req);
    cb_map(&req, 3);
    cb_str(&req, "when");
    cb_map(&req, 1);
    cb_str(&req, "sometimes");
    cb_null(&req);
    cb_str(&req, "message");
    cb_str(&req, "x");
    cb_str(&req, "priority");
    cb_str(&req, "loud");
    check_rejected_cbor(ctx, req.b, req.len, MY_TIMER_STATUS_DECODE_ERROR, "when{0}: unknown Schedule arm \"sometimes\"");
    cb_free(&req);
    cb_map(&req, 1);
    cb_str(&req, "value");
    cb_map(&req, 1);
    cb_str(&req, "port");
    cb_uint(&req, 65536);
    CHECK_EQ(my_timer_cbor_call_roundtrip(ctx, req.b, req.len, never_cbor, NULL), MY_TIMER_STATUS_DECODE_ERROR);
    CHECK_CONTAINS(my_timer_last_error(), "value.port: 65536 does not fit u16");
    cb_free(&req);

    CHECK_EQ(atomic_load(&never_calls), 0);
    destroy_ok(ctx);
}

/* ---- two contexts kept apart ---- */

static void two_contexts(void) {
    my_timer_context a = new_ctx(), b = new_ctx();
    CHECK(a != b);
    my_timer_fn_schedule_args sa;
    memset(&sa, 0, sizeof sa);
    sa.message = STR("in a");
    sa.when.tag = my_timer_Schedule_paused;
    u64_result ra = {0};
    CHECK_EQ(my_timer_call_schedule(a, &sa, on_schedule, &ra), MY_TIMER_STATUS_OK);
    /* b knows nothing of a's timer. */
    int cancelled = -1;
    my_timer_fn_cancel_args ca = {ra.value};
    CHECK_EQ(my_timer_call_cancel(b, &ca, on_cancel, &cancelled), MY_TIMER_STATUS_OK);
    CHECK_EQ(cancelled, 0);
    destroy_ok(b);
    CHECK_EQ(my_timer_call_cancel(b, &ca, on_cancel, &cancelled), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_call_cancel(a, &ca, on_cancel, &cancelled), MY_TIMER_STATUS_OK);
    CHECK_EQ(cancelled, 1);
    destroy_ok(a);
}

SCENARIOS({"fingerprint", fingerprint}, {"plain_native", plain_native}, {"plain_cbor", plain_cbor},
          {"async_and_static", async_and_static}, {"errors", errors}, {"invalid", invalid},
          {"two_contexts", two_contexts})
