package fficrt

import (
	"sync"
	"testing"
	"time"
)

func TestQueueOrderAndBatches(t *testing.T) {
	q := NewQueue[int](0)
	for i := 0; i < 10; i++ {
		if err := q.Push(i); err != nil {
			t.Fatal(err)
		}
	}
	buf := make([]int, 4)
	var got []int
	for len(got) < 10 {
		n, err := q.Poll(buf, 0)
		if err != nil || n == 0 {
			t.Fatalf("Poll = %d, %v with items pending", n, err)
		}
		got = append(got, buf[:n]...)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("items came out as %v, want 0..9 in order", got)
		}
	}
	if n, err := q.Poll(buf, 0); n != 0 || err != nil {
		t.Errorf("Poll of an empty queue = %d, %v; want 0, nil", n, err)
	}
}

func TestQueueTimeoutWakeClose(t *testing.T) {
	q := NewQueue[int](2)
	buf := make([]int, 8)
	start := time.Now()
	if n, err := q.Poll(buf, 20*time.Millisecond); n != 0 || err != nil {
		t.Errorf("Poll with timeout = %d, %v", n, err)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Errorf("Poll returned before its timeout")
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if n, err := q.Poll(buf, -1); n != 0 || err != nil {
			t.Errorf("woken Poll = %d, %v; want 0, nil", n, err)
		}
	}()
	time.Sleep(10 * time.Millisecond)
	q.Wake()
	<-done

	_ = q.Push(1)
	_ = q.Push(2)
	if err := q.Push(3); err != ErrFull {
		t.Errorf("Push beyond the limit = %v, want ErrFull", err)
	}
	q.Close()
	if err := q.Push(4); err != ErrClosed {
		t.Errorf("Push after Close = %v, want ErrClosed", err)
	}
	if n, err := q.Poll(buf, -1); n != 2 || err != nil {
		t.Errorf("Poll after Close = %d, %v; want the 2 pending items", n, err)
	}
	if n, err := q.Poll(buf, -1); n != 0 || err != ErrClosed {
		t.Errorf("Poll of a closed, drained queue = %d, %v; want ErrClosed", n, err)
	}
}

// TestQueueConcurrent: 4 pushers and 3 pollers; every item arrives once,
// and each pusher's items arrive in its order. Run under -race.
func TestQueueConcurrent(t *testing.T) {
	q := NewQueue[[2]int](0)
	const pushers, per = 4, 5000
	var wg sync.WaitGroup
	for p := 0; p < pushers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				if err := q.Push([2]int{p, i}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	var mu sync.Mutex
	seen := map[[2]int]bool{}
	var pollers sync.WaitGroup
	for c := 0; c < 3; c++ {
		pollers.Add(1)
		go func() {
			defer pollers.Done()
			buf := make([][2]int, 64)
			last := map[int]int{}
			for {
				n, err := q.Poll(buf, -1)
				if err == ErrClosed {
					return
				}
				mu.Lock()
				for _, it := range buf[:n] {
					if seen[it] {
						t.Errorf("item %v delivered twice", it)
					}
					seen[it] = true
					if prev, ok := last[it[0]]; ok && it[1] <= prev {
						t.Errorf("pusher %d: item %d after %d", it[0], it[1], prev)
					}
					last[it[0]] = it[1]
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	q.Close()
	pollers.Wait()
	if len(seen) != pushers*per {
		t.Errorf("%d items delivered, want %d", len(seen), pushers*per)
	}
}

func TestQueueNotify(t *testing.T) {
	q := NewQueue[int](0)
	var n int
	if err := q.Push(1); err != nil {
		t.Fatal(err)
	}
	q.SetNotify(func() { n++ }) // an item is pending: at once
	if n != 1 {
		t.Fatalf("SetNotify with an item pending: %d notifications, want 1", n)
	}
	_ = q.Push(2) // not empty: none
	got := make([]int, 4)
	if k, _ := q.Poll(got, 0); k != 2 || n != 1 {
		t.Fatalf("Poll = %d, %d notifications; want 2, 1", k, n)
	}
	_ = q.Push(3) // into the empty queue
	if n != 2 {
		t.Fatalf("push into the empty queue: %d notifications, want 2", n)
	}
	q.Close()
	if n != 3 {
		t.Fatalf("Close: %d notifications, want 3", n)
	}
	q.SetNotify(nil)
	q.Close()
	if n != 3 {
		t.Fatalf("removed: %d notifications, want 3", n)
	}
}
