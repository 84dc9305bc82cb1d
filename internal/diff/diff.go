// Package diff computes line diffs and prints them in the unified format
// that patch, git apply and code review tools read. `ffic check` and
// `ffic fmt -d` use it to show what is stale.
//
// The line matching is Myers' O(ND) algorithm in its linear-space form
// (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986):
// time grows with the size of the inputs times the size of the difference,
// so two similar 10,000-line files diff in a few milliseconds, and memory
// stays linear in the input.
package diff

import (
	"bytes"
	"fmt"
	"strings"
)

// Context is how many unchanged lines surround each change in a hunk.
const Context = 3

// Unified returns the unified diff that turns old into new, with Context
// lines of context, or nil when old and new are equal. oldName and newName
// label the "---" and "+++" lines ("a/gen/x.h", "/dev/null"). A last line
// without a line ending is followed by `\ No newline at end of file`.
func Unified(oldName, newName string, old, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := splitLines(old), splitLines(new)
	script := editScript(a, b)

	var out bytes.Buffer
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(script) {
		h.write(&out, script)
	}
	return out.Bytes()
}

// splitLines splits s after every "\n". The last line keeps no line ending
// when s does not end with one, so "x" and "x\n" are different lines.
func splitLines(s []byte) []string {
	var lines []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, string(s[:i]))
		s = s[i:]
	}
	return lines
}

// An edit is one line of the script: kept (' '), deleted ('-') or
// inserted ('+').
type edit struct {
	op   byte
	line string
}

// editScript returns a shortest edit script turning a into b: the lines of
// a longest common subsequence are kept, the others deleted or inserted
// (deletions before insertions within one change).
func editScript(a, b []string) []edit {
	// Lines become ints so that matching compares integers, and lines that
	// occur on one side only are left out of the matching: they are never
	// in a common subsequence, so the result is still shortest, and two
	// completely different files cost O(N) instead of O(N²).
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ai, bi := intern(a), intern(b)
	inA := make([]bool, len(ids))
	inB := make([]bool, len(ids))
	for _, id := range ai {
		inA[id] = true
	}
	for _, id := range bi {
		inB[id] = true
	}
	ra, rb := keep(ai, inB), keep(bi, inA)

	m := matcher{a: make([]int, len(ra)), b: make([]int, len(rb))}
	for i, x := range ra {
		m.a[i] = ai[x]
	}
	for i, y := range rb {
		m.b[i] = bi[y]
	}
	m.compare(0, len(m.a), 0, len(m.b))

	// Walk both inputs, emitting the lines between matches as changes.
	script := make([]edit, 0, len(a)+len(b))
	x, y := 0, 0
	emit := func(toX, toY int) {
		for ; x < toX; x++ {
			script = append(script, edit{'-', a[x]})
		}
		for ; y < toY; y++ {
			script = append(script, edit{'+', b[y]})
		}
	}
	for _, p := range m.matches {
		emit(ra[p[0]], rb[p[1]])
		script = append(script, edit{' ', a[x]})
		x++
		y++
	}
	emit(len(a), len(b))
	return script
}

// keep returns the indexes i of ids for which present[ids[i]].
func keep(ids []int, present []bool) []int {
	var out []int
	for i, id := range ids {
		if present[id] {
			out = append(out, i)
		}
	}
	return out
}

// matcher finds a longest common subsequence of a and b, appending the
// matched index pairs to matches in increasing order.
type matcher struct {
	a, b    []int
	matches [][2]int
}

// compare matches a[a0:a1] against b[b0:b1].
func (m *matcher) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && m.a[a0] == m.b[b0] {
		m.matches = append(m.matches, [2]int{a0, b0})
		a0, b0 = a0+1, b0+1
	}
	suffix := 0
	for a1 > a0 && b1 > b0 && m.a[a1-1] == m.b[b1-1] {
		a1, b1 = a1-1, b1-1
		suffix++
	}
	if a0 < a1 && b0 < b1 {
		// Both sides are non-empty and differ at both ends, so the split
		// point lies strictly inside and both halves are smaller problems.
		if x, y, ok := m.split(a0, a1, b0, b1); ok {
			m.compare(a0, x, b0, y)
			m.compare(x, a1, y, b1)
		}
	}
	for i := 0; i < suffix; i++ {
		m.matches = append(m.matches, [2]int{a1 + i, b1 + i})
	}
}

