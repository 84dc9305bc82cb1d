#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

/* What the runtime keeps per thread: the stack of callbacks running on it
 * and the message of its last rejection. It lives on the heap, freed when
 * the thread exits, and only a pointer to it is thread-local: a Go shared
 * library's thread-locals sit in glibc's static TLS, of which a library
 * loaded with dlopen (by Python, say) gets only a few hundred bytes. */
#define FFIC_RT1_DEPTH 64
#define FFIC_RT1_ERROR_MAX 2048 /* longer messages are cut at a UTF-8 boundary */

typedef struct ffic_rt1_tls {
    int top;
    struct {
        uint64_t ctx;
        uint64_t token;
    } stack[FFIC_RT1_DEPTH]; /* deeper nesting is counted, not recorded */
    size_t error_len;
    char error[FFIC_RT1_ERROR_MAX + 1];
} ffic_rt1_tls;

static __thread ffic_rt1_tls* ffic_rt1_this;
static pthread_key_t ffic_rt1_key;
static pthread_once_t ffic_rt1_once = PTHREAD_ONCE_INIT;
static ffic_rt1_tls ffic_rt1_oom; /* shared, when calloc fails: wrong but safe */

static void ffic_rt1_make_key(void) { pthread_key_create(&ffic_rt1_key, free); }

static ffic_rt1_tls* ffic_rt1_tls_get(void) {
    ffic_rt1_tls* t = ffic_rt1_this;
    if (t == NULL) {
        pthread_once(&ffic_rt1_once, ffic_rt1_make_key);
        t = calloc(1, sizeof *t);
        if (t == NULL) {
            return &ffic_rt1_oom;
        }
        pthread_setspecific(ffic_rt1_key, t);
        ffic_rt1_this = t;
    }
    return t;
}

void ffic_rt1_enter(uint64_t ctx, uint64_t token) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    if (t->top >= 0 && t->top < FFIC_RT1_DEPTH) {
        t->stack[t->top].ctx = ctx;
        t->stack[t->top].token = token;
    }
    t->top++;
}

void ffic_rt1_leave(void) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    if (t->top > 0) {
        t->top--;
    }
}

int64_t ffic_rt1_count_ctx(uint64_t ctx) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    int64_t n = 0;
    for (int i = 0; i < t->top && i < FFIC_RT1_DEPTH; i++) {
        n += t->stack[i].ctx == ctx;
    }
    return n;
}

int64_t ffic_rt1_count_token(uint64_t token) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    int64_t n = 0;
    for (int i = 0; i < t->top && i < FFIC_RT1_DEPTH; i++) {
        n += t->stack[i].token == token;
    }
    return n;
}

void ffic_rt1_set_error(const char* msg, size_t len) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    if (len > FFIC_RT1_ERROR_MAX) {
        len = FFIC_RT1_ERROR_MAX;
        while (len > 0 && ((unsigned char)msg[len] & 0xc0) == 0x80) {
            len--;
        }
    }
    if (len > 0) {
        memcpy(t->error, msg, len);
    }
    t->error[len] = 0;
    t->error_len = len;
}

const char* ffic_rt1_last_error(size_t* len) {
    ffic_rt1_tls* t = ffic_rt1_tls_get();
    *len = t->error_len;
    return t->error;
}

typedef void (*ffic_rt1_cbor_fn)(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len);

void ffic_rt1_call_cbor(uint64_t ctx, uint64_t token, uintptr_t cb, uintptr_t user_data, int32_t status, uint64_t id,
                        const uint8_t* data, size_t len) {
    ffic_rt1_enter(ctx, token);
    ((ffic_rt1_cbor_fn)cb)((void*)user_data, status, id, data, len);
    ffic_rt1_leave();
}

static pthread_mutex_t ffic_rt1_blocks_mu = PTHREAD_MUTEX_INITIALIZER;
static void** ffic_rt1_blocks;
static size_t ffic_rt1_nblocks, ffic_rt1_capblocks;

void* ffic_rt1_block_alloc(size_t size) {
    void* p = malloc(size);
    if (p == NULL) {
        return NULL;
    }
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    if (ffic_rt1_nblocks == ffic_rt1_capblocks) {
        size_t cap = ffic_rt1_capblocks ? 2 * ffic_rt1_capblocks : 64;
        void** grown = realloc(ffic_rt1_blocks, cap * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&ffic_rt1_blocks_mu);
            free(p);
            return NULL;
        }
        ffic_rt1_blocks = grown;
        ffic_rt1_capblocks = cap;
    }
    ffic_rt1_blocks[ffic_rt1_nblocks++] = p;
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
    return p;
}

void ffic_rt1_block_free(void* p) {
    if (p == NULL) {
        return;
    }
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    for (size_t i = 0; i < ffic_rt1_nblocks; i++) {
        if (ffic_rt1_blocks[i] == p) {
            ffic_rt1_blocks[i] = ffic_rt1_blocks[--ffic_rt1_nblocks];
            break;
        }
    }
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
    free(p);
}
