package wiretest

import (
	"math"
	"strings"
)

// The encode vectors: a value of a type, in JSON form. Build derives the
// exact bytes from fxamacker/cbor in Core Deterministic mode and fails when
// runtime/go writes anything else, so no hex here is typed by hand.

// obj is a JSON object: a struct, or a union {"arm": payload}.
type obj = map[string]any

// list is a JSON array: a list.
func list(items ...any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// pairs is the JSON form of a map: pairs(k1, v1, k2, v2, ...).
func pairs(kv ...any) []any {
	out := []any{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, []any{kv[i], kv[i+1]})
	}
	return out
}

// pattern returns n bytes counting 00, 01, ..., ff, 00, ...
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// tree returns a Tree whose kids nest levels deep (1: no kids).
func tree(levels int) any {
	t := obj{"label": "", "kids": list()}
	for i := 1; i < levels; i++ {
		t = obj{"label": "", "kids": list(t)}
	}
	return t
}

var encodeDefs = []encodeDef{
	// bool
	{"bool false", "bool", false},
	{"bool true", "bool", true},

	// Unsigned integers: min and max of each width, and where the head grows.
	{"u8 min", "u8", 0},
	{"u8 23, the last one-byte head", "u8", 23},
	{"u8 24, the first two-byte head", "u8", 24},
	{"u8 max", "u8", 255},
	{"u16 min", "u16", 0},
	{"u16 256, the first three-byte head", "u16", 256},
	{"u16 max", "u16", 65535},
	{"u32 min", "u32", 0},
	{"u32 65536, the first five-byte head", "u32", 65536},
	{"u32 max", "u32", uint64(math.MaxUint32)},
	{"u64 min", "u64", 0},
	{"u64 2^32, the first nine-byte head", "u64", uint64(1 << 32)},
	{"u64 max", "u64", uint64(math.MaxUint64)},

	// Signed integers: -1-n is major type 1 with argument n.
	{"i8 min", "i8", math.MinInt8},
	{"i8 max", "i8", math.MaxInt8},
	{"i8 zero", "i8", 0},
	{"i8 -1", "i8", -1},
	{"i8 -24, the last one-byte negative head", "i8", -24},
	{"i8 -25, the first two-byte negative head", "i8", -25},
	{"i16 min", "i16", math.MinInt16},
	{"i16 max", "i16", math.MaxInt16},
	{"i16 -256", "i16", -256},
	{"i16 -257, a three-byte head", "i16", -257},
	{"i32 min", "i32", math.MinInt32},
	{"i32 max", "i32", math.MaxInt32},
	{"i64 min", "i64", int64(math.MinInt64)},
	{"i64 max", "i64", int64(math.MaxInt64)},
	{"i64 -2^32, a five-byte head", "i64", int64(-1 << 32)},
	{"i64 -2^32-1, a nine-byte head", "i64", int64(-1<<32 - 1)},

	// f64: the shortest of half, single and double that is exact.
	{"f64 zero", "f64", 0.0},
	{"f64 -0.0", "f64", math.Copysign(0, -1)},
	{"f64 1.0", "f64", 1.0},
	{"f64 1.5 as half", "f64", 1.5},
	{"f64 -4.0 as half", "f64", -4.0},
	{"f64 1+2^-10 as half (last mantissa bit)", "f64", 1 + 0x1p-10},
	{"f64 1+2^-11 as single", "f64", 1 + 0x1p-11},
	{"f64 65504, the largest half", "f64", 65504.0},
	{"f64 65505 as single", "f64", 65505.0},
	{"f64 65536 as single (half exponent too large)", "f64", 65536.0},
	{"f64 100000.0 as single", "f64", 100000.0},
	{"f64 2^-24, the smallest half subnormal", "f64", 0x1p-24},
	{"f64 1023*2^-24, the largest half subnormal", "f64", 1023 * 0x1p-24},
	{"f64 2^-14, the smallest half normal", "f64", 0x1p-14},
	{"f64 3*2^-25 as single (not a half subnormal)", "f64", 3 * 0x1p-25},
	{"f64 2^-25 as single", "f64", 0x1p-25},
	{"f64 single max", "f64", float64(math.MaxFloat32)},
	{"f64 2^-149, the smallest single subnormal", "f64", 0x1p-149},
	{"f64 2^-126, the smallest single normal", "f64", 0x1p-126},
	{"f64 0.1 as double", "f64", 0.1},
	{"f64 16777217 as double (25 significant bits)", "f64", 16777217.0},
	{"f64 1e300 as double", "f64", 1e300},
	{"f64 double max", "f64", math.MaxFloat64},
	{"f64 5e-324, the smallest double subnormal", "f64", 5e-324},
	{"f64 double subnormal 2^-1050", "f64", 0x1p-1050},
	{"f64 NaN", "f64", "NaN"},
	{"f64 Infinity", "f64", "Infinity"},
	{"f64 -Infinity", "f64", "-Infinity"},

	// f32: widened to its exact value, then shortened the same way.
	{"f32 zero", "f32", 0.0},
	{"f32 -0.0", "f32", math.Copysign(0, -1)},
	{"f32 1.5 as half", "f32", 1.5},
	{"f32 65504 as half", "f32", 65504.0},
	{"f32 2^-24 as half subnormal", "f32", 0x1p-24},
	{"f32 0.1 (0.100000001490116...) as single", "f32", float64(float32(0.1))},
	{"f32 16777216 as single", "f32", 16777216.0},
	{"f32 max", "f32", float64(math.MaxFloat32)},
	{"f32 -max", "f32", -float64(math.MaxFloat32)},
	{"f32 smallest subnormal", "f32", 0x1p-149},
	{"f32 NaN", "f32", "NaN"},
	{"f32 Infinity", "f32", "Infinity"},
	{"f32 -Infinity", "f32", "-Infinity"},

	// string
	{"string empty", "string", ""},
	{"string ascii", "string", "hello"},
	{"string é (2 bytes)", "string", "é"},
	{"string 😀 (4 bytes)", "string", "😀"},
	{"string CJK", "string", "日本語"},
	{"string U+10FFFF", "string", "\U0010FFFF"},
	{"string with NUL", "string", "a\x00b"},
	{"string NUL only", "string", "\x00"},
	{"string JSON escapes", "string", "quote \" backslash \\ newline \n tab \t"},
	{"string 23 bytes, one-byte head", "string", strings.Repeat("x", 23)},
	{"string 24 bytes, two-byte head", "string", strings.Repeat("x", 24)},
	{"string 256 bytes, three-byte head", "string", strings.Repeat("é", 128)},

	// bytes
	{"bytes empty", "bytes", ""},
	{"bytes 00ff", "bytes", "00ff"},
	{"bytes 24, two-byte head", "bytes", Hex(pattern(24))},
	{"bytes 70000, five-byte head", "bytes", Hex(pattern(70000))},

	// list
	{"list empty", "list<u8>", list()},
	{"list<u8>", "list<u8>", list(1, 2, 3)},
	{"list of 24, two-byte head", "list<bool>", list(false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true)},
	{"list<string>", "list<string>", list("a", "", "é")},
	{"list<list<i32>>", "list<list<i32>>", list(list(), list(1), list(-1, 2))},
	{"list<list<list<u8>>>", "list<list<list<u8>>>", list(list(list()), list(list(1), list(2, 3)))},
	{"list<string?> with absent items", "list<string?>", list("a", nil, "")},
	{"list<Point>", "list<Point>", list(obj{"x": 1, "y": 2}, obj{"x": -3, "y": 4})},
	{"list<Empty>", "list<Empty>", list(obj{}, obj{})},
	{"list<map<string, Point?>>", "list<map<string, Point?>>", list(pairs("q", obj{"x": 1, "y": 2}, "p", nil), pairs())},
	{"list<Schedule>", "list<Schedule>", list(obj{"never": nil}, obj{"once": 0})},

	// map: entries sorted by their encoded keys.
	{"map empty", "map<string, u8>", pairs()},
	{"map<string, i64>: shorter keys first", "map<string, i64>", pairs("b", 1, "aa", 2, "a", 3, "", 4)},
	{"map<string, u8>: same length bytewise", "map<string, u8>", pairs("ba", 1, "é", 2, "z", 3, "ab", 4, "b", 5)},
	{"map<i32, string>: 0..max, then -1..min", "map<i32, string>", pairs(1000000, "a", -1, "b", 24, "c", 0, "d", -25, "e", 23, "f", -24, "g", 255, "h", -1000000, "i", 256, "j")},
	{"map<i8, u8>: 127 before -128", "map<i8, u8>", pairs(-128, 1, 127, 2)},
	{"map<i64, u8> extremes", "map<i64, u8>", pairs(int64(math.MinInt64), 1, int64(math.MaxInt64), 2, 0, 3, -1, 4)},
	{"map<u64, u8> extremes", "map<u64, u8>", pairs(uint64(math.MaxUint64), 1, 0, 2, 256, 3)},
	{"map<u16, i64>", "map<u16, i64>", pairs(65535, -1, 1, 1)},
	{"map<bool, string>: false first", "map<bool, string>", pairs(true, "yes", false, "no")},
	{"map<Color, u8>: keys are member names", "map<Color, u8>", pairs("blue", 3, "red", 1, "green", 2)},
	{"map<Priority, list<f32>>", "map<Priority, list<f32>>", pairs("normal", list(1.5), "high", list(), "low", list(0.25, -2.0))},
	{"map<string, Point?>", "map<string, Point?>", pairs("some", obj{"x": 0, "y": 0}, "none", nil)},
	{"map<u8, map<string, list<i8>>>", "map<u8, map<string, list<i8>>>", pairs(2, pairs("b", list(-1)), 1, pairs("a", list(), "", list(127, -128)))},

	// optional: absent is null.
	{"u32? absent", "u32?", nil},
	{"u32? present", "u32?", 5},
	{"u32? zero", "u32?", 0},
	{"string? empty", "string?", ""},
	{"Point? absent", "Point?", nil},
	{"Point? present", "Point?", obj{"x": 1, "y": 1}},
	{"list<u8>? absent", "list<u8>?", nil},
	{"list<u8>? empty", "list<u8>?", list()},
	{"list<u8?>", "list<u8?>", list(1, nil, 3)},
	{"map<string, u8>? absent", "map<string, u8>?", nil},
	{"map<string, u8>? empty", "map<string, u8>?", pairs()},
	{"Color? absent", "Color?", nil},
	{"Schedule? absent", "Schedule?", nil},
	{"Options all absent", "Options", obj{"name": nil, "tags": nil, "limits": nil, "color": nil, "point": nil, "when": nil}},
	{"Options all present", "Options", obj{"name": "", "tags": list(), "limits": pairs("max", 10), "color": "green", "point": obj{"x": -1, "y": -2}, "when": obj{"never": nil}}},

	// enum
	{"Color red", "Color", "red"},
	{"Color blue", "Color", "blue"},
	{"Priority normal (value 5)", "Priority", "normal"},
	{"Priority high", "Priority", "high"},

	// union: a one-entry map.
	{"Schedule once", "Schedule", obj{"once": 5}},
	{"Schedule once u64 max", "Schedule", obj{"once": uint64(math.MaxUint64)}},
	{"Schedule every", "Schedule", obj{"every": obj{"period_ms": 1000, "count": nil}}},
	{"Schedule every with count", "Schedule", obj{"every": obj{"period_ms": 1, "count": 3}}},
	{"Schedule at", "Schedule", obj{"at": list(1, 2)}},
	{"Schedule maybe absent (optional payload)", "Schedule", obj{"maybe": nil}},
	{"Schedule maybe present", "Schedule", obj{"maybe": "x"}},
	{"Schedule never (no payload)", "Schedule", obj{"never": nil}},
	{"Expr recursive union", "Expr", obj{"sum": list(obj{"num": 1}, obj{"neg": obj{"num": -2}}, obj{"neg": nil})}},

	// struct: a map from field name to value, every field written.
	{"Point", "Point", obj{"x": 1, "y": -1}},
	{"Point extremes", "Point", obj{"x": math.MinInt32, "y": math.MaxInt32}},
	{"Empty", "Empty", obj{}},
	{"Order: fields in encoded key order", "Order", obj{"ccc": 5, "bb": 4, "b": 3, "aa": 2, "a": 1}},
	{"Interval count absent", "Interval", obj{"period_ms": 250, "count": nil}},
	{"Interval count present", "Interval", obj{"period_ms": 250, "count": 4}},
	{"Small", "Small", obj{"id": 42, "name": "gopher", "score": 0.5, "active": true}},
	{"Node linked list (recursive through an optional)", "Node", obj{"value": 1, "next": obj{"value": -2, "next": obj{"value": 3, "next": nil}}}},
	{"Tree (recursive through a list)", "Tree", obj{"label": "root", "kids": list(obj{"label": "a", "kids": list()}, obj{"label": "b", "kids": list(obj{"label": "c", "kids": list()})})}},
	{"Tree at the depth limit: 256 nested arrays and maps", "Tree", tree(128)},
	{"KitchenSink", "KitchenSink", kitchenSink},
}

