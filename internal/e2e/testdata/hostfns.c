/* Host fns: answered inline, from another thread, late, twice, after
 * destroy; unknown ids, missing implementations, bad answers. */
#include "timer.h"

typedef struct echo_result {
    atomic_int calls;
    my_timer_status status;
    char text[256];
    char message[512];
    int32_t code;
} echo_result;

static void on_echo(void* user_data, my_timer_status status, const my_timer_EchoResponse* r, my_timer_str message,
                    const my_timer_TimerError* error) {
    echo_result* e = user_data;
    e->status = status;
    if (r) snprintf(e->text, sizeof e->text, "%.*s", (int)r->message.len, r->message.ptr);
    if (error) e->code = error->code;
    snprintf(e->message, sizeof e->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    atomic_fetch_add(&e->calls, 1);
}

static my_timer_str token_tag[1] = {{"token:k", 7}};

static void echo_with_token(my_timer_context ctx, echo_result* e) {
    my_timer_fn_echo_args a;
    memset(&a, 0, sizeof a);
    a.req.message = STR("hi");
    a.req.tags = (my_timer_list_str){token_tag, 1};
    CHECK_EQ(my_timer_call_echo(ctx, &a, on_echo, e), MY_TIMER_STATUS_OK);
}

/* The fetch_token invocations this host saw. */
static atomic_int invoked;
static _Atomic uint64_t last_call;
static char last_key[64];
static long invoke_thread;

static void fetch_inline(void* user_data, uint64_t call_id, const my_timer_host_fetch_token_args* args) {
    my_timer_context ctx = *(my_timer_context*)user_data;
    snprintf(last_key, sizeof last_key, "%.*s", (int)args->key.len, args->key.ptr);
    invoke_thread = tid();
    my_timer_str tok = STR("tok");
    CHECK_EQ(my_timer_complete_fetch_token(ctx, call_id, MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_OK);
    /* Twice: the id is spent. */
    CHECK_EQ(my_timer_complete_fetch_token(ctx, call_id, MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_UNKNOWN_ID);
    atomic_fetch_add(&invoked, 1);
}

static void fetch_later(void* user_data, uint64_t call_id, const my_timer_host_fetch_token_args* args) {
    (void)user_data; (void)args;
    atomic_store(&last_call, call_id);
    atomic_fetch_add(&invoked, 1);
}

static void inline_and_twice(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_inline, &ctx), MY_TIMER_STATUS_OK);
    echo_result e = {0};
    echo_with_token(ctx, &e);
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_OK);
    CHECK(strcmp(e.text, "echo:\thi+tok") == 0);
    CHECK(strcmp(last_key, "k") == 0);
    CHECK(invoke_thread != tid());
    destroy_ok(ctx);
}

typedef struct answer_job {
    my_timer_context ctx;
    int delay_ms;
    int kind; /* 0: ok, 1: message error, 2: typed error */
} answer_job;

static void* answer_thread(void* p) {
    answer_job* j = p;
    while (atomic_load(&last_call) == 0) sleep_ms(1);
    sleep_ms(j->delay_ms);
    uint64_t id = atomic_exchange(&last_call, 0);
    my_timer_str tok = STR("late");
    my_timer_TimerError err;
    memset(&err, 0, sizeof err);
    err.code = 42;
    err.message = STR("no token");
    switch (j->kind) {
    case 0:
        CHECK_EQ(my_timer_complete_fetch_token(j->ctx, id, MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_OK);
        break;
    case 1:
        CHECK_EQ(my_timer_complete_fetch_token(j->ctx, id, MY_TIMER_STATUS_ERROR, NULL, STR("denied"), NULL), MY_TIMER_STATUS_OK);
        break;
    case 2:
        CHECK_EQ(my_timer_complete_fetch_token(j->ctx, id, MY_TIMER_STATUS_TYPED_ERROR, NULL, STR(""), &err), MY_TIMER_STATUS_OK);
        break;
    }
    return NULL;
}

static void other_thread_and_delay(void) {
    my_timer_context ctx = new_ctx();
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_later, NULL), MY_TIMER_STATUS_OK);
    const char* want_text[] = {"echo:\thi+late", "", ""};
    my_timer_status want[] = {MY_TIMER_STATUS_OK, MY_TIMER_STATUS_ERROR, MY_TIMER_STATUS_TYPED_ERROR};
    for (int kind = 0; kind < 3; kind++) {
        answer_job j = {ctx, kind == 0 ? 50 : 0, kind};
        pthread_t th;
        pthread_create(&th, NULL, answer_thread, &j);
        echo_result e = {0};
        echo_with_token(ctx, &e);
        CHECK(wait_for(&e.calls, 1, 5000));
        pthread_join(th, NULL);
        CHECK_EQ(e.status, want[kind]);
        CHECK(strcmp(e.text, want_text[kind]) == 0);
        if (kind == 1) CHECK(strstr(e.message, "denied") != NULL);
        if (kind == 2) CHECK_EQ(e.code, 42); /* the host's typed error became the echo's */
    }
    destroy_ok(ctx);
}

