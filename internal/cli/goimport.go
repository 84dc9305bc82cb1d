package cli

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ffic/ffic/backends"
	golang "github.com/ffic/ffic/backends/go"
)

// goAt is the Go backend for output under dir: its packages import each
// other by the import path of dir, found from the go.mod that encloses
// it (docs/go-library.md).
func goAt(dir string) backends.Generator {
	return golang.New(golang.Options{ImportPath: goImportPath(dir)})
}

// goImportPath is the import path of dir: the module path of the nearest
// go.mod at or above it, joined with dir's path below that module. It is
// "" when no go.mod encloses dir (the packages then import each other
// as if dir were the root of a module with an empty path).
func goImportPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	var rel []string
	for d := abs; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			mod := modulePath(data)
			if mod == "" {
				return ""
			}
			for i, j := 0, len(rel)-1; i < j; i, j = i+1, j-1 {
				rel[i], rel[j] = rel[j], rel[i]
			}
			return path.Join(append([]string{mod}, rel...)...)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		rel = append(rel, filepath.Base(d))
	}
}

// modulePath is the path of go.mod's module directive ("" if none).
func modulePath(gomod []byte) string {
	for line := range strings.SplitSeq(string(gomod), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], "\"`")
		}
	}
	return ""
}