// kitchenSink sets every field of KitchenSink.
var kitchenSink = obj{
	"flag":     true,
	"tiny":     -8,
	"small":    -1600,
	"medium":   320000,
	"large":    int64(-64000000000),
	"octet":    200,
	"port":     8080,
	"count":    uint64(4000000000),
	"nanos":    uint64(1 << 60),
	"ratio":    0.75,
	"precise":  3.141592653589793,
	"text":     "naïve 😀\x00",
	"raw":      "deadbeef",
	"tags":     list("x", "yy", ""),
	"attrs":    pairs("retries", 3, "ttl", -1),
	"by_id":    pairs(7, obj{"x": 1, "y": 2}, 300, obj{"x": -1, "y": -2}),
	"by_color": pairs("green", list("NaN", "Infinity"), "red", list()),
	"flags":    pairs(true, "on", false, "off"),
	"note":     nil,
	"origin":   obj{"x": 0, "y": 0},
	"color":    "blue",
	"priority": "low",
	"when":     obj{"every": obj{"period_ms": 60000, "count": nil}},
	"nested":   list(pairs("a", nil, "b", obj{"x": 5, "y": 6}), pairs()),
	"empty":    obj{},
	"tree":     obj{"label": "t", "kids": list(obj{"label": "u", "kids": list()})},
}