// split finds a point (x, y) on a shortest edit path from (a0, b0) to
// (a1, b1) by running the greedy search from both ends until the paths
// overlap (Myers' "middle snake"). It reports false when the ranges have
// nothing in common.
func (m *matcher) split(a0, a1, b0, b1 int) (x, y int, ok bool) {
	a, b := m.a[a0:a1], m.b[b0:b1]
	n, mm := len(a), len(b)
	maxD := (n + mm + 1) / 2
	off := maxD
	// vf[off+k] is the furthest x reached on diagonal k = x-y going
	// forward; vb the same for the reversed inputs going backward.
	vf := make([]int, 2*maxD+2)
	vb := make([]int, 2*maxD+2)
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - mm
	odd := delta%2 != 0
	// Diagonals that ran off the grid are trimmed from the search.
	fStart, fEnd, bStart, bEnd := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		for k := -d + fStart; k <= d-fEnd; k += 2 {
			var x int
			if k == -d || (k != d && vf[off+k-1] < vf[off+k+1]) {
				x = vf[off+k+1]
			} else {
				x = vf[off+k-1] + 1
			}
			y := x - k
			for x < n && y < mm && a[x] == b[y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			switch {
			case x > n:
				fEnd += 2
			case y > mm:
				fStart += 2
			case odd:
				if kb := off + delta - k; kb >= 0 && kb < len(vb) && vb[kb] != -1 && x >= n-vb[kb] {
					return a0 + x, b0 + y, true
				}
			}
		}
		for k := -d + bStart; k <= d-bEnd; k += 2 {
			var x int
			if k == -d || (k != d && vb[off+k-1] < vb[off+k+1]) {
				x = vb[off+k+1]
			} else {
				x = vb[off+k-1] + 1
			}
			y := x - k
			for x < n && y < mm && a[n-x-1] == b[mm-y-1] {
				x, y = x+1, y+1
			}
			vb[off+k] = x
			switch {
			case x > n:
				bEnd += 2
			case y > mm:
				bStart += 2
			case !odd:
				if kf := off + delta - k; kf >= 0 && kf < len(vf) && vf[kf] != -1 {
					fx := vf[kf]
					fy := off + fx - kf
					if fx >= n-x {
						return a0 + fx, b0 + fy, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// A hunk is the script range [start, end) printed under one @@ line.
type hunk struct{ start, end int }

// hunks groups the changes of script into hunks with Context lines around
// each change; changes at most 2*Context unchanged lines apart share a
// hunk, as in GNU diff.
func hunks(script []edit) []hunk {
	var out []hunk
	for i := 0; i < len(script); {
		if script[i].op == ' ' {
			i++
			continue
		}
		h := hunk{start: max(i-Context, 0)}
		if n := len(out); n > 0 && h.start < out[n-1].end {
			h.start = out[n-1].end
		}
		last := i // the last change in this hunk
		for j := i + 1; j < len(script) && j-last-1 <= 2*Context; j++ {
			if script[j].op != ' ' {
				last = j
			}
		}
		h.end = min(last+1+Context, len(script))
		out = append(out, h)
		i = last + 1
	}
	return out
}

// write prints h: its @@ line, then its lines.
func (h hunk) write(out *bytes.Buffer, script []edit) {
	// Line numbers are 1-based; an empty range names the line before it.
	aLine, bLine := 1, 1
	for _, e := range script[:h.start] {
		if e.op != '+' {
			aLine++
		}
		if e.op != '-' {
			bLine++
		}
	}
	aCount, bCount := 0, 0
	for _, e := range script[h.start:h.end] {
		if e.op != '+' {
			aCount++
		}
		if e.op != '-' {
			bCount++
		}
	}
	if aCount == 0 {
		aLine--
	}
	if bCount == 0 {
		bLine--
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", aLine, aCount, bLine, bCount)
	for _, e := range script[h.start:h.end] {
		out.WriteByte(e.op)
		out.WriteString(e.line)
		if !strings.HasSuffix(e.line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
