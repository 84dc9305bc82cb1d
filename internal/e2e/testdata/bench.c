/* The benchmark of the C ABI of a Go library (BenchmarkABI): each figure
 * next to the floor, a bare C -> Go cgo call, measured in the same run.
 * Prints "name ns/op" lines; the best of 5 rounds of n calls each. */
#include "common.h"
#include "ffibench.h"

int32_t ffibench_floor(int32_t x);

static ffibench_context ctx;
static atomic_long sink;

static void on_add(void* user_data, ffibench_status status, const ffibench_Point* r, ffibench_str message) {
    (void)user_data; (void)message;
    if (status == FFIBENCH_STATUS_OK) atomic_fetch_add_explicit(&sink, r->x, memory_order_relaxed);
}

static void on_cbor(void* user_data, ffibench_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data; (void)id;
    if (status == FFIBENCH_STATUS_OK && len > 0) atomic_fetch_add_explicit(&sink, data[0], memory_order_relaxed);
}

static atomic_long done_calls;
static void on_add_async(void* user_data, ffibench_status status, const ffibench_Point* r, ffibench_str message) {
    (void)user_data; (void)message; (void)r; (void)status;
    atomic_fetch_add(&done_calls, 1);
}

static void on_created(void* user_data, ffibench_status status, ffibench_context c, ffibench_str message) {
    (void)user_data; (void)message;
    if (status == FFIBENCH_STATUS_OK) ctx = c;
}

typedef void (*bench_fn)(long n);

static void floor_fn(long n) {
    int32_t x = 0;
    for (long i = 0; i < n; i++) x = ffibench_floor(x);
    atomic_fetch_add(&sink, x);
}

static void native_fn(long n) {
    ffibench_fn_add_args a = {{1, 2}};
    for (long i = 0; i < n; i++) ffibench_call_add(ctx, &a, on_add, NULL);
}

/* {"p": {"x": 1, "y": 2}} */
static const uint8_t req[] = {0xa1, 0x61, 'p', 0xa2, 0x61, 'x', 0x01, 0x61, 'y', 0x02};

static void cbor_fn(long n) {
    for (long i = 0; i < n; i++) ffibench_cbor_call_add(ctx, req, sizeof req, on_cbor, NULL);
}

static void async_with(long n, long in_flight) {
    ffibench_fn_add_async_args a = {{1, 2}};
    long issued = 0;
    atomic_store(&done_calls, 0);
    while (issued < n) {
        while (issued - atomic_load(&done_calls) >= in_flight) {
            /* spin: the completion comes from a library thread */
        }
        ffibench_call_add_async(ctx, &a, on_add_async, NULL);
        issued++;
    }
    while (atomic_load(&done_calls) < n) {
    }
}

static void async1_fn(long n) { async_with(n, 1); }
static void async64_fn(long n) { async_with(n, 64); }

static double best(bench_fn f, long n) {
    double b = 1e18;
    f(n / 10); /* warm up */
    for (int r = 0; r < 5; r++) {
        double t0 = now_ms();
        f(n);
        double ns = (now_ms() - t0) * 1e6 / (double)n;
        if (ns < b) b = ns;
    }
    return b;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (ffibench_abi_version() != FFIBENCH_FFIC_ABI_VERSION || strcmp(ffibench_fingerprint(), FFIBENCH_FINGERPRINT) != 0) {
        fprintf(stderr, "ffibench: wrong library\n");
        return 1;
    }
    if (ffibench_new(on_created, NULL) != FFIBENCH_STATUS_OK || ctx == 0) return 1;
    printf("floor %.1f\n", best(floor_fn, n));
    printf("native %.1f\n", best(native_fn, n));
    printf("cbor %.1f\n", best(cbor_fn, n));
    printf("async1 %.1f\n", best(async1_fn, n / 10));
    printf("async64 %.1f\n", best(async64_fn, n / 2));
    ffibench_destroy(ctx, 1000);
    return 0;
}
