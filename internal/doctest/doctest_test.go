package doctest

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ffic/ffic/backends/c"
	"github.com/ffic/ffic/check"
	fficparser "github.com/ffic/ffic/parser"
)

// The files whose blocks and links are tested, relative to the module
// root.
func docFiles(t testing.TB) []string {
	files := []string{"README.md"}
	md, err := filepath.Glob(filepath.Join(root(t), "docs", "*.md"))
	if err != nil || len(md) == 0 {
		t.Fatalf("no docs/*.md under %s: %v", root(t), err)
	}
	for _, f := range md {
		files = append(files, "docs/"+filepath.Base(f))
	}
	return files
}

// root is the module root: two levels up from this package.
func root(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("%s is not the module root: %v", dir, err)
	}
	return dir
}

func readDoc(t testing.TB, file string) string {
	b, err := os.ReadFile(filepath.Join(root(t), filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func allBlocks(t testing.TB) []Block {
	var out []Block
	for _, f := range docFiles(t) {
		out = append(out, Blocks(f, readDoc(t, f))...)
	}
	return out
}

// blocksOf returns the blocks of one language, failing when there are
// none (a harness that tests nothing must not pass).
func blocksOf(t testing.TB, lang string) []Block {
	var out []Block
	for _, b := range allBlocks(t) {
		if b.Lang == lang {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no ```%s block in README.md or docs/*.md: is the extraction broken?", lang)
	}
	return out
}

// fixMsg ends every failure about a block: where the convention is.
const fixMsg = "fix the block, or mark it (docs/architecture.md, \"Doc tests\")"

// The languages and attributes of the convention; what each means is in
// docs/architecture.md. A block with another language or attribute fails
// TestBlockConvention, so nothing is silently left untested.
var (
	checkedLangs   = []string{"ffi", "c", "go", "python", "sh", "yaml"}
	uncheckedLangs = []string{"", "text", "json", "ebnf"} // output, formats, grammar (golden in parser)
	knownAttrs     = map[string][]string{
		"ffi":    {},
		"c":      {"fragment", "schematic"},
		"go":     {"fragment", "schematic"},
		"python": {},
		"sh":     {"setup", "install", "module"},
		"yaml":   {},
	}
)

func TestBlockConvention(t *testing.T) {
	for _, b := range allBlocks(t) {
		if !slices.Contains(checkedLangs, b.Lang) && !slices.Contains(uncheckedLangs, b.Lang) {
			t.Errorf("%s: block language %q is neither run nor known to be prose; add it to the harness or use ```text", b.Pos(), b.Lang)
			continue
		}
		for _, a := range b.Attrs {
			if !slices.Contains(knownAttrs[b.Lang], a) {
				t.Errorf("%s: ```%s block: unknown attribute %q (known: %q)", b.Pos(), b.Lang, a, knownAttrs[b.Lang])
			}
			if b.Lang == "sh" && b.File != "README.md" {
				t.Errorf("%s: ```sh %s: only the README's set-up, install and module blocks are run whole", b.Pos(), a)
			}
		}
	}
}

// TestFFIBlocks: a ```ffi block with a library declaration is a whole
// interface, which the checker must accept; one without is a fragment
// (declarations out of context), which must parse.
func TestFFIBlocks(t *testing.T) {
	whole := 0
	for _, b := range blocksOf(t, "ffi") {
		if !libraryDecl.MatchString(b.Text) {
			if _, errs := fficparser.Parse(b.Pos(), []byte(b.Text)); errs.Len() > 0 {
				t.Errorf("%s: ```ffi fragment (no library declaration) does not parse; %s:\n%v\n%s", b.Pos(), fixMsg, errs.Err(), b.Text)
			}
			continue
		}
		whole++
		if _, errs := check.Source(b.Pos(), []byte(b.Text)); errs.Len() > 0 {
			t.Errorf("%s: ```ffi block is not a valid interface; %s:\n%v\n%s", b.Pos(), fixMsg, errs.Err(), b.Text)
		}
	}
	if whole == 0 {
		t.Error("no ```ffi block holds a whole interface (a library declaration): the checker tests nothing")
	}
}

var libraryDecl = regexp.MustCompile(`(?m)^library\s`)

// TestCBlocks: a ```c block is a translation unit, compiled against the
// header of examples/timer/timer.ffi (my_timer.h) under -std=c11 -Wall
// -Wextra -Werror -pedantic; if it defines main it is linked with the Go
// library of examples/timer and run, and must exit 0. A `c fragment` is
// declarations that must agree with the header: it is compiled after
// #include "my_timer.h", with the ABI's prefixes L_ and LU_ read as
// my_timer_ and MY_TIMER_. `c schematic` (the ABI's shapes with
// <placeholders> and elided members) is not compiled.
func TestCBlocks(t *testing.T) {
	dir := t.TempDir()
	writeHeader(t, dir)
	n := 0
	for _, b := range blocksOf(t, "c") {
		if b.Has("schematic") {
			continue
		}
		n++
		src := b.Text
		if b.Has("fragment") {
			src = lPrefix.ReplaceAllString(src, "${1}my_timer_")
			src = luPrefix.ReplaceAllString(src, "${1}MY_TIMER_")
			src = "#include \"my_timer.h\"\n#line 1 \"" + b.Pos() + "\"\n" + src
		} else {
			src = "#line 1 \"" + b.Pos() + "\"\n" + src
		}
		file := filepath.Join(dir, fmt.Sprintf("block%d.c", n))
		if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		flags := []string{"-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I", dir}
		if !b.Has("fragment") && regexp.MustCompile(`(?m)^int main\(`).MatchString(b.Text) {
			lib := timerLib(t)
			exe := strings.TrimSuffix(file, ".c")
			args := append(flags, file, "-o", exe, "-L"+filepath.Dir(lib), "-lmy_timer", "-Wl,-rpath,"+filepath.Dir(lib))
			if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
				t.Errorf("%s: ```c program does not compile against my_timer.h; %s:\n%s", b.Pos(), fixMsg, out)
				continue
			}
			if out, err := exec.Command(exe).CombinedOutput(); err != nil {
				t.Errorf("%s: ```c program failed (%v) against the library of examples/timer; %s:\n%s", b.Pos(), err, fixMsg, out)
			}
			continue
		}
		args := append(flags, "-c", file, "-o", file+".o")
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Errorf("%s: ```c block does not compile against my_timer.h; %s:\n%s", b.Pos(), fixMsg, out)
		}
	}
	if n == 0 {
		t.Fatal("no ```c block is compiled: every one is schematic")
	}
}

var (
	lPrefix  = regexp.MustCompile(`(^|[^A-Za-z0-9_])L_`)
	luPrefix = regexp.MustCompile(`(^|[^A-Za-z0-9_])LU_`)
)

// writeHeader generates my_timer.h from examples/timer/timer.ffi into dir.
func writeHeader(t *testing.T, dir string) {
	src, err := os.ReadFile(filepath.Join(root(t), "examples", "timer", "timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source("examples/timer/timer.ffi", src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	files, err := c.Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, path.Base(f.Path)), f.Content, 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	libOnce sync.Once
	libPath string
	libErr  error
	libDir  string // removed by TestMain
)

func TestMain(m *testing.M) {
	var err error
	libDir, err = os.MkdirTemp("", "ffic-doctest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(libDir)
	os.Exit(code)
}

// timerLib builds examples/timer/golib as libmy_timer.so, once.
func timerLib(t testing.TB) string {
	libOnce.Do(func() {
		libPath = filepath.Join(libDir, "lib", "libmy_timer.so")
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", libPath, "./examples/timer/golib")
		cmd.Dir = root(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			libErr = fmt.Errorf("go build -buildmode=c-shared ./examples/timer/golib: %v\n%s", err, out)
		}
	})
	if libErr != nil {
		t.Fatal(libErr)
	}
	return libPath
}

var (
	fficOnce sync.Once
	fficBin  string
	fficErr  error
)

// fficBinary builds ./cmd/ffic, once, and returns the directory holding
// it (to put on PATH).
func fficBinary(t testing.TB) string {
	fficOnce.Do(func() {
		fficBin = filepath.Join(libDir, "bin")
		cmd := exec.Command("go", "build", "-o", filepath.Join(fficBin, "ffic"), "./cmd/ffic")
		cmd.Dir = root(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			fficErr = fmt.Errorf("go build ./cmd/ffic: %v\n%s", err, out)
		}
	})
	if fficErr != nil {
		t.Fatal(fficErr)
	}
	return fficBin
}

// TestGoBlocks: Go examples are fragments (a Go file, or declarations and
// comments that must parse as the body of one, and whose //go:generate
// lines must be ffic command lines that work) or schematic (code with "..." for what
// is left out: not compiled). A whole program belongs in examples/, where
// tests build and run it; the docs link to it.
func TestGoBlocks(t *testing.T) {
	for _, b := range blocksOf(t, "go") {
		switch {
		case b.Has("schematic"):
		case b.Has("fragment"):
			src := b.Text
			if !strings.HasPrefix(src, "package ") {
				src = "package p\n" + src
			}
			fset := token.NewFileSet()
			if _, err := parser.ParseFile(fset, b.Pos(), src, parser.ParseComments); err != nil {
				t.Errorf("%s: ```go fragment does not parse; %s: %v", b.Pos(), fixMsg, err)
			}
			for _, line := range strings.Split(b.Text, "\n") {
				if cmd, ok := strings.CutPrefix(strings.TrimSpace(line), "//go:generate "); ok {
					runShellLines(t, b, []string{cmd})
				}
			}
		default:
			t.Errorf("%s: a whole Go program in the docs is not built by any test: put it in examples/ and link it, or mark the block `go fragment` or `go schematic`", b.Pos())
		}
	}
}

// TestPythonBlocks runs every ```python block with python3 from the
// module root, with the generated my_timer.py importable and the path of
// the library of examples/timer as its first argument (the example of
// docs/python.md also runs under mypy --strict in tests/python).
func TestPythonBlocks(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is needed to run the ```python blocks: %v", err)
	}
	gen := t.TempDir()
	cmd := exec.Command(filepath.Join(fficBinary(t), "ffic"), "compile", "-l", "python", "-o", gen, "examples/timer/timer.ffi")
	cmd.Dir = root(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffic compile -l python: %v\n%s", err, out)
	}
	lib := timerLib(t)
	for i, b := range blocksOf(t, "python") {
		file := filepath.Join(gen, fmt.Sprintf("block%d.py", i))
		if err := os.WriteFile(file, []byte(b.Text), 0o666); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(python, file, lib)
		cmd.Dir = root(t)
		cmd.Env = append(os.Environ(), "PYTHONPATH="+gen, "PYTHONDONTWRITEBYTECODE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: ```python block failed (%v); %s:\n%s", b.Pos(), err, fixMsg, out)
		}
	}
}

// TestShellBlocks runs, block by block, every line of a ```sh block (and
// every `run:` of a ```yaml block) that invokes ffic, in a fresh directory
// holding api.ffi (a copy of examples/timer/timer.ffi) and its bindings in
// gen/ (as a project keeps them), with the ffic of this checkout first on
// PATH. Every such line must exit 0. The README's
// setup, install and module blocks have tests of their own below.
func TestShellBlocks(t *testing.T) {
	n := 0
	for _, b := range allBlocks(t) {
		if b.Lang != "sh" && b.Lang != "yaml" {
			continue
		}
		if b.Has("setup") || b.Has("install") || b.Has("module") {
			continue
		}
		var lines []string
		for _, line := range strings.Split(b.Text, "\n") {
			line = strings.TrimSpace(line)
			if b.Lang == "yaml" {
				var ok bool
				if line, ok = strings.CutPrefix(strings.TrimPrefix(line, "- "), "run: "); !ok {
					continue
				}
			}
			if strings.HasPrefix(line, "ffic ") {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			n++
			runShellLines(t, b, lines)
		}
	}
	if n == 0 {
		t.Fatal("no ```sh block invokes ffic: is the extraction broken?")
	}
}

// TestGoTestLines: every `go test` line of a ```sh block names packages
// that exist and, with -bench, benchmarks that exist (go test -list), so
// the commands the docs give for tests and benchmarks keep working. They
// are not run: the test suite runs the tests, and benchmarks take long.
func TestGoTestLines(t *testing.T) {
	n := 0
	for _, b := range blocksOf(t, "sh") {
		for _, line := range commandLines(b.Text) {
			args, ok := strings.CutPrefix(line, "go test ")
			if !ok {
				continue
			}
			n++
			var pkgs []string
			pattern := "."
			words := strings.Fields(args)
			for i := 0; i < len(words); i++ {
				switch w := words[i]; {
				case w == "-bench" && i+1 < len(words):
					pattern = "^Benchmark(" + words[i+1] + ")"
					i++
				case w == "-run" || w == "-benchtime" || w == "-count":
					i++
				case strings.HasPrefix(w, "./"):
					pkgs = append(pkgs, w)
				}
			}
			if len(pkgs) == 0 {
				t.Errorf("%s: `%s` names no package", b.Pos(), line)
				continue
			}
			cmd := exec.Command("go", append([]string{"test", "-list", pattern}, pkgs...)...)
			cmd.Dir = root(t)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s: `%s`: go test -list %s %s failed: %v\n%s", b.Pos(), line, pattern, strings.Join(pkgs, " "), err, out)
				continue
			}
			if got := regexp.MustCompile(`(?m)^(Test|Benchmark|Fuzz|Example)\w*$`).FindAllString(string(out), -1); len(got) == 0 {
				t.Errorf("%s: `%s` matches no test or benchmark in %s", b.Pos(), line, strings.Join(pkgs, " "))
			}
		}
	}
	if n == 0 {
		t.Fatal("no `go test` line in a ```sh block: is the extraction broken?")
	}
}

// runShellLines runs lines with bash in a fresh directory holding api.ffi
// and what `ffic compile api.ffi -o gen` writes.
// `go run github.com/ffic/ffic/cmd/ffic` is run as the ffic of this
// checkout (a user's module reaches it through a replace; see TestModule).
func runShellLines(t *testing.T, b Block, lines []string) {
	t.Helper()
	dir := t.TempDir()
	api, err := os.ReadFile(filepath.Join(root(t), "examples", "timer", "timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api.ffi"), api, 0o666); err != nil {
		t.Fatal(err)
	}
	bin := fficBinary(t)
	pre := exec.Command(filepath.Join(bin, "ffic"), "compile", "api.ffi", "-o", "gen")
	pre.Dir = dir
	if out, err := pre.CombinedOutput(); err != nil {
		t.Fatalf("ffic compile api.ffi -o gen: %v\n%s", err, out)
	}
	for _, line := range lines {
		line = strings.Replace(line, "go run github.com/ffic/ffic/cmd/ffic ", "ffic ", 1)
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", line)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: `%s` failed (%v) in a directory holding api.ffi (examples/timer/timer.ffi) and gen/; %s:\n%s", b.Pos(), line, err, fixMsg, out)
		}
	}
}

