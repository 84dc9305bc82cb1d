// A C++17 host of my_timer: checks the library, creates a context, makes
// two plain calls through captureless lambdas and destroys the context.
// Prints "PASS cxx" when every check passed.
#include <cstdio>
#include <cstring>
#include <string>

#include "my_timer.h"

namespace {

my_timer_str str(const char* s) { return my_timer_str{s, std::strlen(s)}; }

std::string text(my_timer_str s) { return std::string(s.ptr, s.len); }

int failures = 0;

void fail(const std::string& what) {
    std::fprintf(stderr, "FAIL %s\n", what.c_str());
    failures++;
}

}  // namespace

int main() {
    if (my_timer_abi_version() != MY_TIMER_FFIC_ABI_VERSION ||
        std::strcmp(my_timer_fingerprint(), MY_TIMER_FINGERPRINT) != 0) {
        fail(std::string("the library was built from another interface: ") + my_timer_fingerprint());
        return 1;
    }

    my_timer_ctor_args args{};
    args.config.name = str("cxx");
    args.config.max_pending = 16;
    args.config.worker_threads = 1;
    args.config.default_priority = my_timer_Priority_normal;

    my_timer_context ctx = 0;
    auto on_created = [](void* user_data, my_timer_status status, my_timer_context c, my_timer_str message,
                         const my_timer_TimerError*) {
        if (status == MY_TIMER_STATUS_OK) {
            *static_cast<my_timer_context*>(user_data) = c;
        } else {
            fail("my_timer_new: " + text(message));
        }
    };
    if (my_timer_new(&args, on_created, &ctx) != MY_TIMER_STATUS_OK || ctx == 0) {
        fail("my_timer_new: " + text(my_timer_last_error()));
        return 1;
    }

    std::string version;
    auto on_version = [](void* user_data, my_timer_status status, const my_timer_str* result, my_timer_str message) {
        if (status == MY_TIMER_STATUS_OK) {
            *static_cast<std::string*>(user_data) = text(*result);
        } else {
            fail("version: " + text(message));
        }
    };
    if (my_timer_call_version(ctx, on_version, &version) != MY_TIMER_STATUS_OK) {
        fail("version rejected: " + text(my_timer_last_error()));
    }
    if (version != MY_TIMER_CONST_TIMER_VERSION) {
        fail("version is \"" + version + "\", want " MY_TIMER_CONST_TIMER_VERSION);
    }

    bool pinged = false;
    auto on_ping = [](void* user_data, my_timer_status status, my_timer_str message) {
        if (status == MY_TIMER_STATUS_OK) {
            *static_cast<bool*>(user_data) = true;
        } else {
            fail("ping: " + text(message));
        }
    };
    if (my_timer_call_ping(ctx, on_ping, &pinged) != MY_TIMER_STATUS_OK || !pinged) {
        fail("ping did not complete");
    }

    if (my_timer_destroy(ctx, 5000) != MY_TIMER_STATUS_OK) {
        fail("my_timer_destroy: " + text(my_timer_last_error()));
    }
    if (failures == 0) {
        std::printf("PASS cxx\n");
    }
    return failures == 0 ? 0 : 1;
}
