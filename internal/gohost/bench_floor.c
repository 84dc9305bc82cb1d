#include <stdint.h>

#include "_cgo_export.h"

typedef void (*gohost_floor_cb)(void* ud, int32_t v);

static void gohost_floor_store(void* ud, int32_t v) { *(int32_t*)ud = v; }

int32_t gohost_floor_roundtrip(int32_t x) {
    int32_t out = 0;
    gohostFloorEntry(x, (uintptr_t)gohost_floor_store, &out);
    return out;
}

void gohost_floor_complete(uintptr_t cb, void* ud, int32_t v) { ((gohost_floor_cb)cb)(ud, v); }
