/* Two different generated libraries in one process: both headers in one
 * translation unit, both libraries linked, each working on its own. */
#include "timer.h"
/* After timer.h: common.h defines _GNU_SOURCE before any system header. */
#include "ffibench.h"

static ffibench_context bctx;
static void on_bench_created(void* user_data, ffibench_status status, ffibench_context c, ffibench_str message) {
    (void)user_data; (void)message;
    CHECK_EQ(status, FFIBENCH_STATUS_OK);
    bctx = c;
}

static int32_t got_x;
static void on_add(void* user_data, ffibench_status status, const ffibench_Point* r, ffibench_str message) {
    (void)user_data; (void)message;
    CHECK_EQ(status, FFIBENCH_STATUS_OK);
    got_x = r->x;
}

static atomic_int fired;
static void on_fired(void* user_data, uint64_t listener_id, const ffibench_event_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    atomic_fetch_add(&fired, 1);
}

static void two_libraries(void) {
    CHECK(strcmp(my_timer_fingerprint(), MY_TIMER_FINGERPRINT) == 0);
    CHECK(strcmp(ffibench_fingerprint(), FFIBENCH_FINGERPRINT) == 0);
    my_timer_context t = new_ctx();
    CHECK_EQ(ffibench_new(on_bench_created, NULL), FFIBENCH_STATUS_OK);
    /* Each library has its own table: the same number may be a context of both. */
    ffibench_fn_add_args a = {{41, 0}};
    CHECK_EQ(ffibench_call_add(bctx, &a, on_add, NULL), FFIBENCH_STATUS_OK);
    CHECK_EQ(got_x, 42);
    CHECK_EQ(ffibench_listen_fired(bctx, on_fired, NULL, NULL), FFIBENCH_STATUS_OK);
    ffibench_fn_fire_args f = {100};
    CHECK_EQ(ffibench_call_fire(bctx, &f, (ffibench_fn_fire_cb)on_done_ignore, NULL), FFIBENCH_STATUS_OK);
    CHECK(wait_for(&fired, 100, 5000));
    done d = {0};
    CHECK_EQ(my_timer_call_ping(t, on_done, &d), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&d.calls), 1);
    /* Each library's last error is its own. */
    CHECK_EQ(my_timer_call_ping(0, on_done, &d), MY_TIMER_STATUS_INVALID_CONTEXT);
    CHECK_CONTAINS(my_timer_last_error(), "my_timer");
    CHECK_EQ(ffibench_call_add(0, &a, on_add, NULL), FFIBENCH_STATUS_INVALID_CONTEXT);
    CHECK_CONTAINS(ffibench_last_error(), "ffibench");
    CHECK_EQ(ffibench_destroy(bctx, 1000), FFIBENCH_STATUS_OK);
    destroy_ok(t);
}

SCENARIOS({"two_libraries", two_libraries})
