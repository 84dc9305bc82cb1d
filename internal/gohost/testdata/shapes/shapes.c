/* shapes.c: the library of shapes.ffi, written by hand in plain C against
 * the generated shapes.h (docs/abi.md), so that the Go host is tested
 * against a library with no Go runtime in it. internal/gohost builds it
 * with gcc into libshapes.so.
 *
 * Implemented: contexts (a table of slots with generations: handles are
 * validated, never reused), the native and CBOR entry points of every fn,
 * async fns completing from a thread of their own per call (sum_later
 * without a delay: from one long-lived worker thread per process), one
 * event thread per context with a bounded backlog (dropped events
 * counted), CBOR listeners, CBOR host fn implementations and answers (a
 * host fn is called from the calling thread of a plain fn, or from an
 * async fn's thread), destroy with a deadline, last_error, the
 * fingerprint.
 * Not implemented, to stay small (each rejected with
 * SHAPES_STATUS_INVALID_ARGUMENT and a message): native listeners, native
 * host fn implementations and answers, and the completion queue
 * (shapes_enqueue as a callback, shapes_poll).
 *
 * -DSHAPES_WRONG_FINGERPRINT builds a library that claims another
 * interface, for the host's mismatch test. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "cbor.h"
#include "shapes.h"

#if SHAPES_FFIC_ABI_VERSION != 1
#error "shapes.h follows another ffic ABI than this library implements (1)"
#endif

#define OK SHAPES_STATUS_OK
#define MAX_CTX 255
#define MAX_LISTENERS 32
#define MAX_HOST_CALLS 64
#define BACKLOG 1024

/* ---- last_error ---- */

static _Thread_local char tl_err[256];
static _Thread_local size_t tl_errlen;

__attribute__((format(printf, 2, 3))) static shapes_status reject(shapes_status st, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tl_err, sizeof tl_err, fmt, ap);
    va_end(ap);
    tl_errlen = n < 0 ? 0 : (size_t)n >= sizeof tl_err ? sizeof tl_err - 1 : (size_t)n;
    return st;
}

shapes_str shapes_last_error(void) { return (shapes_str){tl_err, tl_errlen}; }

uint32_t shapes_abi_version(void) { return SHAPES_FFIC_ABI_VERSION; }

void shapes_ffic_no_implementation_linked__import_the_Go_implementation_or_add_the_C_library_to_cgo_LDFLAGS(void) {}

const char* shapes_fingerprint(void) {
#ifdef SHAPES_WRONG_FINGERPRINT
    return "0000000000000000000000000000000000000000000000000000000000000000";
#else
    return SHAPES_FINGERPRINT;
#endif
}

/* ---- contexts ---- */

typedef struct {
    shapes_Point p;
    uint64_t seq, index;
} event;

typedef struct {
    uint64_t id, since; /* since: the index of the first event it may see */
    shapes_cbor_cb cb;
    void* ud;
} listener;

/* An outcome: OK (text: the result), ERROR (text: the message) or
 * TYPED_ERROR (code, text: the ShapeError). */
typedef struct {
    shapes_status st;
    char* text;
    size_t len;
    int32_t code;
} outcome;

typedef struct {
    uint64_t id;
    int state; /* 0 free, 1 waiting for the answer, 2 answered */
    outcome out;
} host_call;

enum { FREE, LIVE, CLOSED, ZOMBIE }; /* ZOMBIE: closed, slot never reused */

typedef struct {
    uint32_t gen;
    int state;
    int32_t scale;
    int busy; /* accepted calls not completed + listener calls running */
    listener ls[MAX_LISTENERS];
    int nls;
    uint64_t next_listener, running_listener;
    shapes_cbor_cb impl;
    void* impl_ud;
    int impl_running;
    uint64_t next_call;
    host_call calls[MAX_HOST_CALLS];
    event q[BACKLOG];
    size_t qhead, qlen;
    uint64_t fired, dropped, seq;
    pthread_t ev_thread;
    pthread_cond_t ev_cv; /* the event thread waits on this one alone */
    bool ev_stop;
} ctx_t;

/* One lock and one condition for everything but the event threads: a
 * small library. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static ctx_t ctxs[MAX_CTX];

/* The contexts whose callbacks the calling thread is inside. */
static _Thread_local ctx_t* tl_cbs[16] __attribute__((tls_model("initial-exec")));
static _Thread_local int tl_ncbs __attribute__((tls_model("initial-exec")));

static void push_cb(ctx_t* c) {
    if (tl_ncbs < 16) {
        tl_cbs[tl_ncbs] = c;
    }
    tl_ncbs++;
}

static void pop_cb(void) { tl_ncbs--; }

static int own_cbs(ctx_t* c) {
    int n = 0;
    for (int i = 0; i < tl_ncbs && i < 16; i++) {
        n += tl_cbs[i] == c;
    }
    return n;
}

static outcome fail(shapes_status st, const char* msg) {
    outcome o = {st, strdup(msg), strlen(msg), 0};
    return o;
}

/* lookup validates h; mu is held. */
static shapes_status lookup(shapes_context h, ctx_t** out) {
    uint64_t slot = h & 0xff, gen = h >> 8;
    if (slot == 0 || gen == 0 || gen > UINT32_MAX) {
        return reject(SHAPES_STATUS_INVALID_CONTEXT, "no context of shapes: %llu", (unsigned long long)h);
    }
    ctx_t* c = &ctxs[slot - 1];
    if (gen == c->gen && c->state == LIVE) {
        *out = c;
        return OK;
    }
    if (gen <= c->gen) {
        return reject(SHAPES_STATUS_CLOSED, "the context was destroyed");
    }
    return reject(SHAPES_STATUS_INVALID_CONTEXT, "no context of shapes: %llu", (unsigned long long)h);
}

/* enter accepts a call on h: the context stays until leave. */
static shapes_status enter(shapes_context h, ctx_t** c) {
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, c);
    if (st == OK) {
        (*c)->busy++;
    }
    pthread_mutex_unlock(&mu);
    return st;
}

static void leave(ctx_t* c) {
    pthread_mutex_lock(&mu);
    c->busy--;
    if (c->state != LIVE) { /* destroy waits for busy */
        pthread_cond_broadcast(&cv);
    }
    pthread_mutex_unlock(&mu);
}

