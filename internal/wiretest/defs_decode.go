package wiretest

import (
	"math"
	"strings"
)

// The decode vectors: encodings that are not deterministic but must be
// accepted (docs/wire.md, "What decoders accept"). The hex is written by
// hand; Build derives canonical_hex from the value with fxamacker/cbor.

var decodeDefs = []decodeDef{
	// Integers with longer heads than needed.
	{"u8 0 with a two-byte head", "u8", "1800", 0},
	{"u8 5 with a three-byte head", "u8", "190005", 5},
	{"u16 5 with a five-byte head", "u16", "1a00000005", 5},
	{"u32 5 with a nine-byte head", "u32", "1b0000000000000005", 5},
	{"u64 255 with a nine-byte head", "u64", "1b00000000000000ff", 255},
	{"i8 -1 with a two-byte head", "i8", "3800", -1},
	{"i16 -25 with a three-byte head", "i16", "390018", -25},
	{"i64 -1 with a nine-byte head", "i64", "3b0000000000000000", -1},

	// Floats in any width whose value the declared type holds.
	{"f64 1.5 as double", "f64", "fb3ff8000000000000", 1.5},
	{"f64 1.5 as single", "f64", "fa3fc00000", 1.5},
	{"f64 zero as single", "f64", "fa00000000", 0.0},
	{"f64 -0.0 as double", "f64", "fb8000000000000000", math.Copysign(0, -1)},
	{"f64 2^-24 as double: a half subnormal", "f64", "fb3e70000000000000", 0x1p-24},
	{"f64 NaN as double", "f64", "fb7ff8000000000000", "NaN"},
	{"f64 NaN as single", "f64", "fa7fc00000", "NaN"},
	{"f64 NaN with a payload", "f64", "f97e01", "NaN"},
	{"f64 signalling NaN", "f64", "f97c01", "NaN"},
	{"f64 negative NaN", "f64", "f9fe00", "NaN"},
	{"f64 Infinity as double", "f64", "fb7ff0000000000000", "Infinity"},
	{"f64 -Infinity as single", "f64", "faff800000", "-Infinity"},
	{"f32 1.5 as double", "f32", "fb3ff8000000000000", 1.5},
	{"f32 max as double", "f32", "fb47efffffe0000000", 3.4028234663852886e38},
	{"f32 smallest subnormal as double", "f32", "fb36a0000000000000", 0x1p-149},
	{"f32 NaN as double", "f32", "fb7ff8000000000000", "NaN"},
	{"f32 -Infinity as double", "f32", "fbfff0000000000000", "-Infinity"},

	// Strings with long or indefinite lengths.
	{"string with a two-byte length", "string", "780161", "a"},
	{"string with a nine-byte length", "string", "7b000000000000000161", "a"},
	{"string indefinite, two chunks", "string", "7f61616162ff", "ab"},
	{"string indefinite, a two-byte character in one chunk", "string", "7f62c3a96178ff", "éx"},
	{"string indefinite, empty chunks", "string", "7f6060ff", ""},
	{"string indefinite, no chunks", "string", "7fff", ""},
	{"bytes with a two-byte length", "bytes", "580100", "00"},
	{"bytes indefinite", "bytes", "5f4101420203ff", "010203"},
	{"bytes indefinite, no chunks", "bytes", "5fff", ""},

	// Lists and maps with long or indefinite lengths, keys in any order.
	{"list with a two-byte length", "list<u8>", "980101", list(1)},
	{"list indefinite", "list<u8>", "9f0102ff", list(1, 2)},
	{"list indefinite, empty", "list<u8>", "9fff", list()},
	{"list indefinite, nested", "list<list<u8>>", "9f9f01ff80ff", list(list(1), list())},
	{"map indefinite", "map<string, u8>", "bf616101ff", pairs("a", 1)},
	{"map with a two-byte length", "map<string, u8>", "b801616101", pairs("a", 1)},
	{"map<string, u8> keys unsorted", "map<string, u8>", "a2616202616101", pairs("a", 1, "b", 2)},
	{"map<string, u8> longer key first", "map<string, u8>", "a262616102616201", pairs("b", 1, "aa", 2)},
	{"map<i32, u8> -1 before 0", "map<i32, u8>", "a220010002", pairs(0, 2, -1, 1)},
	{"map<i32, u8> in RFC 7049 length-first order", "map<i32, u8>", "a22001181800", pairs(24, 0, -1, 1)},
	{"map<u8, u8> key with a two-byte head", "map<u8, u8>", "a1180102", pairs(1, 2)},
	{"map<bool, u8> true first", "map<bool, u8>", "a2f501f400", pairs(false, 0, true, 1)},
	{"map<Color, u8> key as an indefinite string", "map<Color, u8>", "a17f63726564ff01", pairs("red", 1)},

	// Structs: any key order, unknown keys skipped, optional keys missing.
	{"Point keys reversed", "Point", "a2617902617801", obj{"x": 1, "y": 2}},
	{"Point indefinite map", "Point", "bf617801617902ff", obj{"x": 1, "y": 2}},
	{"Point keys as indefinite strings", "Point", "a27f6178ff017f6179ff02", obj{"x": 1, "y": 2}},
	{"Point unknown key", "Point", "a3617801617902617a613f", obj{"x": 1, "y": 2}},
	{"Point unknown key first", "Point", "a3617a613f617801617902", obj{"x": 1, "y": 2}},
	{"Point unknown nested value", "Point", "a3617801617902656578747261a261618201a16162026163" + "4100", obj{"x": 1, "y": 2}},
	{"Point unknown indefinite values", "Point", "a3617801617902617abf61619f01ff61625f4100ffff", obj{"x": 1, "y": 2}},
	{"Point unknown values of every kind", "Point", "a36178016179026175" + "8cf4f5f6f93c00fa3fc00000fb3ff80000000000003903e71bffffffffffffffff406080a0", obj{"x": 1, "y": 2}},
	{"Point unknown non-ASCII and long keys", "Point", "a462c3a901617801617902781e" + strings.Repeat("6b", 30) + "f6", obj{"x": 1, "y": 2}},
	{"Point duplicate unknown keys are not checked", "Point", "a4617801617902617a01617a02", obj{"x": 1, "y": 2}},
	{"Point unknown map with array and map keys", "Point", "a3617801617902617aa28000a001", obj{"x": 1, "y": 2}},
	{"Point duplicate keys inside an unknown value are not checked", "Point", "a3617801617902617aa2616101616102", obj{"x": 1, "y": 2}},
	{"Interval optional key missing", "Interval", "a169706572696f645f6d731903e8", obj{"period_ms": 1000, "count": nil}},
	{"Options empty map: every field absent", "Options", "a0", obj{"name": nil, "tags": nil, "limits": nil, "color": nil, "point": nil, "when": nil}},
	{"Options one field present", "Options", "a1646e616d656178", obj{"name": "x", "tags": nil, "limits": nil, "color": nil, "point": nil, "when": nil}},
	{"Empty unknown key", "Empty", "a1617801", obj{}},
	{"Empty 255 arrays nested in an unknown value: the depth limit", "Empty", "a16178(81*254)80", obj{}},
	{"Node next key missing", "Node", "a16576616c756501", obj{"value": 1, "next": nil}},
	{"Tree indefinite kids", "Tree", "a2656c6162656c6161646b6964739fa2656c6162656c6162646b69647380ff", obj{"label": "a", "kids": list(obj{"label": "b", "kids": list()})}},

	// Unions: indefinite maps, payloads read like any value.
	{"Schedule indefinite map", "Schedule", "bf646f6e636505ff", obj{"once": 5}},
	{"Schedule every payload with unknown keys, unsorted", "Schedule", "a1656576657279a3617100" + "69706572696f645f6d730165636f756e7403", obj{"every": obj{"period_ms": 1, "count": 3}}},
	{"Schedule every payload missing its optional key", "Schedule", "a1656576657279a169706572696f645f6d7301", obj{"every": obj{"period_ms": 1, "count": nil}}},
	{"Color as an indefinite string", "Color", "7f6272656164ff", "red"},
}
