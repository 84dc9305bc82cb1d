#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

/* What the runtime keeps per thread: the stack of callbacks running on it
 * and the message of its last rejection. It lives on the heap, freed when
 * the thread exits, and only a pointer to it is thread-local: a Go shared
 * library's thread-locals sit in glibc's static TLS, of which a library
 * loaded with dlopen (by Python, say) gets only a few hundred bytes. */
#define FFIC_RT1_DEPTH 64
#define FFIC_RT1_ERROR_MAX 2048 /* fficlib.ErrorMax: Go shortens longer messages; a cut here is a backstop */

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

/* The key's destructor runs at thread exit, but other TLS destructors of
 * the host may run after it (keys created later run later) and call into
 * the library: the thread-local pointer is cleared with the block, so such
 * a call allocates a new block (registered again: glibc runs destructors
 * again while values are set) instead of writing into freed memory. */
static void ffic_rt1_free_tls(void* p) {
    if (ffic_rt1_this == p) {
        ffic_rt1_this = NULL;
    }
    free(p);
}

static void ffic_rt1_make_key(void) { pthread_key_create(&ffic_rt1_key, ffic_rt1_free_tls); }

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

void ffic_rt1_notify(int fd) {
    uint64_t one = 1;
    ssize_t n = write(fd, &one, sizeof one);
    (void)n;
}

typedef void (*ffic_rt1_cbor_fn)(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len);

void ffic_rt1_call_cbor(uint64_t ctx, uint64_t token, uintptr_t cb, uintptr_t user_data, int32_t status, uint64_t id,
                        const uint8_t* data, size_t len) {
    ffic_rt1_enter(ctx, token);
    ((ffic_rt1_cbor_fn)cb)((void*)user_data, status, id, data, len);
    ffic_rt1_leave();
}

/* The registry of C blocks whose only pointer Go holds. An entry's owner
 * is (lib, ctx): (0, 0) for pooled arena blocks, which live as long as the
 * process may use them, and a context for its poll buffers. With
 * FFIC_LEAK_CHECK=1 in the environment, the pointers of owned blocks are
 * kept disguised (complemented), so LeakSanitizer sees a block that a
 * context left behind as the leak it is; without it, a context still live
 * at exit is not reported. */
typedef struct ffic_rt1_block {
    uintptr_t addr; /* the pointer, complemented if disguised */
    uint64_t lib, ctx;
} ffic_rt1_block;

static pthread_mutex_t ffic_rt1_blocks_mu = PTHREAD_MUTEX_INITIALIZER;
static ffic_rt1_block* ffic_rt1_blocks;
static size_t ffic_rt1_nblocks, ffic_rt1_capblocks;
static pthread_once_t ffic_rt1_leak_once = PTHREAD_ONCE_INIT;
static int ffic_rt1_leak_check;

static void ffic_rt1_read_leak_check(void) {
    const char* v = getenv("FFIC_LEAK_CHECK");
    ffic_rt1_leak_check = v != NULL && strcmp(v, "1") == 0;
}

static uintptr_t ffic_rt1_addr(void* p, uint64_t lib, uint64_t ctx) {
    uintptr_t a = (uintptr_t)p;
    return ffic_rt1_leak_check && (lib != 0 || ctx != 0) ? ~a : a;
}

void* ffic_rt1_block_alloc_owned(uint64_t lib, uint64_t ctx, size_t size) {
    pthread_once(&ffic_rt1_leak_once, ffic_rt1_read_leak_check);
    void* p = malloc(size);
    if (p == NULL) {
        return NULL;
    }
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    if (ffic_rt1_nblocks == ffic_rt1_capblocks) {
        size_t cap = ffic_rt1_capblocks ? 2 * ffic_rt1_capblocks : 64;
        ffic_rt1_block* grown = realloc(ffic_rt1_blocks, cap * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&ffic_rt1_blocks_mu);
            free(p);
            return NULL;
        }
        ffic_rt1_blocks = grown;
        ffic_rt1_capblocks = cap;
    }
    ffic_rt1_blocks[ffic_rt1_nblocks++] = (ffic_rt1_block){ffic_rt1_addr(p, lib, ctx), lib, ctx};
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
    return p;
}

void* ffic_rt1_block_alloc(size_t size) { return ffic_rt1_block_alloc_owned(0, 0, size); }

void ffic_rt1_block_free(void* p) {
    if (p == NULL) {
        return;
    }
    int found = 0;
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    for (size_t i = 0; i < ffic_rt1_nblocks; i++) {
        if (ffic_rt1_blocks[i].addr == (uintptr_t)p && ffic_rt1_blocks[i].lib == 0 && ffic_rt1_blocks[i].ctx == 0) {
            ffic_rt1_blocks[i] = ffic_rt1_blocks[--ffic_rt1_nblocks];
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
    if (found) {
        free(p);
    }
}

void ffic_rt1_block_free_owned(uint64_t lib, uint64_t ctx) {
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    for (size_t i = 0; i < ffic_rt1_nblocks;) {
        ffic_rt1_block b = ffic_rt1_blocks[i];
        if (b.lib == lib && b.ctx == ctx) {
            ffic_rt1_blocks[i] = ffic_rt1_blocks[--ffic_rt1_nblocks];
            free((void*)(ffic_rt1_leak_check ? ~b.addr : b.addr));
            continue;
        }
        i++;
    }
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
}

size_t ffic_rt1_block_count(uint64_t lib, uint64_t ctx) {
    size_t n = 0;
    pthread_mutex_lock(&ffic_rt1_blocks_mu);
    for (size_t i = 0; i < ffic_rt1_nblocks; i++) {
        n += ffic_rt1_blocks[i].lib == lib && ffic_rt1_blocks[i].ctx == ctx;
    }
    pthread_mutex_unlock(&ffic_rt1_blocks_mu);
    return n;
}