static void deadline_in(struct timespec* ts, int64_t ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000;
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

/* ---- encoding and decoding the shapes of shapes.ffi ---- */

#define KEYEQ(k, n, lit) ((n) == sizeof(lit) - 1 && memcmp((k), (lit), (n)) == 0)

static const char* const color_names[] = {"red", "green", "blue"};
static const shapes_Color color_values[] = {shapes_Color_red, shapes_Color_green, shapes_Color_blue};

static const char* color_name(shapes_Color c) {
    for (int i = 0; i < 3; i++) {
        if (color_values[i] == c) {
            return color_names[i];
        }
    }
    return NULL;
}

static void enc_point(enc* e, const shapes_Point* p) {
    enc_head(e, 5, 2);
    ENC_KEY(e, "x");
    enc_int(e, p->x);
    ENC_KEY(e, "y");
    enc_int(e, p->y);
}

static void enc_color(enc* e, shapes_Color c) {
    const char* s = color_name(c);
    enc_text(e, s, strlen(s));
}

static void enc_shape(enc* e, const shapes_Shape* s) {
    enc_head(e, 5, 4); /* keys in bytewise order: name, color, label, points */
    ENC_KEY(e, "name");
    enc_text(e, s->name.ptr, s->name.len);
    ENC_KEY(e, "color");
    enc_color(e, s->color);
    ENC_KEY(e, "label");
    if (s->label.present) {
        enc_text(e, s->label.value.ptr, s->label.value.len);
    } else {
        enc_null(e);
    }
    ENC_KEY(e, "points");
    enc_head(e, 4, s->points.len);
    for (size_t i = 0; i < s->points.len; i++) {
        enc_point(e, &s->points.ptr[i]);
    }
}

/* enc_outcome writes a completion's data: the result (text, by the
 * caller's choice), the typed error or the message. */
static void enc_outcome_error(enc* e, const outcome* o) {
    if (o->st == SHAPES_STATUS_TYPED_ERROR) {
        enc_head(e, 5, 2);
        ENC_KEY(e, "code");
        enc_int(e, o->code);
        ENC_KEY(e, "message");
    }
    enc_text(e, o->text, o->len);
}

static bool map_begin(dec* d, uint64_t* n) {
    if (++d->depth > 256) {
        return dec_fail(d, "nested too deeply");
    }
    return dec_container(d, 5, n);
}

static bool seen_once(dec* d, unsigned* seen, unsigned bit) {
    if (*seen & bit) {
        return dec_fail(d, "duplicate key");
    }
    *seen |= bit;
    return true;
}

static bool dec_key(dec* d, const char** k, size_t* n) { return dec_text(d, k, n); }

static bool dec_i32(dec* d, int32_t* out) {
    int64_t v;
    if (!dec_int(d, INT32_MIN, INT32_MAX, &v)) {
        return false;
    }
    *out = (int32_t)v;
    return true;
}

static bool dec_point(dec* d, shapes_Point* p) {
    uint64_t n;
    unsigned seen = 0;
    if (!map_begin(d, &n)) {
        return false;
    }
    for (uint64_t i = 0; i < n; i++) {
        const char* k;
        size_t kn;
        if (!dec_key(d, &k, &kn)) {
            return false;
        }
        bool ok = KEYEQ(k, kn, "x")   ? seen_once(d, &seen, 1) && dec_i32(d, &p->x)
                  : KEYEQ(k, kn, "y") ? seen_once(d, &seen, 2) && dec_i32(d, &p->y)
                                      : dec_skip(d);
        if (!ok) {
            return false;
        }
    }
    d->depth--;
    return seen == 3 || dec_fail(d, "Point: missing required field");
}

static bool dec_color(dec* d, shapes_Color* c) {
    const char* s;
    size_t n;
    if (!dec_text(d, &s, &n)) {
        return false;
    }
    for (int i = 0; i < 3; i++) {
        if (n == strlen(color_names[i]) && memcmp(s, color_names[i], n) == 0) {
            *c = color_values[i];
            return true;
        }
    }
    return dec_fail(d, "unknown Color member");
}

/* dec_shape points the strings into the input; points.ptr is malloc'ed
 * (free it with free_shape). */
static bool dec_shape(dec* d, shapes_Shape* s) {
    uint64_t n, np;
    unsigned seen = 0;
    memset(s, 0, sizeof *s);
    if (!map_begin(d, &n)) {
        return false;
    }
    for (uint64_t i = 0; i < n; i++) {
        const char* k;
        size_t kn;
        bool ok;
        if (!dec_key(d, &k, &kn)) {
            return false;
        }
        if (KEYEQ(k, kn, "name")) {
            ok = seen_once(d, &seen, 1) && dec_text(d, &s->name.ptr, &s->name.len);
        } else if (KEYEQ(k, kn, "color")) {
            ok = seen_once(d, &seen, 2) && dec_color(d, &s->color);
        } else if (KEYEQ(k, kn, "points")) {
            ok = seen_once(d, &seen, 4) && dec_container(d, 4, &np);
            if (ok && np > 0) {
                shapes_Point* ps = calloc(np, sizeof *ps);
                if (ps == NULL) {
                    return dec_fail(d, "out of memory");
                }
                s->points.ptr = ps;
                s->points.len = np;
                for (uint64_t j = 0; ok && j < np; j++) {
                    ok = dec_point(d, &ps[j]);
                }
            }
        } else if (KEYEQ(k, kn, "label")) {
            ok = seen_once(d, &seen, 8);
            if (ok && !dec_null(d)) {
                s->label.present = true;
                ok = dec_text(d, &s->label.value.ptr, &s->label.value.len);
            }
        } else {
            ok = dec_skip(d);
        }
        if (!ok) {
            return false;
        }
    }
    d->depth--;
    return (seen & 7) == 7 || dec_fail(d, "Shape: missing required field");
}

static void free_shape(shapes_Shape* s) { free((void*)s->points.ptr); }

/* valid_shape checks a native Shape as the decoder would. */
static bool valid_str(shapes_str s) { return (s.ptr != NULL || s.len == 0) && utf8_valid((const uint8_t*)s.ptr, s.len); }

static bool valid_shape(const shapes_Shape* s) {
    return valid_str(s->name) && color_name(s->color) != NULL && (s->points.ptr != NULL || s->points.len == 0) &&
           (!s->label.present || valid_str(s->label.value));
}

/* dec_request reads a request map whose only field is "s" (a Shape). */
static bool dec_shape_request(dec* d, shapes_Shape* s) {
    uint64_t n;
    unsigned seen = 0;
    memset(s, 0, sizeof *s);
    if (!map_begin(d, &n)) {
        return false;
    }
    for (uint64_t i = 0; i < n; i++) {
        const char* k;
        size_t kn;
        if (!dec_key(d, &k, &kn)) {
            return false;
        }
        bool ok = KEYEQ(k, kn, "s") ? seen_once(d, &seen, 1) && dec_shape(d, s) : dec_skip(d);
        if (!ok) {
            return false;
        }
    }
    return seen == 1 || dec_fail(d, "missing required field \"s\"");
}

/* ---- host fn name_shape ---- */

static outcome call_name_shape(ctx_t* c, const shapes_Shape* s) {
    pthread_mutex_lock(&mu);
    if (c->state != LIVE || c->impl == NULL) {
        pthread_mutex_unlock(&mu);
        return fail(SHAPES_STATUS_ERROR, "name_shape: not implemented by the host");
    }
    host_call* hc = NULL;
    for (int i = 0; i < MAX_HOST_CALLS && hc == NULL; i++) {
        if (c->calls[i].state == 0) {
            hc = &c->calls[i];
        }
    }
    if (hc == NULL) {
        pthread_mutex_unlock(&mu);
        return fail(SHAPES_STATUS_ERROR, "name_shape: too many host calls");
    }
    hc->id = ++c->next_call;
    hc->state = 1;
    shapes_cbor_cb cb = c->impl;
    void* ud = c->impl_ud;
    uint64_t id = hc->id;
    c->impl_running++;
    pthread_mutex_unlock(&mu);

    enc e = {0};
    enc_head(&e, 5, 1);
    ENC_KEY(&e, "s");
    enc_shape(&e, s);
    if (!e.oom) {
        push_cb(c);
        cb(ud, OK, id, e.p, e.len);
        pop_cb();
    }
    free(e.p);

    pthread_mutex_lock(&mu);
    c->impl_running--;
    pthread_cond_broadcast(&cv);
    if (e.oom) {
        hc->state = 2;
        hc->out = fail(SHAPES_STATUS_ERROR, "name_shape: out of memory");
    }
    while (hc->state == 1) {
        pthread_cond_wait(&cv, &mu);
    }
    outcome o = hc->out;
    hc->state = 0;
    pthread_mutex_unlock(&mu);
    return o;
}

shapes_status shapes_cbor_implement_name_shape(shapes_context h, shapes_cbor_cb cb, void* user_data) {
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    if (st == OK) {
        c->impl = cb;
        c->impl_ud = user_data;
        while (c->impl_running > own_cbs(c)) { /* the replaced one's invocations end */
            pthread_cond_wait(&cv, &mu);
        }
    }
    pthread_mutex_unlock(&mu);
    return st;
}

shapes_status shapes_cbor_complete(shapes_context h, uint64_t call_id, shapes_status status, const uint8_t* data,
                                   size_t len) {
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    host_call* hc = NULL;
    for (int i = 0; st == OK && i < MAX_HOST_CALLS && hc == NULL; i++) {
        if (c->calls[i].state == 1 && c->calls[i].id == call_id) {
            hc = &c->calls[i];
        }
    }
    if (st == OK && hc == NULL) {
        st = reject(SHAPES_STATUS_UNKNOWN_ID, "no host call %llu is waiting", (unsigned long long)call_id);
    }
    if (st != OK) {
        pthread_mutex_unlock(&mu);
        return st;
    }
    dec d = {data, data + len, 0, NULL};
    outcome o = {status, NULL, 0, 0};
    const char* s = NULL;
    if (data == NULL && len > 0) {
        st = reject(SHAPES_STATUS_INVALID_ARGUMENT, "data is NULL");
    } else if (status == SHAPES_STATUS_OK || status == SHAPES_STATUS_ERROR) {
        if (!dec_text(&d, &s, &o.len) || d.p != d.end) {
            st = SHAPES_STATUS_DECODE_ERROR;
        }
    } else if (status == SHAPES_STATUS_TYPED_ERROR) {
        uint64_t n;
        unsigned seen = 0;
        bool ok = map_begin(&d, &n);
        for (uint64_t i = 0; ok && i < n; i++) {
            const char* k;
            size_t kn;
            ok = dec_key(&d, &k, &kn);
            ok = ok && (KEYEQ(k, kn, "code")      ? seen_once(&d, &seen, 1) && dec_i32(&d, &o.code)
                        : KEYEQ(k, kn, "message") ? seen_once(&d, &seen, 2) && dec_text(&d, &s, &o.len)
                                                  : dec_skip(&d));
        }
        if (!ok || seen != 3 || d.p != d.end) {
            st = SHAPES_STATUS_DECODE_ERROR;
        }
    } else {
        st = reject(SHAPES_STATUS_INVALID_ARGUMENT, "invalid answer status %d", status);
    }
    if (st == SHAPES_STATUS_DECODE_ERROR) {
        reject(st, "name_shape: invalid answer: %s", d.err ? d.err : "trailing bytes or missing fields");
    }
    if (st == OK) {
        o.text = malloc(o.len + 1);
        if (o.text != NULL) {
            memcpy(o.text, s, o.len);
        } else {
            o = fail(SHAPES_STATUS_ERROR, "out of memory");
        }
    } else {
        o = fail(SHAPES_STATUS_ERROR, "name_shape: the host's answer was invalid");
    }
    hc->out = o; /* a wrong answer fails the call in the library */
    hc->state = 2;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    return st;
}

shapes_status shapes_implement_name_shape(shapes_context h, shapes_host_name_shape_cb cb, void* user_data) {
    (void)h, (void)cb, (void)user_data;
    return reject(SHAPES_STATUS_INVALID_ARGUMENT, "this library implements host fns in CBOR only");
}

shapes_status shapes_complete_name_shape(shapes_context h, uint64_t call_id, shapes_status status,
                                         const shapes_str* result, shapes_str message, const shapes_ShapeError* error) {
    (void)h, (void)call_id, (void)status, (void)result, (void)message, (void)error;
    return reject(SHAPES_STATUS_INVALID_ARGUMENT, "this library implements host fns in CBOR only");
}

/* ---- the handlers ---- */

static shapes_Point add(ctx_t* c, shapes_Point a, shapes_Point b) {
    return (shapes_Point){(a.x + b.x) * c->scale, (a.y + b.y) * c->scale};
}

static shapes_Color next(shapes_Color col) {
    return col == shapes_Color_red ? shapes_Color_green : col == shapes_Color_green ? shapes_Color_blue : shapes_Color_red;
}

static outcome describe(ctx_t* c, const shapes_Shape* s) {
    if (s->points.len == 0) {
        outcome o = fail(SHAPES_STATUS_TYPED_ERROR, "no points");
        o.code = 1;
        return o;
    }
    if (KEYEQ(s->name.ptr, s->name.len, "fail")) {
        return fail(SHAPES_STATUS_ERROR, "describe failed");
    }
    char* name = NULL;
    int n;
    if (KEYEQ(s->name.ptr, s->name.len, "host")) {
        outcome o = call_name_shape(c, s);
        if (o.st != OK) {
            return o;
        }
        n = asprintf(&name, "%.*s", (int)o.len, o.text);
        free(o.text);
    } else {
        n = asprintf(&name, "%.*s", (int)s->name.len, s->name.ptr);
    }
    if (n < 0) {
        return fail(SHAPES_STATUS_ERROR, "out of memory");
    }
    char* text;
    n = asprintf(&text, "%s: %s, %zu points%s%.*s", name, color_name(s->color), s->points.len,
                 s->label.present ? ", " : "", s->label.present ? (int)s->label.value.len : 0,
                 s->label.present ? s->label.value.ptr : "");
    free(name);
    if (n < 0) {
        return fail(SHAPES_STATUS_ERROR, "out of memory");
    }
    return (outcome){OK, text, (size_t)n, 0};
}

static void fire(ctx_t* c, uint32_t count) {
    pthread_mutex_lock(&mu);
    for (uint32_t i = 0; i < count && c->state == LIVE; i++) {
        if (c->qlen == BACKLOG) {
            c->dropped++;
        } else {
            event* ev = &c->q[(c->qhead + c->qlen++) % BACKLOG];
            ev->p = (shapes_Point){(int32_t)i, -(int32_t)i};
            ev->seq = ++c->seq;
            ev->index = c->fired;
        }
        c->fired++;
    }
    pthread_cond_signal(&c->ev_cv);
    pthread_mutex_unlock(&mu);
}

/* ---- the event thread ---- */

static void* event_thread(void* arg) {
    ctx_t* c = arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!c->ev_stop && c->qlen == 0) {
            pthread_cond_wait(&c->ev_cv, &mu);
        }
        if (c->ev_stop) {
            break;
        }
        event ev = c->q[c->qhead]; /* stays in the backlog until delivered */
        pthread_mutex_unlock(&mu);
        enc e = {0};
        enc_head(&e, 5, 2);
        ENC_KEY(&e, "p");
        enc_point(&e, &ev.p);
        ENC_KEY(&e, "seq");
        enc_head(&e, 0, ev.seq);
        pthread_mutex_lock(&mu);
        uint64_t last = 0;
        for (;;) { /* listeners in registration (id) order, re-read each time */
            listener* l = NULL;
            for (int i = 0; i < c->nls && l == NULL; i++) {
                if (c->ls[i].id > last && c->ls[i].since <= ev.index) {
                    l = &c->ls[i];
                }
            }
            if (l == NULL || c->ev_stop || e.oom) {
                break;
            }
            last = l->id;
            shapes_cbor_cb cb = l->cb;
            void* ud = l->ud;
            c->running_listener = l->id;
            c->busy++;
            pthread_mutex_unlock(&mu);
            push_cb(c);
            cb(ud, OK, last, e.p, e.len);
            pop_cb();
            pthread_mutex_lock(&mu);
            c->running_listener = 0;
            c->busy--;
            pthread_cond_broadcast(&cv);
        }
        free(e.p);
        if (c->qlen > 0) {
            c->qhead = (c->qhead + 1) % BACKLOG;
            c->qlen--;
        }
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

shapes_status shapes_cbor_listen_moved(shapes_context h, shapes_cbor_cb cb, void* user_data, uint64_t* listener_id) {
    if (cb == NULL || (void (*)(void))cb == (void (*)(void))shapes_enqueue) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, cb == NULL ? "cb is NULL" : "this library has no completion queue");
    }
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    if (st == OK && c->nls == MAX_LISTENERS) {
        st = reject(SHAPES_STATUS_INTERNAL, "too many listeners");
    }
    if (st == OK) {
        listener* l = &c->ls[c->nls++];
        l->id = ++c->next_listener;
        l->since = c->fired;
        l->cb = cb;
        l->ud = user_data;
        if (listener_id != NULL) {
            *listener_id = l->id;
        }
    }
    pthread_mutex_unlock(&mu);
    return st;
}

