package golang

import (
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffic/ffic/backends"
	"github.com/ffic/ffic/check"
	ffigen "github.com/ffic/ffic/internal/gen"
)

// TestHostileDocs: doc comment text that tries to end its comment (a
// character some compiler or editor takes for a line end, a byte order
// mark or a byte that is not UTF-8, which Go rejects even in a comment),
// put in every doc comment of a model built without the parser, stays
// inside the comments of the Go packages: gofmt accepts them, go vet
// passes, Go's scanner finds the injected words in comments only, and no
// character of the files but "\n" ends a line. The same go vet builds an
// interface whose members are named like libc macros (h_addr, st_mtime,
// stdin, ...), which the header escapes and the Go side must name alike.
func TestHostileDocs(t *testing.T) {
	m, errs := check.Source("hostile.ffi", ffigen.EveryDoc())
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	ffigen.SetDocs(m, ffigen.HostileDoc())
	files, err := Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	// Members named like libc macros, which the header escapes (h_addr_):
	// the Go side names the C members as the header does, and builds.
	macros, errs := check.Source("macros.ffi", []byte(`library macros;
struct Host { h_addr: u32, st_mtime: i64, stdin: string, si_pid: list<u8> }
union Handler { sa_handler: Host, s6_addr: u64, ifr_name }
fn resolve(h_addr: Host, p_type: Handler?) -> Handler;
event changed(st_mtime: i64, stdout: Host);
host fn ask(errno: u32, sa_handler: Handler) -> Host;
`))
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	more, err := Generate(macros)
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp("testdata", "hostile-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	pkgs := map[string]bool{}
	kept := false // whether the doc text is in the Go files at all
	for _, f := range append(files, more...) {
		if backends.CommentText(string(f.Content)) != string(f.Content) {
			t.Errorf("%s holds characters that some compiler or editor takes for a line end", f.Path)
		}
		path := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Content, 0o666); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		pkgs["./"+filepath.ToSlash(filepath.Dir(path))] = true
		kept = kept || strings.Contains(string(f.Content), "os._exit(3)")
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(f.Path, -1, len(f.Content)), f.Content, func(pos token.Position, msg string) {
			t.Errorf("%s: %s", pos, msg)
		}, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.IDENT && (lit == "injectedGo" || lit == "injected_c" || lit == "_exit") {
				t.Errorf("%s: %s is code", fset.Position(pos), lit)
			}
		}
	}
	if !kept {
		t.Errorf("the doc text is not in the Go files")
	}
	var dirs []string
	for d := range pkgs {
		dirs = append(dirs, d)
	}
	if testing.Short() {
		return
	}
	cmd := exec.Command("go", append([]string{"vet"}, dirs...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet %v: %v\n%s", dirs, err, out)
	}
}
