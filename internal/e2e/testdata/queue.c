/* The completion queue: L_enqueue for calls, events and host calls;
 * L_poll, its timeouts, wakes, BUSY, and the end after destroy. Also built
 * as a non-PIE executable, where L_enqueue's address differs. */
#include "timer.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#define TAG(n) ((void*)(uintptr_t)(n))

static size_t poll_all(my_timer_context ctx, my_timer_item* items, size_t cap, int timeout, my_timer_status* st) {
    size_t n = 99;
    *st = my_timer_poll(ctx, items, cap, timeout, &n);
    return n;
}

static my_timer_context inline_ctx;

static void* resync_thread(void* p) {
    my_timer_context ctx = *(my_timer_context*)p;
    CHECK_EQ(my_timer_cbor_call_resync_clock(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(11)), MY_TIMER_STATUS_OK);
    return NULL;
}

static void calls_and_events(void) {
    my_timer_context ctx = new_ctx();
    my_timer_item items[64];
    my_timer_status st;

    /* Nothing there: TIMEOUT with count 0. */
    double t0 = now_ms();
    CHECK_EQ(poll_all(ctx, items, 64, 30, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_TIMEOUT);
    CHECK(now_ms() - t0 >= 25);
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_TIMEOUT);

    /* A plain fn's item is queued before the entry point returns. */
    CHECK_EQ(my_timer_cbor_call_version(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(7)), MY_TIMER_STATUS_OK);
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 1);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK(items[0].tag == TAG(7));
    CHECK_EQ(items[0].kind, MY_TIMER_ITEM_COMPLETION);
    CHECK_EQ(items[0].decl, MY_TIMER_DECL_VERSION);
    CHECK_EQ(items[0].status, MY_TIMER_STATUS_OK);
    CHECK(items[0].len == 10 && memcmp(items[0].data, "\x69timer/1.0", 10) == 0);

    /* An async fn, and an event listener through the queue. */
    uint64_t lid = 0;
    CHECK_EQ(my_timer_cbor_listen_clock_changed(ctx, my_timer_enqueue, TAG(9), &lid), MY_TIMER_STATUS_OK);
    cbor req = {0};
    cb_map(&req, 1);
    cb_str(&req, "duration_ms");
    cb_uint(&req, 1);
    CHECK_EQ(my_timer_cbor_call_sleep(ctx, req.b, req.len, my_timer_enqueue, TAG(8)), MY_TIMER_STATUS_OK);
    size_t n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(8) && items[0].decl == MY_TIMER_DECL_SLEEP && items[0].len == 1 && items[0].data[0] == 0xf6);

    /* A host call through the queue, answered with L_cbor_complete, while a plain fn waits for it on
     * another thread (the poller cannot be the thread waiting). */
    CHECK_EQ(my_timer_cbor_implement_now_ms(ctx, my_timer_enqueue, TAG(10)), MY_TIMER_STATUS_OK);
    pthread_t th;
    static my_timer_context resync_ctx;
    resync_ctx = ctx;
    pthread_create(&th, NULL, resync_thread, &resync_ctx);
    n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(10) && items[0].kind == MY_TIMER_ITEM_HOST_CALL && items[0].decl == MY_TIMER_DECL_NOW_MS);
    CHECK(items[0].id != 0 && items[0].len == 1 && items[0].data[0] == 0xa0);
    CHECK_EQ(my_timer_cbor_complete(ctx, items[0].id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x05", 1), MY_TIMER_STATUS_OK);
    /* Then the resync's completion and the clock_changed event, in either order. */
    int got_completion = 0, got_event = 0;
    double end = now_ms() + 5000;
    while ((!got_completion || !got_event) && now_ms() < end) {
        n = poll_all(ctx, items, 64, 100, &st);
        for (size_t i = 0; i < n; i++) {
            if (items[i].tag == TAG(11)) {
                got_completion++;
                CHECK_EQ(items[i].kind, MY_TIMER_ITEM_COMPLETION);
                CHECK_EQ(items[i].status, MY_TIMER_STATUS_OK);
            } else if (items[i].tag == TAG(9)) {
                got_event++;
                CHECK_EQ(items[i].kind, MY_TIMER_ITEM_EVENT);
                CHECK_EQ(items[i].id, lid);
                CHECK_EQ(items[i].decl, MY_TIMER_DECL_CLOCK_CHANGED);
                CHECK(items[i].len == 1 && items[i].data[0] == 0xa0);
            }
        }
    }
    pthread_join(th, NULL);
    CHECK_EQ(got_completion, 1);
    CHECK_EQ(got_event, 1);

    /* Items still queued at destroy: completions stay, events go. */
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(12)), MY_TIMER_STATUS_OK);
    cb_free(&req);
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    /* After destroy: the poller drains, then CLOSED, then CLOSED at once. */
    CHECK_EQ(poll_all(ctx, items, 64, 1000, &st), 1);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK(items[0].tag == TAG(12));
    CHECK_EQ(poll_all(ctx, items, 64, 1000, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(poll_all(ctx, items, 64, 1000, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_poll_wake(ctx), MY_TIMER_STATUS_CLOSED);
}

static void* waker(void* p) {
    sleep_ms(300);
    CHECK_EQ(my_timer_poll_wake(*(my_timer_context*)p), MY_TIMER_STATUS_OK);
    return NULL;
}

static void* second_poller(void* p) {
    my_timer_item items[4];
    size_t n = 7;
    /* Give the main thread time to block in its poll (the waker ends it
       at 300 ms); polling first would make this thread the poller. */
    sleep_ms(100);
    CHECK_EQ(my_timer_poll(*(my_timer_context*)p, items, 4, 0, &n), MY_TIMER_STATUS_BUSY);
    CHECK_EQ(n, 0);
    return NULL;
}

static void wake_busy_and_rejections(void) {
    static my_timer_context ctx;
    ctx = new_ctx();
    my_timer_item items[4];
    my_timer_status st;
    pthread_t th, th2;
    pthread_create(&th, NULL, waker, &ctx);
    double t0 = now_ms();
    size_t n = 99;
    /* A blocked poll: another thread polling gets BUSY; the wake returns it OK with 0. */
    pthread_create(&th2, NULL, second_poller, &ctx);
    st = my_timer_poll(ctx, items, 4, -1, &n);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK_EQ(n, 0);
    CHECK(now_ms() - t0 < 3000);
    pthread_join(th, NULL);
    pthread_join(th2, NULL);
    /* A wake with no poller makes the next poll return at once. */
    CHECK_EQ(my_timer_poll_wake(ctx), MY_TIMER_STATUS_OK);
    t0 = now_ms();
    CHECK_EQ(poll_all(ctx, items, 4, 2000, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_OK);
    CHECK(now_ms() - t0 < 1000);

    CHECK_EQ(my_timer_poll(ctx, NULL, 4, 0, &n), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_poll(ctx, items, 0, 0, &n), MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_poll(0, items, 4, 0, &n), MY_TIMER_STATUS_INVALID_CONTEXT);
    /* No queue for static fns and for cbor_new. */
    CHECK_EQ(my_timer_cbor_call_parse_priority((const uint8_t*)"\xa1\x64text\x63low", 10, my_timer_enqueue, NULL),
             MY_TIMER_STATUS_INVALID_ARGUMENT);
    CHECK_EQ(my_timer_cbor_new((const uint8_t*)"\xa0", 1, my_timer_enqueue, NULL), MY_TIMER_STATUS_INVALID_ARGUMENT);
    /* Calling L_enqueue does nothing. */
    my_timer_enqueue(NULL, 0, 0, NULL, 0);
    destroy_ok(ctx);
}

/* L_cbor_inline: a queued implementation invoked on a thread inside a plain call of the context is
 * answered on that thread, through the inline callback; invocations on library threads stay items. */
static atomic_int inline_calls;
static long inline_thread;
static void on_inline(void* user_data, my_timer_status status, uint64_t id, const uint8_t* data, size_t len) {
    CHECK(user_data == TAG(10));
    CHECK_EQ(status, MY_TIMER_STATUS_OK);
    CHECK(id != 0 && len == 1 && data[0] == 0xa0);
    inline_thread = tid();
    CHECK_EQ(my_timer_cbor_complete(inline_ctx, id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x05", 1), MY_TIMER_STATUS_OK);
    atomic_fetch_add(&inline_calls, 1);
}

static void inline_host_calls(void) {
    my_timer_context ctx = new_ctx();
    inline_ctx = ctx;
    my_timer_item items[64];
    my_timer_status st;
    CHECK_EQ(my_timer_cbor_implement_now_ms(ctx, my_timer_enqueue, TAG(10)), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_implement_fetch_token(ctx, my_timer_enqueue, TAG(13)), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_inline(ctx, on_inline), MY_TIMER_STATUS_OK);

    /* resync_clock (a plain fn) calls now_ms on this thread: answered inline, before it returns,
     * and no item is queued but the completion. */
    CHECK_EQ(my_timer_cbor_call_resync_clock(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(11)), MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&inline_calls), 1);
    CHECK_EQ(inline_thread, tid());
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 1);
    CHECK(items[0].tag == TAG(11) && items[0].kind == MY_TIMER_ITEM_COMPLETION && items[0].status == MY_TIMER_STATUS_OK);

    /* echo (an async fn) calls fetch_token on a library thread: an item, as without the inline callback. */
    cbor req = {0};
    cb_map(&req, 1);
    cb_str(&req, "req");
    cb_map(&req, 6);
    cb_str(&req, "message"); cb_str(&req, "hi");
    cb_str(&req, "delay_ms"); cb_uint(&req, 0);
    cb_str(&req, "tags"); cb_arr(&req, 1); cb_str(&req, "token:k");
    cb_str(&req, "attrs"); cb_map(&req, 0);
    cb_str(&req, "blob"); cb_bytes(&req, (const uint8_t*)"", 0);
    cb_str(&req, "priority"); cb_str(&req, "normal");
    CHECK_EQ(my_timer_cbor_call_echo(ctx, req.b, req.len, my_timer_enqueue, TAG(14)), MY_TIMER_STATUS_OK);
    cb_free(&req);
    size_t n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(13) && items[0].kind == MY_TIMER_ITEM_HOST_CALL && items[0].decl == MY_TIMER_DECL_FETCH_TOKEN);
    CHECK_EQ(my_timer_cbor_complete(ctx, items[0].id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x63tok", 4), MY_TIMER_STATUS_OK);
    n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(14) && items[0].kind == MY_TIMER_ITEM_COMPLETION && items[0].status == MY_TIMER_STATUS_OK);
    CHECK_EQ(atomic_load(&inline_calls), 1);

    /* Removed: the plain fn's invocation is an item again (answered from another thread here). */
    CHECK_EQ(my_timer_cbor_inline(ctx, NULL), MY_TIMER_STATUS_OK);
    pthread_t th;
    static my_timer_context resync_ctx;
    resync_ctx = ctx;
    pthread_create(&th, NULL, resync_thread, &resync_ctx);
    n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(10) && items[0].kind == MY_TIMER_ITEM_HOST_CALL);
    CHECK_EQ(my_timer_cbor_complete(ctx, items[0].id, MY_TIMER_STATUS_OK, (const uint8_t*)"\x05", 1), MY_TIMER_STATUS_OK);
    pthread_join(th, NULL);
    n = poll_all(ctx, items, 64, 5000, &st);
    CHECK_EQ(n, 1);
    CHECK(items[0].tag == TAG(11) && items[0].kind == MY_TIMER_ITEM_COMPLETION);
    CHECK_EQ(atomic_load(&inline_calls), 1);

    CHECK_EQ(my_timer_cbor_inline(0, on_inline), MY_TIMER_STATUS_INVALID_CONTEXT);
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_inline(ctx, on_inline), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(poll_all(ctx, items, 64, 1000, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_CLOSED);
}

/* L_poll_notify: the descriptor is signalled when an item lands in the empty queue, at once for
 * pending items, and at the end; not once removed. */
static int readable(int fd, int timeout_ms) {
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

static int drain_fd(int fd) {
    uint8_t buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    return n > 0 ? (int)n : 0;
}

static void poll_notify(void) {
    my_timer_context ctx = new_ctx();
    my_timer_item items[64];
    my_timer_status st;
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    CHECK_EQ(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);

    /* Pending when set: signalled at once. */
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(1)), MY_TIMER_STATUS_OK);
    CHECK(!readable(fds[0], 0));
    CHECK_EQ(my_timer_poll_notify(ctx, fds[1]), MY_TIMER_STATUS_OK);
    CHECK(readable(fds[0], 0));
    CHECK_EQ(drain_fd(fds[0]), 8);
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 1);
    CHECK(items[0].tag == TAG(1));

    /* An async completion into the empty queue: signalled by the library thread that queues it. */
    cbor req = {0};
    cb_map(&req, 1);
    cb_str(&req, "duration_ms");
    cb_uint(&req, 1);
    CHECK_EQ(my_timer_cbor_call_sleep(ctx, req.b, req.len, my_timer_enqueue, TAG(2)), MY_TIMER_STATUS_OK);
    cb_free(&req);
    CHECK(readable(fds[0], 5000));
    CHECK_EQ(drain_fd(fds[0]), 8);
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 1);
    CHECK(items[0].tag == TAG(2) && items[0].decl == MY_TIMER_DECL_SLEEP);

    /* Into a queue that is not empty: no second signal (the host drains until empty anyway). */
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(3)), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(4)), MY_TIMER_STATUS_OK);
    CHECK_EQ(drain_fd(fds[0]), 8);
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 2);

    /* Removed: nothing written. */
    CHECK_EQ(my_timer_poll_notify(ctx, -1), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_cbor_call_ping(ctx, (const uint8_t*)"\xa0", 1, my_timer_enqueue, TAG(5)), MY_TIMER_STATUS_OK);
    CHECK(!readable(fds[0], 0));
    CHECK_EQ(poll_all(ctx, items, 64, 0, &st), 1);

    /* Destroy: the closed queue is signalled; the poller then gets CLOSED. */
    CHECK_EQ(my_timer_poll_notify(ctx, fds[1]), MY_TIMER_STATUS_OK);
    CHECK_EQ(my_timer_destroy(ctx, 5000), MY_TIMER_STATUS_OK);
    CHECK(readable(fds[0], 5000));
    CHECK_EQ(poll_all(ctx, items, 64, 1000, &st), 0);
    CHECK_EQ(st, MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_poll_notify(ctx, -1), MY_TIMER_STATUS_CLOSED);
    CHECK_EQ(my_timer_poll_notify(0, -1), MY_TIMER_STATUS_INVALID_CONTEXT);
    close(fds[0]);
    close(fds[1]);
}

SCENARIOS({"calls_and_events", calls_and_events}, {"wake_busy_and_rejections", wake_busy_and_rejections},
          {"inline_host_calls", inline_host_calls},
          {"poll_notify", poll_notify})
