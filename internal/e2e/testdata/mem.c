/* Memory safety at the C ABI of a Go library (internal/e2e/memlib):
 *
 * - align: every pointer the library hands out (results, list elements,
 *   optionals, map entries, event and host fn arguments) is aligned to its
 *   C type's _Alignof, for unions whose arms are u64, f64, a struct, a list
 *   and a string; every value is read, so UBSan's alignment check sees
 *   each access too;
 * - tls_exit: a host TLS destructor that runs after the library's (its key
 *   was created later) may still call the library;
 * - huge_lengths: lengths no value can have are INVALID_ARGUMENT;
 * - long_errors: a rejection longer than L_last_error holds keeps its
 *   reason;
 * - poll_after_destroy: poll, destroy, poll until CLOSED leaves nothing
 *   behind (LeakSanitizer, with FFIC_LEAK_CHECK=1, sees the poll buffer). */
#include "common.h"
#include "ffimem.h"

#define STR(s) ((ffimem_str){(s), sizeof(s) - 1})

static ffimem_context ctx;

static void on_created(void* user_data, ffimem_status status, ffimem_context c, ffimem_str message) {
    (void)user_data;
    (void)message;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    ctx = c;
}

static void open_ctx(void) {
    CHECK_EQ(ffimem_new(on_created, NULL), FFIMEM_STATUS_OK);
    CHECK(ctx != 0);
}

/* ---- align ---- */

static atomic_long pointers; /* how many pointers were checked */

#define ALIGNED(p, T) aligned_((const void*)(p), _Alignof(T), #p, __LINE__)

static void aligned_(const void* p, size_t align, const char* what, int line) {
    atomic_fetch_add(&pointers, 1);
    if ((uintptr_t)p % align != 0) {
        fprintf(stderr, "mem.c:%d: %s = %p is not %zu-aligned\n", line, what, p, align);
        atomic_fetch_add(&failures, 1);
    }
}

/* The walks read every value and fold it into a sum, so that two equal
 * values have equal sums. */
static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3u; }

static uint64_t sum_str(uint64_t h, ffimem_str s) {
    for (size_t i = 0; i < s.len; i++) h = mix(h, (unsigned char)s.ptr[i]);
    return mix(h, s.len);
}

static uint64_t sum_pair(uint64_t h, const ffimem_Pair* p) {
    ALIGNED(p, ffimem_Pair);
    h = mix(h, p->small);
    h = mix(h, p->big);
    return mix(h, (uint64_t)(p->real * 4));
}

static uint64_t sum_num(uint64_t h, const ffimem_Num* n) {
    ALIGNED(n, ffimem_Num);
    h = mix(h, (uint64_t)n->tag);
    switch (n->tag) {
    case ffimem_Num_none:
        return h;
    case ffimem_Num_big:
        return mix(h, n->as.big);
    case ffimem_Num_real:
        return mix(h, (uint64_t)(n->as.real * 2));
    case ffimem_Num_pair:
        return sum_pair(h, &n->as.pair);
    case ffimem_Num_many:
        ALIGNED(n->as.many.ptr, ffimem_Num);
        for (size_t i = 0; i < n->as.many.len; i++) h = sum_num(h, &n->as.many.ptr[i]);
        return mix(h, n->as.many.len);
    case ffimem_Num_name:
        return sum_str(h, n->as.name);
    }
    CHECK(!"unknown Num tag");
    return h;
}

