package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
)

var tokenNames = map[lexer.TokenType]string{
	identT: "ident", intT: "int", floatT: "float", stringT: "string",
	punctT: "punct", commentT: "comment", docT: "doc",
}

// tokenStrings renders tokens as "line:col type value".
func tokenStrings(toks []lexer.Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, fmt.Sprintf("%d:%d %s %s", t.Pos.Line, t.Pos.Column, tokenNames[t.Type], t.Value))
	}
	return out
}

func TestScanTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" \t\r\n", nil},
		{"library my_timer;", []string{"1:1 ident library", "1:9 ident my_timer", "1:17 punct ;"}},
		{"_x9 X_Y", []string{"1:1 ident _x9", "1:5 ident X_Y"}},
		{
			"{}()<>,:=?;->-",
			[]string{
				"1:1 punct {", "1:2 punct }", "1:3 punct (", "1:4 punct )", "1:5 punct <", "1:6 punct >",
				"1:7 punct ,", "1:8 punct :", "1:9 punct =", "1:10 punct ?", "1:11 punct ;",
				"1:12 punct ->", "1:14 punct -",
			},
		},
		{"- >", []string{"1:1 punct -", "1:3 punct >"}},
		{
			"0 42 007 0x1F 0XaB -5",
			[]string{"1:1 int 0", "1:3 int 42", "1:6 int 007", "1:10 int 0x1F", "1:15 int 0XaB", "1:20 punct -", "1:21 int 5"},
		},
		{
			"1.5 2e3 1.5e-3 1E+6 0.25",
			[]string{"1:1 float 1.5", "1:5 float 2e3", "1:9 float 1.5e-3", "1:16 float 1E+6", "1:21 float 0.25"},
		},
		{`"" "a b" "\n\t\r\0\\\"" "\u{1F600}"`, []string{`1:1 string ""`, `1:4 string "a b"`, `1:10 string "\n\t\r\0\\\""`, `1:25 string "\u{1F600}"`}},
		{`"é" x`, []string{`1:1 string "é"`, "1:5 ident x"}},
		{"a\nb\r\nc", []string{"1:1 ident a", "2:1 ident b", "3:1 ident c"}},
		// Comments never reach the grammar.
		{"a // b c\nd /* e\n f */ g", []string{"1:1 ident a", "2:1 ident d", "3:7 ident g"}},
		{"\uFEFFa", []string{"1:1 ident a"}},
		// Tab, CR LF and any control character but a newline may appear
		// raw inside a string literal.
		{"\"\t\x01\r\" a", []string{"1:1 string \"\t\x01\r\"", "1:7 ident a"}},
		{"a // b\r\n/* c\r\n */ d", []string{"1:1 ident a", "3:5 ident d"}},
	}
	for _, tt := range tests {
		toks, _, errs := scan("t.ffi", []byte(tt.in))
		if errs.Len() > 0 {
			t.Errorf("scan(%q): got errors %v, want none", tt.in, errorStrings(errs))
		}
		if diff := cmp.Diff(tt.want, tokenStrings(toks)); diff != "" {
			t.Errorf("scan(%q): tokens differ (-want +got):\n%s", tt.in, diff)
		}
		for _, tok := range toks {
			if got := tt.in[tok.Pos.Offset:]; !strings.HasPrefix(got, tok.Value) {
				t.Errorf("scan(%q): token %q has offset %d, where the input holds %q", tt.in, tok.Value, tok.Pos.Offset, got)
			}
		}
	}
}

func TestScanComments(t *testing.T) {
	in := "// a\n/// b\n//// c\n///\n/* d\n */ /** e */ x //\n"
	_, comments, errs := scan("t.ffi", []byte(in))
	if errs.Len() > 0 {
		t.Errorf("scan(%q): got errors %v, want none", in, errorStrings(errs))
	}
	want := []string{
		"1:1 comment // a", "2:1 doc /// b", "3:1 comment //// c", "4:1 doc ///",
		"5:1 comment /* d\n */", "6:5 comment /** e */", "6:16 comment //",
	}
	if diff := cmp.Diff(want, tokenStrings(comments)); diff != "" {
		t.Errorf("scan(%q): comments differ (-want +got):\n%s", in, diff)
	}
}

