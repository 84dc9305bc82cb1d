package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// result is what one in-process run of ffic produced.
type result struct {
	code           int
	stdout, stderr string
}

// ffic runs Main with args and stdin.
func ffic(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// inTestdata makes a temporary copy of testdata the working directory, so
// that file names on the command line are relative, as users give them.
func inTestdata(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata")); err != nil {
		t.Fatal(err)
	}
	// os.CopyFS makes read-only copies; tests rewrite them.
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chmod(path, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// longAgo is a modification time no write by a test can produce, so an
// unchanged mtime proves a file was not rewritten whatever the file
// system's time resolution.
var longAgo = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

func setOld(t *testing.T, name string) {
	t.Helper()
	if err := os.Chtimes(name, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
}

func mtime(t *testing.T, name string) time.Time {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

// tree lists every file under dir (slash-separated, sorted), so a test
// sees stray temporary files too.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// withLanguages replaces the language registry for one test.
func withLanguages(t *testing.T, langs ...language) {
	t.Helper()
	saved := languages
	languages = langs
	t.Cleanup(func() { languages = saved })
}
