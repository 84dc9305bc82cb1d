/* A C host of my_timer: it checks the library, creates a context, listens
 * to every event, implements every host fn, and makes every call, natively
 * and once through CBOR. Build and run it as examples/timer/README.md
 * shows. */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "my_timer.h"

#define STR(s) ((my_timer_str){(s), sizeof(s) - 1})

static my_timer_context ctx;
static atomic_int pending; /* async calls not yet completed */

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void report(const char* what, my_timer_status status, my_timer_str message) {
    if (status == MY_TIMER_STATUS_OK) {
        printf("%s: ok\n", what);
    } else if (status == MY_TIMER_STATUS_TYPED_ERROR) {
        printf("%s: typed error\n", what);
    } else {
        printf("%s: status %d: %.*s\n", what, status, (int)message.len, message.ptr);
    }
}

/* ---- completions ---- */

static void on_created(void* user_data, my_timer_status status, my_timer_context c, my_timer_str message,
                       const my_timer_TimerError* error) {
    (void)user_data;
    if (status == MY_TIMER_STATUS_OK) {
        ctx = c;
    } else if (error) {
        printf("new: %.*s\n", (int)error->message.len, error->message.ptr);
    } else {
        report("new", status, message);
    }
}

static void on_version(void* u, my_timer_status st, const my_timer_str* r, my_timer_str m) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("version: %.*s\n", (int)r->len, r->ptr);
    else report("version", st, m);
}
static void on_ping(void* u, my_timer_status st, my_timer_str m) { (void)u; report("ping", st, m); }
static void on_flush(void* u, my_timer_status st, const my_timer_FlushResult* r, my_timer_str m) {
    (void)u; (void)r;
    report("flush", st, m);
}
static uint64_t scheduled;
static void on_schedule(void* u, my_timer_status st, const uint64_t* r, my_timer_str m, const my_timer_ScheduleError* e) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) {
        scheduled = *r;
        printf("schedule: timer %llu\n", (unsigned long long)*r);
    } else if (e && e->tag == my_timer_ScheduleError_too_long) {
        printf("schedule: too long (%llu ms)\n", (unsigned long long)e->as.too_long);
    } else {
        report("schedule", st, m);
    }
}
static void on_cancel(void* u, my_timer_status st, const bool* r, my_timer_str m) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("cancel: %s\n", *r ? "cancelled" : "already stopped");
    else report("cancel", st, m);
}
static void on_set_groups(void* u, my_timer_status st, my_timer_str m) { (void)u; report("set_groups", st, m); }
static void on_stats(void* u, my_timer_status st, const my_timer_Stats* s, my_timer_str m) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("stats: %zu timers fired, %zu batches\n", s->fired_by_tag.len, s->batches.len);
    else report("stats", st, m);
}
static void on_roundtrip(void* u, my_timer_status st, const my_timer_Scalars* r, my_timer_str m) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("roundtrip: %.*s, %zu bytes\n", (int)r->text.len, r->text.ptr, r->raw.len);
    else report("roundtrip", st, m);
}
static void on_resync(void* u, my_timer_status st, my_timer_str m, const my_timer_ClockError* e) {
    (void)u;
    if (e) printf("resync_clock: clock error %d\n", *e);
    else report("resync_clock", st, m);
}
static void on_echo(void* u, my_timer_status st, const my_timer_EchoResponse* r, my_timer_str m, const my_timer_TimerError* e) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("echo: %.*s (#%lld)\n", (int)r->message.len, r->message.ptr, (long long)r->echo_count);
    else if (e) printf("echo: error %d: %.*s\n", e->code, (int)e->message.len, e->message.ptr);
    else report("echo", st, m);
    atomic_fetch_sub(&pending, 1);
}
static void on_sleep(void* u, my_timer_status st, my_timer_str m) {
    (void)u;
    report("sleep", st, m);
    atomic_fetch_sub(&pending, 1);
}
static void on_parse(void* u, my_timer_status st, const my_timer_Priority* r, my_timer_str m) {
    (void)u;
    if (st == MY_TIMER_STATUS_OK) printf("parse_priority: %d\n", *r);
    else report("parse_priority", st, m);
}
static void on_skew(void* u, my_timer_status st, const int64_t* r, my_timer_str m, const my_timer_ClockError* e) {
    (void)u; (void)e;
    if (st == MY_TIMER_STATUS_OK) printf("measure_clock_skew: %lld us\n", (long long)*r);
    else report("measure_clock_skew", st, m);
    atomic_fetch_sub(&pending, 1);
}
static void on_cbor(void* u, my_timer_status st, uint64_t id, const uint8_t* data, size_t len) {
    (void)u; (void)id;
    printf("cbor version: status %d, %zu bytes: %.*s\n", st, len, len > 0 ? (int)len - 1 : 0, (const char*)data + 1);
}

/* ---- events (on the context's event thread) ---- */

static void on_echo_fired(void* u, uint64_t id, const my_timer_event_echo_fired_args* a) {
    (void)u; (void)id;
    printf("event echo_fired: %.*s (#%lld)\n", (int)a->message.len, a->message.ptr, (long long)a->echo_count);
}
static void on_timer_stopped(void* u, uint64_t id, const my_timer_event_timer_stopped_args* a) {
    (void)u; (void)id;
    printf("event timer_stopped: timer %llu, reason %d\n", (unsigned long long)a->timer_id, a->reason);
}
static void on_clock_changed(void* u, uint64_t id) {
    (void)u; (void)id;
    printf("event clock_changed\n");
}

/* ---- host fns (on library threads; answered inline) ---- */