/* Map entries come in no particular order: their sums are added. */
static uint64_t sum_holder(uint64_t h, const ffimem_Holder* x) {
    ALIGNED(x, ffimem_Holder);
    h = sum_str(h, x->label);
    h = sum_num(h, &x->num);
    ALIGNED(x->nums.ptr, ffimem_Num);
    for (size_t i = 0; i < x->nums.len; i++) h = sum_num(h, &x->nums.ptr[i]);
    h = mix(h, x->maybe != NULL);
    if (x->maybe != NULL) h = sum_num(h, x->maybe);
    ALIGNED(x->pairs.ptr, ffimem_Pair);
    for (size_t i = 0; i < x->pairs.len; i++) h = sum_pair(h, &x->pairs.ptr[i]);
    ALIGNED(x->by_key.ptr, ffimem_map_str_Num_entry);
    uint64_t entries = 0;
    for (size_t i = 0; i < x->by_key.len; i++) entries += sum_num(sum_str(1, x->by_key.ptr[i].key), &x->by_key.ptr[i].value);
    ALIGNED(x->kinds.ptr, ffimem_map_str_Kind_entry);
    for (size_t i = 0; i < x->kinds.len; i++) entries += mix(sum_str(2, x->kinds.ptr[i].key), (uint64_t)x->kinds.ptr[i].value);
    h = mix(h, entries);
    for (size_t i = 0; i < x->blob.len; i++) h = mix(h, x->blob.ptr[i]);
    ALIGNED(x->kids.ptr, ffimem_Holder);
    for (size_t i = 0; i < x->kids.len; i++) h = sum_holder(h, &x->kids.ptr[i]);
    return mix(h, x->kids.len);
}

static uint64_t made_sum, echo_sum, event_sum, inspect_sum;
static atomic_int events, async_done;
static ffimem_fn_echo_async_args async_args; /* unused by the library after the call */

static void on_echo(void* user_data, ffimem_status status, const ffimem_Holder* result, ffimem_str message) {
    (void)user_data;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status != FFIMEM_STATUS_OK) {
        fprintf(stderr, "echo: %.*s\n", (int)message.len, message.ptr);
        return;
    }
    echo_sum = sum_holder(0, result);
}

static void on_echo_async(void* user_data, ffimem_status status, const ffimem_Holder* result, ffimem_str message) {
    (void)message;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status == FFIMEM_STATUS_OK) CHECK_EQ(sum_holder(0, result), *(uint64_t*)user_data);
    atomic_fetch_add(&async_done, 1);
}

static void on_made(void* user_data, ffimem_status status, const ffimem_Holder* result, ffimem_str message) {
    (void)user_data;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status != FFIMEM_STATUS_OK) {
        fprintf(stderr, "make: %.*s\n", (int)message.len, message.ptr);
        return;
    }
    made_sum = sum_holder(0, result);
    /* The library's result as the input of echo (plain and async). */
    ffimem_fn_echo_args args = {*result};
    CHECK_EQ(ffimem_call_echo(ctx, &args, on_echo, NULL), FFIMEM_STATUS_OK);
    async_args.holder = *result;
    CHECK_EQ(ffimem_call_echo_async(ctx, &async_args, on_echo_async, &made_sum), FFIMEM_STATUS_OK);
}

static void on_event(void* user_data, uint64_t listener, const ffimem_event_made_args* args) {
    (void)user_data;
    (void)listener;
    ALIGNED(args, ffimem_event_made_args);
    event_sum = sum_holder(0, &args->holder);
    atomic_fetch_add(&events, 1);
}

static void on_inspect(void* user_data, uint64_t call_id, const ffimem_host_inspect_args* args) {
    (void)user_data;
    ALIGNED(args, ffimem_host_inspect_args);
    inspect_sum = sum_holder(0, &args->holder);
    uint64_t n = args->holder.kids.len;
    CHECK_EQ(ffimem_complete_inspect(ctx, call_id, FFIMEM_STATUS_OK, &n, (ffimem_str){NULL, 0}), FFIMEM_STATUS_OK);
}

static void on_visit(void* user_data, ffimem_status status, const uint64_t* result, ffimem_str message) {
    (void)message;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status == FFIMEM_STATUS_OK) CHECK_EQ(*result, *(uint32_t*)user_data);
}

static uint32_t num_arm;

static void on_num(void* user_data, ffimem_status status, const ffimem_Num* result, ffimem_str message) {
    (void)user_data;
    (void)message;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status != FFIMEM_STATUS_OK) return;
    CHECK_EQ(result->tag, (int32_t)(num_arm % 6) + 1);
    sum_num(0, result);
}