// readmeBlock returns the one README block with attribute attr.
func readmeBlock(t *testing.T, attr string) Block {
	var found []Block
	for _, b := range Blocks("README.md", readDoc(t, "README.md")) {
		if b.Has(attr) {
			found = append(found, b)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d ```sh %s blocks, want 1", len(found), attr)
	}
	return found[0]
}

func commandLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, " #")
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// TestReadmeSetup: the README's two set-up commands stay true. The second
// is ./scripts/test, the command this test runs under and the one CI
// runs (checked here in .ci/run); the first must leave what the second
// tests unchanged: it runs in a copy of the checkout, and afterwards the
// Go packages of the module, the files the test command's gofmt sees and
// the .ffi files it formats are the same as before, and the files the
// README says it writes exist.
func TestReadmeSetup(t *testing.T) {
	b := readmeBlock(t, "setup")
	lines := commandLines(b.Text)
	if len(lines) != 2 || lines[1] != "./scripts/test" {
		t.Fatalf("%s: want two commands, the second ./scripts/test; got %q", b.Pos(), lines)
	}
	ci, err := os.ReadFile(filepath.Join(root(t), ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^exec \./scripts/test$`).Match(ci) {
		t.Errorf(".ci/run does not end by running ./scripts/test, the README's test command")
	}

	copyDir := copyCheckout(t)
	before := suiteInputs(t, copyDir)
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", lines[0])
	cmd.Dir = copyDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: `%s` failed: %v\n%s", b.Pos(), lines[0], err, out)
	}
	after := suiteInputs(t, copyDir)
	for what, want := range before {
		if got := after[what]; got != want {
			t.Errorf("%s: after `%s`, %s changed, so ./scripts/test would test the generated files too; write them where the go tool and git ignore them. New:\n%s",
				b.Pos(), lines[0], what, added(want, got))
		}
	}
	// The paragraph after the block names what the command writes.
	readme := readDoc(t, "README.md")
	out := regexp.MustCompile(`-o (\S+)`).FindStringSubmatch(lines[0])
	if out == nil {
		t.Fatalf("%s: `%s` names no -o directory", b.Pos(), lines[0])
	}
	named := regexp.MustCompile("`("+regexp.QuoteMeta(out[1])+`/[^`+"`"+`]*)`+"`").FindAllStringSubmatch(readme, -1)
	if len(named) < 3 {
		t.Errorf("README.md names %d files under %s/, want the header, the Go packages and the Python module", len(named), out[1])
	}
	for _, m := range named {
		if _, err := os.Stat(filepath.Join(copyDir, filepath.FromSlash(m[1]))); err != nil {
			t.Errorf("README.md says `%s` writes %s, but it does not: %v", lines[0], m[1], err)
		}
	}
}

