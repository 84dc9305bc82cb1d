package doctest

import (
	"reflect"
	"testing"
)

func TestBlocks(t *testing.T) {
	md := "# T\n\n```c fragment\nint x;\n```\n\n- item:\n\n  ```sh\n  ffic fmt\n    indented\n  ```\n\n```x` is not a fence\n\n~~~\nplain\n~~~\n````go\n```\n````\n```text\nunclosed\n"
	got := Blocks("a.md", md)
	want := []Block{
		{File: "a.md", Line: 3, Lang: "c", Attrs: []string{"fragment"}, Text: "int x;\n"},
		{File: "a.md", Line: 9, Lang: "sh", Attrs: []string{}, Text: "ffic fmt\n  indented\n"},
		{File: "a.md", Line: 16, Lang: "", Text: "plain\n"},
		{File: "a.md", Line: 19, Lang: "go", Attrs: []string{}, Text: "```\n"},
		{File: "a.md", Line: 22, Lang: "text", Attrs: []string{}, Text: "unclosed\n\n"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Blocks:\ngot  %#v\nwant %#v", got, want)
	}
	if !got[0].Has("fragment") || got[1].Has("fragment") {
		t.Error("Has")
	}
}

func TestLinksAndAnchors(t *testing.T) {
	md := "# Go: both sides\n\nSee [abi](abi.md#completion) and ![img](x.png), `[not](a.md)`.\n\n```\n[not](b.md)\n```\n\n## From .ffi to .so\n## From .ffi to .so\n### `L_new`, `L_destroy` — contexts\n<a id=\"custom\"></a>\n"
	got := Links("a.md", md)
	want := []Link{{"a.md", 3, "abi.md#completion"}, {"a.md", 3, "x.png"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Links:\ngot  %#v\nwant %#v", got, want)
	}
	anchors := Anchors(md)
	for _, a := range []string{"go-both-sides", "from-ffi-to-so", "from-ffi-to-so-1", "l_new-l_destroy--contexts", "custom"} {
		if !anchors[a] {
			t.Errorf("Anchors: no %q in %v", a, anchors)
		}
	}
	if len(anchors) != 5 {
		t.Errorf("Anchors = %v, want 5", anchors)
	}
}