static void align(void) {
    open_ctx();
    uint64_t listener;
    CHECK_EQ(ffimem_listen_made(ctx, on_event, NULL, &listener), FFIMEM_STATUS_OK);
    CHECK_EQ(ffimem_implement_inspect(ctx, on_inspect, NULL), FFIMEM_STATUS_OK);
    for (uint32_t n = 0; n <= 4; n++) {
        made_sum = echo_sum = event_sum = inspect_sum = 0;
        atomic_store(&events, 0);
        atomic_store(&async_done, 0);
        ffimem_fn_make_args args = {n};
        CHECK_EQ(ffimem_call_make(ctx, &args, on_made, NULL), FFIMEM_STATUS_OK);
        CHECK(wait_for(&events, 1, 5000));
        CHECK(wait_for(&async_done, 1, 5000));
        CHECK(made_sum != 0);
        CHECK_EQ(echo_sum, made_sum);
        CHECK_EQ(event_sum, made_sum);
        ffimem_fn_visit_args v = {n};
        CHECK_EQ(ffimem_call_visit(ctx, &v, on_visit, &n), FFIMEM_STATUS_OK);
        CHECK_EQ(inspect_sum, made_sum);
    }
    for (num_arm = 0; num_arm < 12; num_arm++) {
        ffimem_fn_num_args args = {num_arm};
        CHECK_EQ(ffimem_call_num(ctx, &args, on_num, NULL), FFIMEM_STATUS_OK);
    }
    CHECK_EQ(ffimem_destroy(ctx, 5000), FFIMEM_STATUS_OK);
    printf("checked %ld pointers\n", atomic_load(&pointers));
    CHECK(atomic_load(&pointers) > 1000);
}

/* ---- tls_exit ---- */

static pthread_key_t host_key;
static atomic_int dtor_ran;

/* Runs at thread exit after the library's TLS destructor: glibc runs
 * destructors in the order their keys were created. */
static void host_dtor(void* p) {
    (void)p;
    CHECK_EQ(ffimem_destroy(0, 0), FFIMEM_STATUS_INVALID_CONTEXT);
    ffimem_str e = ffimem_last_error();
    CHECK_CONTAINS(e, "is not a context of this library");
    atomic_fetch_add(&dtor_ran, 1);
}

static void* tls_thread(void* arg) {
    (void)arg;
    /* The library's thread block is made and set, then the host's value. */
    CHECK_EQ(ffimem_destroy(0, 0), FFIMEM_STATUS_INVALID_CONTEXT);
    CHECK_CONTAINS(ffimem_last_error(), "is not a context");
    pthread_setspecific(host_key, (void*)1);
    return NULL;
}

static void tls_exit(void) {
    /* The library's key exists (made by its first thread block). */
    CHECK_EQ(ffimem_destroy(0, 0), FFIMEM_STATUS_INVALID_CONTEXT);
    CHECK_EQ(pthread_key_create(&host_key, host_dtor), 0);
    for (int i = 0; i < 8; i++) {
        pthread_t th;
        pthread_create(&th, NULL, tls_thread, NULL);
        pthread_join(th, NULL);
    }
    CHECK_EQ(atomic_load(&dtor_ran), 8);
}

/* ---- huge_lengths ---- */

static atomic_int length_calls;

static void on_lengths(void* user_data, ffimem_status status, const uint64_t* result, ffimem_str message) {
    (void)message;
    CHECK_EQ(status, FFIMEM_STATUS_OK);
    if (status == FFIMEM_STATUS_OK) CHECK_EQ(*result, *(uint64_t*)user_data);
    atomic_fetch_add(&length_calls, 1);
}

static void on_cbor(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data;
    (void)status;
    (void)id;
    (void)data;
    (void)len;
    CHECK(!"a rejected call completed");
}

#define REJECTS(call, want)                                                  \
    do {                                                                     \
        CHECK_EQ((call), FFIMEM_STATUS_INVALID_ARGUMENT);                    \
        CHECK_CONTAINS(ffimem_last_error(), (want));                         \
    } while (0)