// added returns the lines of after that are not in before.
func added(before, after string) string {
	old := strings.Split(before, "\n")
	var out []string
	for _, l := range strings.Split(after, "\n") {
		if !slices.Contains(old, l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// copyCheckout copies the files git knows of (tracked, and untracked but
// not ignored) into a fresh git repository, so the copy sees the same
// .gitignore.
func copyCheckout(t *testing.T) string {
	files := gitOutput(t, root(t), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	dst := t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(files, "\x00"), "\x00") {
		src := filepath.Join(root(t), filepath.FromSlash(f))
		info, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(target), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	gitOutput(t, dst, "init", "-q")
	return dst
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return string(out)
}

// suiteInputs is what ./scripts/test tests in dir, as it finds it: the Go
// packages (go vet ./..., go test ./...), the Go files gofmt checks and the
// .ffi files ffic fmt -l checks (git ls-files --others --exclude-standard
// sees the same files in the copy, where nothing is tracked).
func suiteInputs(t *testing.T, dir string) map[string]string {
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = dir
	pkgs, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list ./... in the copy: %v\n%s", err, pkgs)
	}
	return map[string]string{
		"the packages of `go list ./...`":    string(pkgs),
		"the Go files gofmt checks":          gitOutput(t, dir, "ls-files", "--cached", "--others", "--exclude-standard", "*.go"),
		"the .ffi files `ffic fmt -l` reads": gitOutput(t, dir, "ls-files", "--cached", "--others", "--exclude-standard", "*.ffi"),
	}
}

// TestInstall runs the README's install block in the checkout with GOBIN
// in a temporary directory, and the ffic it installs.
func TestInstall(t *testing.T) {
	b := readmeBlock(t, "install")
	gobin := t.TempDir()
	for _, line := range commandLines(b.Text) {
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", line)
		cmd.Dir = root(t)
		cmd.Env = append(os.Environ(), "GOBIN="+gobin)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: `%s` failed in the checkout: %v\n%s", b.Pos(), line, err, out)
		}
	}
	out, err := exec.Command(filepath.Join(gobin, "ffic"), "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "ffic ") {
		t.Fatalf("the installed ffic version: %v\n%s", err, out)
	}
}

// TestModule runs the README's module block as a user would: in a new
// module (go mod init example.com/app) holding api.ffi, with the path of
// the clone replaced by this checkout and GOFLAGS=-mod=mod; the module
// proxy (or the module cache) is the only network it may use. It then
// builds every package the generated code makes (the library side and the
// client), which proves the module reaches ffic's runtime.
func TestModule(t *testing.T) {
	b := readmeBlock(t, "module")
	text := b.Text
	const clone = "../ffic"
	if !strings.Contains(text, "="+clone) {
		t.Fatalf("%s: the block no longer replaces github.com/ffic/ffic with %s; update this test", b.Pos(), clone)
	}
	text = strings.ReplaceAll(text, "="+clone, "="+root(t))
	dir := t.TempDir()
	api, err := os.ReadFile(filepath.Join(root(t), "examples", "timer", "timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api.ffi"), api, 0o666); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	lines := append([]string{"go mod init example.com/app"}, commandLines(text)...)
	lines = append(lines, "go build ./...", "go vet ./...")
	for _, line := range lines {
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", line)
		cmd.Dir = dir
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: `%s` failed in a new module: %v\n%s", b.Pos(), line, err, out)
		}
	}
	// docs/cli.md: such an ffic reports the placeholder version, run as
	// the README's go tool ffic or as docs/go.md's //go:generate go run.
	for _, run := range [][]string{{"tool", "ffic"}, {"run", "github.com/ffic/ffic/cmd/ffic"}} {
		cmd := exec.Command("go", append(run, "version")...)
		cmd.Dir = dir
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "ffic v0.0.0 (") {
			t.Errorf("go %s version = %q, %v; docs/cli.md says `ffic v0.0.0 (...)`", strings.Join(run, " "), out, err)
		}
	}
	for _, file := range []string{"gen/my_timer/types.go", "gen/my_timer/lib/api.go", "gen/my_timer/client/client.go"} {
		if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
			t.Errorf("the module block did not generate %s: %v", file, err)
		}
	}
}

