/* A tiny CBOR encoder and decoder for shapes.c: the few shapes of
 * shapes.ffi, per docs/wire.md. The encoder writes the deterministic
 * encoding (shortest heads, definite lengths, keys written in bytewise
 * order by the caller); the decoder accepts definite lengths only (what
 * every ffic encoder writes; indefinite input is a decode error here),
 * skips unknown keys and limits nesting. */
#ifndef SHAPES_CBOR_H_
#define SHAPES_CBOR_H_

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t* p;
    size_t len, cap;
    bool oom;
} enc;

static void enc_bytes(enc* e, const void* p, size_t n) {
    if (e->oom) {
        return;
    }
    if (e->len + n > e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        while (cap < e->len + n) {
            cap *= 2;
        }
        uint8_t* q = realloc(e->p, cap);
        if (q == NULL) {
            e->oom = true;
            return;
        }
        e->p = q;
        e->cap = cap;
    }
    if (n > 0) {
        memcpy(e->p + e->len, p, n);
    }
    e->len += n;
}

static void enc_head(enc* e, int major, uint64_t v) {
    uint8_t b[9];
    size_t n;
    b[0] = (uint8_t)(major << 5);
    if (v < 24) {
        b[0] |= (uint8_t)v;
        n = 1;
    } else if (v <= 0xff) {
        b[0] |= 24;
        b[1] = (uint8_t)v;
        n = 2;
    } else if (v <= 0xffff) {
        b[0] |= 25;
        b[1] = (uint8_t)(v >> 8);
        b[2] = (uint8_t)v;
        n = 3;
    } else if (v <= 0xffffffffu) {
        b[0] |= 26;
        for (int i = 0; i < 4; i++) {
            b[1 + i] = (uint8_t)(v >> (24 - 8 * i));
        }
        n = 5;
    } else {
        b[0] |= 27;
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (uint8_t)(v >> (56 - 8 * i));
        }
        n = 9;
    }
    enc_bytes(e, b, n);
}

static void enc_int(enc* e, int64_t v) {
    if (v >= 0) {
        enc_head(e, 0, (uint64_t)v);
    } else {
        enc_head(e, 1, (uint64_t)(-(v + 1)));
    }
}

static void enc_text(enc* e, const char* s, size_t n) {
    enc_head(e, 3, n);
    enc_bytes(e, s, n);
}

#define ENC_KEY(e, k) enc_text((e), (k), sizeof(k) - 1)

static void enc_null(enc* e) {
    uint8_t b = 0xf6;
    enc_bytes(e, &b, 1);
}

/* The decoder: a cursor over borrowed bytes; err is the first problem. */
typedef struct {
    const uint8_t* p;
    const uint8_t* end;
    int depth;
    const char* err;
} dec;

static bool dec_fail(dec* d, const char* why) {
    if (d->err == NULL) {
        d->err = why;
    }
    return false;
}

static bool dec_head(dec* d, int* major, uint64_t* v) {
    if (d->p >= d->end) {
        return dec_fail(d, "unexpected end of input");
    }
    uint8_t b = *d->p++;
    *major = b >> 5;
    uint8_t ai = b & 31;
    if (ai < 24) {
        *v = ai;
        return true;
    }
    if (ai > 27) {
        return dec_fail(d, "indefinite lengths and reserved heads are not supported");
    }
    size_t n = (size_t)1 << (ai - 24);
    if ((size_t)(d->end - d->p) < n) {
        return dec_fail(d, "unexpected end of input");
    }
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        *v = (*v << 8) | *d->p++;
    }
    return true;
}

static bool dec_int(dec* d, int64_t min, int64_t max, int64_t* out) {
    int major;
    uint64_t v;
    if (!dec_head(d, &major, &v)) {
        return false;
    }
    if (major == 0 && v <= (uint64_t)max) {
        *out = (int64_t)v;
        return true;
    }
    if (major == 1 && v <= (uint64_t)(-(min + 1))) {
        *out = -(int64_t)v - 1;
        return true;
    }
    return dec_fail(d, major > 1 ? "expected an integer" : "integer out of range");
}

static bool dec_uint(dec* d, uint64_t max, uint64_t* out) {
    int major;
    if (!dec_head(d, &major, out)) {
        return false;
    }
    if (major != 0) {
        return dec_fail(d, "expected an unsigned integer");
    }
    return *out <= max || dec_fail(d, "integer out of range");
}

static bool utf8_valid(const uint8_t* s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            k = 1, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            k = 2, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            k = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + k >= n) {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += k + 1;
    }
    return true;
}

/* dec_text points *s into the input. */
static bool dec_text(dec* d, const char** s, size_t* n) {
    int major;
    uint64_t v;
    if (!dec_head(d, &major, &v)) {
        return false;
    }
    if (major != 3) {
        return dec_fail(d, "expected a text string");
    }
    if (v > (uint64_t)(d->end - d->p)) {
        return dec_fail(d, "unexpected end of input");
    }
    if (!utf8_valid(d->p, (size_t)v)) {
        return dec_fail(d, "not UTF-8");
    }
    *s = (const char*)d->p;
    *n = (size_t)v;
    d->p += v;
    return true;
}

/* dec_null consumes a null if one is next. */
static bool dec_null(dec* d) {
    if (d->p < d->end && *d->p == 0xf6) {
        d->p++;
        return true;
    }
    return false;
}

/* dec_container reads an array (major 4) or map (major 5) head. */
static bool dec_container(dec* d, int want, uint64_t* n) {
    int major;
    if (!dec_head(d, &major, n)) {
        return false;
    }
    if (major != want) {
        return dec_fail(d, want == 5 ? "expected a map" : "expected an array");
    }
    if (*n > (uint64_t)(d->end - d->p)) {
        return dec_fail(d, "unexpected end of input");
    }
    return true;
}

/* dec_skip skips one item (an unknown key's value). */
static bool dec_skip(dec* d) {
    int major;
    uint64_t v;
    if (++d->depth > 256) {
        return dec_fail(d, "nested too deeply");
    }
    if (!dec_head(d, &major, &v)) {
        return false;
    }
    bool ok = true;
    switch (major) {
    case 2:
    case 3:
        if (v > (uint64_t)(d->end - d->p)) {
            return dec_fail(d, "unexpected end of input");
        }
        d->p += v;
        break;
    case 4:
    case 5:
        for (uint64_t i = 0; ok && i < (major == 5 ? 2 * v : v); i++) {
            ok = dec_skip(d);
        }
        break;
    case 6:
        return dec_fail(d, "tags are not allowed");
    default:
        break;
    }
    d->depth--;
    return ok;
}

#endif