shapes_status shapes_listen_moved(shapes_context h, shapes_event_moved_cb cb, void* user_data, uint64_t* listener_id) {
    (void)h, (void)cb, (void)user_data, (void)listener_id;
    return reject(SHAPES_STATUS_INVALID_ARGUMENT, "this library has CBOR listeners only");
}

shapes_status shapes_unlisten(shapes_context h, uint64_t listener_id) {
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    int i = 0;
    while (st == OK && i < c->nls && c->ls[i].id != listener_id) {
        i++;
    }
    if (st == OK && i == c->nls) {
        st = reject(SHAPES_STATUS_UNKNOWN_ID, "listener %llu is not listening", (unsigned long long)listener_id);
    }
    if (st == OK) {
        memmove(&c->ls[i], &c->ls[i + 1], (size_t)(c->nls - i - 1) * sizeof c->ls[0]);
        c->nls--;
        while (c->running_listener == listener_id && !pthread_equal(pthread_self(), c->ev_thread)) {
            pthread_cond_wait(&cv, &mu);
        }
    }
    pthread_mutex_unlock(&mu);
    return st;
}

shapes_status shapes_dropped_events(shapes_context h, uint64_t* count) {
    if (count == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "count is NULL");
    }
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    if (st == OK) {
        *count = c->dropped;
    }
    pthread_mutex_unlock(&mu);
    return st;
}

