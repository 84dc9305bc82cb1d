/* Every shape of value both ways: a kitchen-sink struct (lists of lists,
 * maps keyed by every kind, optionals of scalars, strings, structs and
 * unions, unions with and without payloads, enums with negative values,
 * recursion through list and optional) goes native -> Go -> native
 * (mirror's result and the native listener of sunk), native -> Go -> CBOR
 * (the CBOR listener), and CBOR -> Go -> CBOR byte for byte (mirror
 * through CBOR, given the event's bytes as its request). */
#include "common.h"
#include "ffibench.h"

#define STR(s) ((ffibench_str){(s), sizeof(s) - 1})

static bool str_eq(ffibench_str a, ffibench_str b) {
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}
static bool point_eq(const ffibench_Point* a, const ffibench_Point* b) {
    if (a == NULL || b == NULL) return a == b;
    return a->x == b->x && a->y == b->y;
}
static bool shape_eq(const ffibench_Shape* a, const ffibench_Shape* b) {
    if (a == NULL || b == NULL) return a == b;
    if (a->tag != b->tag) return false;
    switch (a->tag) {
    case ffibench_Shape_none:
        return true;
    case ffibench_Shape_dot:
        return point_eq(&a->as.dot, &b->as.dot);
    case ffibench_Shape_path:
        if (a->as.path.len != b->as.path.len) return false;
        for (size_t i = 0; i < a->as.path.len; i++)
            if (!point_eq(&a->as.path.ptr[i], &b->as.path.ptr[i])) return false;
        return true;
    case ffibench_Shape_label:
        return str_eq(a->as.label, b->as.label);
    }
    return false;
}

/* Maps come in no particular order: find each entry of a in b. */
static bool sink_eq(const ffibench_Sink* a, const ffibench_Sink* b) {
    if (a == NULL || b == NULL) return a == b;
    bool ok = a->flag == b->flag && a->n == b->n && a->f == b->f && str_eq(a->text, b->text) &&
              a->raw.len == b->raw.len && (a->raw.len == 0 || memcmp(a->raw.ptr, b->raw.ptr, a->raw.len) == 0) &&
              a->words.len == b->words.len && a->nested.len == b->nested.len && a->by_name.len == b->by_name.len &&
              a->by_num.len == b->by_num.len && a->by_flag.len == b->by_flag.len &&
              a->by_color.len == b->by_color.len && a->maybe.present == b->maybe.present &&
              (!a->maybe.present || a->maybe.value == b->maybe.value) &&
              a->maybe_text.present == b->maybe_text.present &&
              (!a->maybe_text.present || str_eq(a->maybe_text.value, b->maybe_text.value)) &&
              point_eq(a->maybe_point, b->maybe_point) && shape_eq(a->maybe_shape, b->maybe_shape) &&
              shape_eq(&a->shape, &b->shape) && a->color == b->color && a->kids.len == b->kids.len &&
              sink_eq(a->parent, b->parent);
    if (!ok) return false;
    for (size_t i = 0; i < a->words.len; i++)
        if (!str_eq(a->words.ptr[i], b->words.ptr[i])) return false;
    for (size_t i = 0; i < a->nested.len; i++) {
        if (a->nested.ptr[i].len != b->nested.ptr[i].len) return false;
        for (size_t j = 0; j < a->nested.ptr[i].len; j++)
            if (a->nested.ptr[i].ptr[j] != b->nested.ptr[i].ptr[j]) return false;
    }
    for (size_t i = 0; i < a->by_name.len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->by_name.len; j++)
            if (str_eq(a->by_name.ptr[i].key, b->by_name.ptr[j].key))
                found = point_eq(&a->by_name.ptr[i].value, &b->by_name.ptr[j].value);
        if (!found) return false;
    }
    for (size_t i = 0; i < a->by_num.len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->by_num.len; j++)
            if (a->by_num.ptr[i].key == b->by_num.ptr[j].key) found = str_eq(a->by_num.ptr[i].value, b->by_num.ptr[j].value);
        if (!found) return false;
    }
    for (size_t i = 0; i < a->by_flag.len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->by_flag.len; j++)
            if (a->by_flag.ptr[i].key == b->by_flag.ptr[j].key) found = shape_eq(&a->by_flag.ptr[i].value, &b->by_flag.ptr[j].value);
        if (!found) return false;
    }
    for (size_t i = 0; i < a->by_color.len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->by_color.len; j++) {
            if (a->by_color.ptr[i].key != b->by_color.ptr[j].key) continue;
            const ffibench_list_opt_Point *x = &a->by_color.ptr[i].value, *y = &b->by_color.ptr[j].value;
            found = x->len == y->len;
            for (size_t k = 0; found && k < x->len; k++) found = point_eq(x->ptr[k], y->ptr[k]);
        }
        if (!found) return false;
    }
    for (size_t i = 0; i < a->kids.len; i++)
        if (!sink_eq(&a->kids.ptr[i], &b->kids.ptr[i])) return false;
    return true;
}