// TestLinks: every relative link of README.md and docs/*.md names a file
// or directory of the repository, and every #anchor a heading of its
// target (GitHub's anchors).
func TestLinks(t *testing.T) {
	n := 0
	for _, f := range docFiles(t) {
		for _, l := range Links(f, readDoc(t, f)) {
			target := l.Target
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			n++
			file, anchor, _ := strings.Cut(target, "#")
			resolved := f
			if file != "" {
				resolved = path.Join(path.Dir(f), file)
				if strings.HasPrefix(resolved, "../") {
					t.Errorf("%s: link %q leaves the repository", l.Pos(), target)
					continue
				}
				if _, err := os.Stat(filepath.Join(root(t), filepath.FromSlash(resolved))); err != nil {
					t.Errorf("%s: link %q: no such file %s", l.Pos(), target, resolved)
					continue
				}
			}
			if anchor == "" {
				continue
			}
			if !strings.HasSuffix(resolved, ".md") {
				t.Errorf("%s: link %q: an anchor into a file that is not Markdown", l.Pos(), target)
				continue
			}
			if !Anchors(readDoc(t, resolved))[anchor] {
				t.Errorf("%s: link %q: %s has no heading with anchor #%s", l.Pos(), target, resolved, anchor)
			}
		}
	}
	if n < 10 {
		t.Fatalf("found %d relative links, want the docs' many: is the extraction broken?", n)
	}
}