// TestScanPositions: every token's and comment's line and column agree
// with its byte offset, however the text before it spans lines: strings
// continued with a backslash, block comments, CR LF, characters of several
// bytes, a byte order mark and bytes that are not UTF-8.
func TestScanPositions(t *testing.T) {
	for _, in := range []string{
		"const A: string = \"a\\\nb\";\nstruct S { a: u8 }\n$",
		"\"\\\n\\\n\\\n\" x\ny",
		"\"a\\\r\nb\" c /* d\r\ne */ f",
		"\"\\\n$",
		"\uFEFF/* é\n😀 */ é x \"😀\\q\" y",
		"a \xff b\n\"\xfe\" c",
		"/// doc\r\nlibrary a; // x\n  /* \u202e */ z",
		"a\rb\u2028c\x00d",
	} {
		toks, comments, _ := scan("t.ffi", []byte(in))
		checkTokenPositions(t, []byte(in), append(toks, comments...))
	}
}

// checkTokenPositions verifies that every token's value is the input at
// its offset, and its line and column are those of that offset.
func checkTokenPositions(t *testing.T, src []byte, toks []lexer.Token) {
	t.Helper()
	for _, tok := range toks {
		p := tok.Pos
		if p.Offset < 0 || p.Offset+len(tok.Value) > len(src) || string(src[p.Offset:p.Offset+len(tok.Value)]) != tok.Value {
			t.Errorf("scan(%q): token %q has offset %d, where the input does not hold it", clip(src), tok.Value, p.Offset)
			continue
		}
		if line, col := lineCol(src, p.Offset); line != p.Line || col != p.Column {
			t.Errorf("scan(%q): token %q at offset %d: got %d:%d, want %d:%d", clip(src), tok.Value, p.Offset, p.Line, p.Column, line, col)
		}
	}
}

