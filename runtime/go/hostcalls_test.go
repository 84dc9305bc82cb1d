package fficrt

import (
	"sync"
	"testing"
)

func TestHostCalls(t *testing.T) {
	var h HostCalls[string]
	id1, ch1 := h.Start()
	id2, ch2 := h.Start()
	if id1 == 0 || id2 <= id1 {
		t.Fatalf("call ids %d, %d: want nonzero and increasing", id1, id2)
	}
	if err := h.Complete(id2, "two"); err != nil {
		t.Fatalf("Complete(id2) = %v", err)
	}
	if got := <-ch2; got != "two" {
		t.Errorf("answer of id2 = %q", got)
	}
	if err := h.Complete(id2, "again"); err != ErrUnknownCall {
		t.Errorf("repeated Complete = %v, want ErrUnknownCall", err)
	}
	for _, bad := range []uint64{0, 999, id2 + 100} {
		if err := h.Complete(bad, "x"); err != ErrUnknownCall {
			t.Errorf("Complete(%d) = %v, want ErrUnknownCall", bad, err)
		}
	}
	id3, _ := h.Start()
	if !h.Abandon(id3) || h.Abandon(id3) {
		t.Errorf("Abandon should succeed once")
	}
	if err := h.Complete(id3, "late"); err != ErrUnknownCall {
		t.Errorf("Complete after Abandon = %v, want ErrUnknownCall", err)
	}
	if h.Waiting() != 1 {
		t.Errorf("Waiting() = %d, want 1", h.Waiting())
	}
	if n := h.Close("closed"); n != 1 {
		t.Errorf("Close answered %d calls, want 1", n)
	}
	if got := <-ch1; got != "closed" {
		t.Errorf("answer of id1 after Close = %q", got)
	}
	if err := h.Complete(id1, "late"); err != ErrClosed {
		t.Errorf("Complete after Close = %v, want ErrClosed", err)
	}
	id4, ch4 := h.Start()
	if id4 != 0 || <-ch4 != "closed" {
		t.Errorf("Start after Close = %d; want 0 and the closing answer", id4)
	}
	if h.Close("twice") != 0 {
		t.Errorf("second Close answered calls")
	}
}

// TestHostCallsExactlyOnce races answers, repeated answers and Close: every
// call gets exactly one answer. Run under -race.
func TestHostCallsExactlyOnce(t *testing.T) {
	var h HostCalls[int]
	const n = 2000
	ids := make([]uint64, n)
	chans := make([]<-chan int, n)
	for i := range ids {
		ids[i], chans[i] = h.Start()
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ids {
				_ = h.Complete(ids[i], i) // several answer each id; one wins
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); h.Close(-1) }()
	wg.Wait()
	for i, ch := range chans {
		got := <-ch
		if got != i && got != -1 {
			t.Fatalf("call %d answered %d", i, got)
		}
		select {
		case extra := <-ch:
			t.Fatalf("call %d answered twice (%d)", i, extra)
		default:
		}
	}
}