/* ---- new and destroy ---- */

static shapes_status create(int32_t scale, shapes_context* out, const char** why) {
    if (scale == 0) {
        *why = "scale must not be 0";
        return SHAPES_STATUS_ERROR;
    }
    pthread_mutex_lock(&mu);
    ctx_t* c = NULL;
    int slot = 0;
    for (; slot < MAX_CTX && c == NULL; slot++) {
        if (ctxs[slot].state == FREE && ctxs[slot].gen < UINT32_MAX) {
            c = &ctxs[slot];
        }
    }
    if (c == NULL) {
        pthread_mutex_unlock(&mu);
        *why = "too many contexts";
        return SHAPES_STATUS_ERROR;
    }
    uint32_t gen = c->gen + 1;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->scale = scale;
    pthread_cond_init(&c->ev_cv, NULL);
    if (pthread_create(&c->ev_thread, NULL, event_thread, c) != 0) {
        c->gen = gen; /* spent */
        pthread_mutex_unlock(&mu);
        *why = "cannot start the event thread";
        return SHAPES_STATUS_ERROR;
    }
    c->state = LIVE;
    *out = (uint64_t)gen << 8 | (uint64_t)slot;
    pthread_mutex_unlock(&mu);
    return OK;
}

static bool dec_ctor(dec* d, int32_t* scale) {
    uint64_t n;
    unsigned seen = 0;
    if (!map_begin(d, &n)) {
        return false;
    }
    for (uint64_t i = 0; i < n; i++) {
        const char* k;
        size_t kn;
        if (!dec_key(d, &k, &kn)) {
            return false;
        }
        if (!(KEYEQ(k, kn, "scale") ? seen_once(d, &seen, 1) && dec_i32(d, scale) : dec_skip(d))) {
            return false;
        }
    }
    return (seen == 1 || dec_fail(d, "missing required field \"scale\"")) && (d->p == d->end || dec_fail(d, "trailing bytes"));
}