static void not_implemented_and_unknown(void) {
    my_timer_context ctx = new_ctx();
    echo_result e = {0};
    echo_with_token(ctx, &e);
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(e.message, "fetch_token: not implemented by the host") != NULL);

    my_timer_str tok = STR("x");
    CHECK_EQ(my_timer_complete_fetch_token(ctx, 12345, MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_UNKNOWN_ID);
    CHECK_EQ(my_timer_cbor_complete(ctx, 0, MY_TIMER_STATUS_OK, (const uint8_t*)"\xf6", 1), MY_TIMER_STATUS_UNKNOWN_ID);

    /* A call of fetch_token answered as now_ms: unknown id, and it stays waiting. */
    atomic_store(&last_call, 0);
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_later, NULL), MY_TIMER_STATUS_OK);
    echo_result e2 = {0};
    echo_with_token(ctx, &e2);
    while (atomic_load(&last_call) == 0) sleep_ms(1);
    uint64_t id = atomic_load(&last_call);
    uint64_t now = 1;
    CHECK_EQ(my_timer_complete_now_ms(ctx, id, MY_TIMER_STATUS_OK, &now, STR("")), MY_TIMER_STATUS_UNKNOWN_ID);
    CHECK_EQ(atomic_load(&e2.calls), 0);
    /* Undecodable bytes: the call fails in the library, the id is spent. */
    CHECK_EQ(my_timer_cbor_complete(ctx, id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x01", 1), MY_TIMER_STATUS_DECODE_ERROR);
    CHECK_CONTAINS(my_timer_last_error(), "result: expected string");
    CHECK(wait_for(&e2.calls, 1, 5000));
    CHECK_EQ(e2.status, MY_TIMER_STATUS_ERROR);
    CHECK(strstr(e2.message, "invalid answer") != NULL);
    CHECK_EQ(my_timer_cbor_complete(ctx, id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x61x", 2), MY_TIMER_STATUS_UNKNOWN_ID);

    /* An invalid native answer (a status a host fn cannot answer with). */
    atomic_store(&last_call, 0);
    echo_result e3 = {0};
    echo_with_token(ctx, &e3);
    while (atomic_load(&last_call) == 0) sleep_ms(1);
    id = atomic_load(&last_call);
    CHECK_EQ(my_timer_complete_fetch_token(ctx, id, MY_TIMER_STATUS_BUSY, NULL, STR(""), NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK(wait_for(&e3.calls, 1, 5000));
    CHECK_EQ(e3.status, MY_TIMER_STATUS_ERROR);
    destroy_ok(ctx);
}

/* A CBOR implementation answered natively, and replacing an implementation. */
static void fetch_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    my_timer_context ctx = *(my_timer_context*)user_data;
    CHECK_EQ(status, MY_TIMER_STATUS_OK);
    /* {"key": "k"} */
    CHECK(len == 7 && memcmp(data, "\xa1\x63key\x61k", 7) == 0);
    CHECK_EQ(my_timer_cbor_complete(ctx, id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x63" "cbr", 4), MY_TIMER_STATUS_OK);
}

static void cbor_implementation(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    CHECK_EQ(my_timer_cbor_implement_fetch_token(ctx, fetch_cbor, &ctx), MY_TIMER_STATUS_OK);
    echo_result e = {0};
    echo_with_token(ctx, &e);
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_OK);
    CHECK(strcmp(e.text, "echo:\thi+cbr") == 0);
    /* Removing it: calls fail as not implemented. */
    CHECK_EQ(my_timer_implement_fetch_token(ctx, NULL, NULL), MY_TIMER_STATUS_OK);
    echo_result e2 = {0};
    echo_with_token(ctx, &e2);
    CHECK(wait_for(&e2.calls, 1, 5000));
    CHECK_EQ(e2.status, MY_TIMER_STATUS_ERROR);
    destroy_ok(ctx);
}

/* Implement waits for running invocations of the implementation it replaces. */
static atomic_int slow_in, slow_out;
static void fetch_slow(void* user_data, uint64_t call_id, const my_timer_host_fetch_token_args* args) {
    (void)args;
    my_timer_context ctx = *(my_timer_context*)user_data;
    atomic_store(&slow_in, 1);
    sleep_ms(100);
    my_timer_str tok = STR("slow");
    my_timer_complete_fetch_token(ctx, call_id, MY_TIMER_STATUS_OK, &tok, STR(""), NULL);
    atomic_store(&slow_out, 1);
}

static void implement_waits(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_slow, &ctx), MY_TIMER_STATUS_OK);
    echo_result e = {0};
    echo_with_token(ctx, &e);
    while (!atomic_load(&slow_in)) sleep_ms(1);
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_inline, &ctx), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&slow_out), 1);
    CHECK(wait_for(&e.calls, 1, 5000));
    CHECK_EQ(e.status, MY_TIMER_STATUS_OK);
    destroy_ok(ctx);
}