static void huge_lengths(void) {
    open_ctx();
    static const uint64_t words[4] = {1, 2, 3, 4};
    static const ffimem_Pair pairs[2] = {{1, 2, 3.0}, {4, 5, 6.0}};
    static const uint8_t raw[3] = {0, 1, 2};
    ffimem_fn_lengths_args ok = {STR("hello"), {raw, 3}, {words, 4}, {pairs, 2}};
    uint64_t want = 5 + 3 + 4 + 2;
    CHECK_EQ(ffimem_call_lengths(ctx, &ok, on_lengths, &want), FFIMEM_STATUS_OK);
    CHECK_EQ(atomic_load(&length_calls), 1);

    ffimem_fn_lengths_args a = ok;
    a.text.len = SIZE_MAX;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "text: length 18446744073709551615 is more than 2147483647 bytes");
    a = ok;
    a.text.len = (size_t)1 << 31;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "text: length 2147483648 is more than");
    a = ok;
    a.raw.len = SIZE_MAX;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "raw: length 18446744073709551615 is more than");
    a = ok;
    a.raw.len = SIZE_MAX - 2; /* wraps the address space */
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "raw: length");
    a = ok;
    a.words.len = (size_t)1 << 36;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want),
            "words: length 68719476736 is more than 2147483647 bytes of 8-byte elements");
    a = ok;
    a.words.len = SIZE_MAX;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "words: length 18446744073709551615 is more than");
    a = ok;
    a.pairs.len = ((size_t)1 << 31) / sizeof(ffimem_Pair) + 1;
    REJECTS(ffimem_call_lengths(ctx, &a, on_lengths, &want), "pairs: length 89478486 is more than");

    /* Maps, and lengths deep in a value. */
    static const ffimem_map_str_Kind_entry kinds[1] = {{{"k", 1}, ffimem_Kind_b}};
    ffimem_fn_echo_args e = {0};
    e.holder.num.tag = ffimem_Num_none;
    e.holder.kinds = (ffimem_map_str_Kind){kinds, (size_t)1 << 40};
    REJECTS(ffimem_call_echo(ctx, &e, on_echo, NULL), "holder.kinds: length 1099511627776 is more than");
    e.holder.kinds = (ffimem_map_str_Kind){kinds, 1};
    static const ffimem_Num nums[1] = {{ffimem_Num_none, {0}}};
    ffimem_Num many = {.tag = ffimem_Num_many};
    many.as.many = (ffimem_list_Num){nums, SIZE_MAX / 2};
    e.holder.num = many;
    REJECTS(ffimem_call_echo(ctx, &e, on_echo, NULL), "holder.num.many: length 9223372036854775807 is more than");
    e.holder.num.tag = ffimem_Num_name;
    e.holder.num.as.name = (ffimem_str){"x", SIZE_MAX};
    REJECTS(ffimem_call_echo(ctx, &e, on_echo, NULL), "holder.num.name: length 18446744073709551615 is more than");

    /* CBOR buffers. */
    static const uint8_t empty_map[1] = {0xa0};
    REJECTS(ffimem_cbor_call_lengths(ctx, empty_map, SIZE_MAX, on_cbor, NULL), "data: length 18446744073709551615");
    REJECTS(ffimem_cbor_new(empty_map, SIZE_MAX, on_cbor, NULL), "data: length 18446744073709551615");
    CHECK_EQ(ffimem_destroy(ctx, 5000), FFIMEM_STATUS_OK);
}

/* ---- long_errors ---- */