shapes_status shapes_cbor_new(const uint8_t* data, size_t len, shapes_cbor_cb cb, void* user_data) {
    if (cb == NULL || (void (*)(void))cb == (void (*)(void))shapes_enqueue || (data == NULL && len > 0)) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "cb is NULL or shapes_enqueue, or data is NULL");
    }
    dec d = {data, data + len, 0, NULL};
    int32_t scale = 0;
    if (!dec_ctor(&d, &scale)) {
        return reject(SHAPES_STATUS_DECODE_ERROR, "new: %s", d.err);
    }
    shapes_context h = 0;
    const char* why = NULL;
    if (create(scale, &h, &why) == OK) {
        cb(user_data, OK, h, NULL, 0);
    } else {
        enc e = {0};
        enc_text(&e, why, strlen(why));
        cb(user_data, SHAPES_STATUS_ERROR, 0, e.p, e.len);
        free(e.p);
    }
    return OK;
}

shapes_status shapes_new(const shapes_ctor_args* args, shapes_ctor_cb cb, void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "args or cb is NULL");
    }
    shapes_context h = 0;
    const char* why = NULL;
    if (create(args->scale, &h, &why) == OK) {
        cb(user_data, OK, h, (shapes_str){NULL, 0});
    } else {
        cb(user_data, SHAPES_STATUS_ERROR, 0, (shapes_str){why, strlen(why)});
    }
    return OK;
}

/* flush_queued, of the async fns below: destroy hands the worker's queued
 * jobs of a closed context to a thread that fails them; mu is held. */
static void flush_queued(ctx_t* c);

shapes_status shapes_destroy(shapes_context h, int32_t timeout_ms) {
    if (timeout_ms < 0) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "negative timeout");
    }
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    if (st != OK) {
        pthread_mutex_unlock(&mu);
        return st;
    }
    c->state = CLOSED;
    c->nls = 0;
    c->impl = NULL;
    c->ev_stop = true;
    c->qlen = 0;
    for (int i = 0; i < MAX_HOST_CALLS; i++) {
        if (c->calls[i].state == 1) {
            c->calls[i].out = fail(SHAPES_STATUS_ERROR, "name_shape: the context was destroyed");
            c->calls[i].state = 2;
        }
    }
    pthread_cond_broadcast(&cv); /* wakes sleeping handlers and host calls */
    pthread_cond_signal(&c->ev_cv);
    flush_queued(c); /* and fails the calls queued for the worker */
    struct timespec deadline;
    deadline_in(&deadline, timeout_ms);
    int own = own_cbs(c);
    bool on_event_thread = pthread_equal(pthread_self(), c->ev_thread);
    while (c->busy > own) {
        if (pthread_cond_timedwait(&cv, &mu, &deadline) != 0 && c->busy > own) {
            c->state = ZOMBIE; /* late completions still come; the slot is never reused */
            pthread_detach(c->ev_thread);
            pthread_mutex_unlock(&mu);
            return SHAPES_STATUS_TIMEOUT;
        }
    }
    if (own > 0 || on_event_thread) {
        c->state = ZOMBIE; /* the callback we are in still uses the slot */
        pthread_detach(c->ev_thread);
        pthread_mutex_unlock(&mu);
        return OK;
    }
    pthread_mutex_unlock(&mu);
    pthread_join(c->ev_thread, NULL);
    pthread_mutex_lock(&mu);
    pthread_cond_destroy(&c->ev_cv);
    c->state = FREE;
    pthread_mutex_unlock(&mu);
    return OK;
}

/* ---- the completion queue: not implemented ---- */

void shapes_enqueue(void* user_data, shapes_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data, (void)status, (void)id, (void)data, (void)len;
}

shapes_status shapes_poll(shapes_context h, shapes_item* items, size_t capacity, int32_t timeout_ms, size_t* count) {
    (void)items, (void)capacity, (void)timeout_ms;
    if (count != NULL) {
        *count = 0;
    }
    ctx_t* c;
    pthread_mutex_lock(&mu);
    shapes_status st = lookup(h, &c);
    pthread_mutex_unlock(&mu);
    return st != OK ? st : reject(SHAPES_STATUS_INVALID_ARGUMENT, "this library has no completion queue");
}

