package wiretest

import "strings"

// The reject vectors: inputs every decoder must refuse, with the path the
// message starts with and a text it contains (docs/wire.md, "What decoders
// reject" and "Error messages"). Everything here is written by hand. The
// last column marks inputs that are malformed or invalid CBOR whatever the
// type, which fxamacker/cbor (configured strictly) must refuse too.

const cborInvalid = true

// treeHex is the deterministic encoding of tree(levels), built by hand.
func treeHex(levels int) string {
	return strings.Repeat("a2646b69647381", levels-1) + "a2646b69647380656c6162656c60" +
		strings.Repeat("656c6162656c60", levels-1)
}

var rejectDefs = []rejectDef{
	// Integers outside the declared width.
	{"u8 256", "u8", "190100", "value", "256 does not fit u8", false},
	{"u8 -1", "u8", "20", "value", "-1 does not fit u8", false},
	{"u16 65536", "u16", "1a00010000", "value", "65536 does not fit u16", false},
	{"u16 -1", "u16", "20", "value", "-1 does not fit u16", false},
	{"u32 2^32", "u32", "1b0000000100000000", "value", "4294967296 does not fit u32", false},
	{"u32 -1", "u32", "20", "value", "-1 does not fit u32", false},
	{"u64 -1", "u64", "20", "value", "-1 does not fit u64", false},
	{"u64 -2^64", "u64", "3bffffffffffffffff", "value", "-18446744073709551616 does not fit u64", false},
	{"i8 128", "i8", "1880", "value", "128 does not fit i8", false},
	{"i8 -129", "i8", "3880", "value", "-129 does not fit i8", false},
	{"i16 32768", "i16", "198000", "value", "32768 does not fit i16", false},
	{"i16 -32769", "i16", "398000", "value", "-32769 does not fit i16", false},
	{"i32 2^31", "i32", "1a80000000", "value", "2147483648 does not fit i32", false},
	{"i32 -2^31-1", "i32", "3a80000000", "value", "-2147483649 does not fit i32", false},
	{"i64 2^63", "i64", "1b8000000000000000", "value", "9223372036854775808 does not fit i64", false},
	{"i64 -2^63-1", "i64", "3b8000000000000000", "value", "-9223372036854775809 does not fit i64", false},
	{"i64 -2^64", "i64", "3bffffffffffffffff", "value", "-18446744073709551616 does not fit i64", false},
	{"u32 field 2^32", "Interval", "a169706572696f645f6d731b0000000100000000", "value.period_ms", "4294967296 does not fit u32", false},

	// Floats an f32 cannot hold exactly.
	{"f32 0.1 as double", "f32", "fb3fb999999999999a", "value", "does not fit f32", false},
	{"f32 1e300 as double", "f32", "fb7e37e43c8800759c", "value", "does not fit f32", false},
	{"f32 5e-324 as double", "f32", "fb0000000000000001", "value", "does not fit f32", false},
	{"f32 16777217 as double", "f32", "fb4170000010000000", "value", "does not fit f32", false},

	// Wrong types.
	{"u8 given a float", "u8", "f93c00", "value", "expected u8, got float", false},
	{"u8 given a text string", "u8", "6131", "value", "expected u8, got text string", false},
	{"i32 given a bool", "i32", "f5", "value", "expected i32, got bool", false},
	{"u64 given a byte string", "u64", "4101", "value", "expected u64, got byte string", false},
	{"f64 given an integer", "f64", "01", "value", "expected f64, got unsigned integer", false},
	{"f32 given a negative integer", "f32", "20", "value", "expected f32, got negative integer", false},
	{"string given an integer", "string", "01", "value", "expected string, got unsigned integer", false},
	{"string given a byte string", "string", "4161", "value", "expected string, got byte string", false},
	{"bytes given a text string", "bytes", "6161", "value", "expected bytes, got text string", false},
	{"bool given 0", "bool", "00", "value", "expected bool, got unsigned integer", false},
	{"bool given null", "bool", "f6", "value", "expected bool, got null", false},
	{"list given a map", "list<u8>", "a0", "value", "expected list, got map", false},
	{"list<u8> given a byte string", "list<u8>", "4101", "value", "expected list, got byte string", false},
	{"map given an array", "map<string, u8>", "80", "value", "expected map, got array", false},
	{"struct given an array", "Point", "820102", "value", "expected map, got array", false},
	{"enum given its value", "Color", "00", "value", "expected string, got unsigned integer", false},
	{"union given a text string", "Schedule", "656e65766572", "value", "expected map, got text string", false},
	{"null for a required field", "Point", "a26178f6617901", "value.x", "expected i32, got null", false},
	{"null for a list element", "list<string>", "81f6", "value[0]", "expected string, got null", false},
	{"list element of the wrong type", "list<string>", "836161616205", "value[2]", "expected string, got unsigned integer", false},

	// Items the wire format never uses.
	{"undefined for an optional", "u32?", "f7", "value", "undefined is not allowed", cborInvalid},
	{"undefined for an optional field", "Interval", "a265636f756e74f769706572696f645f6d7301", "value.count", "undefined is not allowed", cborInvalid},
	{"simple value 16", "u8", "f0", "value", "simple value 16 is not allowed", cborInvalid},
	{"simple value 32, two bytes", "bool", "f820", "value", "simple value 32 is not allowed", cborInvalid},
	{"simple value 255", "bool?", "f8ff", "value", "simple value 255 is not allowed", cborInvalid},
	{"tag 0 on a string", "string", "c060", "value", "tags are not allowed", cborInvalid},
	{"tag 2 bignum for a u64", "u64", "c249010000000000000000", "value", "tags are not allowed", cborInvalid},
	{"tag 55799 self-describe", "Point", "d9d9f7a2617801617902", "value", "tags are not allowed", cborInvalid},
	{"tag inside an unknown value", "Point", "a3617801617902617ac100", "value.z", "tags are not allowed", cborInvalid},
	{"undefined inside an unknown value", "Point", "a3617801617902617a81f7", "value.z", "undefined is not allowed", cborInvalid},
	{"simple value inside an unknown value", "Point", "a3617801617902617af0", "value.z", "simple value 16 is not allowed", cborInvalid},

	// Malformed heads and breaks.
	{"additional information 28", "u64", "1c", "value", "invalid additional information 28", cborInvalid},
	{"additional information 29 on a negative integer", "i64", "3d", "value", "invalid additional information 29", cborInvalid},
	{"additional information 30 on a text string", "string", "7e", "value", "invalid additional information 30", cborInvalid},
	{"additional information 31 on an integer", "u8", "1f", "value", "invalid additional information 31", cborInvalid},
	{"additional information 31 on a negative integer", "i8", "3f", "value", "invalid additional information 31", cborInvalid},
	{"reserved float head fc", "f64", "fc", "value", "invalid additional information 28", cborInvalid},
	{"break where an item must start", "u8", "ff", "value", "unexpected break", cborInvalid},
	{"break in a definite list", "list<u8>", "81ff", "value[0]", "unexpected break", cborInvalid},
	{"break in place of a map value", "map<string, u8>", "bf6161ff", "value[\"a\"]", "unexpected break", cborInvalid},
	{"break in place of a struct key", "Point", "a1ff00", "value{0}", "unexpected break", cborInvalid},
	{"indefinite string with a byte string chunk", "string", "7f4161ff", "value", "indefinite-length string chunk of the wrong type", cborInvalid},
	{"indefinite string with an indefinite chunk", "string", "7f7fffff", "value", "indefinite-length string chunk of the wrong type", cborInvalid},
	{"indefinite bytes with an integer chunk", "bytes", "5f01ff", "value", "indefinite-length string chunk of the wrong type", cborInvalid},

	// Truncated input.
	{"empty input", "u8", "", "value", "unexpected end of input", cborInvalid},
	{"u8 head missing its byte", "u8", "18", "value", "unexpected end of input", cborInvalid},
	{"u16 head missing a byte", "u16", "1901", "value", "unexpected end of input", cborInvalid},
	{"u32 head missing a byte", "u32", "1a000000", "value", "unexpected end of input", cborInvalid},
	{"u64 head missing a byte", "u64", "1b00000000000000", "value", "unexpected end of input", cborInvalid},
	{"half float missing a byte", "f64", "f93c", "value", "unexpected end of input", cborInvalid},
	{"double float missing bytes", "f64", "fb3ff0", "value", "unexpected end of input", cborInvalid},
	{"string shorter than its length", "string", "636161", "value", "unexpected end of input", cborInvalid},
	{"bytes of 70000 with one present", "bytes", "5a0001117000", "value", "unexpected end of input", cborInvalid},
	{"list claiming more items than remain", "list<u8>", "830102", "value", "unexpected end of input", cborInvalid},
	{"list cut inside its last item", "list<u8>", "83010219", "value[2]", "unexpected end of input", cborInvalid},
	{"indefinite list without its break", "list<u8>", "9f0102", "value[2]", "unexpected end of input", cborInvalid},
	{"indefinite string without its break", "string", "7f6161", "value", "unexpected end of input", cborInvalid},
	{"indefinite map without its break", "map<string, u8>", "bf616101", "value{1}", "unexpected end of input", cborInvalid},
	{"indefinite union cut after its arm", "Schedule", "bf646f6e636505", "value", "unexpected end of input", cborInvalid},
	{"union missing its payload", "Schedule", "a1646f6e6365", "value.once", "unexpected end of input", cborInvalid},
	{"map claiming more entries than fit", "map<string, u8>", "a3616101", "value", "unexpected end of input", cborInvalid},
	{"nested value cut", "list<map<string, Point?>>", "81a16170a26178016179", "value[0][\"p\"].y", "unexpected end of input", cborInvalid},
	// One Interval, {"count": 3, "period_ms": 1000}, cut at every stage:
	// a2 65636f756e74 03 69706572696f645f6d73 1903e8.
	{"Interval cut after the map head", "Interval", "a2", "value", "unexpected end of input", cborInvalid},
	{"Interval cut with fewer bytes than two entries need", "Interval", "a265636f", "value", "unexpected end of input", cborInvalid},
	{"Interval cut inside the first key", "Interval", "a265636f75", "value{0}", "unexpected end of input", cborInvalid},
	{"Interval cut after the first key", "Interval", "a265636f756e74", "value.count", "unexpected end of input", cborInvalid},
	{"Interval cut after the first entry", "Interval", "a265636f756e7403", "value{1}", "unexpected end of input", cborInvalid},
	{"Interval cut inside the second key", "Interval", "a265636f756e740369706572", "value{1}", "unexpected end of input", cborInvalid},
	{"Interval cut after the second key", "Interval", "a265636f756e740369706572696f645f6d73", "value.period_ms", "unexpected end of input", cborInvalid},
	{"Interval cut inside the last value", "Interval", "a265636f756e740369706572696f645f6d731903", "value.period_ms", "unexpected end of input", cborInvalid},

	// Bytes after the top-level item.
	{"trailing byte after an integer", "u8", "0000", "value", "trailing bytes after the value", cborInvalid},
	{"trailing break after a struct", "Point", "a2617801617902ff", "value", "trailing bytes after the value", cborInvalid},
	{"two top-level strings", "string", "61616162", "value", "trailing bytes after the value", cborInvalid},

	// Lengths beyond the input, refused before allocating.
	{"list claiming 2^60 items", "list<u8>", "9b1000000000000000", "value", "unexpected end of input", cborInvalid},
	{"bytes claiming 2^60 bytes", "bytes", "5b1000000000000000", "value", "unexpected end of input", cborInvalid},
	{"string claiming 2^64-1 bytes", "string", "7bffffffffffffffff", "value", "unexpected end of input", cborInvalid},
	{"map claiming 2^60 entries", "map<string, u8>", "bb1000000000000000", "value", "unexpected end of input", cborInvalid},
	{"struct claiming 2^32-1 entries", "Point", "baffffffff", "value", "unexpected end of input", cborInvalid},
	{"unknown value claiming 2^60 items", "Point", "a3617801617902617a9b1000000000000000", "value.z", "unexpected end of input", cborInvalid},
	{"list element claiming 2^60 bytes", "list<bytes>", "815b1000000000000000", "value[0]", "unexpected end of input", cborInvalid},

	// Invalid UTF-8, wherever text appears.
	{"invalid UTF-8: bad continuation byte", "string", "62c328", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: lone continuation byte", "string", "6180", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: overlong encoding", "string", "62c0af", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: surrogate", "string", "63eda080", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: above U+10FFFF", "string", "64f4908080", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: truncated sequence", "string", "62e282", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8: a character split between chunks", "string", "7f61c361a9ff", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in a list element", "list<string>", "8261616180", "value[1]", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in a map key", "map<string, u8>", "a161ff00", "value{0}", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in a struct key", "Point", "a361ff00617801617902", "value{0}", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in an unknown value", "Point", "a3617801617902617a61ff", "value.z", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in an enum member", "Color", "61ff", "value", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in a union arm", "Schedule", "a161fff6", "value{0}", "invalid UTF-8", cborInvalid},
	{"invalid UTF-8 in an optional field", "Options", "a1646e616d6561ff", "value.name", "invalid UTF-8", cborInvalid},

	// Missing required fields: the first in declaration order is named.
	{"missing required field", "Point", "a1617801", "value", `missing required field "y"`, false},
	{"empty map for a struct", "Point", "a0", "value", `missing required field "x"`, false},
	{"missing field among unknown keys", "Interval", "a1617801", "value", `missing required field "period_ms"`, false},
	{"missing field in a union payload", "Schedule", "a1656576657279a0", "value.every", `missing required field "period_ms"`, false},
	{"missing field in a list element", "list<Point>", "82a2617801617902a1617801", "value[1]", `missing required field "y"`, false},

	// Duplicate keys.
	{"duplicate struct key", "Point", "a3617801617802617903", "value", `duplicate key "x"`, cborInvalid},
	{"duplicate struct key, once as an indefinite string", "Point", "a36178017f6178ff02617903", "value", `duplicate key "x"`, cborInvalid},
	{"duplicate string map key", "map<string, u8>", "a2616101616102", "value", `duplicate key "a"`, cborInvalid},
	{"duplicate key in an indefinite map", "map<string, u8>", "bf616101616102ff", "value", `duplicate key "a"`, cborInvalid},
	{"duplicate integer map key", "map<i32, u8>", "a220012002", "value", "duplicate key -1", cborInvalid},
	{"duplicate integer key, once with a long head", "map<u8, u8>", "a20100180100", "value", "duplicate key 1", cborInvalid},
	{"duplicate bool map key", "map<bool, u8>", "a2f400f401", "value", "duplicate key false", cborInvalid},
	{"duplicate enum map key", "map<Color, u8>", "a263726564006372656401", "value", `duplicate key "red"`, cborInvalid},

	// Enums.
	{"unknown enum member", "Color", "66707572706c65", "value", `unknown Color member "purple"`, false},
	{"enum member names are case-sensitive", "Color", "63526564", "value", `unknown Color member "Red"`, false},
	{"empty enum member", "Color", "60", "value", `unknown Color member ""`, false},
	{"unknown enum member as a map key", "map<Color, u8>", "a166707572706c6500", "value{0}", `unknown Color member "purple"`, false},
	{"unknown enum member in a field", "Options", "a165636f6c6f726470696e6b", "value.color", `unknown Color member "pink"`, false},

	// Unions.
	{"union with no arm", "Schedule", "a0", "value", "expected exactly one arm, got 0", false},
	{"union with two arms", "Schedule", "a2646f6e636505656e65766572f6", "value", "expected exactly one arm, got 2", false},
	{"indefinite union with no arm", "Schedule", "bfff", "value", "expected exactly one arm, got 0", false},
	{"indefinite union with two arms", "Schedule", "bf646f6e636505656e65766572f6ff", "value", "expected exactly one arm, got more than one", false},
	{"unknown union arm", "Schedule", "a169736f6d6574696d6573f6", "value{0}", `unknown Schedule arm "sometimes"`, false},
	{"union arm names are case-sensitive", "Schedule", "a1644f6e636505", "value{0}", `unknown Schedule arm "Once"`, false},
	{"non-text union key", "Schedule", "a100f6", "value{0}", "expected string, got unsigned integer", false},
	{"payload for an arm without one", "Schedule", "a1656e6576657201", "value.never", "expected null, got unsigned integer", false},
	{"null payload for an arm with one", "Schedule", "a1646f6e6365f6", "value.once", "expected u64, got null", false},
	{"union payload of the wrong type", "Schedule", "a1646f6e63656178", "value.once", "expected u64, got text string", false},

	// Map keys of the wrong type or range: the path names the entry.
	{"non-text struct key", "Point", "a30001617801617902", "value{0}", "expected string, got unsigned integer", false},
	{"integer key in a string map", "map<string, u8>", "a10101", "value{0}", "expected string, got unsigned integer", false},
	{"text key in an integer map", "map<i32, u8>", "a1613101", "value{0}", "expected i32, got text string", false},
	{"u8 key out of range", "map<u8, u8>", "a119012c00", "value{0}", "300 does not fit u8", false},
	{"float key in a bool map", "map<bool, u8>", "a1f93c0000", "value{0}", "expected bool, got float", false},

	// Paths of map values, by key type.
	{"value under a string key", "map<string, u8>", "a1616b19012c", `value["k"]`, "300 does not fit u8", false},
	{"value under a key with JSON escapes", "map<string, u8>", "a1646122620a20", `value["a\"b\n"]`, "-1 does not fit u8", false},
	{"value under a non-ASCII key", "map<string, u8>", "a162c3a920", `value["é"]`, "-1 does not fit u8", false},
	{"value under a control character key", "map<string, u8>", "a1610120", `value["\u0001"]`, "-1 does not fit u8", false},
	{"value under a negative key", "map<i32, string>", "a12401", "value[-5]", "expected string, got unsigned integer", false},
	{"value under a bool key", "map<bool, string>", "a1f501", "value[true]", "expected string, got unsigned integer", false},
	{"value under an enum key", "map<Color, u8>", "a16372656420", `value["red"]`, "-1 does not fit u8", false},
	{"value under a u64 max key", "map<u64, bool>", "a11bffffffffffffffff00", "value[18446744073709551615]", "expected bool, got unsigned integer", false},

	// Paths through every kind of step.
	{"path through a list, a map and an optional", "list<map<string, Point?>>", "81a16170a261780161796178", `value[0]["p"].y`, "expected i32, got text string", false},
	{"path through a union arm", "Schedule", "a1656576657279a169706572696f645f6d736178", "value.every.period_ms", "expected u32, got text string", false},
	{"path through a recursive union", "Expr", "a16373756d82a1636e756d01a1636e6567a1636e756df5", "value.sum[1].neg.num", "expected i64, got bool", false},
	{"path through a recursive struct", "Tree", "a2646b69647381a2646b69647380656c6162656c01656c6162656c60", "value.kids[0].label", "expected string, got unsigned integer", false},

	// Nesting beyond MaxDepth (256 levels of arrays and maps).
	{"256 arrays nested in an unknown value: one level too deep", "Empty", "a16178(81*255)80", "value.x", "nesting deeper than 256", cborInvalid},
	{"Tree one level too deep", "Tree", treeHex(129), "value" + strings.Repeat(".kids[0]", 128), "nesting deeper than 256", cborInvalid},
}
