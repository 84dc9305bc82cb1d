/* A host built from a changed .ffi: it checks the library as docs/abi.md
 * says every host must, and refuses it (exit 1). */
#include <stdio.h>
#include <string.h>

#include "my_timer.h"

int main(void) {
    if (my_timer_abi_version() != MY_TIMER_FFIC_ABI_VERSION) {
        fprintf(stderr, "my_timer: libmy_timer.so implements ffic ABI version %u, this host needs version %d\n",
                my_timer_abi_version(), MY_TIMER_FFIC_ABI_VERSION);
        return 1;
    }
    if (strcmp(my_timer_fingerprint(), MY_TIMER_FINGERPRINT) != 0) {
        fprintf(stderr,
                "my_timer: libmy_timer.so was built from another interface (fingerprint %.8s..., this host expects "
                "%.8s...); regenerate both from the same .ffi\n",
                my_timer_fingerprint(), MY_TIMER_FINGERPRINT);
        return 1;
    }
    printf("PASS accepted\n");
    return 0;
}