shapes_status shapes_poll_wake(shapes_context h) { return shapes_poll(h, NULL, 0, 0, NULL); }

/* ---- plain fns ---- */

/* cbor_reply calls a CBOR callback on the calling thread with the bytes
 * of e (or the message "out of memory"). */
static void cbor_reply(ctx_t* c, shapes_cbor_cb cb, void* ud, shapes_status st, enc* e) {
    if (e->oom) {
        enc m = {0};
        ENC_KEY(&m, "out of memory");
        st = SHAPES_STATUS_ERROR;
        free(e->p);
        *e = m;
    }
    push_cb(c);
    cb(ud, st, 0, e->p, e->len);
    pop_cb();
    free(e->p);
}

static bool no_queue(shapes_cbor_cb cb) {
    return cb == NULL || (void (*)(void))cb == (void (*)(void))shapes_enqueue;
}

#define CBOR_PROLOGUE(name)                                                                                \
    if (no_queue(cb) || (data == NULL && len > 0)) {                                                       \
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, name ": cb is NULL or shapes_enqueue, or data is NULL"); \
    }                                                                                                      \
    dec d = {data, data + len, 0, NULL};                                                                   \
    ctx_t* c;                                                                                              \
    shapes_status st = enter(h, &c);                                                                       \
    if (st != OK) {                                                                                        \
        return st;                                                                                         \
    }

#define DECODE_FAILED(name) (leave(c), reject(SHAPES_STATUS_DECODE_ERROR, name ": %s", d.err ? d.err : "trailing bytes"))

/* dec_fields2 reads a request of two fields of the given decoders. */
typedef bool (*field_dec)(dec*, void*);

static bool dec_request(dec* d, int n, const char* const* names, const field_dec* decs, void* const* outs) {
    uint64_t m;
    unsigned seen = 0;
    if (!map_begin(d, &m)) {
        return false;
    }
    for (uint64_t i = 0; i < m; i++) {
        const char* k;
        size_t kn;
        if (!dec_key(d, &k, &kn)) {
            return false;
        }
        int j = 0;
        while (j < n && !(kn == strlen(names[j]) && memcmp(k, names[j], kn) == 0)) {
            j++;
        }
        if (!(j < n ? seen_once(d, &seen, 1u << j) && decs[j](d, outs[j]) : dec_skip(d))) {
            return false;
        }
    }
    return (seen == (1u << n) - 1 || dec_fail(d, "missing required field")) && (d->p == d->end || dec_fail(d, "trailing bytes"));
}

static bool fd_point(dec* d, void* p) { return dec_point(d, p); }
static bool fd_color(dec* d, void* p) { return dec_color(d, p); }
static bool fd_i64(dec* d, void* p) { return dec_int(d, INT64_MIN, INT64_MAX, p); }
static bool fd_u32(dec* d, void* p) {
    uint64_t v;
    if (!dec_uint(d, UINT32_MAX, &v)) {
        return false;
    }
    *(uint32_t*)p = (uint32_t)v;
    return true;
}

shapes_status shapes_cbor_call_add(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb, void* user_data) {
    CBOR_PROLOGUE("add")
    shapes_fn_add_args a;
    if (!dec_request(&d, 2, (const char* const[]){"a", "b"}, (const field_dec[]){fd_point, fd_point},
                     (void* const[]){&a.a, &a.b})) {
        return DECODE_FAILED("add");
    }
    shapes_Point r = add(c, a.a, a.b);
    enc e = {0};
    enc_point(&e, &r);
    cbor_reply(c, cb, user_data, OK, &e);
    leave(c);
    return OK;
}

shapes_status shapes_call_add(shapes_context h, const shapes_fn_add_args* args, shapes_fn_add_cb cb, void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "add: args or cb is NULL");
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    shapes_Point r = add(c, args->a, args->b);
    push_cb(c);
    cb(user_data, OK, &r, (shapes_str){NULL, 0});
    pop_cb();
    leave(c);
    return OK;
}

shapes_status shapes_cbor_call_next(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb, void* user_data) {
    CBOR_PROLOGUE("next")
    shapes_Color col;
    if (!dec_request(&d, 1, (const char* const[]){"c"}, (const field_dec[]){fd_color}, (void* const[]){&col})) {
        return DECODE_FAILED("next");
    }
    enc e = {0};
    enc_color(&e, next(col));
    cbor_reply(c, cb, user_data, OK, &e);
    leave(c);
    return OK;
}

shapes_status shapes_call_next(shapes_context h, const shapes_fn_next_args* args, shapes_fn_next_cb cb, void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "next: args or cb is NULL");
    }
    if (color_name(args->c) == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "c: %d is no Color member", args->c);
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    shapes_Color r = next(args->c);
    push_cb(c);
    cb(user_data, OK, &r, (shapes_str){NULL, 0});
    pop_cb();
    leave(c);
    return OK;
}

static void enc_describe(enc* e, const outcome* o) {
    if (o->st == OK) {
        enc_text(e, o->text, o->len);
    } else {
        enc_outcome_error(e, o);
    }
}

shapes_status shapes_cbor_call_describe(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb,
                                        void* user_data) {
    CBOR_PROLOGUE("describe")
    shapes_Shape s;
    if (!dec_shape_request(&d, &s) || (d.p != d.end && dec_fail(&d, "trailing bytes"))) {
        free_shape(&s);
        return DECODE_FAILED("describe");
    }
    outcome o = describe(c, &s);
    free_shape(&s);
    enc e = {0};
    enc_describe(&e, &o);
    free(o.text);
    cbor_reply(c, cb, user_data, o.st, &e);
    leave(c);
    return OK;
}

static void native_describe_reply(ctx_t* c, shapes_fn_describe_cb cb, void* ud, outcome* o) {
    shapes_str text = {o->text, o->len};
    shapes_ShapeError err = {o->code, text};
    push_cb(c);
    cb(ud, o->st, o->st == OK ? &text : NULL, o->st == SHAPES_STATUS_ERROR || o->st == SHAPES_STATUS_CLOSED ? text : (shapes_str){NULL, 0},
       o->st == SHAPES_STATUS_TYPED_ERROR ? &err : NULL);
    pop_cb();
    free(o->text);
}

