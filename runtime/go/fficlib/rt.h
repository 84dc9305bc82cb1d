/* The C half of fficlib: what the Go library runtime needs from C. Every
 * symbol is hidden (visible inside the shared library only) and versioned
 * (ffic_rt1_), so two ffic libraries in one process never bind to each
 * other's runtime. Generated code declares the ones it calls itself. */
#ifndef FFIC_RT1_H_
#define FFIC_RT1_H_

#include <stddef.h>
#include <stdint.h>

#define FFIC_RT1_HIDDEN __attribute__((visibility("hidden")))

/* One L_item of docs/abi.md; every library's L_item has this layout. */
typedef struct ffic_rt1_item {
    void* tag;
    const uint8_t* data;
    size_t len;
    uint64_t id;
    int32_t kind;
    int32_t status;
    int32_t decl;
} ffic_rt1_item;

/* The callbacks running on this thread: enter before calling a host's
 * function pointer, leave after. ctx is the context (0 for none), token
 * the registration (listener, implementation; 0 for a completion). */
FFIC_RT1_HIDDEN void ffic_rt1_enter(uint64_t ctx, uint64_t token);
FFIC_RT1_HIDDEN void ffic_rt1_leave(void);
FFIC_RT1_HIDDEN int64_t ffic_rt1_count_ctx(uint64_t ctx);
FFIC_RT1_HIDDEN int64_t ffic_rt1_count_token(uint64_t token);

/* Signals a host's descriptor (L_poll_notify): writes the 8 bytes of a
 * uint64_t 1 (an eventfd's increment; a pipe's reader drains them),
 * ignoring a full pipe and every error. */
FFIC_RT1_HIDDEN void ffic_rt1_notify(int fd);

/* The message of the last rejection on this thread. */
FFIC_RT1_HIDDEN void ffic_rt1_set_error(const char* msg, size_t len);
FFIC_RT1_HIDDEN const char* ffic_rt1_last_error(size_t* len);

/* Calls an L_cbor_cb between enter and leave. */
FFIC_RT1_HIDDEN void ffic_rt1_call_cbor(uint64_t ctx, uint64_t token, uintptr_t cb, uintptr_t user_data,
                                        int32_t status, uint64_t id, const uint8_t* data, size_t len);

/* C memory whose pointer only Go holds: allocated and freed here and kept
 * in a C registry meanwhile, so LeakSanitizer, which cannot see into Go's
 * heap, sees it reachable. Pooled arena blocks have no owner (alloc,
 * free); a context's poll buffers are owned by (lib, ctx), found and freed
 * by their owner even once the context is gone (alloc_owned, free_owned),
 * and hidden from LeakSanitizer with FFIC_LEAK_CHECK=1 (see rt.c).
 * block_count counts an owner's blocks (for tests). */
FFIC_RT1_HIDDEN void* ffic_rt1_block_alloc(size_t size);
FFIC_RT1_HIDDEN void ffic_rt1_block_free(void* p);
FFIC_RT1_HIDDEN void* ffic_rt1_block_alloc_owned(uint64_t lib, uint64_t ctx, size_t size);
FFIC_RT1_HIDDEN void ffic_rt1_block_free_owned(uint64_t lib, uint64_t ctx);
FFIC_RT1_HIDDEN size_t ffic_rt1_block_count(uint64_t lib, uint64_t ctx);

#endif
