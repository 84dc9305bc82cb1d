/* 8 threads x 10,000 mixed calls on one context while events fire and
 * host fns are answered from other threads; every call is accounted for. */
#include "timer.h"

#define THREADS 8
#define CALLS 10000

static my_timer_context ctx;
static atomic_int accepted, completed, wrong, events_seen, answered;
static atomic_int stop_answering;

/* Host calls waiting for the answering thread. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t waiting[1 << 16];
static size_t nwaiting;

static void fetch_queued(void* user_data, uint64_t call_id, const my_timer_host_fetch_token_args* args) {
    (void)user_data; (void)args;
    pthread_mutex_lock(&mu);
    if (nwaiting < sizeof waiting / sizeof waiting[0]) waiting[nwaiting++] = call_id;
    pthread_mutex_unlock(&mu);
}

static void* answerer(void* p) {
    (void)p;
    while (!atomic_load(&stop_answering)) {
        uint64_t ids[256];
        size_t n = 0;
        pthread_mutex_lock(&mu);
        while (nwaiting > 0 && n < 256) ids[n++] = waiting[--nwaiting];
        pthread_mutex_unlock(&mu);
        for (size_t i = 0; i < n; i++) {
            my_timer_str tok = STR("t");
            if (ids[i] % 2) {
                CHECK_EQ(my_timer_complete_fetch_token(ctx, ids[i], MY_TIMER_STATUS_OK, &tok, STR(""), NULL), MY_TIMER_STATUS_OK);
            } else {
                CHECK_EQ(my_timer_cbor_complete(ctx, ids[i], MY_TIMER_STATUS_OK, (const uint8_t*)"\x61t", 2), MY_TIMER_STATUS_OK);
            }
            atomic_fetch_add(&answered, 1);
        }
        if (n == 0) sleep_ms(1);
    }
    return NULL;
}

static void now_answer(void* user_data, uint64_t call_id) {
    (void)user_data;
    uint64_t now = 1;
    my_timer_complete_now_ms(ctx, call_id, MY_TIMER_STATUS_OK, &now, STR(""));
}

static void on_any(void* user_data, my_timer_status status) {
    (void)user_data;
    if (status != MY_TIMER_STATUS_OK && status != MY_TIMER_STATUS_TYPED_ERROR) atomic_fetch_add(&wrong, 1);
    atomic_fetch_add(&completed, 1);
}

static void on_any_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)id; (void)data; (void)len;
    on_any(user_data, status);
}

static void on_event(void* user_data, uint64_t listener_id, const my_timer_event_echo_fired_args* args) {
    (void)user_data; (void)listener_id; (void)args;
    atomic_fetch_add(&events_seen, 1);
}

static void on_event_cbor(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data; (void)status; (void)id; (void)data; (void)len;
    atomic_fetch_add(&events_seen, 1);
}

static void accept(my_timer_status st) {
    if (st == MY_TIMER_STATUS_OK) atomic_fetch_add(&accepted, 1);
    else atomic_fetch_add(&wrong, 1);
}

static void* worker(void* p) {
    int id = (int)(intptr_t)p;
    my_timer_str tags[1] = {STR("token:k")};
    for (int i = 0; i < CALLS; i++) {
        switch ((i + id) % 8) {
        case 0:
            accept(my_timer_call_ping(ctx, (my_timer_fn_ping_cb)on_any, NULL));
            break;
        case 1:
            accept(my_timer_cbor_call_version(ctx, (const uint8_t*)"\xa0", 1, on_any_cbor, NULL));
            break;
        case 2: {
            my_timer_fn_roundtrip_args a;
            memset(&a, 0, sizeof a);
            a.value.text = STR("stress");
            accept(my_timer_call_roundtrip(ctx, &a, (my_timer_fn_roundtrip_cb)on_any, NULL));
            break;
        }
        case 3: {
            my_timer_fn_echo_args a;
            memset(&a, 0, sizeof a);
            a.req.message = STR("e");
            a.req.tags = (my_timer_list_str){tags, 1};
            accept(my_timer_call_echo(ctx, &a, (my_timer_fn_echo_cb)on_any, NULL));
            break;
        }
        case 4: {
            my_timer_fn_schedule_args a;
            memset(&a, 0, sizeof a);
            a.message = STR("s");
            a.when.tag = my_timer_Schedule_once;
            a.when.as.once = 0;
            accept(my_timer_call_schedule(ctx, &a, (my_timer_fn_schedule_cb)on_any, NULL));
            break;
        }
        case 5:
            accept(my_timer_call_resync_clock(ctx, (my_timer_fn_resync_clock_cb)on_any, NULL));
            break;
        case 6:
            accept(my_timer_cbor_call_sleep(ctx, (const uint8_t*)"\xa1\x6b" "duration_ms\x00", 14, on_any_cbor, NULL));
            break;
        case 7: {
            my_timer_fn_parse_priority_args a = {STR("high")};
            accept(my_timer_call_parse_priority(&a, (my_timer_fn_parse_priority_cb)on_any, NULL));
            break;
        }
        }
    }
    return NULL;
}

static void stress(void) {
    ctx = new_ctx();
    CHECK_EQ(my_timer_implement_fetch_token(ctx, fetch_queued, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_implement_now_ms(ctx, now_answer, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_listen_echo_fired(ctx, on_event, NULL, NULL), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_listen_echo_fired(ctx, on_event_cbor, NULL, NULL), MY_TIMER_STATUS_OK);
    pthread_t ans, th[THREADS];
    pthread_create(&ans, NULL, answerer, NULL);
    double t0 = now_ms();
    for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, worker, (void*)(intptr_t)i);
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    CHECK_EQ(atomic_load(&accepted), THREADS * CALLS);
    CHECK(wait_for(&completed, THREADS * CALLS, 120000));
    double took = now_ms() - t0;
    CHECK_EQ(atomic_load(&completed), THREADS * CALLS);
    CHECK_EQ(atomic_load(&wrong), 0);
    CHECK_EQ(atomic_load(&answered), THREADS * CALLS / 8);
    /* Every scheduled timer and every echo fires echo_fired, seen by two listeners. */
    uint64_t dropped = 0;
    double end = now_ms() + 30000;
    do {
        sleep_ms(5);
        CHECK_EQ(my_timer_dropped_events(ctx, &dropped), MY_TIMER_STATUS_OK);
    } while ((uint64_t)atomic_load(&events_seen) + 2 * dropped < 2 * THREADS * CALLS / 4 && now_ms() < end);
    CHECK_EQ((uint64_t)atomic_load(&events_seen) + 2 * dropped, 2 * THREADS * CALLS / 4);
    atomic_store(&stop_answering, 1);
    pthread_join(ans, NULL);
    destroy_ok(ctx);
    CHECK_EQ(atomic_load(&completed), THREADS * CALLS);
    printf("%d calls in %.0f ms, %d events, %llu dropped\n", THREADS * CALLS, took, atomic_load(&events_seen),
           (unsigned long long)dropped);
}

SCENARIOS({"stress", stress})
