package format

import (
	"flag"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/internal/gen"
	"github.com/ffic/ffic/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/format")

// TestAllFiles formats every .ffi file of the module: a valid file keeps
// every property of checkFormat, an invalid one gives errors and no output.
func TestAllFiles(t *testing.T) {
	root := moduleRoot(t)
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".ffi") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		n++
		t.Run(rel, func(t *testing.T) {
			if out, errs := Source(rel, src); errs.Len() > 0 {
				if out != nil {
					t.Errorf("Source(%s) returned output and %d errors", rel, errs.Len())
				}
				return
			}
			checkFormat(t, rel, src)
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no .ffi file under %s", root)
	}
}

// TestGolden formats testdata/format/NAME.ffi and compares it with
// NAME.golden (go test -update rewrites the goldens). A golden is
// formatted already.
func TestGolden(t *testing.T) {
	dir := filepath.Join(moduleRoot(t), "testdata", "format")
	files, err := filepath.Glob(filepath.Join(dir, "*.ffi"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs in %s: %v", dir, err)
	}
	for _, in := range files {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, errs := Source(name, src)
			if errs.Len() > 0 {
				t.Fatal(errs.Err())
			}
			golden := strings.TrimSuffix(in, ".ffi") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Source(%s) differs from %s (-want +got):\n%s", name, filepath.Base(golden), diff)
			}
			if again, _ := Source(name, want); string(again) != string(want) {
				t.Errorf("%s is not formatted", filepath.Base(golden))
			}
		})
	}
}

// TestRandomComments inserts comments at random places of valid inputs and
// checks that every variant that still parses keeps every property.
func TestRandomComments(t *testing.T) {
	bases := [][]byte{gen.BigFFI()[:2000]}
	for _, tests := range [][]formatTest{layoutTests, commentTests} {
		for _, tt := range tests {
			bases = append(bases, []byte(tt.in))
		}
	}
	if src, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata", "format", "messy.ffi")); err == nil {
		bases = append(bases, src)
	}
	inserts := []string{"/* c */", "// c\n", "\n// c\n", "\n\n/* c\n   d */\n", "\n/// d\n", "/*c*/", "\n\n"}
	r := rand.New(rand.NewPCG(1, 2))
	trials := 600
	if testing.Short() {
		trials = 100
	}
	valid := 0
	for i := 0; i < trials; i++ {
		src := string(bases[r.IntN(len(bases))])
		for range 1 + r.IntN(4) {
			at := r.IntN(len(src) + 1)
			src = src[:at] + inserts[r.IntN(len(inserts))] + src[at:]
		}
		if _, errs := Source("random.ffi", []byte(src)); errs.Len() > 0 {
			continue
		}
		valid++
		checkFormat(t, "random.ffi", []byte(src))
		if t.Failed() {
			t.Fatalf("input:\n%s", src)
		}
	}
	if valid < trials/4 {
		t.Errorf("only %d of %d variants parse", valid, trials)
	}
}

// FuzzSource checks the properties of checkFormat on every input that
// parses (go test -fuzz FuzzSource ./format/).
func FuzzSource(f *testing.F) {
	for _, tests := range [][]formatTest{layoutTests, commentTests} {
		for _, tt := range tests {
			f.Add([]byte(tt.in))
		}
	}
	if src, err := os.ReadFile(filepath.Join("..", "testdata", "format", "messy.ffi")); err == nil {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if out, errs := Source("fuzz.ffi", src); errs.Len() > 0 {
			if out != nil {
				t.Fatalf("Source returned output and %d errors", errs.Len())
			}
			return
		}
		checkFormat(t, "fuzz.ffi", src)
	})
}

// TestBig formats the 2,000-declaration benchmark file.
func TestBig(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	checkFormat(t, "big.ffi", gen.BigFFI())
}

// BenchmarkSource formats the 2,000-declaration file: parsing, then
// printing.
func BenchmarkSource(b *testing.B) {
	src := gen.BigFFI()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := Source("big.ffi", src); errs.Len() > 0 {
			b.Fatal(errs.Err())
		}
	}
}

// BenchmarkPrint measures the printing alone, without the parse.
func BenchmarkPrint(b *testing.B) {
	src := gen.BigFFI()
	f, errs := parser.Parse("big.ffi", src)
	if errs.Len() > 0 {
		b.Fatal(errs.Err())
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		p := newPrinter(src, f.Comments)
		p.file(f)
	}
}