static ffibench_context ctx;
static ffibench_Sink want;
static atomic_int native_events, cbor_events, results;
static cbor event_bytes[2];

static void on_created(void* user_data, ffibench_status status, ffibench_context c, ffibench_str message) {
    (void)user_data; (void)message;
    CHECK_EQ(status, FFIBENCH_STATUS_OK);
    ctx = c;
}
static void on_sunk(void* user_data, uint64_t listener_id, const ffibench_event_sunk_args* args) {
    (void)user_data; (void)listener_id;
    CHECK(sink_eq(&args->v, &want));
    atomic_fetch_add(&native_events, 1);
}
static void on_sunk_cbor(void* user_data, ffibench_status status, uint64_t id, const uint8_t* data, size_t len) {
    (void)user_data; (void)id;
    CHECK_EQ(status, FFIBENCH_STATUS_OK);
    int n = atomic_load(&cbor_events);
    if (n < 2) {
        for (size_t i = 0; i < len; i++) cb_byte(&event_bytes[n], data[i]);
    }
    atomic_fetch_add(&cbor_events, 1);
}
static void on_mirror(void* user_data, ffibench_status status, const ffibench_Sink* r, ffibench_str message) {
    (void)user_data;
    CHECK_EQ(status, FFIBENCH_STATUS_OK);
    if (status != FFIBENCH_STATUS_OK) fprintf(stderr, "mirror: %.*s\n", (int)message.len, message.ptr);
    else CHECK(sink_eq(r, &want));
    atomic_fetch_add(&results, 1);
}

