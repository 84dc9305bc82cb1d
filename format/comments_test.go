package format

import (
	"maps"
	"testing"
)

// commentTests cover every place a comment can sit.
var commentTests = []formatTest{
	{
		name: "comments between declarations",
		in:   "library x;\n// about A\nconst A: u8 = 1;\n\n\n// section\n\n\nconst B: u8 = 2;\n/* about S */\nstruct S { a: u8 }\n// about f\nfn f();",
		want: "library x;\n\n// about A\nconst A: u8 = 1;\n\n// section\n\nconst B: u8 = 2;\n\n/* about S */\nstruct S {\n    a: u8,\n}\n\n// about f\nfn f();\n",
	},
	{
		name: "multi-line block comment verbatim",
		in:   "  /* Limits.\n     Indented   \n\n  * starred\n*/\nconst A: u8 = 1;\nstruct S {\n        /*\n         * inner\n         */\n    a: u8,\n}",
		want: "/* Limits.\n     Indented\n\n  * starred\n*/\nconst A: u8 = 1;\n\nstruct S {\n    /*\n         * inner\n         */\n    a: u8,\n}\n",
	},
	{
		name: "start and end of file",
		in:   "// Copyright.\n\n// More.\nlibrary x;\n// The end.\n/* Really. */",
		want: "// Copyright.\n\n// More.\nlibrary x;\n// The end.\n/* Really. */\n",
	},
	{
		name: "only comments",
		in:   "\n\n// one\n\n\n/* two */   // three   \n",
		want: "// one\n\n/* two */ // three\n",
	},
	{
		name: "trailing comments",
		in: "library x; // lib\nconst A: u8 = 1; /* a */ // b\nenum E { // open\n    a, // member a\n    b = 2 /* member b */\n} // close\n" +
			"struct S {\n    f: u8, // field\n    g: list<u8> // no comma\n}\nfn f(); // fn",
		want: "library x; // lib\n\nconst A: u8 = 1; /* a */ // b\n\nenum E { // open\n    a, // member a\n    b = 2, /* member b */\n} // close\n\n" +
			"struct S {\n    f: u8, // field\n    g: list<u8>, // no comma\n}\n\nfn f(); // fn\n",
	},
	{
		name: "comments before the closing brace",
		in:   "struct S {\n    a: u8,\n\n    // b: u8,\n\n    // c: u8,\n\n}\nunion U {\n    a,\n    /* end */ }",
		want: "struct S {\n    a: u8,\n\n    // b: u8,\n\n    // c: u8,\n}\n\nunion U {\n    a,\n    /* end */\n}\n",
	},
	{
		name: "comments in empty bodies",
		in:   "struct A { // nothing yet\n}\nstruct B {\n\n    // later\n\n}\nenum C { /* none */ }",
		want: "struct A { // nothing yet\n}\n\nstruct B {\n    // later\n}\n\nenum C { /* none */\n}\n",
	},
	{
		name: "comments in parameter lists",
		in: "fn f(a: u8, // first\n  b: u8 /* second */) -> u8;\nfn g(/* none */);\nevent e(\n  // before m\n  m: string\n  // after m\n);\n" +
			"ctor(a: u8 /* a */, b: u8);",
		want: "fn f(\n    a: u8, // first\n    b: u8, /* second */\n) -> u8;\n\nfn g( /* none */\n);\n\nevent e(\n    // before m\n    m: string,\n    // after m\n);\n\n" +
			"ctor(\n    a: u8, /* a */\n    b: u8,\n);\n",
	},
	{
		name: "comment before a comma moves after it",
		in:   "struct S {\n    a: u8 /* a */ ,\n    b: u8 // b\n    ,\n}",
		want: "struct S {\n    a: u8, /* a */\n    b: u8, // b\n}\n",
	},
	{
		name: "comments inside types",
		in:   "struct S {\n    a: list</* elem */u8>,\n    b: map<string, // key\n        u32>,\n    c: u8 /* q */ ?,\n}",
		want: "struct S {\n    a: list< /* elem */ u8>,\n    b: map<string, // key\n        u32>,\n    c: u8?, /* q */\n}\n",
	},
	{
		name: "comments inside declarations",
		in: "const /* c1 */ A /* c2 */ : /* c3 */ u8 /* c4 */ = /* c5 */ - /* c6 */ 5 /* c7 */ ;\n" +
			"static /* s */ async fn f() -> // result\n    u32 throws /* e */ E;\nfn g() // no result\n;\n",
		want: "const /* c1 */ A: /* c2 */ /* c3 */ u8 /* c4 */ = /* c5 */ /* c6 */ -5; /* c7 */\n" +
			"static /* s */ async fn f() -> // result\n    u32 throws /* e */ E;\nfn g(); // no result\n",
	},
	{
		name: "own-line comment inside a declaration",
		in:   "const A: u8 =\n// why five\n5;",
		want: "const A: u8 =\n    // why five\n    5;\n",
	},
	{
		name: "block comment before an item on its line",
		in:   "struct S {\n/* legacy */ old: u8,\n    new: u8,\n}\n/* gone */ fn f();",
		want: "struct S {\n    /* legacy */ old: u8,\n    new: u8,\n}\n\n/* gone */ fn f();\n",
	},
	{
		name: "doc comments keep their blank lines and neighbours",
		in:   "/// Doc, then a blank line.\n\nstruct S {\n    /// Doc, then a comment.\n    // note\n    a: u8,\n}\n/* x */ /// Doc after a block comment.\nfn f();",
		want: "/// Doc, then a blank line.\n\nstruct S {\n    /// Doc, then a comment.\n    // note\n    a: u8,\n}\n\n/* x */ /// Doc after a block comment.\nfn f();\n",
	},
	{
		name: "doc comment followed by a plain comment",
		in:   "/// Doc.\n// Plain.\nfn f();\n//// Four slashes.\nfn g();",
		want: "/// Doc.\n// Plain.\nfn f();\n//// Four slashes.\nfn g();\n",
	},
	{
		name: "comment before the opening brace",
		in:   "struct S /* s */ { a: u8 }\nstruct T // t\n{\n}",
		want: "struct S /* s */ {\n    a: u8,\n}\n\nstruct T // t\n    {}\n",
	},
	{
		name: "multi-line block comment trailing an item",
		in:   "enum E {\n    a, /* first\n          second */\n    b,\n}",
		want: "enum E {\n    a, /* first\n          second */\n    b,\n}\n",
	},
	{
		name: "comment after the last declaration without a line break",
		in:   "fn f(); // end",
		want: "fn f(); // end\n",
	},
}

func TestComments(t *testing.T) {
	runTable(t, commentTests)
}

// TestCommentCounts counts the text of every comment in every input of
// every table and in its formatted output: no comment may be lost or
// duplicated.
func TestCommentCounts(t *testing.T) {
	in, out := map[string]int{}, map[string]int{}
	for _, tests := range [][]formatTest{layoutTests, commentTests} {
		for _, tt := range tests {
			got, errs := Source("count.ffi", []byte(tt.in))
			if errs.Len() > 0 {
				t.Fatalf("Source(%q): %v", tt.in, errs.Err())
			}
			for _, c := range commentTexts(t, []byte(tt.in)) {
				in[c]++
			}
			for _, c := range commentTexts(t, got) {
				out[c]++
			}
		}
	}
	if len(in) < 50 {
		t.Errorf("only %d distinct comments in the tables", len(in))
	}
	if !maps.Equal(in, out) {
		for c, n := range in {
			if out[c] != n {
				t.Errorf("comment %q: %d in the inputs, %d in the outputs", c, n, out[c])
			}
		}
		for c, n := range out {
			if _, ok := in[c]; !ok {
				t.Errorf("comment %q: not in the inputs, %d in the outputs", c, n)
			}
		}
	}
}
