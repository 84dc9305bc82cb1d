/* Helpers of the hosts of my_timer. */
#ifndef E2E_TIMER_H_
#define E2E_TIMER_H_

#include "common.h"
#include "my_timer.h"

#define STR(s) ((my_timer_str){(s), sizeof(s) - 1})

typedef struct created {
    atomic_int calls;
    my_timer_status status;
    my_timer_context ctx;
    char message[512];
    bool typed;
    my_timer_TimerError error;
    char error_message[256];
    bool retry_present;
    uint32_t retry;
    long thread;
} created;

static void on_created(void* user_data, my_timer_status status, my_timer_context ctx, my_timer_str message,
                       const my_timer_TimerError* error) {
    created* c = user_data;
    c->status = status;
    c->ctx = ctx;
    snprintf(c->message, sizeof c->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    c->typed = error != NULL;
    if (error) {
        c->error = *error;
        snprintf(c->error_message, sizeof c->error_message, "%.*s", (int)error->message.len, error->message.ptr);
        c->retry_present = error->retry_after_ms.present;
        c->retry = error->retry_after_ms.value;
    }
    c->thread = tid();
    atomic_fetch_add(&c->calls, 1);
}

static my_timer_ctor_args default_args(void) {
    my_timer_ctor_args a;
    memset(&a, 0, sizeof a);
    a.config.name = STR("test");
    a.config.max_pending = 60000;
    a.config.worker_threads = 2;
    a.config.default_priority = my_timer_Priority_normal;
    return a;
}

static my_timer_context new_ctx(void) {
    my_timer_ctor_args a = default_args();
    created c = {0};
    CHECK_EQ(my_timer_new(&a, on_created, &c), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&c.calls), 1);
    CHECK_EQ(c.status, MY_TIMER_STATUS_OK);
    CHECK(c.ctx != 0);
    return c.ctx;
}

static void destroy_ok(my_timer_context ctx) { CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK); }

/* A completion without result. */
typedef struct done {
    atomic_int calls;
    my_timer_status status;
    char message[512];
    long thread;
} done;

static void record_done(done* d, my_timer_status status, my_timer_str message) {
    d->status = status;
    snprintf(d->message, sizeof d->message, "%.*s", (int)message.len, message.ptr ? message.ptr : "");
    d->thread = tid();
    atomic_fetch_add(&d->calls, 1);
}

static void on_done(void* user_data, my_timer_status status, my_timer_str message) {
    record_done(user_data, status, message);
}

/* A callback for any completion whose outcome does not matter: every
 * completion callback starts with (void* user_data, status, ...). */
static void on_done_ignore(void* user_data, my_timer_status status) {
    (void)user_data;
    (void)status;
}

/* now_ms answering inline with *(uint64_t*)user_data... through ctx in a global. */
static my_timer_context g_ctx;
static atomic_ullong g_now = 1700000000000ull;
static void now_inline(void* user_data, uint64_t call_id) {
    (void)user_data;
    uint64_t now = atomic_load(&g_now);
    CHECK_EQ(my_timer_complete_now_ms(g_ctx, call_id, MY_TIMER_STATUS_OK, &now, STR("")), MY_TIMER_STATUS_OK);
}

#endif