// TestLexerErrors: the lexer reports every bad token, with the position of
// its start (or of the bad escape), and goes on.
func TestLexerErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"bad character", "library a; $", []string{`1:12: unexpected character '$'`}},
		{"bad characters are all reported", "a @ b # c", []string{`1:3: unexpected character '@'`, `1:7: unexpected character '#'`}},
		{"non-ASCII letter", "struct Café {}", []string{`1:11: unexpected character 'é'`}},
		{"dot", "1. .5", []string{`1:2: unexpected character '.'`, `1:4: unexpected character '.'`}},
		{"byte order mark after the start", "a \uFEFF", []string{`1:3: unexpected character '\ufeff'`}},
		{"NUL byte", "a\x00b", []string{`1:2: control character U+0000 is not allowed outside a string literal`}},
		// Control characters other than tab, and the line endings other
		// than LF and CR LF, are rejected outside string literals, in
		// comments and doc comments too: a comment is copied into every
		// generated file, where a lone CR ends a Python `#` comment.
		{"lone CR between tokens", "a\rb", []string{`1:2: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"lone CR at the end", "a\r", []string{`1:2: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"CR CR LF", "a\r\r\nb", []string{`1:2: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"lone CR in a doc comment", "/// a\rimport os\nlibrary a;", []string{`1:6: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"lone CR in a line comment", "// a\rb\n", []string{`1:5: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"lone CR in a block comment", "/* a\r\n b\r */", []string{`2:3: carriage return without a newline is not allowed (lines end with LF or CR LF)`}},
		{"escape character in a doc comment", "/// \x1b[2J\nlibrary a;", []string{`1:5: control character U+001B is not allowed outside a string literal`}},
		{"every control character in a comment", "// \x01\x7f\u0080\u009f", []string{
			`1:4: control character U+0001 is not allowed outside a string literal`,
			`1:5: control character U+007F is not allowed outside a string literal`,
			`1:6: control character U+0080 is not allowed outside a string literal`,
			`1:7: control character U+009F is not allowed outside a string literal`,
		}},
		{"vertical tab and form feed", "a\vb\fc", []string{
			`1:2: control character U+000B is not allowed outside a string literal`,
			`1:4: control character U+000C is not allowed outside a string literal`,
		}},
		{"NEL in a doc comment", "/// a\u0085b\nlibrary a;", []string{`1:6: next line character U+0085 is not allowed (lines end with LF or CR LF)`}},
		{"line separator in a comment", "// a\u2028b", []string{`1:5: line separator U+2028 is not allowed (lines end with LF or CR LF)`}},
		{"paragraph separator in code", "a\u2029b", []string{`1:2: paragraph separator U+2029 is not allowed (lines end with LF or CR LF)`}},
		{"bidi override in a comment", "/* \u202e } \u2066 */", []string{
			`1:4: bidirectional formatting character U+202E is not allowed (it makes text display in another order than it is read)`,
			`1:8: bidirectional formatting character U+2066 is not allowed (it makes text display in another order than it is read)`,
		}},
		{"bidi marks in a doc comment", "/// \u200e\u200f\u061c\nlibrary a;", []string{
			`1:5: bidirectional formatting character U+200E is not allowed (it makes text display in another order than it is read)`,
			`1:6: bidirectional formatting character U+200F is not allowed (it makes text display in another order than it is read)`,
			`1:7: bidirectional formatting character U+061C is not allowed (it makes text display in another order than it is read)`,
		}},
		{"bidi isolate in a string", "\"é\u2067x\"", []string{`1:3: bidirectional formatting character U+2067 is not allowed (it makes text display in another order than it is read; write \u{2067})`}},
		{"bidi in code", "a \u202a", []string{`1:3: bidirectional formatting character U+202A is not allowed (it makes text display in another order than it is read)`}},
		// A backslash before the newline: the string goes on, and every
		// position after it stays right.
		{"backslash newline in a string", "\"a\\\nb\\q\" $", []string{
			`1:3: a string literal cannot go on to the next line (write \n for a newline)`,
			`2:2: unknown escape sequence "\\q"`,
			`2:6: unexpected character '$'`,
		}},
		{"backslash CR LF in a string", "\"a\\\r\nb\"\n\n $", []string{
			`1:3: a string literal cannot go on to the next line (write \n for a newline)`,
			`4:2: unexpected character '$'`,
		}},
		{"invalid UTF-8", "library \xff;", []string{`1:9: invalid UTF-8 byte 0xff`}},
		{"invalid UTF-8 after non-ASCII", "\"é\" \xc3\x28", []string{`1:5: invalid UTF-8 byte 0xc3`}},
		{"invalid UTF-8 in a line comment", "a // \xff\nb", []string{`1:3: comment is not valid UTF-8`}},
		{"invalid UTF-8 in a block comment", "a /* \xfe */ b", []string{`1:3: comment is not valid UTF-8`}},
		{"invalid UTF-8 in a string", "a \"\xff\" b", []string{`1:3: string literal is not valid UTF-8`}},
		{"unterminated string", `const A: string = "abc`, []string{`1:19: string literal is not terminated`}},
		{"string ends at the newline", "\"abc\ndef\"", []string{`1:1: string literal is not terminated`, `2:4: string literal is not terminated`}},
		{"unterminated block comment", "library a;\n/* never\nclosed", []string{`2:1: block comment is not terminated`}},
		{"block comments do not nest", "/* a /* b */ c */", []string{`1:16: unexpected character '*'`, `1:17: unexpected character '/'`}},
		{"unknown escape", `"a\q"`, []string{`1:3: unknown escape sequence "\\q"`}},
		{"escape position counts runes", `"é😀\x"`, []string{`1:4: unknown escape sequence "\\x"`}},
		{"non-ASCII escape", `"\é"`, []string{`1:2: unknown escape sequence "\\é"`}},
		{"every bad escape is reported", `"\a\b"`, []string{`1:2: unknown escape sequence "\\a"`, `1:4: unknown escape sequence "\\b"`}},
		{"backslash at the end", `"\`, []string{`1:1: string literal is not terminated`, `1:2: escape sequence is not terminated`}},
		{"unicode escape without braces", `"\u1F600"`, []string{`1:2: unicode escape must look like \u{1F600}`}},
		{"unicode escape without digits", `"\u{}"`, []string{`1:2: unicode escape must look like \u{1F600}`}},
		{"unicode escape not closed", `"\u{1F600"`, []string{`1:2: unicode escape must look like \u{1F600}`}},
		{"unicode escape with a non-hex digit", `"\u{12G4}"`, []string{`1:2: unicode escape must look like \u{1F600}`}},
		{"surrogate", `"\u{D800}"`, []string{`1:2: \u{D800} is not a Unicode scalar value`}},
		{"above the Unicode range", `"\u{110000}"`, []string{`1:2: \u{110000} is not a Unicode scalar value`}},
		{"malformed number", "const A: u8 = 12ab;", []string{`1:15: malformed number "12ab"`}},
		{"exponent without digits", "1e", []string{`1:1: malformed number "1e"`}},
		{"number then underscore", "1_000", []string{`1:1: malformed number "1_000"`}},
		{"hex with a bad digit", "0x1g", []string{`1:1: malformed number "0x1g"`}},
		{"hex without digits", "const A: u8 = 0x;", []string{`1:15: hexadecimal literal has no digits`}},
		{"upper-case hex without digits", "0X", []string{`1:1: hexadecimal literal has no digits`}},
		{"positions after errors stay right", "é\n  $", []string{`1:1: unexpected character 'é'`, `2:3: unexpected character '$'`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, errs := scan("t.ffi", []byte(tt.in))
			if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
				t.Errorf("scan(%q): errors differ (-want +got):\n%s", tt.in, diff)
			}
			// Parse reports the lexer's errors too (and perhaps syntax
			// errors they cause).
			_, perrs := Parse("t.ffi", []byte(tt.in))
			got := errorStrings(perrs)
			for _, w := range tt.want {
				if !containsString(got, w) {
					t.Errorf("Parse(%q): got errors %q, want %q among them", tt.in, got, w)
				}
			}
			checkErrorPositions(t, []byte(tt.in), perrs)
		})
	}
}

// TestScanUnicodeEscapeDigits: `\u{...}` holds 1 to 6 hex digits, as the
// lexer's own comment and docs/idl.md say.
func TestScanUnicodeEscapeDigits(t *testing.T) {
	tests := []struct {
		in      string
		wantErr bool
	}{
		{`"\u{0}"`, false},
		{`"\u{41}"`, false},
		{`"\u{1F600}"`, false},
		{`"\u{10FFFF}"`, false},
		{`"\u{0000041}"`, true}, // 7 digits
		{`"\u{00000041}"`, true},
	}
	for _, tt := range tests {
		_, _, errs := scan("t.ffi", []byte(tt.in))
		if got := errs.Len() > 0; got != tt.wantErr {
			t.Errorf("scan(%q): got errors %v, want error: %v", tt.in, errorStrings(errs), tt.wantErr)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestScanNesting: '<' may nest MaxNesting deep; one more is an error at
// that '<', and scanning stops there.
func TestScanNesting(t *testing.T) {
	open := func(n int) string { return strings.Repeat("list<", n) }
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"at the limit", open(MaxNesting) + "u8" + strings.Repeat(">", MaxNesting), nil},
		{"over the limit", open(MaxNesting + 1), []string{fmt.Sprintf("1:%d: types nested more than %d deep", 5*(MaxNesting+1), MaxNesting)}},
		{"closing resets", strings.Repeat(open(MaxNesting/2)+"u8"+strings.Repeat(">", MaxNesting/2)+",", 10), nil},
		{"a semicolon resets", strings.Repeat(open(MaxNesting)+";", 3), nil},
		{"more closing than opening", strings.Repeat(">", 10) + open(MaxNesting), nil},
	}
	for _, tt := range tests {
		_, _, errs := scan("t.ffi", []byte(tt.in))
		if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
			t.Errorf("%s: scan(%q): errors differ (-want +got):\n%s", tt.name, clip([]byte(tt.in)), diff)
		}
	}
}

// TestDefinitionLex covers the participle lexer definition: it returns the
// first lexer error, or the tokens.
func TestDefinitionLex(t *testing.T) {
	lex, err := definition{}.Lex("t.ffi", strings.NewReader("a $ b"))
	if err == nil || !strings.Contains(err.Error(), "unexpected character '$'") {
		t.Errorf("Lex(%q): got error %v, want unexpected character '$'", "a $ b", err)
	}
	if lex != nil {
		t.Errorf("Lex(%q): got a lexer with an error", "a $ b")
	}
	lex, err = definition{}.Lex("t.ffi", strings.NewReader("a b"))
	if err != nil {
		t.Fatalf("Lex(%q): got error %v", "a b", err)
	}
	var got []string
	for i := 0; i < 2; i++ {
		tok, err := lex.Next()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tok.Value)
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("Lex(%q): tokens differ (-want +got):\n%s", "a b", diff)
	}
	// After the last token comes EOF, for ever: participle reads tokens
	// until EOF, so a lexer without one makes grammar.ParseString loop
	// (and allocate) for ever.
	for i := 0; i < 3; i++ {
		tok, err := lex.Next()
		if err != nil || !tok.EOF() {
			t.Fatalf("Lex(%q): Next() after the last token: got %#v, %v, want an EOF token", "a b", tok, err)
		}
	}
	if syms := (definition{}).Symbols(); syms["Ident"] != identT || syms["EOF"] != lexer.EOF {
		t.Errorf("Symbols(): got %v, want Ident and EOF", syms)
	}
}
