package fficrt_test

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ffic/ffic/internal/wiretest"
	fficrt "github.com/ffic/ffic/runtime/go"
)

// allocBound is the most a decode of n input bytes may allocate. Each input
// byte yields at most one value, and the largest value one byte can yield
// in the vectors' schema is an empty map read as Options (six absent
// fields); a header claiming more items than the input holds is refused
// before anything is allocated.
func allocBound(n int) uint64 { return 256*uint64(n) + 4096 }

// allocated returns the bytes f allocates on the heap: the least of three
// runs, so that neither one-time set-up (a type's lookup tables) nor the
// fuzzing engine's own allocations count.
func allocated(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// fuzzTypes returns every type the vectors use, in a fixed order, and the
// seed inputs: every vector's bytes with the index of its type.
func fuzzTypes(tb testing.TB) ([]*fficrt.Type, []string, [][2]any) {
	s, v := loadVectors(tb)
	var names []string
	var seeds [][2]string
	for _, x := range v.Encode {
		names, seeds = append(names, x.Type), append(seeds, [2]string{x.Type, x.Hex})
	}
	for _, x := range v.Decode {
		names, seeds = append(names, x.Type), append(seeds, [2]string{x.Type, x.Hex})
	}
	for _, x := range v.Reject {
		names, seeds = append(names, x.Type), append(seeds, [2]string{x.Type, x.Hex})
	}
	slices.Sort(names)
	names = slices.Compact(names)
	types := make([]*fficrt.Type, len(names))
	for i, n := range names {
		types[i] = typeOf(tb, s, n)
	}
	var out [][2]any
	for _, sd := range seeds {
		i, _ := slices.BinarySearch(names, sd[0])
		out = append(out, [2]any{uint8(i), wiretest.MustUnhex(sd[1])})
	}
	return types, names, out
}

// FuzzDecode decodes arbitrary bytes as every type of the vectors
// (recursive ones included). It must never panic, never allocate more than
// allocBound, and never take long; an error must be a *WireError rooted
// at "value"; an accepted value must re-encode to bytes that fxamacker/cbor
// writes alike and that decode to the same value.
//
//	go test -run x -fuzz FuzzDecode -fuzztime 2m ./runtime/go/
func FuzzDecode(f *testing.F) {
	types, names, seeds := fuzzTypes(f)
	for _, s := range seeds {
		f.Add(s[0].(uint8), s[1].([]byte))
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		typ := types[int(which)%len(types)]
		var v any
		var err error
		start := time.Now()
		used := allocated(func() { v, err = fficrt.Unmarshal(typ, data, "value") })
		if d := time.Since(start); d > time.Second {
			t.Fatalf("decoding %d bytes as %s took %v", len(data), names[int(which)%len(types)], d)
		}
		if used > allocBound(len(data)) {
			t.Fatalf("decoding %d bytes as %s allocated %d bytes", len(data), typ, used)
		}
		if err != nil {
			var we *fficrt.WireError
			if !errors.As(err, &we) || !strings.HasPrefix(we.Path, "value") || we.Msg == "" {
				t.Fatalf("decoding as %s: error %T %q, want a *WireError rooted at value", typ, err, err)
			}
			return
		}
		enc, err := fficrt.Marshal(typ, v)
		if err != nil {
			t.Fatalf("%s: Marshal(Unmarshal(%x)): %v", typ, data, err)
		}
		if oracle, err := wiretest.OracleMarshal(typ, v); err != nil || string(oracle) != string(enc) {
			t.Fatalf("%s: Marshal(Unmarshal(%x)) = %x; fxamacker/cbor writes %x, %v", typ, data, enc, oracle, err)
		}
		v2, err := fficrt.Unmarshal(typ, enc, "value")
		if err != nil {
			t.Fatalf("%s: Unmarshal(Marshal(Unmarshal(%x))): %v", typ, data, err)
		}
		if diff := wiretest.Diff(typ, v, v2); diff != "" {
			t.Fatalf("%s: round trip of %x changed the value:\n%s", typ, data, diff)
		}
		// What runtime/go accepts is well-formed CBOR to fxamacker/cbor too.
		if err := wiretest.OracleWellformed(data); err != nil {
			t.Fatalf("%s: accepted %x, which fxamacker/cbor finds malformed: %v", typ, data, err)
		}
	})
}
