package fficrt

import (
	"sync"
	"testing"
)

func TestHandles(t *testing.T) {
	var h Handles[string]
	a := h.Add("a")
	b := h.Add("b")
	if a == 0 || b == 0 || a == b {
		t.Fatalf("Add gave handles %#x and %#x", a, b)
	}
	if v, ok := h.Get(a); !ok || v != "a" {
		t.Errorf("Get(a) = %q, %v", v, ok)
	}
	for _, bad := range []uint64{0, 1, a + 1<<32, a ^ 0xFFFF, 1 << 63, ^uint64(0), uint64(uint32(a))} {
		if v, ok := h.Get(bad); ok {
			t.Errorf("Get(%#x) = %q, want not found", bad, v)
		}
	}
	if _, ok := h.Remove(a); !ok {
		t.Fatalf("Remove(a) failed")
	}
	if _, ok := h.Remove(a); ok {
		t.Errorf("second Remove(a) succeeded")
	}
	if _, ok := h.Get(a); ok {
		t.Errorf("Get(a) after Remove succeeded")
	}
	// The slot is reused with a new generation: the stale handle stays dead.
	c := h.Add("c")
	if uint32(c) != uint32(a) || c == a {
		t.Errorf("Add after Remove = %#x; want slot of %#x reused with a new generation", c, a)
	}
	if _, ok := h.Get(a); ok {
		t.Errorf("stale handle %#x resolves after its slot was reused", a)
	}
	if v, ok := h.Get(c); !ok || v != "c" {
		t.Errorf("Get(c) = %q, %v", v, ok)
	}
	if h.Len() != 2 {
		t.Errorf("Len() = %d, want 2", h.Len())
	}
	n := 0
	h.Range(func(uint64, string) bool { n++; return true })
	if n != 2 {
		t.Errorf("Range saw %d objects, want 2", n)
	}
}

// TestHandlesConcurrent: readers never see a removed object as live, and
// exactly one of concurrent Removes wins. Run under -race.
func TestHandlesConcurrent(t *testing.T) {
	var h Handles[int]
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := h.Add(i)
				if v, ok := h.Get(k); !ok || v != i {
					t.Errorf("Get of a fresh handle = %d, %v", v, ok)
					return
				}
				if _, ok := h.Remove(k); !ok {
					t.Errorf("Remove of a fresh handle failed")
					return
				}
				if _, ok := h.Get(k); ok {
					t.Errorf("Get after Remove succeeded")
					return
				}
			}
		}()
	}
	wg.Wait()
	if h.Len() != 0 {
		t.Errorf("Len() = %d after removing everything", h.Len())
	}

	k := h.Add(1)
	wins := make(chan bool, 16)
	for g := 0; g < 16; g++ {
		go func() { _, ok := h.Remove(k); wins <- ok }()
	}
	n := 0
	for g := 0; g < 16; g++ {
		if <-wins {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d concurrent Removes of one handle succeeded, want 1", n)
	}
}

func BenchmarkHandlesGet(b *testing.B) {
	var h Handles[*int]
	x := 1
	k := h.Add(&x)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, ok := h.Get(k); !ok {
				b.Fatal("lost")
			}
		}
	})
}
