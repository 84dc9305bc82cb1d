package golang

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
)

// TestNameOverrides: with Package and RootImportPath set, the
// types-and-codec package has that name and the library and client
// packages import it by that path, not by ImportPath/L, and all three
// build and vet. ImportPath is deliberately wrong: the build passes only
// if RootImportPath wins.
func TestNameOverrides(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with cgo")
	}
	tmp, err := os.MkdirTemp("testdata", "names-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	rel := "examples/timer/timer.ffi"
	src, err := os.ReadFile(filepath.Join(root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source(rel, src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	rootPath := inTemp(tmp).ImportPath + "/my_timer"
	files, err := GenerateWith(m, Options{ImportPath: "example.com/wrong", RootImportPath: rootPath, Package: "timerapi"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		writeFile(t, tmp, f)
		src := string(f.Content)
		switch f.Path {
		case "my_timer/types.go":
			if !strings.Contains(src, "\npackage timerapi\n") {
				t.Errorf("%s is not package timerapi", f.Path)
			}
		case "my_timer/client/client.go", "my_timer/lib/api.go":
			if !strings.Contains(src, "\""+rootPath+"\"") || !strings.Contains(src, "timerapi.") {
				t.Errorf("%s does not import %s as timerapi", f.Path, rootPath)
			}
		}
	}
	dir := "./" + filepath.ToSlash(tmp) + "/my_timer"
	vet(t, []string{dir, dir + "/lib", dir + "/client"})
}

func TestNameErrors(t *testing.T) {
	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{Package: "My"}, `package name "My" is not a Go package name`},
		{Options{Package: "my_timer"}, `package name "my_timer" is not a Go package name`},
		{Options{Package: "1x"}, `package name "1x" is not a Go package name`},
		{Options{Package: "range"}, `package name "range" is a Go keyword`},
		{Options{Package: "len"}, `"len" is a predeclared Go identifier or a package the generated code imports`},
		{Options{Package: "fficrt"}, `"fficrt" is a predeclared Go identifier or a package the generated code imports`},
		{Options{RootImportPath: "/abs"}, `import path "/abs" has an empty element`},
		{Options{RootImportPath: "a/b/"}, `import path "a/b/" has an empty element`},
		{Options{RootImportPath: "a/../b"}, `element ".." starting or ending with a dot`},
		{Options{RootImportPath: "a/b c"}, `import path "a/b c" contains ' '`},
	} {
		err := tc.opt.Check()
		var ne *NameError
		if !errors.As(err, &ne) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v.Check() = %v, want a NameError containing %q", tc.opt, err, tc.want)
		}
	}
	for _, ok := range []Options{{}, {Package: "timerapi", RootImportPath: "example.com/x-y/v2/my_timer+z~"}} {
		if err := ok.Check(); err != nil {
			t.Errorf("%+v.Check() = %v, want nil", ok, err)
		}
	}
	// A name the generated library or client code uses itself is refused
	// on generating (the timer's client declares lib; a parameter or
	// local named like the package would shadow it).
	src, err := os.ReadFile(filepath.Join(root(t), "examples/timer/timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source("timer.ffi", src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	for _, pkg := range []string{"lib", "ctx", "err"} {
		_, err := GenerateWith(m, Options{Package: pkg})
		var ne *NameError
		if !errors.As(err, &ne) || !strings.Contains(err.Error(), "is a name the generated code uses itself") {
			t.Errorf("Package %q: %v, want a NameError", pkg, err)
		}
	}
}
