package python

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOptionalParamsDefaultNone: trailing optional parameters of the ctor,
// fns, static fns (and the fake's fire_ and call_ forms) default to None;
// an optional parameter before a required one stays required.
func TestOptionalParamsDefaultNone(t *testing.T) {
	m := source(t, "opt.ffi", "library opt;\nctor(name: string, tag: string?);\n"+
		"fn find(a: u8?, b: u8, c: string?, d: list<u8>?) -> u8?;\n"+
		"static fn parse(text: string?);\nevent seen(who: string?);\nhost fn ask(q: string, hint: string?) -> string?;\n")
	src := string(gen1(t, m))
	for _, want := range []string{
		"def __init__(self, name: str, tag: typing.Optional[str] = None, *, library: typing.Optional[str] = None) -> None:",
		"def find(self, a: typing.Optional[int], b: int, c: typing.Optional[str] = None, d: typing.Optional[typing.Sequence[int]] = None) -> typing.Optional[int]:",
		"async def find_async(self, a: typing.Optional[int], b: int, c: typing.Optional[str] = None, d: typing.Optional[typing.Sequence[int]] = None) -> typing.Optional[int]:",
		"def parse(text: typing.Optional[str] = None) -> None:",
		"def fire_seen(self, who: typing.Optional[str] = None) -> None:",
		"def call_ask(self, q: str, hint: typing.Optional[str] = None) -> typing.Optional[str]:",
	} {
		if !strings.Contains(src, "\n    "+want+"\n") && !strings.Contains(src, "\n"+want+"\n") {
			t.Errorf("the module has no line\n\t%s", want)
		}
	}
}

// TestFakeNames: the fake's names are claimed after every other name, so
// they give way to user names and never rename them.
func TestFakeNames(t *testing.T) {
	m := source(t, "clash.ffi", "library clash;\nstruct FakeClash {}\nfn fire_x();\nfn call_h();\nevent x();\nhost fn h();\n")
	n := newNamer(m)
	got := map[string]string{
		"struct FakeClash": n.types[m.LookupType("FakeClash")],
		"fake":             n.fake,
		"fn fire_x":        n.methods[m.Funcs[0]][0],
		"fire x":           n.fakeFire[m.Events[0]][0],
		"fire x async":     n.fakeFire[m.Events[0]][1],
		"fn call_h":        n.methods[m.Funcs[1]][0],
		"call h":           n.fakeCall[m.HostFuncs[0]][0],
	}
	want := map[string]string{
		"struct FakeClash": "FakeClash",
		"fake":             "FakeClash_",
		"fn fire_x":        "fire_x",
		"fire x":           "fire_x_",
		"fire x async":     "fire_x_async_", // fn fire_x's async form is fire_x_async
		"fn call_h":        "call_h",
		"call h":           "call_h_",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

func TestGenerateWithPackage(t *testing.T) {
	m := load(t, "examples/timer/timer.ffi")
	plain := gen1(t, m)
	for _, tc := range []struct {
		o     Options
		paths []string
		toml  []string
	}{
		{Options{Module: "timer"}, []string{"timer.py"}, nil},
		{Options{Package: "my_timer"}, []string{"pyproject.toml", "my_timer/__init__.py", "my_timer/py.typed"},
			[]string{`name = "my-timer"`, `version = "0.0.0"`, `packages = ["my_timer"]`, `"my_timer" = ["py.typed", "*.so", "*.dylib", "*.dll"]`}},
		{Options{Package: "acme.timers.v1", Dist: "acme-timers", Version: "2.0rc1", Library: &LibraryFile{Name: "out/libx.dylib", Content: []byte("lib")}},
			[]string{"pyproject.toml", "acme/timers/v1/__init__.py", "acme/timers/v1/py.typed", "acme/timers/v1/libmy_timer.dylib"},
			[]string{`name = "acme-timers"`, `version = "2.0rc1"`, `packages = ["acme.timers.v1"]`}},
		{Options{Package: "p", Library: &LibraryFile{Name: "my_timer.dll"}}, []string{"pyproject.toml", "p/__init__.py", "p/py.typed", "p/my_timer.dll"}, nil},
	} {
		files, err := GenerateWith(m, tc.o)
		if err != nil {
			t.Fatalf("GenerateWith(%+v): %v", tc.o, err)
		}
		var paths []string
		for _, f := range files {
			paths = append(paths, f.Path)
			switch {
			case strings.HasSuffix(f.Path, ".py"):
				if string(f.Content) != string(plain) {
					t.Errorf("%+v: %s is not the module Generate writes", tc.o, f.Path)
				}
			case f.Path == "pyproject.toml":
				for _, line := range tc.toml {
					if !strings.Contains(string(f.Content), "\n"+line+"\n") {
						t.Errorf("%+v: pyproject.toml has no line %s:\n%s", tc.o, line, f.Content)
					}
				}
			case strings.HasSuffix(f.Path, "py.typed"):
				if len(f.Content) != 0 {
					t.Errorf("py.typed holds %q", f.Content)
				}
			default:
				if string(f.Content) != string(tc.o.Library.Content) {
					t.Errorf("%s holds %q, want the library's bytes", f.Path, f.Content)
				}
			}
		}
		if diff := cmp.Diff(tc.paths, paths); diff != "" {
			t.Errorf("GenerateWith(%+v) paths (-want +got):\n%s", tc.o, diff)
		}
	}
}

func TestOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string // "" for valid
	}{
		{Options{}, ""},
		{Options{Module: "_x9"}, ""},
		{Options{Package: "a.b_c.D"}, ""},
		{Options{Package: "p", Dist: "A.b-c_d", Version: "1!2.0.post1.dev2+local.7"}, ""},
		{Options{Module: "9x"}, `module name "9x" is not a Python identifier`},
		{Options{Module: "a.b"}, `module name "a.b" is not a Python identifier`},
		{Options{Module: "naïve"}, `module name "naïve" is not a Python identifier`},
		{Options{Package: "a.None"}, `package name "None" is not a Python identifier`},
		{Options{Package: ".a"}, `package name "" is not a Python identifier`},
		{Options{Module: "a", Package: "b"}, "not both"},
		{Options{Dist: "d"}, "need a package"},
		{Options{Library: &LibraryFile{Name: "x.so"}}, "need a package"},
		{Options{Package: "p", Dist: "d_"}, `distribution name "d_" is not valid`},
		{Options{Package: "p", Version: "v1"}, `version "v1" is not a PEP 440 version`},
		{Options{Package: "p", Library: &LibraryFile{Name: "x.so.1"}}, "expected a shared library ending in .so, .dylib or .dll"},
	} {
		err := tc.o.Check("lib")
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v, want valid", tc.o, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: %v, want an error with %q", tc.o, err, tc.want)
		}
		if _, gerr := GenerateWith(source(t, "lib.ffi", "library lib;\n"), tc.o); (gerr == nil) != (err == nil) {
			t.Errorf("%+v: GenerateWith gives %v, Check %v", tc.o, gerr, err)
		}
	}
}
