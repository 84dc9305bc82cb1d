package errmark

import (
	"strings"
	"testing"

	"github.com/ffic/ffic/diag"
)

func TestParse(t *testing.T) {
	src := []byte("library a;\nstruct S { a: u8 /* ERROR `x` */ /* ERROR `y` */ b: u8 }\n/* é */ /* ERROR `z` */ c\n")
	want, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, w := range want {
		got = append(got, w.String())
	}
	exp := []string{`2:50: "x"`, `2:50: "y"`, `3:25: "z"`}
	if len(got) != len(exp) {
		t.Fatalf("Parse = %v, want %v", got, exp)
	}
	for i := range exp {
		if got[i] != exp[i] {
			t.Errorf("Parse()[%d] = %s, want %s", i, got[i], exp[i])
		}
	}
	// ERROR HERE points at itself.
	want, err = Parse([]byte("fn f() -> u32/* ERROR HERE `missing` */\n/* ERROR `x` */ /* ERROR HERE `y` */ z"))
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, w := range want {
		got = append(got, w.String())
	}
	if exp := []string{`1:14: "missing"`, `2:38: "x"`, `2:17: "y"`}; strings.Join(got, " ") != strings.Join(exp, " ") {
		t.Errorf("Parse with ERROR HERE = %v, want %v", got, exp)
	}
	if _, err := Parse([]byte("/* ERROR `(` */ x")); err == nil {
		t.Errorf("Parse of a bad regexp succeeded")
	}
}

// TestMatch proves the harness can fail: a missing and an unexpected error
// are both reported, and one reported error satisfies one marker only.
func TestMatch(t *testing.T) {
	want, _ := Parse([]byte("/* ERROR `bad` */ x /* ERROR `bad` */ y"))
	at := func(col int, msg string) *diag.Error {
		return &diag.Error{Pos: diag.Pos{Line: 1, Col: col}, Msg: msg}
	}
	missing, unexpected := Match(want, []*diag.Error{at(19, "bad thing"), at(19, "bad again"), at(40, "other")})
	if len(missing) != 1 || missing[0].Col != 39 {
		t.Errorf("missing = %v, want the marker at 1:39", missing)
	}
	if len(unexpected) != 2 {
		t.Errorf("unexpected = %v, want the second error at 1:19 and the one at 1:40", unexpected)
	}
}