static void kitchen_sink(void) {
    CHECK_EQ(ffibench_new(on_created, NULL), FFIBENCH_STATUS_OK);
    static ffibench_Point pts[3] = {{1, 2}, {-3, 4}, {INT32_MIN, INT32_MAX}};
    static const ffibench_Point* opt_pts[3] = {&pts[0], NULL, &pts[2]};
    static const char nul[] = "n\0l\xc3\xa9";
    static ffibench_str words[3] = {{"a", 1}, {"", 0}, {nul, sizeof nul - 1}};
    static uint16_t row0[2] = {1, 65535};
    static ffibench_list_u16 rows[3] = {{row0, 2}, {NULL, 0}, {row0, 1}};
    static ffibench_map_str_Point_entry by_name[2] = {{{"x", 1}, {5, 6}}, {{"\xc3\xa9", 2}, {7, 8}}};
    static ffibench_map_i8_str_entry by_num[3] = {{-128, {"min", 3}}, {127, {"max", 3}}, {0, {"", 0}}};
    static ffibench_Shape s_none, s_dot, s_path, s_label;
    s_none.tag = ffibench_Shape_none;
    s_dot.tag = ffibench_Shape_dot;
    s_dot.as.dot = (ffibench_Point){9, -9};
    s_path.tag = ffibench_Shape_path;
    s_path.as.path = (ffibench_list_Point){pts, 3};
    s_label.tag = ffibench_Shape_label;
    s_label.as.label = STR("lbl");
    static ffibench_map_bool_Shape_entry by_flag[2];
    by_flag[0] = (ffibench_map_bool_Shape_entry){false, s_none};
    by_flag[1] = (ffibench_map_bool_Shape_entry){true, s_label};
    static ffibench_map_Color_list_opt_Point_entry by_color[2] = {{ffibench_Color_red, {opt_pts, 3}},
                                                                 {ffibench_Color_green, {NULL, 0}}};
    static uint8_t raw[256];
    for (int i = 0; i < 256; i++) raw[i] = (uint8_t)i;

    static ffibench_Sink kid, parent;
    memset(&kid, 0, sizeof kid);
    kid.shape = s_none;
    kid.color = ffibench_Color_red;
    kid.text = STR("kid");
    memset(&parent, 0, sizeof parent);
    parent.shape = s_dot;
    parent.color = ffibench_Color_green;
    parent.maybe_shape = &s_none;

    memset(&want, 0, sizeof want);
    want.flag = true;
    want.n = INT64_MIN;
    want.f = -0.5f;
    want.text = (ffibench_str){nul, sizeof nul - 1};
    want.raw = (ffibench_bytes){raw, 256};
    want.words = (ffibench_list_str){words, 3};
    want.nested = (ffibench_list_list_u16){rows, 3};
    want.by_name = (ffibench_map_str_Point){by_name, 2};
    want.by_num = (ffibench_map_i8_str){by_num, 3};
    want.by_flag = (ffibench_map_bool_Shape){by_flag, 2};
    want.by_color = (ffibench_map_Color_list_opt_Point){by_color, 2};
    want.maybe = (ffibench_opt_u32){true, 0};
    want.maybe_text = (ffibench_opt_str){true, {"", 0}};
    want.maybe_point = &pts[1];
    want.maybe_shape = &s_path;
    want.shape = s_label;
    want.color = ffibench_Color_green;
    want.kids = (ffibench_list_Sink){&kid, 1};
    want.parent = &parent;

    CHECK_EQ(ffibench_listen_sunk(ctx, on_sunk, NULL, NULL), FFIBENCH_STATUS_OK);
    CHECK_EQ(ffibench_cbor_listen_sunk(ctx, on_sunk_cbor, NULL, NULL), FFIBENCH_STATUS_OK);
    ffibench_fn_mirror_args a = {want};
    CHECK_EQ(ffibench_call_mirror(ctx, &a, on_mirror, NULL), FFIBENCH_STATUS_OK);
    CHECK_EQ(atomic_load(&results), 1);
    CHECK(wait_for(&native_events, 1, 5000));
    CHECK(wait_for(&cbor_events, 1, 5000));

    /* The event's payload {"v": sink} is also mirror's request: the
     * response is the sink's bytes exactly. */
    cbor* ev = &event_bytes[0];
    CHECK(ev->len > 3 && memcmp(ev->b, "\xa1\x61v", 3) == 0);
    static got_cbor g;
    CHECK_EQ(ffibench_cbor_call_mirror(ctx, ev->b, ev->len, on_got_cbor, &g), FFIBENCH_STATUS_OK);
    CHECK_EQ(atomic_load(&g.calls), 1);
    CHECK_EQ(g.status, FFIBENCH_STATUS_OK);
    CHECK(g.len == ev->len - 3 && memcmp(g.data, ev->b + 3, g.len) == 0);
    /* ... and fires sunk again, natively equal and byte for byte the same. */
    CHECK(wait_for(&native_events, 2, 5000));
    CHECK(wait_for(&cbor_events, 2, 5000));
    CHECK(event_bytes[1].len == ev->len && memcmp(event_bytes[1].b, ev->b, ev->len) == 0);
    cb_free(&event_bytes[0]);
    cb_free(&event_bytes[1]);
    CHECK_EQ(ffibench_destroy(ctx, 1000), FFIBENCH_STATUS_OK);
}

SCENARIOS({"kitchen_sink", kitchen_sink})
