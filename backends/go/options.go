package golang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/ffic/ffic/backends"
)

// A NameError is an Options name the generated code cannot have: the
// user's mistake, not the backend's.
type NameError struct{ Msg string }

func (e *NameError) Error() string { return e.Msg }

func nameErrorf(format string, args ...any) error {
	return &NameError{Msg: fmt.Sprintf(format, args...)}
}

// Check reports whether the names of opt can be generated: Package is
// lowercase letters and digits, starting with a letter (Go's convention
// for package names, which no name of the package's fixed API nor cgo's C
// meets), and neither a keyword, a predeclared identifier nor a package
// the generated files import; RootImportPath is a valid import path.
// Whether Package collides with a name the generated library and client
// code uses is known only once it is generated: GenerateWith reports it.
func (opt Options) Check() error {
	if p := opt.Package; p != "" {
		if !isLowerIdent(p) {
			return nameErrorf("package name %q is not a Go package name: lowercase letters and digits, starting with a letter", p)
		}
		if token.IsKeyword(p) {
			return nameErrorf("package name %q is a Go keyword", p)
		}
		if reserved[p] {
			return nameErrorf("package name %q is a predeclared Go identifier or a package the generated code imports", p)
		}
	}
	if opt.RootImportPath != "" {
		if err := CheckImportPath(opt.RootImportPath); err != nil {
			return err
		}
	}
	return nil
}

func isLowerIdent(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// CheckImportPath reports whether path is a Go import path the go command
// accepts: slash-separated non-empty elements of ASCII letters, digits
// and -._~+, none starting or ending with a dot.
func CheckImportPath(path string) error {
	for elem := range strings.SplitSeq(path, "/") {
		if elem == "" {
			return nameErrorf("import path %q has an empty element (a leading, trailing or double slash)", path)
		}
		if elem[0] == '.' || elem[len(elem)-1] == '.' {
			return nameErrorf("import path %q has an element %q starting or ending with a dot", path, elem)
		}
		for _, r := range elem {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+", r)
			if !ok {
				return nameErrorf("import path %q contains %q (an import path has ASCII letters, digits and -._~+ between slashes)", path, r)
			}
		}
	}
	return nil
}

// packageFree reports, as a NameError, a name the generated library and
// client files use that is the types-and-codec package's name pkg, which
// they import: pkg must occur in them only as the qualifier of a
// selector. Any other occurrence is a declaration or use of another
// thing named pkg (a package-level function, a local), which would
// shadow the import or clash with it. Struct field names and labels count
// too, so the check may refuse a name that would build; it never lets
// through one that does not.
func packageFree(pkg string, files []backends.File) error {
	for _, f := range files {
		if !strings.Contains(f.Path, libDir) && !strings.Contains(f.Path, hostDir) {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return err // gofmt has parsed it already: a bug in ffic
		}
		found := false
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				return n.Tok != token.IMPORT
			case *ast.SelectorExpr:
				if _, ok := n.X.(*ast.Ident); !ok {
					ast.Inspect(n.X, visit)
				}
				return false
			case *ast.Ident:
				found = found || n.Name == pkg
			}
			return !found
		}
		for _, d := range file.Decls {
			ast.Inspect(d, visit)
		}
		if found {
			return nameErrorf("package name %q is a name the generated code uses itself (in %s): choose another", pkg, f.Path)
		}
	}
	return nil
}