shapes_status shapes_call_describe(shapes_context h, const shapes_fn_describe_args* args, shapes_fn_describe_cb cb,
                                   void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "describe: args or cb is NULL");
    }
    if (!valid_shape(&args->s)) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "s: invalid Shape");
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    outcome o = describe(c, &args->s);
    native_describe_reply(c, cb, user_data, &o);
    leave(c);
    return OK;
}

shapes_status shapes_cbor_call_fire(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb, void* user_data) {
    CBOR_PROLOGUE("fire")
    uint32_t count;
    if (!dec_request(&d, 1, (const char* const[]){"count"}, (const field_dec[]){fd_u32}, (void* const[]){&count})) {
        return DECODE_FAILED("fire");
    }
    fire(c, count);
    enc e = {0};
    enc_null(&e);
    cbor_reply(c, cb, user_data, OK, &e);
    leave(c);
    return OK;
}

shapes_status shapes_call_fire(shapes_context h, const shapes_fn_fire_args* args, shapes_fn_fire_cb cb, void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "fire: args or cb is NULL");
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    fire(c, args->count);
    push_cb(c);
    cb(user_data, OK, (shapes_str){NULL, 0});
    pop_cb();
    leave(c);
    return OK;
}

/* ---- async fns ----
 *
 * describe_later, and sum_later with a delay, run on a thread of their own
 * per call. sum_later without a delay is queued for the worker, one
 * long-lived thread per process (below): a library does not start a thread
 * per call when a call has nothing to wait for. */

typedef struct job {
    ctx_t* c;
    shapes_cbor_cb cbor;           /* or the native callback: */
    shapes_fn_sum_later_cb sum_cb; /* sum_later */
    shapes_fn_describe_later_cb describe_cb;
    void* ud;
    shapes_fn_sum_later_args sum;
    uint8_t* buf; /* describe_later: a copy of the request */
    shapes_Shape s;
    struct job* next; /* in the worker's queue */
} job;

/* complete_sum completes a sum_later call, with a + b or, if its context
 * was destroyed first, with CLOSED; then frees the job and leaves. Like
 * every async completion it holds the context busy until it returns. */
static void complete_sum(job* j, bool closed) {
    ctx_t* c = j->c;
    int64_t r = j->sum.a + j->sum.b;
    if (j->cbor != NULL) {
        enc e = {0};
        if (closed) {
            ENC_KEY(&e, "sum_later: the context was destroyed");
        } else {
            enc_int(&e, r);
        }
        cbor_reply(c, j->cbor, j->ud, closed ? SHAPES_STATUS_CLOSED : OK, &e);
    } else {
        push_cb(c);
        if (closed) {
            j->sum_cb(j->ud, SHAPES_STATUS_CLOSED, NULL, (shapes_str){"sum_later: the context was destroyed", 36});
        } else {
            j->sum_cb(j->ud, OK, &r, (shapes_str){NULL, 0});
        }
        pop_cb();
    }
    free(j);
    leave(c);
}

/* sum_later_thread sleeps delay_ms (cut short by destroy), then completes. */
static void* sum_later_thread(void* arg) {
    job* j = arg;
    ctx_t* c = j->c;
    struct timespec deadline;
    deadline_in(&deadline, j->sum.delay_ms);
    pthread_mutex_lock(&mu);
    while (c->state == LIVE && pthread_cond_timedwait(&cv, &mu, &deadline) == 0) {
    }
    bool closed = c->state != LIVE;
    pthread_mutex_unlock(&mu);
    complete_sum(j, closed);
    return NULL;
}

static void* describe_later_thread(void* arg) {
    job* j = arg;
    ctx_t* c = j->c;
    outcome o = describe(c, &j->s);
    free_shape(&j->s);
    free(j->buf);
    if (j->cbor != NULL) {
        enc e = {0};
        enc_describe(&e, &o);
        free(o.text);
        cbor_reply(c, j->cbor, j->ud, o.st, &e);
    } else {
        push_cb(c);
        shapes_str text = {o.text, o.len};
        shapes_ShapeError err = {o.code, text};
        j->describe_cb(j->ud, o.st, o.st == OK ? &text : NULL, o.st == SHAPES_STATUS_ERROR ? text : (shapes_str){NULL, 0},
                       o.st == SHAPES_STATUS_TYPED_ERROR ? &err : NULL);
        pop_cb();
        free(o.text);
    }
    free(j);
    leave(c);
    return NULL;
}

/* spawn runs fn(arg) on a detached thread of its own. */
static bool spawn(void* (*fn)(void*), void* arg) {
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&t, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    return err == 0;
}

/* start runs the job on a detached thread of its own. */
static shapes_status start(job* j, void* (*fn)(void*)) {
    if (!spawn(fn, j)) {
        ctx_t* c = j->c;
        free_shape(&j->s);
        free(j->buf);
        free(j);
        leave(c);
        return reject(SHAPES_STATUS_INTERNAL, "cannot start a thread");
    }
    return OK;
}

/* ---- the worker: sum_later without a delay ----
 *
 * One thread per process, started by the first such call (pthread_once)
 * and detached: it lives until the process exits. It takes the jobs of a
 * FIFO queue one at a time and completes each with complete_sum. The queue
 * is a list under mu, unbounded: a job is the call's own allocation, and a
 * call whose job cannot be allocated is rejected (SHAPES_STATUS_INTERNAL).
 * A queued job counts in its context's busy from the call until it has
 * completed, as a thread-per-call job does, so destroy waits for it.
 *
 * destroy does not leave a closed context's queued jobs to the worker:
 * flush_queued takes them out of the queue and completes them with CLOSED
 * from a thread of their own, as the thread of a sleeping sum_later,
 * woken by destroy, completes its call. So a worker held up by a slow
 * callback (of any context, or the one destroy is called from) never makes
 * destroy wait for calls it fails anyway. */

/* A list of jobs, oldest first. */
typedef struct {
    job *head, *tail;
} jobs;

static void push_job(jobs* q, job* j) {
    j->next = NULL;
    if (q->tail == NULL) {
        q->head = j;
    } else {
        q->tail->next = j;
    }
    q->tail = j;
}