// lastErrorHost makes the call abi.md describes (a string of req.tags
// that is not UTF-8) and prints what L_last_error says.
const lastErrorHost = `#include <stdio.h>
#include <string.h>
#include "my_timer.h"

#define STR(s) ((my_timer_str){(s), sizeof(s) - 1})

static void on_created(void* user_data, my_timer_status status, my_timer_context ctx,
                       my_timer_str message, const my_timer_TimerError* error) {
    (void)message;
    (void)error;
    if (status == MY_TIMER_STATUS_OK) {
        *(my_timer_context*)user_data = ctx;
    }
}

static void never(void* user_data, my_timer_status status, const my_timer_EchoResponse* result,
                  my_timer_str message, const my_timer_TimerError* error) {
    (void)user_data; (void)status; (void)result; (void)message; (void)error;
    fprintf(stderr, "echo completed\n");
}

int main(void) {
    my_timer_ctor_args args;
    memset(&args, 0, sizeof args);
    args.config.name = STR("demo");
    args.config.max_pending = 16;
    args.config.worker_threads = 2;
    args.config.default_priority = my_timer_Priority_normal;
    my_timer_context ctx = 0;
    if (my_timer_new(&args, on_created, &ctx) != MY_TIMER_STATUS_OK || ctx == 0) {
        return 2;
    }
    my_timer_fn_echo_args ea;
    memset(&ea, 0, sizeof ea);
    ea.req.message = STR("x");
    ea.req.priority = my_timer_Priority_normal;
    my_timer_str tags[3] = {STR("a"), STR("b"), {"\xc3", 1}};
    ea.req.tags = (my_timer_list_str){tags, 3};
    if (my_timer_call_echo(ctx, &ea, never, NULL) != MY_TIMER_STATUS_INVALID_ARGUMENT) {
        return 3;
    }
    my_timer_str e = my_timer_last_error();
    printf("%.*s\n", (int)e.len, e.ptr);
    return my_timer_destroy(ctx, 1000) == MY_TIMER_STATUS_OK ? 0 : 4;
}
`

