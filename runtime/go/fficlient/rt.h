/* The C half of fficlient: the two L_cbor_cb callbacks every generated Go
 * host passes to a library. Symbols are versioned (fficlient1_) so that a
 * later runtime can live next to this one. */
#ifndef FFICLIENT1_H_
#define FFICLIENT1_H_

#include <stddef.h>
#include <stdint.h>

/* Where a plain call's completion lands: fficlient1_slot_cb copies the
 * status, id and CBOR data here on the calling thread, so a plain call
 * needs no callback into Go. Data up to sizeof small stays inline; longer
 * data is malloc'ed (heap, freed by Go; a C pointer in Go memory, which the
 * Go garbage collector ignores). */
typedef struct fficlient1_slot {
    int32_t status;
    uint64_t id;
    size_t len;
    uint8_t* heap;
    uint8_t small[232];
} fficlient1_slot;

void fficlient1_slot_cb(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len);

/* Forwards to the Go export fficlient1Deliver with user_data as a handle:
 * async completions, listeners and host fn invocations. */
void fficlient1_cb(void* user_data, int32_t status, uint64_t id, const uint8_t* data, size_t len);

#endif
