#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "_cgo_export.h"

void fficlient1_slot_cb(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len) {
    fficlient1_slot* s = (fficlient1_slot*)user_data;
    s->status = status;
    s->id = id;
    s->len = len;
    s->heap = NULL;
    if (len == 0) {
        return;
    }
    if (len <= sizeof s->small) {
        memcpy(s->small, data, len);
        return;
    }
    void* p = malloc(len);
    if (p == NULL) {
        s->status = -1; /* read as "out of memory" by Go */
        s->len = 0;
        return;
    }
    memcpy(p, data, len);
    s->heap = (uint8_t*)p;
}

void fficlient1_cb(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len) {
    fficlient1Deliver((uintptr_t)user_data, status, id, (uint8_t*)data, len);
}
