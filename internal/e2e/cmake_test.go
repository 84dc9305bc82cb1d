package e2e

import (
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	c "github.com/ffic/ffic/backends/c"
	"github.com/ffic/ffic/check"
)

// buildSharedArgs are the arguments of the go command that build pkg as
// the shared library out of the library name, with its SONAME: the build
// line of docs/c.md. Go links a c-shared library without a SONAME; the
// external linker takes one from -extldflags.
func buildSharedArgs(name, out, pkg string) []string {
	return []string{"build", "-buildmode=c-shared", "-ldflags=-extldflags=-Wl,-soname," + c.SOName(name), "-o", out, pkg}
}

// TestSOName: every library the tests build has the SONAME
// lib<library>.so.<ABI version>, and the documented build lines set it.
func TestSOName(t *testing.T) {
	for name, path := range map[string]string{"my_timer": timerLib(t), "ffibench": benchLib(t), "ffimem": memLib(t)} {
		if got := dynStrings(t, path, elf.DT_SONAME); !slices.Equal(got, []string{c.SOName(name)}) {
			t.Errorf("%s: SONAME %q, want %q", path, got, c.SOName(name))
		}
	}
	flag := "-ldflags=-extldflags=-Wl,-soname,libmy_timer.so.1"
	for _, doc := range []string{"examples/timer/README.md", "examples/timer/golib/main.go", "docs/c.md"} {
		b, err := os.ReadFile(filepath.Join(build.root, doc))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "go build -buildmode=c-shared "+flag+" -o ") {
			t.Errorf("%s: no build line with %s", doc, flag)
		}
	}
}

// dynStrings returns the strings of the dynamic section entries tag of
// the ELF file path.
func dynStrings(t *testing.T, path string, tag elf.DynTag) []string {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := f.DynString(tag)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// TestCMakeHost configures and builds examples/timer/CMakeLists.txt (the C
// host host.c) with the real cmake against the Go-built library, found
// through the generated my_timerConfig.cmake in each layout docs/c.md
// describes, and runs the host. The host records the SONAME, not the
// name it was linked by. A missing cmake fails the test.
func TestCMakeHost(t *testing.T) {
	for _, tool := range []string{"cmake", "make"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to test the CMake package (install it: apt-get install cmake): %v", tool, err)
		}
	}
	lib := timerLib(t)
	files := generateC(t)
	soname := c.SOName("my_timer")
	type layout struct {
		name   string
		files  map[string]string // path under the temporary directory -> the generated file or "lib"
		define string            // the -D that points cmake at the package, relative paths under the directory
	}
	for _, l := range []layout{
		{"next to the header", map[string]string{"out/my_timer.h": "my_timer.h", "out/my_timerConfig.cmake": "my_timerConfig.cmake", "out/" + soname: "lib"},
			"-Dmy_timer_DIR=out"},
		{"installed", map[string]string{"prefix/include/my_timer.h": "my_timer.h", "prefix/lib/cmake/my_timer/my_timerConfig.cmake": "my_timerConfig.cmake", "prefix/lib/" + soname: "lib"},
			"-DCMAKE_PREFIX_PATH=prefix"},
		{"installed on a multiarch system", map[string]string{"prefix/include/my_timer.h": "my_timer.h", "prefix/lib/x86_64-linux-gnu/cmake/my_timer/my_timerConfig.cmake": "my_timerConfig.cmake", "prefix/lib/x86_64-linux-gnu/" + soname: "lib"},
			"-Dmy_timer_DIR=prefix/lib/x86_64-linux-gnu/cmake/my_timer"},
	} {
		t.Run(l.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for p, what := range l.files {
				content := files[what]
				if what == "lib" {
					b, err := os.ReadFile(lib)
					if err != nil {
						t.Fatal(err)
					}
					content = string(b)
				}
				writeFile(t, filepath.Join(dir, p), content)
			}
			key, rel, _ := strings.Cut(l.define, "=")
			bdir := filepath.Join(dir, "build")
			flags := "-Wall -Wextra -Werror -g " + strings.Join(sanitize, " ")
			run(t, dir, "cmake", "-S", filepath.Join(build.root, "examples", "timer"), "-B", bdir, key+"="+filepath.Join(dir, rel),
				"-DCMAKE_C_FLAGS="+flags, "-DCMAKE_EXE_LINKER_FLAGS="+strings.Join(sanitize, " "))
			run(t, dir, "cmake", "--build", bdir)
			host := filepath.Join(bdir, "host")
			if got := dynStrings(t, host, elf.DT_NEEDED); !slices.Contains(got, soname) {
				t.Errorf("the host needs %q, want %s among them", got, soname)
			}
			out := run(t, dir, host)
			for _, want := range []string{"version: timer/1.0", "echo: echo:\thello+s3cr3t", "done"} {
				if !strings.Contains(out, want) {
					t.Errorf("the host's output lacks %q:\n%s", want, out)
				}
			}
		})
	}
	t.Run("no library", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "out", "my_timer.h"), files["my_timer.h"])
		writeFile(t, filepath.Join(dir, "out", "my_timerConfig.cmake"), files["my_timerConfig.cmake"])
		cmd := exec.Command("cmake", "-S", filepath.Join(build.root, "examples", "timer"), "-B", filepath.Join(dir, "build"),
			"-Dmy_timer_DIR="+filepath.Join(dir, "out"))
		out, err := cmd.CombinedOutput()
		want := "no " + filepath.Join(dir, "out", soname) + ": build the library there with the SONAME " + soname
		if err == nil || !strings.Contains(strings.Join(strings.Fields(string(out)), " "), want) {
			t.Errorf("cmake without the library: %v; want a failure saying %q:\n%s", err, want, out)
		}
	})
}