static void fetch_token(void* u, uint64_t call, const my_timer_host_fetch_token_args* a) {
    (void)u;
    printf("host fetch_token(%.*s)\n", (int)a->key.len, a->key.ptr);
    my_timer_str token = STR("s3cr3t");
    my_timer_complete_fetch_token(ctx, call, MY_TIMER_STATUS_OK, &token, STR(""), NULL);
}
static void now_ms(void* u, uint64_t call) {
    (void)u;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
    my_timer_complete_now_ms(ctx, call, MY_TIMER_STATUS_OK, &now, STR(""));
}
static void log_line(void* u, uint64_t call, const my_timer_host_log_line_args* a) {
    (void)u;
    printf("host log_line[%d]: %.*s\n", a->priority, (int)a->line.len, a->line.ptr);
    my_timer_complete_log_line(ctx, call, MY_TIMER_STATUS_OK, STR(""));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (my_timer_abi_version() != MY_TIMER_FFIC_ABI_VERSION || strcmp(my_timer_fingerprint(), MY_TIMER_FINGERPRINT) != 0) {
        fprintf(stderr, "my_timer: the library was built from another interface (%s, want %s)\n", my_timer_fingerprint(),
                MY_TIMER_FINGERPRINT);
        return 1;
    }
    printf("%s", MY_TIMER_CONST_BANNER);

    my_timer_ctor_args args;
    memset(&args, 0, sizeof args);
    args.config.name = STR("demo");
    args.config.max_pending = 16;
    args.config.worker_threads = 2;
    args.config.default_priority = my_timer_Priority_normal;
    if (my_timer_new(&args, on_created, NULL) != MY_TIMER_STATUS_OK || ctx == 0) {
        my_timer_str e = my_timer_last_error();
        fprintf(stderr, "my_timer_new: %.*s\n", (int)e.len, e.ptr);
        return 1;
    }
    my_timer_listen_echo_fired(ctx, on_echo_fired, NULL, NULL);
    my_timer_listen_timer_stopped(ctx, on_timer_stopped, NULL, NULL);
    my_timer_listen_clock_changed(ctx, on_clock_changed, NULL, NULL);
    my_timer_implement_fetch_token(ctx, fetch_token, NULL);
    my_timer_implement_now_ms(ctx, now_ms, NULL);
    my_timer_implement_log_line(ctx, log_line, NULL);

    /* Plain fns: each callback has run when the call returns. */
    my_timer_call_version(ctx, on_version, NULL);
    my_timer_cbor_call_version(ctx, (const uint8_t*)"\xa0", 1, on_cbor, NULL);
    my_timer_call_ping(ctx, on_ping, NULL);

    my_timer_fn_schedule_args s;
    memset(&s, 0, sizeof s);
    s.message = STR("tick");
    s.when.tag = my_timer_Schedule_once;
    s.when.as.once = 10;
    s.priority = my_timer_Priority_high;
    my_timer_call_schedule(ctx, &s, on_schedule, NULL);
    s.when.as.once = 60000;
    my_timer_call_schedule(ctx, &s, on_schedule, NULL); /* too long: a typed error */
    s.message = STR("later");
    s.when.tag = my_timer_Schedule_paused;
    my_timer_call_schedule(ctx, &s, on_schedule, NULL);
    my_timer_fn_cancel_args c = {scheduled};
    my_timer_call_cancel(ctx, &c, on_cancel, NULL);
    my_timer_call_cancel(ctx, &c, on_cancel, NULL);

    uint64_t ids[] = {1, 2};
    my_timer_TimerGroup child;
    memset(&child, 0, sizeof child);
    child.name = STR("child");
    child.timer_ids = (my_timer_list_u64){ids, 2};
    my_timer_fn_set_groups_args g;
    memset(&g, 0, sizeof g);
    g.root.name = STR("root");
    g.root.subgroups = (my_timer_list_TimerGroup){&child, 1};
    g.root.fallback = &child;
    my_timer_call_set_groups(ctx, &g, on_set_groups, NULL);
    my_timer_call_stats(ctx, on_stats, NULL);

    static const char text[] = "nul\0inside";
    uint8_t raw[3] = {1, 2, 3};
    my_timer_fn_roundtrip_args r;
    memset(&r, 0, sizeof r);
    r.value.text = (my_timer_str){text, sizeof text - 1};
    r.value.raw = (my_timer_bytes){raw, 3};
    my_timer_call_roundtrip(ctx, &r, on_roundtrip, NULL);
    my_timer_call_resync_clock(ctx, on_resync, NULL);
    my_timer_call_flush(ctx, on_flush, NULL);

    my_timer_fn_parse_priority_args p = {STR("high")};
    my_timer_call_parse_priority(&p, on_parse, NULL);

    /* Async fns: callbacks come later, from library threads. */
    my_timer_str tags[2] = {STR("token:api"), STR("log")};
    my_timer_fn_echo_args e;
    memset(&e, 0, sizeof e);
    e.req.message = STR("hello");
    e.req.delay_ms = 20;
    e.req.tags = (my_timer_list_str){tags, 2};
    atomic_fetch_add(&pending, 3);
    my_timer_call_echo(ctx, &e, on_echo, NULL);
    my_timer_fn_sleep_args sl = {30};
    my_timer_call_sleep(ctx, &sl, on_sleep, NULL);
    my_timer_fn_measure_clock_skew_args m = {STR("pool.ntp.org"), 0};
    my_timer_call_measure_clock_skew(&m, on_skew, NULL);
    while (atomic_load(&pending) > 0) sleep_ms(1);
    sleep_ms(50); /* let the events of the scheduled timer arrive */

    if (my_timer_destroy(ctx, 1000) != MY_TIMER_STATUS_OK) {
        fprintf(stderr, "my_timer_destroy: work still running after 1 s\n");
        return 1;
    }
    printf("done\n");
    return 0;
}