static job* pop_job(jobs* q) {
    job* j = q->head;
    if (j != NULL) {
        q->head = j->next;
        if (q->head == NULL) {
            q->tail = NULL;
        }
    }
    return j;
}

static pthread_once_t worker_once = PTHREAD_ONCE_INIT;
static bool worker_up;                                      /* written once, by start_worker */
static pthread_cond_t worker_cv = PTHREAD_COND_INITIALIZER; /* the worker waits on this one alone */
static jobs wq;                                             /* the queue, under mu */

static void* worker(void* arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        job* j = pop_job(&wq);
        if (j == NULL) {
            pthread_cond_wait(&worker_cv, &mu);
            continue;
        }
        bool closed = j->c->state != LIVE; /* destroyed while it was queued */
        pthread_mutex_unlock(&mu);
        complete_sum(j, closed);
        pthread_mutex_lock(&mu);
    }
    return NULL;
}

static void start_worker(void) { worker_up = spawn(worker, NULL); }

/* fail_thread completes the jobs flush_queued took out of the queue (a
 * list by next) with CLOSED, in order. */
static void* fail_thread(void* arg) {
    for (job* j = arg; j != NULL;) {
        job* next = j->next;
        complete_sum(j, true); /* frees j */
        j = next;
    }
    return NULL;
}

static void flush_queued(ctx_t* c) {
    jobs taken = {NULL, NULL}, kept = {NULL, NULL};
    for (job* j; (j = pop_job(&wq)) != NULL;) {
        push_job(j->c == c ? &taken : &kept, j);
    }
    if (taken.head != NULL && !spawn(fail_thread, taken.head)) {
        /* No thread: they stay queued, first; the worker fails them (their
         * context is not LIVE) and destroy waits for that. */
        taken.tail->next = kept.head;
        kept.head = taken.head;
        if (kept.tail == NULL) {
            kept.tail = taken.tail;
        }
    }
    wq = kept;
}

/* run_sum_later runs a call with a delay on a thread of its own and queues
 * one without for the worker (or, if the worker could not be started,
 * runs it on a thread of its own too). */
static shapes_status run_sum_later(job* j) {
    if (j->sum.delay_ms > 0) {
        return start(j, sum_later_thread);
    }
    pthread_once(&worker_once, start_worker);
    if (!worker_up) {
        return start(j, sum_later_thread);
    }
    pthread_mutex_lock(&mu);
    push_job(&wq, j);
    pthread_cond_signal(&worker_cv);
    pthread_mutex_unlock(&mu);
    return OK;
}

shapes_status shapes_cbor_call_sum_later(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb,
                                         void* user_data) {
    CBOR_PROLOGUE("sum_later")
    job* j = calloc(1, sizeof *j);
    if (j == NULL) {
        leave(c);
        return reject(SHAPES_STATUS_INTERNAL, "out of memory");
    }
    if (!dec_request(&d, 3, (const char* const[]){"a", "b", "delay_ms"}, (const field_dec[]){fd_i64, fd_i64, fd_u32},
                     (void* const[]){&j->sum.a, &j->sum.b, &j->sum.delay_ms})) {
        free(j);
        return DECODE_FAILED("sum_later");
    }
    j->c = c;
    j->cbor = cb;
    j->ud = user_data;
    return run_sum_later(j);
}

shapes_status shapes_call_sum_later(shapes_context h, const shapes_fn_sum_later_args* args, shapes_fn_sum_later_cb cb,
                                    void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "sum_later: args or cb is NULL");
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    job* j = calloc(1, sizeof *j);
    if (j == NULL) {
        leave(c);
        return reject(SHAPES_STATUS_INTERNAL, "out of memory");
    }
    j->c = c;
    j->sum_cb = cb;
    j->ud = user_data;
    j->sum = *args;
    return run_sum_later(j);
}

/* describe_later copies its request (CBOR) and decodes the copy, so the
 * job's strings point into memory of its own. */
static shapes_status describe_later(ctx_t* c, const uint8_t* data, size_t len, job* j) {
    dec d;
    j->buf = malloc(len ? len : 1);
    if (j->buf == NULL) {
        leave(c);
        free(j);
        return reject(SHAPES_STATUS_INTERNAL, "out of memory");
    }
    memcpy(j->buf, data, len);
    d = (dec){j->buf, j->buf + len, 0, NULL};
    if (!dec_shape_request(&d, &j->s) || (d.p != d.end && dec_fail(&d, "trailing bytes"))) {
        free_shape(&j->s);
        free(j->buf);
        free(j);
        return DECODE_FAILED("describe_later");
    }
    j->c = c;
    return start(j, describe_later_thread);
}

shapes_status shapes_cbor_call_describe_later(shapes_context h, const uint8_t* data, size_t len, shapes_cbor_cb cb,
                                              void* user_data) {
    CBOR_PROLOGUE("describe_later")
    (void)d; /* decoded from a copy */
    job* j = calloc(1, sizeof *j);
    if (j == NULL) {
        leave(c);
        return reject(SHAPES_STATUS_INTERNAL, "out of memory");
    }
    j->cbor = cb;
    j->ud = user_data;
    return describe_later(c, data, len, j);
}

shapes_status shapes_call_describe_later(shapes_context h, const shapes_fn_describe_later_args* args,
                                         shapes_fn_describe_later_cb cb, void* user_data) {
    if (args == NULL || cb == NULL) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "describe_later: args or cb is NULL");
    }
    if (!valid_shape(&args->s)) {
        return reject(SHAPES_STATUS_INVALID_ARGUMENT, "s: invalid Shape");
    }
    ctx_t* c;
    shapes_status st = enter(h, &c);
    if (st != OK) {
        return st;
    }
    job* j = calloc(1, sizeof *j);
    enc e = {0};
    enc_head(&e, 5, 1);
    ENC_KEY(&e, "s");
    enc_shape(&e, &args->s);
    if (j == NULL || e.oom) {
        free(j);
        free(e.p);
        leave(c);
        return reject(SHAPES_STATUS_INTERNAL, "out of memory");
    }
    j->describe_cb = cb;
    j->ud = user_data;
    st = describe_later(c, e.p, e.len, j);
    free(e.p);
    return st;
}