static void long_errors(void) {
    open_ctx();
    /* Native: a map key of 3000 bytes in the path. */
    static char key[3000];
    memset(key, 'k', sizeof key);
    ffimem_map_str_Kind_entry bad = {{key, sizeof key}, 99};
    ffimem_fn_echo_args e = {0};
    e.holder.num.tag = ffimem_Num_none;
    e.holder.kinds = (ffimem_map_str_Kind){&bad, 1};
    CHECK_EQ(ffimem_call_echo(ctx, &e, on_echo, NULL), FFIMEM_STATUS_INVALID_ARGUMENT);
    ffimem_str msg = ffimem_last_error();
    CHECK(msg.len <= 2048);
    CHECK(msg.len > 1000);
    static const char head[] = "ffimem_call_echo: holder.kinds[\"kkk";
    static const char tail[] = "kkk\"]: unknown Kind member 99";
    CHECK(msg.len > sizeof tail && memcmp(msg.ptr, head, sizeof head - 1) == 0);
    CHECK(msg.len > sizeof tail && memcmp(msg.ptr + msg.len - (sizeof tail - 1), tail, sizeof tail - 1) == 0);
    CHECK_EQ(strlen(msg.ptr), msg.len);

    /* CBOR: a value nested past the limit under a 1500-byte key, whose path
     * is far longer than L_last_error holds. */
    cbor c = {0};
    cb_map(&c, 1);
    cb_str(&c, "holder");
    cb_map(&c, 1);
    cb_str(&c, "by_key");
    cb_map(&c, 1);
    cb_strn(&c, key, 1500);
    for (int i = 0; i < 200; i++) {
        cb_map(&c, 1);
        cb_str(&c, "many");
        cb_arr(&c, 1);
    }
    cb_null(&c);
    CHECK_EQ(ffimem_cbor_call_echo(ctx, c.b, c.len, on_cbor, NULL), FFIMEM_STATUS_DECODE_ERROR);
    msg = ffimem_last_error();
    CHECK(msg.len <= 2048);
    static const char head2[] = "ffimem_cbor_call_echo: holder.by_key[\"kkk";
    static const char tail2[] = ".many[0].many: nesting deeper than 256";
    CHECK(msg.len > sizeof tail2 && memcmp(msg.ptr, head2, sizeof head2 - 1) == 0);
    CHECK(msg.len > sizeof tail2 && memcmp(msg.ptr + msg.len - (sizeof tail2 - 1), tail2, sizeof tail2 - 1) == 0);
    if (atomic_load(&failures) > 0) fprintf(stderr, "last error: %.*s\n", (int)msg.len, msg.ptr);
    cb_free(&c);
    CHECK_EQ(ffimem_destroy(ctx, 5000), FFIMEM_STATUS_OK);
}

/* ---- poll_after_destroy ---- */

static void poll_after_destroy(void) {
    for (int round = 0; round < 3; round++) {
        ctx = 0;
        open_ctx();
        /* A plain fn's completion is queued before the call returns. */
        cbor req = {0};
        cb_map(&req, 1);
        cb_str(&req, "n");
        cb_uint(&req, 4);
        CHECK_EQ(ffimem_cbor_call_num(ctx, req.b, req.len, ffimem_enqueue, (void*)1), FFIMEM_STATUS_OK);
        cb_free(&req);
        ffimem_item items[4];
        size_t n = 0;
        CHECK_EQ(ffimem_poll(ctx, items, 4, 5000, &n), FFIMEM_STATUS_OK);
        CHECK_EQ(n, 1);
        CHECK(items[0].len > 0);
        CHECK_EQ(ffimem_destroy(ctx, 5000), FFIMEM_STATUS_OK);
        /* Wait until the context is drained and gone: L_poll_wake says
         * CLOSED then (it frees nothing), so the next poll finds it gone. */
        double end = now_ms() + 5000;
        while (ffimem_poll_wake(ctx) != FFIMEM_STATUS_CLOSED && now_ms() < end) sleep_ms(1);
        CHECK_EQ(ffimem_poll_wake(ctx), FFIMEM_STATUS_CLOSED);
        CHECK_EQ(ffimem_poll(ctx, items, 4, 1000, &n), FFIMEM_STATUS_CLOSED);
        CHECK_EQ(n, 0);
    }
}

SCENARIOS({"align", align}, {"tls_exit", tls_exit}, {"huge_lengths", huge_lengths}, {"long_errors", long_errors},
          {"poll_after_destroy", poll_after_destroy})