// TestCMakeCXXHost builds a C++17 host (testdata/cxx) with the real cmake
// against the installed library, every warning an error, under ASAN and
// UBSan, and runs it.
func TestCMakeCXXHost(t *testing.T) {
	if _, err := exec.LookPath("cmake"); err != nil {
		t.Fatalf("cmake is needed to test the CMake package (install it: apt-get install cmake): %v", err)
	}
	lib, err := os.ReadFile(timerLib(t))
	if err != nil {
		t.Fatal(err)
	}
	files := generateC(t)
	dir := t.TempDir()
	prefix := filepath.Join(dir, "prefix")
	writeFile(t, filepath.Join(prefix, "include", "my_timer.h"), files["my_timer.h"])
	writeFile(t, filepath.Join(prefix, "lib", "cmake", "my_timer", "my_timerConfig.cmake"), files["my_timerConfig.cmake"])
	writeFile(t, filepath.Join(prefix, "lib", c.SOName("my_timer")), string(lib))
	bdir := filepath.Join(dir, "build")
	san := strings.Join(sanitize, " ")
	run(t, dir, "cmake", "-S", filepath.Join(build.root, "internal", "e2e", "testdata", "cxx"), "-B", bdir, "-DCMAKE_PREFIX_PATH="+prefix,
		"-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror -pedantic -g "+san, "-DCMAKE_EXE_LINKER_FLAGS="+san)
	run(t, dir, "cmake", "--build", bdir)
	if out := run(t, dir, filepath.Join(bdir, "cxxhost")); !strings.Contains(out, "PASS cxx") {
		t.Errorf("the C++ host did not pass:\n%s", out)
	}
}

// TestCMakeDocExample: the CMakeLists.txt docs/c.md shows is
// examples/timer/CMakeLists.txt, which TestCMakeHost builds.
func TestCMakeDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(build.root, "docs", "c.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- example:cmake -->\n```text\n")
	block, _, ok2 := strings.Cut(after, "```\n")
	if !ok || !ok2 {
		t.Fatal("docs/c.md has no text block after <!-- example:cmake -->")
	}
	example, err := os.ReadFile(filepath.Join(build.root, "examples", "timer", "CMakeLists.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if block != string(example) {
		t.Errorf("docs/c.md's CMakeLists.txt differs from examples/timer/CMakeLists.txt:\n%s\nwant:\n%s", block, example)
	}
}

// generateC returns the files of ffic compile -l c for examples/timer, by
// name.
func generateC(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(build.root, "examples", "timer", "timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source("examples/timer/timer.ffi", src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	gen, err := c.GenerateAll(m)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range gen {
		files[f.Path] = string(f.Content)
	}
	return files
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o777); err != nil {
		t.Fatal(err)
	}
}

// run runs a command in dir, failing the test unless it succeeds in
// time, and returns its output.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ASAN_OPTIONS=abort_on_error=0:halt_on_error=1:detect_leaks=1",
		"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
