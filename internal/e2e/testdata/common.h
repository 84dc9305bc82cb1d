/* Shared helpers of the end-to-end C hosts: checks, threads, a small
 * CBOR writer, and the scenario table each host runs by name. */
#ifndef E2E_COMMON_H_
#define E2E_COMMON_H_

#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            atomic_fetch_add(&failures, 1);                                      \
        }                                                                        \
    } while (0)

#define CHECK_EQ(got, want)                                                                        \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_);    \
            atomic_fetch_add(&failures, 1);                                                        \
        }                                                                                          \
    } while (0)

/* CHECK_STR compares (ptr, len) text with a C string. */
#define CHECK_STR(s, want)                                                                        \
    do {                                                                                          \
        const char* w_ = (want);                                                                  \
        size_t wl_ = strlen(w_);                                                                  \
        if ((s).len != wl_ || ((s).len > 0 && memcmp((s).ptr, w_, wl_) != 0)) {                   \
            fprintf(stderr, "%s:%d: %s = \"%.*s\", want \"%s\"\n", __FILE__, __LINE__, #s,         \
                    (int)(s).len, (s).ptr ? (const char*)(s).ptr : "", w_);                      \
            atomic_fetch_add(&failures, 1);                                                       \
        }                                                                                         \
    } while (0)

/* CHECK_CONTAINS checks that (ptr, len) text contains a C string. */
#define CHECK_CONTAINS(s, want)                                                                    \
    do {                                                                                           \
        char buf_[4096];                                                                           \
        size_t n_ = (s).len < sizeof buf_ - 1 ? (s).len : sizeof buf_ - 1;                        \
        if (n_ > 0) memcpy(buf_, (s).ptr, n_);                                                     \
        buf_[n_] = 0;                                                                              \
        if (strstr(buf_, (want)) == NULL) {                                                        \
            fprintf(stderr, "%s:%d: %s = \"%s\", want it to contain \"%s\"\n", __FILE__, __LINE__, \
                    #s, buf_, (want));                                                             \
            atomic_fetch_add(&failures, 1);                                                        \
        }                                                                                          \
    } while (0)

static inline long tid(void) { return (long)syscall(SYS_gettid); }

static inline double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* wait_for polls an atomic counter until it reaches want or ms pass. */
static inline bool wait_for(atomic_int* counter, int want, int ms) {
    double end = now_ms() + ms;
    while (atomic_load(counter) < want) {
        if (now_ms() > end) {
            return false;
        }
        sleep_ms(1);
    }
    return true;
}

/* ---- A small CBOR writer (deterministic when keys are written sorted) ---- */

typedef struct cbor {
    uint8_t* b;
    size_t len, cap;
} cbor;

static inline void cb_byte(cbor* c, uint8_t v) {
    if (c->len == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->b = realloc(c->b, c->cap);
    }
    c->b[c->len++] = v;
}
static inline void cb_head(cbor* c, uint8_t major, uint64_t v) {
    if (v < 24) {
        cb_byte(c, major | (uint8_t)v);
    } else if (v <= 0xff) {
        cb_byte(c, major | 24);
        cb_byte(c, (uint8_t)v);
    } else if (v <= 0xffff) {
        cb_byte(c, major | 25);
        cb_byte(c, (uint8_t)(v >> 8));
        cb_byte(c, (uint8_t)v);
    } else if (v <= 0xffffffffu) {
        cb_byte(c, major | 26);
        for (int i = 3; i >= 0; i--) cb_byte(c, (uint8_t)(v >> (8 * i)));
    } else {
        cb_byte(c, major | 27);
        for (int i = 7; i >= 0; i--) cb_byte(c, (uint8_t)(v >> (8 * i)));
    }
}
static inline void cb_uint(cbor* c, uint64_t v) { cb_head(c, 0x00, v); }
static inline void cb_int(cbor* c, int64_t v) {
    if (v >= 0) cb_head(c, 0x00, (uint64_t)v);
    else cb_head(c, 0x20, (uint64_t)(-1 - v));
}
static inline void cb_strn(cbor* c, const char* s, size_t n) {
    cb_head(c, 0x60, n);
    for (size_t i = 0; i < n; i++) cb_byte(c, (uint8_t)s[i]);
}
static inline void cb_str(cbor* c, const char* s) { cb_strn(c, s, strlen(s)); }
static inline void cb_bytes(cbor* c, const uint8_t* p, size_t n) {
    cb_head(c, 0x40, n);
    for (size_t i = 0; i < n; i++) cb_byte(c, p[i]);
}
static inline void cb_arr(cbor* c, size_t n) { cb_head(c, 0x80, n); }
static inline void cb_map(cbor* c, size_t n) { cb_head(c, 0xa0, n); }
static inline void cb_bool(cbor* c, bool v) { cb_byte(c, v ? 0xf5 : 0xf4); }
static inline void cb_null(cbor* c) { cb_byte(c, 0xf6); }
static inline void cb_free(cbor* c) {
    free(c->b);
    memset(c, 0, sizeof *c);
}

/* A captured CBOR completion. */
typedef struct got_cbor {
    atomic_int calls;
    int status;
    uint64_t id;
    uint8_t data[1 << 16];
    size_t len;
    long thread;
} got_cbor;

static inline void on_got_cbor(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len) {
    got_cbor* g = user_data;
    g->status = status;
    g->id = id;
    g->len = len < sizeof g->data ? len : sizeof g->data;
    if (g->len > 0) memcpy(g->data, data, g->len);
    g->thread = tid();
    atomic_fetch_add(&g->calls, 1);
}

static inline bool same_bytes(const got_cbor* g, const cbor* want) {
    return g->len == want->len && memcmp(g->data, want->b, want->len) == 0;
}

static inline void dump(const char* what, const uint8_t* p, size_t n) {
    fprintf(stderr, "%s (%zu):", what, n);
    for (size_t i = 0; i < n && i < 256; i++) fprintf(stderr, " %02x", p[i]);
    fprintf(stderr, "\n");
}

#define CHECK_CBOR(g, want)                                               \
    do {                                                                  \
        if (!same_bytes((g), (want))) {                                   \
            fprintf(stderr, "%s:%d: CBOR differs\n", __FILE__, __LINE__); \
            dump("  got ", (g)->data, (g)->len);                          \
            dump("  want", (want)->b, (want)->len);                       \
            atomic_fetch_add(&failures, 1);                               \
        }                                                                 \
    } while (0)

/* ---- Scenarios ---- */

typedef struct scenario {
    const char* name;
    void (*run)(void);
} scenario;

/* run_scenarios runs the scenario named argv[1] (or lists them), and
 * exits 0 if every check passed. */
static inline int run_scenarios(int argc, char** argv, const scenario* all, size_t n) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2) {
        for (size_t i = 0; i < n; i++) printf("%s\n", all[i].name);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i].name, argv[1]) == 0) {
            all[i].run();
            if (atomic_load(&failures) > 0) {
                fprintf(stderr, "%s: %d checks failed\n", argv[1], atomic_load(&failures));
                return 1;
            }
            printf("PASS %s\n", argv[1]);
            return 0;
        }
    }
    fprintf(stderr, "no scenario %s\n", argv[1]);
    return 2;
}

#define SCENARIOS(...)                                                                 \
    int main(int argc, char** argv) {                                                  \
        static const scenario all_[] = {__VA_ARGS__};                                  \
        return run_scenarios(argc, argv, all_, sizeof all_ / sizeof all_[0]);          \
    }

#endif