/* A plain fn waiting for a host fn answered from another thread. */
static void* answer_now(void* p) {
    my_timer_context ctx = *(my_timer_context*)p;
    while (atomic_load(&last_call) == 0) sleep_ms(1);
    uint64_t now = 99;
    CHECK_EQ(my_timer_complete_now_ms(ctx, atomic_exchange(&last_call, 0), MY_TIMER_STATUS_OK, &now, STR("")), MY_TIMER_STATUS_OK);
    return NULL;
}

static void plain_waits_for_host(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    atomic_store(&last_call, 0);
    CHECK_EQ(my_timer_implement_now_ms(ctx, (my_timer_host_now_ms_cb)fetch_later, NULL), MY_TIMER_STATUS_OK);
    pthread_t th;
    pthread_create(&th, NULL, answer_now, &ctx);
    done d = {0};
    CHECK_EQ(my_timer_call_resync_clock(ctx, (my_timer_fn_resync_clock_cb)on_done, &d), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&d.calls), 1);
    CHECK_EQ(d.status, MY_TIMER_STATUS_OK);
    pthread_join(th, NULL);
    destroy_ok(ctx);
}

/* Host calls waiting when destroy comes fail; answering them is CLOSED. */
static void destroy_fails_waiting(void) {
    my_timer_context ctx = new_ctx();
    atomic_store(&last_call, 0);
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_later, NULL), MY_TIMER_STATUS_OK);
    echo_result e = {0};
    echo_with_token(ctx, &e);
    while (atomic_load(&last_call) == 0) sleep_ms(1);
    uint64_t id = atomic_load(&last_call);
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&e.calls), 1);
    CHECK_EQ(e.status, MY_TIMER_STATUS_CLOSED); /* the handler returned the ErrClosed error: cut short */
    my_timer_str tok = STR("late");
    CHECK_EQ(my_timer_complete_fetch_token(ctx, id, MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_cbor_complete(ctx, id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x60", 1), MY_TIMER_STATUS_CLOSED);
}

SCENARIOS({"inline_and_twice", inline_and_twice}, {"other_thread_and_delay", other_thread_and_delay},
          {"not_implemented_and_unknown", not_implemented_and_unknown}, {"cbor_implementation", cbor_implementation},
          {"implement_waits", implement_waits}, {"plain_waits_for_host", plain_waits_for_host},
          {"destroy_fails_waiting", destroy_fails_waiting})
