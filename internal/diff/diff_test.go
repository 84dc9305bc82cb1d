package diff

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
		{name: "both empty", old: "", new: "", want: ""},
		{
			name: "from empty",
			old:  "",
			new:  "a\nb\n",
			want: "@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "to empty",
			old:  "a\nb\n",
			new:  "",
			want: "@@ -1,2 +0,0 @@\n-a\n-b\n",
		},
		{
			name: "insert in middle",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "1\n2\n3\n4\nnew\n5\n6\n7\n8\n",
			want: "@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n",
		},
		{
			name: "delete in middle",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "1\n2\n3\n5\n6\n7\n8\n",
			want: "@@ -1,7 +1,6 @@\n 1\n 2\n 3\n-4\n 5\n 6\n 7\n",
		},
		{
			name: "change at start",
			old:  "a\n2\n3\n4\n5\n6\n",
			new:  "b\n2\n3\n4\n5\n6\n",
			want: "@@ -1,4 +1,4 @@\n-a\n+b\n 2\n 3\n 4\n",
		},
		{
			name: "change at end",
			old:  "1\n2\n3\n4\n5\nz\n",
			new:  "1\n2\n3\n4\n5\ny\n",
			want: "@@ -3,4 +3,4 @@\n 3\n 4\n 5\n-z\n+y\n",
		},
		{
			name: "append at end",
			old:  "1\n2\n3\n4\n",
			new:  "1\n2\n3\n4\n5\n",
			want: "@@ -2,3 +2,4 @@\n 2\n 3\n 4\n+5\n",
		},
		{
			name: "missing newline in new",
			old:  "a\nb\n",
			new:  "a\nb",
			want: "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n",
		},
		{
			name: "missing newline in old",
			old:  "a\nb",
			new:  "a\nb\nc\n",
			want: "@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n",
		},
		{
			name: "missing newline in both",
			old:  "a\nb",
			new:  "a\nc",
			want: "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		},
		{
			name: "two hunks",
			old:  "a\n1\n2\n3\n4\n5\n6\n7\nb\n",
			new:  "A\n1\n2\n3\n4\n5\n6\n7\nB\n",
			want: "@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n",
		},
		{
			name: "changes six lines apart share a hunk",
			old:  "a\n1\n2\n3\n4\n5\n6\nb\n",
			new:  "A\n1\n2\n3\n4\n5\n6\nB\n",
			want: "@@ -1,8 +1,8 @@\n-a\n+A\n 1\n 2\n 3\n 4\n 5\n 6\n-b\n+B\n",
		},
		{
			name: "replace everything",
			old:  "a\nb\n",
			new:  "c\nd\ne\n",
			want: "@@ -1,2 +1,3 @@\n-a\n-b\n+c\n+d\n+e\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Unified("a/f", "b/f", []byte(tt.old), []byte(tt.new)))
			want := tt.want
			if want != "" {
				want = "--- a/f\n+++ b/f\n" + want
			}
			if got != want {
				t.Errorf("Unified(%q, %q) =\n%s\nwant\n%s", tt.old, tt.new, got, want)
			}
			if got != "" {
				checkApplies(t, tt.old, tt.new, got)
			}
		})
	}
}

// TestShortest checks on random inputs that the edit script is a shortest
// one (its length matches a quadratic LCS) and that the diff applies.
func TestShortest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() []string {
		lines := make([]string, r.IntN(12))
		for i := range lines {
			lines[i] = string(rune('a'+r.IntN(4))) + "\n"
		}
		return lines
	}
	for i := 0; i < 3000; i++ {
		a, b := gen(), gen()
		script := editScript(a, b)
		kept := 0
		var gotA, gotB []string
		for _, e := range script {
			if e.op == ' ' {
				kept++
			}
			if e.op != '+' {
				gotA = append(gotA, e.line)
			}
			if e.op != '-' {
				gotB = append(gotB, e.line)
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("editScript(%q, %q) = %q: does not rebuild its inputs", a, b, script)
		}
		if want := lcs(a, b); kept != want {
			t.Fatalf("editScript(%q, %q) keeps %d lines, want %d", a, b, kept, want)
		}
		old, new := strings.Join(a, ""), strings.Join(b, "")
		if d := Unified("a", "b", []byte(old), []byte(new)); d != nil {
			checkApplies(t, old, new, string(d))
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// checkApplies applies the unified diff d to old and checks that it gives
// new, proving the hunk headers and context right.
func checkApplies(t *testing.T, old, new, d string) {
	t.Helper()
	src := splitLines([]byte(old))
	lines := strings.SplitAfter(d, "\n")
	lines = lines[2 : len(lines)-1] // drop the ---/+++ lines and the empty tail
	var out []string
	next := 0 // next line of src not yet copied
	for i := 0; i < len(lines); {
		var a0, an, b0, bn int
		if _, err := fmt.Sscanf(lines[i], "@@ -%d,%d +%d,%d @@\n", &a0, &an, &b0, &bn); err != nil {
			t.Fatalf("bad hunk header %q in\n%s", lines[i], d)
		}
		if an > 0 {
			a0--
		}
		out = append(out, src[next:a0]...)
		next = a0
		i++
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			noEOL := i+1 < len(lines) && lines[i+1] == "\\ No newline at end of file\n"
			text := l[1:]
			if noEOL {
				text = strings.TrimSuffix(text, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(src) || src[next] != text {
					t.Fatalf("diff does not apply at old line %d (%q):\n%s", next+1, text, d)
				}
				if l[0] == ' ' {
					out = append(out, text)
				}
				next++
			case '+':
				out = append(out, text)
			default:
				t.Fatalf("bad diff line %q in\n%s", l, d)
			}
			i++
			if noEOL {
				i++
			}
		}
	}
	out = append(out, src[next:]...)
	if got := strings.Join(out, ""); got != new {
		t.Fatalf("applying\n%s\nto %q gives %q, want %q", d, old, got, new)
	}
}

func TestLarge(t *testing.T) {
	numbered := func(n int, f func(i int) string) []byte {
		var b bytes.Buffer
		for i := 0; i < n; i++ {
			b.WriteString(f(i))
			b.WriteByte('\n')
		}
		return b.Bytes()
	}
	const n = 10000
	base := numbered(n, strconv.Itoa)
	tests := []struct {
		name string
		new  []byte
	}{
		{"few changes", numbered(n, func(i int) string {
			if i%1000 == 500 {
				return "changed " + strconv.Itoa(i)
			}
			return strconv.Itoa(i)
		})},
		{"all different", numbered(n, func(i int) string { return "x" + strconv.Itoa(i) })},
		{"every other line", numbered(n, func(i int) string {
			if i%2 == 0 {
				return "x" + strconv.Itoa(i)
			}
			return strconv.Itoa(i)
		})},
		{"shifted repeats", numbered(n, func(i int) string { return strconv.Itoa((i + 37) % 100) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := base
			if tt.name == "shifted repeats" {
				old = numbered(n, func(i int) string { return strconv.Itoa(i % 100) })
			}
			start := time.Now()
			d := Unified("a", "b", old, tt.new)
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("Unified of %d lines took %v", n, el)
			}
			checkApplies(t, string(old), string(tt.new), string(d))
		})
	}
}

func BenchmarkSimilar(b *testing.B) {
	var x, y strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&x, "line %d\n", i)
		if i%500 == 0 {
			fmt.Fprintf(&y, "edited %d\n", i)
		} else {
			fmt.Fprintf(&y, "line %d\n", i)
		}
	}
	old, new := []byte(x.String()), []byte(y.String())
	for b.Loop() {
		Unified("a", "b", old, new)
	}
}
