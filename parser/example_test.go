package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseExampleTimer(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "examples", "timer", "timer.ffi")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, errs := Parse(path, src)
	if errs.Len() > 0 {
		t.Fatalf("Parse(%s): got errors\n%v\nwant none", path, errs.Err())
	}
	checkPositions(t, path, src, f)

	// The example is the input of every end-to-end test, so it must use
	// every construct and every type of the language.
	got := features(f)
	want := []string{
		"async fn", "bool key", "const bool", "const float", "const hex", "const negative",
		"const string", "const string escape", "const unsigned", "ctor throws",
		"doc arm", "doc field", "doc library", "doc member", "doc param", "empty struct",
		"enum default value", "enum explicit value", "enum throws", "enum key", "event no params",
		"event params", "fn no params", "fn no result", "fn one param", "fn result",
		"fn several params", "host fn", "host fn throws", "host fn without throws",
		"integer key", "list", "map", "nested list<map<string, T?>>", "optional",
		"recursive struct", "static async fn", "static fn", "string key", "struct throws",
		"type bool", "type bytes", "type f32", "type f64", "type i16", "type i32",
		"type i64", "type i8", "type string", "type u16", "type u32", "type u64", "type u8",
		"union arm with payload", "union arm without payload", "union throws",
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("%s: does not use %s", path, w)
		}
	}
	var comments, blocks int
	for _, c := range f.Comments {
		switch {
		case strings.HasPrefix(c.Value, "/*"):
			blocks++
		case c.Type == commentT:
			comments++
		}
	}
	if comments == 0 || blocks == 0 {
		t.Errorf("%s: got %d line and %d block comments, want some of each", path, comments, blocks)
	}
}

// features lists the constructs a file uses, for TestParseExampleTimer.
func features(f *File) map[string]bool {
	got := map[string]bool{}
	kinds := map[string]string{} // declared type name -> struct, enum, union
	for _, d := range f.Decls {
		switch {
		case d.Struct != nil:
			kinds[d.Struct.Name.Value] = "struct"
		case d.Enum != nil:
			kinds[d.Enum.Name.Value] = "enum"
		case d.Union != nil:
			kinds[d.Union.Name.Value] = "union"
		}
	}
	var typ func(t *TypeRef, self string)
	typ = func(t *TypeRef, self string) {
		if t == nil {
			return
		}
		if len(t.Optional) > 0 {
			got["optional"] = true
		}
		switch t.Name.Value {
		case "list":
			got["list"] = true
			if len(t.Args) == 1 && t.Args[0].Name.Value == "map" && len(t.Args[0].Args) == 2 &&
				t.Args[0].Args[0].Name.Value == "string" && len(t.Args[0].Args[1].Optional) == 1 {
				got["nested list<map<string, T?>>"] = true
			}
		case "map":
			got["map"] = true
			if len(t.Args) == 2 {
				switch k := t.Args[0].Name.Value; {
				case k == "string" || k == "bool":
					got[k+" key"] = true
				case strings.HasPrefix(k, "i") || strings.HasPrefix(k, "u"):
					got["integer key"] = true
				case kinds[k] == "enum":
					got["enum key"] = true
				}
			}
		case self:
			got["recursive struct"] = true
		default:
			got["type "+t.Name.Value] = true
		}
		for _, a := range t.Args {
			typ(a, self)
		}
	}
	throws := func(t *TypeRef) {
		if t != nil {
			got[kinds[t.Name.Value]+" throws"] = true
		}
	}
	params := func(what string, ps []*Field, result *TypeRef) {
		switch len(ps) {
		case 0:
			got[what+" no params"] = true
		case 1:
			got[what+" one param"] = true
		default:
			got[what+" several params"] = true
		}
		if result == nil {
			got[what+" no result"] = true
		} else {
			got[what+" result"] = true
		}
		for _, p := range ps {
			if len(p.Doc) > 0 {
				got["doc param"] = true
			}
			typ(p.Type, "")
		}
		typ(result, "")
	}
	for _, d := range f.Decls {
		switch {
		case d.Library != nil:
			if len(d.Library.Doc) > 0 {
				got["doc library"] = true
			}
		case d.Const != nil:
			v := d.Const.Value
			switch {
			case v.Ident != nil:
				got["const bool"] = true
			case v.Float != nil:
				got["const float"] = true
			case v.Str != nil:
				got["const string"] = true
				if strings.Contains(*v.Str, `\`) {
					got["const string escape"] = true
				}
			case v.Int != nil && v.Neg:
				got["const negative"] = true
			case v.Int != nil && strings.HasPrefix(*v.Int, "0x"):
				got["const hex"] = true
			}
			if strings.HasPrefix(d.Const.Type.Name.Value, "u") {
				got["const unsigned"] = true
			}
		case d.Enum != nil:
			for _, m := range d.Enum.Members {
				if m.Value != nil {
					got["enum explicit value"] = true
				} else {
					got["enum default value"] = true
				}
				if len(m.Doc) > 0 {
					got["doc member"] = true
				}
			}
		case d.Struct != nil:
			if len(d.Struct.Fields) == 0 {
				got["empty struct"] = true
			}
			for _, fl := range d.Struct.Fields {
				if len(fl.Doc) > 0 {
					got["doc field"] = true
				}
				typ(fl.Type, d.Struct.Name.Value)
			}
		case d.Union != nil:
			for _, a := range d.Union.Arms {
				if a.Type != nil {
					got["union arm with payload"] = true
				} else {
					got["union arm without payload"] = true
				}
				if len(a.Doc) > 0 {
					got["doc arm"] = true
				}
				typ(a.Type, "")
			}
		case d.Ctor != nil:
			if d.Ctor.Throws != nil {
				got["ctor throws"] = true
			}
			params("ctor", d.Ctor.Params, nil)
			throws(d.Ctor.Throws)
		case d.Event != nil:
			if len(d.Event.Params) == 0 {
				got["event no params"] = true
			} else {
				got["event params"] = true
			}
			params("event", d.Event.Params, nil)
		case d.Func != nil:
			fn := d.Func
			kind := "fn"
			switch {
			case fn.Host:
				kind = "host fn"
				if fn.Throws != nil {
					got["host fn throws"] = true
				} else {
					got["host fn without throws"] = true
				}
			case fn.Static && fn.Async:
				kind = "static async fn"
			case fn.Static:
				kind = "static fn"
			case fn.Async:
				kind = "async fn"
			}
			got[kind] = true
			params("fn", fn.Params, fn.Result)
			throws(fn.Throws)
		}
	}
	return got
}

// ffiFiles lists every .ffi file under dir, skipping hidden directories.
func ffiFiles(t testing.TB, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".ffi") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestParseEveryFFIFile parses every .ffi file of the repository (valid or
// not): no panic, a tree, and errors that point into the file.
func TestParseEveryFFIFile(t *testing.T) {
	files := ffiFiles(t, moduleRoot(t))
	if len(files) == 0 {
		t.Fatal("no .ffi files in the repository")
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, errs := Parse(path, src)
		if f == nil {
			t.Errorf("Parse(%s): got a nil tree", path)
			continue
		}
		checkErrorPositions(t, src, errs)
		if errs.Len() == 0 {
			checkPositions(t, path, src, f)
		}
	}
}

// parseFast parses src in a goroutine and fails the test if Parse panics,
// returns a nil tree or a nil error list, or takes longer than limit (a
// hang would otherwise only show as the whole test binary timing out).
