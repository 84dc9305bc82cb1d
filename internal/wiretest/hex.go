package wiretest

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Hex strings in vectors.json are lowercase hex digits in which a repeat
// group `(HEX*N)` stands for HEX written N times (N decimal, groups do not
// nest). Large byte strings stay small and readable:
// "5a00011170(000102…feff*273)000102…6f" is 70,000 bytes in a 5-byte head.
// In Python: bytes.fromhex(re.sub(r"\(([0-9a-f]*)\*([0-9]+)\)",
// lambda m: m[1] * int(m[2]), s)).

var repeatGroup = regexp.MustCompile(`\(([0-9a-f]*)\*([0-9]+)\)`)

// Unhex decodes a vector hex string, expanding repeat groups.
func Unhex(s string) ([]byte, error) {
	var err error
	expanded := repeatGroup.ReplaceAllStringFunc(s, func(g string) string {
		m := repeatGroup.FindStringSubmatch(g)
		n, e := strconv.Atoi(m[2])
		if e != nil {
			err = e
			return ""
		}
		return strings.Repeat(m[1], n)
	})
	if err != nil {
		return nil, fmt.Errorf("hex %q: %v", s, err)
	}
	if strings.ToLower(expanded) != expanded {
		return nil, fmt.Errorf("hex %q: not lowercase", s)
	}
	b, err := hex.DecodeString(expanded)
	if err != nil {
		return nil, fmt.Errorf("hex %q: %v", s, err)
	}
	return b, nil
}

// MustUnhex is Unhex for vector definitions, which are constants.
func MustUnhex(s string) []byte {
	b, err := Unhex(s)
	if err != nil {
		panic(err)
	}
	return b
}

// minRepeat is the fewest bytes a repeat group covers.
const minRepeat = 128

// Hex encodes b as a vector hex string, writing every run of at least
// minRepeat bytes that repeats a unit of up to 256 bytes as a repeat group.
func Hex(b []byte) string {
	var out strings.Builder
	lit := 0 // start of the bytes not yet written
	for i := 0; i < len(b); {
		unit, count := bestRun(b[i:])
		if unit*count < minRepeat {
			i++
			continue
		}
		out.WriteString(hex.EncodeToString(b[lit:i]))
		fmt.Fprintf(&out, "(%s*%d)", hex.EncodeToString(b[i:i+unit]), count)
		i += unit * count
		lit = i
	}
	out.WriteString(hex.EncodeToString(b[lit:]))
	return out.String()
}

// bestRun finds the unit length (1 to 256) whose consecutive repetitions
// at the start of b cover the most bytes, preferring the shorter unit.
func bestRun(b []byte) (unit, count int) {
	best := 0
	for u := 1; u <= 256 && 2*u <= len(b); u++ {
		n := 1
		for (n+1)*u <= len(b) && bytes.Equal(b[n*u:(n+1)*u], b[:u]) {
			n++
		}
		if n > 1 && u*n > best {
			best, unit, count = u*n, u, n
		}
	}
	return unit, count
}