// TestLastErrorSample: the sample messages docs/abi.md gives for a
// string of req.tags that is not UTF-8 are what L_last_error returns.
func TestLastErrorSample(t *testing.T) {
	abi := readDoc(t, "docs/abi.md")
	samples := regexp.MustCompile("`((?:\\w+: )?req\\.tags\\[2\\]: [^`]*)`").FindAllStringSubmatch(abi, -1)
	if len(samples) == 0 {
		t.Fatal("docs/abi.md shows no L_last_error sample `[entry point: ]req.tags[2]: ...`; update this test if the sample moved")
	}
	dir := t.TempDir()
	writeHeader(t, dir)
	lib := timerLib(t)
	src := filepath.Join(dir, "last_error.c")
	if err := os.WriteFile(src, []byte(lastErrorHost), 0o666); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "last_error")
	out, err := exec.Command("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", dir, src, "-o", exe,
		"-L"+filepath.Dir(lib), "-lmy_timer", "-Wl,-rpath,"+filepath.Dir(lib)).CombinedOutput()
	if err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	out, err = exec.Command(exe).Output()
	if err != nil {
		t.Fatalf("the last_error host: %v\n%s", err, out)
	}
	got := strings.TrimSuffix(string(out), "\n")
	for _, s := range samples {
		if s[1] != got {
			t.Errorf("docs/abi.md shows L_last_error as `%s`; the library says `%s`", s[1], got)
		}
	}
}

