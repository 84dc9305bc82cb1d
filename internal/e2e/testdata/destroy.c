/* Destroy with work in flight, from inside callbacks, and with a deadline. */
#include "timer.h"

typedef struct sleep_result {
    atomic_int calls;
    my_timer_status status;
    char message[256];
} sleep_result;

static void on_sleep(void* user_data, my_timer_status status, my_timer_str message) {
    sleep_result* s = user_data;
    s->status = status;
    snprintf(s->message, sizeof s->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&s->calls, 1);
}

/* Async calls in flight: their handlers are told to stop, they complete
 * before destroy returns OK. */
static void async_in_flight(void) {
    my_timer_context ctx = new_ctx();
    static sleep_result s[8];
    for (int i = 0; i < 8; i++) {
        my_timer_fn_sleep_args a = {10000};
        CHECK_EQ(my_timer_call_sleep(ctx, &a, on_sleep, &s[i]), MY_TIMER_STATUS_OK);
    }
    double t0 = now_ms();
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    CHECK(now_ms() - t0 < 2000);
    for (int i = 0; i < 8; i++) {
        CHECK_EQ(atomic_load(&s[i].calls), 1);
        /* The handlers returned ctx.Err(): cut short by destroy, CLOSED. */
        CHECK_EQ(s[i].status, MY_TIMER_STATUS_CLOSED);
        CHECK(strstr(s[i].message, "context destroyed") != NULL);
    }
    my_timer_fn_sleep_args a = {1};
    CHECK_EQ(my_timer_call_sleep(ctx, &a, on_sleep, &s[0]), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_destroy(ctx, 10), MY_TIMER_STATUS_CLOSED);
}

/* A callback that never returns in time: destroy returns TIMEOUT at its
 * deadline, the call still completes exactly once, with CLOSED. */
static atomic_int log_in, release_log;
static void log_block(void* user_data, uint64_t call_id, const my_timer_host_log_line_args* args) {
    (void)args;
    my_timer_context ctx = *(my_timer_context*)user_data;
    atomic_store(&log_in, 1);
    while (!atomic_load(&release_log)) sleep_ms(1);
    my_timer_complete_log_line(ctx, call_id, MY_TIMER_STATUS_OK, STR(""));
}

typedef struct echo_done {
    atomic_int calls;
    my_timer_status status;
} echo_done;

static void on_echo(void* user_data, my_timer_status status, const my_timer_EchoResponse* r, my_timer_str message,
                    const my_timer_TimerError* error) {
    (void)r; (void)message; (void)error;
    echo_done* e = user_data;
    e->status = status;
    atomic_fetch_add(&e->calls, 1);
}

static void timeout(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    CHECK_EQ(my_timer_implement_log_line(ctx, log_block, &ctx), MY_TIMER_STATUS_OK);
    my_timer_fn_echo_args a;
    memset(&a, 0, sizeof a);
    a.req.message = STR("m");
    my_timer_str tags[1] = {STR("log")};
    a.req.tags = (my_timer_list_str){tags, 1};
    static echo_done e;
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, &e), MY_TIMER_STATUS_OK);
    while (!atomic_load(&log_in)) sleep_ms(1);
    double t0 = now_ms();
    CHECK_EQ(my_timer_destroy(ctx, 100), MY_TIMER_STATUS_TIMEOUT);
    double took = now_ms() - t0;
    CHECK(took >= 95 && took < 1000);
    CHECK(wait_for(&e.calls, 1, 2000)); /* completed with CLOSED right after the deadline */
    CHECK_EQ(e.status, MY_TIMER_STATUS_CLOSED);
    atomic_store(&release_log, 1);
    sleep_ms(100);
    CHECK_EQ(atomic_load(&e.calls), 1);
}

/* destroy called from inside a completion callback of the same context
 * does not wait for that callback. */
static void on_ping_destroy(void* user_data, my_timer_status status, my_timer_str message) {
    (void)status; (void)message;
    my_timer_context ctx = *(my_timer_context*)user_data;
    double t0 = now_ms();
    CHECK_EQ(my_timer_destroy(ctx, 2000), MY_TIMER_STATUS_OK);
    CHECK(now_ms() - t0 < 500);
}

static void on_changed_destroy(void* user_data, uint64_t listener_id) {
    (void)listener_id;
    my_timer_context ctx = *(my_timer_context*)user_data;
    CHECK_EQ(my_timer_destroy(ctx, 2000), MY_TIMER_STATUS_OK);
    atomic_store(&release_log, 2);
}

static void from_callbacks(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    CHECK_EQ(my_timer_call_ping(ctx, on_ping_destroy, &ctx), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_call_ping(ctx, on_ping_destroy, &ctx), MY_TIMER_STATUS_CLOSED);

    /* From a listener, on the event thread. */
    static my_timer_context ctx2;
    ctx2 = new_ctx();
    CHECK_EQ(my_timer_listen_clock_changed(ctx2, on_changed_destroy, &ctx2, NULL), MY_TIMER_STATUS_OK);
    g_ctx = ctx2;
    CHECK_EQ(my_timer_implement_now_ms(ctx2, now_inline, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_call_resync_clock(ctx2, (my_timer_fn_resync_clock_cb)on_done_ignore, NULL), MY_TIMER_STATUS_OK);
    double end = now_ms() + 5000;
    while (atomic_load(&release_log) != 2 && now_ms() < end) sleep_ms(1);
    CHECK_EQ(atomic_load(&release_log), 2);
}

/* Many contexts created and destroyed: nothing is leaked (ASAN's leak
 * check runs at exit) and handles are never reused. */
static void churn(void) {
    my_timer_context prev[200];
    for (int i = 0; i < 200; i++) {
        prev[i] = new_ctx();
        for (int j = 0; j < i; j++) CHECK(prev[j] != prev[i]);
        uint64_t id;
        CHECK_EQ(my_timer_listen_echo_fired(prev[i], (my_timer_event_echo_fired_cb)on_done_ignore, NULL, &id), MY_TIMER_STATUS_OK);
        destroy_ok(prev[i]);
    }
}

SCENARIOS({"async_in_flight", async_in_flight}, {"timeout", timeout}, {"from_callbacks", from_callbacks},
          {"churn", churn})