var errorHeader = regexp.MustCompile(`^(\S+\.ffi):(\d+):(\d+): error: `)

// TestErrorSamples: a block of prose (no language, or ```text) showing
// ffic's errors, each as `file:line:col: error: ...`, the source line and
// the caret, is exactly what ffic prints for a file made of the source
// lines it shows (at their line numbers, with `library doc;` on line 1
// when no error shows line 1, and the other lines empty).
func TestErrorSamples(t *testing.T) {
	n := 0
	for _, b := range allBlocks(t) {
		if b.Lang != "" && b.Lang != "text" {
			continue
		}
		lines := strings.Split(strings.TrimSuffix(b.Text, "\n"), "\n")
		if !errorHeader.MatchString(lines[0]) {
			continue
		}
		n++
		name := errorHeader.FindStringSubmatch(lines[0])[1]
		src := map[int]string{}
		ok := true
		for i := 0; i < len(lines); i += 3 {
			m := errorHeader.FindStringSubmatch(lines[i])
			if m == nil || m[1] != name || i+2 >= len(lines) || !strings.HasPrefix(lines[i+1], "    ") {
				t.Errorf("%s: an error sample is groups of three lines (`%s:line:col: error: ...`, the source line indented by 4, the caret); line %d is not", b.Pos(), name, i+1)
				ok = false
				break
			}
			var line int
			fmt.Sscan(m[2], &line)
			text := strings.TrimPrefix(lines[i+1], "    ")
			if old, seen := src[line]; seen && old != text {
				t.Errorf("%s: two different source lines shown for line %d", b.Pos(), line)
				ok = false
			}
			src[line] = text
		}
		if !ok {
			continue
		}
		if _, seen := src[1]; !seen {
			src[1] = "library doc;"
		}
		last := 0
		for l := range src {
			last = max(last, l)
		}
		var file strings.Builder
		for l := 1; l <= last; l++ {
			file.WriteString(src[l] + "\n")
		}
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(file.String()), 0o666); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(filepath.Join(fficBinary(t), "ffic"), "compile", "-l", "model", "-o", "out", name)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if got := stderr.String(); got != b.Text {
			t.Errorf("%s: the sample is not what ffic prints (%v) for\n%s\nffic prints:\n%s\nthe doc shows:\n%s", b.Pos(), err, file.String(), got, b.Text)
		}
	}
	if n < 2 {
		t.Fatalf("found %d error samples in README.md and docs/*.md, want those of README.md and docs/cli.md", n)
	}
}

// TestUsageErrorSample: the usage error docs/cli.md shows (an unknown
// language) is what ffic prints, with the languages it has.
func TestUsageErrorSample(t *testing.T) {
	var sample *Block
	for _, b := range Blocks("docs/cli.md", readDoc(t, "docs/cli.md")) {
		if b.Lang == "" && strings.HasPrefix(b.Text, `ffic: unknown language "klingon"`) {
			sample = &b
		}
	}
	if sample == nil {
		t.Fatal(`docs/cli.md shows no usage error ffic: unknown language "klingon" ...; update this test if it moved`)
	}
	cmd := exec.Command(filepath.Join(fficBinary(t), "ffic"), "compile", "-l", "klingon", "api.ffi")
	cmd.Dir = t.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if got := stderr.String(); got != sample.Text {
		t.Errorf("%s: `ffic compile -l klingon api.ffi` prints (%v)\n%s\nthe doc shows:\n%s", sample.Pos(), err, got, sample.Text)
	}
}
