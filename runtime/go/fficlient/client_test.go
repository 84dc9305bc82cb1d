package fficlient

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// fakeLib is a Lib whose functions record what the runtime asks of it.
func fakeLib(abi uint32, fp string) *Lib {
	return &Lib{
		Name: "fake", Fingerprint: "aaaaaaaa11", ABIVersion: 1,
		LibFingerprint: func() string { return fp },
		LibABIVersion:  func() uint32 { return abi },
		LastError:      func() string { return "last error" },
	}
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name, fp string
		abi      uint32
		want     string // "" for no error
	}{
		{"match", "aaaaaaaa11", 1, ""},
		{"fingerprint", "bbbbbbbb22", 1, "fingerprint bbbbbbbb…, this client expects aaaaaaaa…"},
		{"abi", "aaaaaaaa11", 2, "ABI version 2, this client needs version 1"},
	} {
		lib := fakeLib(tt.abi, tt.fp)
		err := lib.Check()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: Check() = %v, want nil", tt.name, err)
		case tt.want != "" && (!errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: Check() = %v, want ErrMismatch with %q", tt.name, err, tt.want)
		}
		if again := lib.Check(); again != err {
			t.Errorf("%s: a second Check() = %v, want the first one's result", tt.name, again)
		}
	}
}

// TestCheckGoRuntime: a library running in another Go runtime than the
// client's (a Go-built shared library) is refused with ErrGoSharedLibrary;
// one in the client's runtime (linked in) or in none (C) is accepted.
func TestCheckGoRuntime(t *testing.T) {
	for _, tt := range []struct {
		name string
		id   uintptr
		ok   bool
	}{
		{"C", 0, true},
		{"linked in", fficrt.RuntimeID(), true},
		{"shared library", fficrt.RuntimeID() + 1, false},
	} {
		lib := fakeLib(1, "aaaaaaaa11")
		lib.LibGoRuntime = func() uintptr { return tt.id }
		err := lib.Check()
		if tt.ok != (err == nil) || !tt.ok && (!errors.Is(err, ErrGoSharedLibrary) || !strings.Contains(err.Error(), "link the implementation's Go package")) {
			t.Errorf("%s: Check() = %v", tt.name, err)
		}
	}
}

func cbor(f func(e *fficrt.Encoder)) []byte {
	e := fficrt.GetEncoder()
	defer fficrt.PutEncoder(e)
	f(e)
	return append([]byte(nil), e.Bytes()...)
}

type typedErr struct{ code uint64 }

func (e typedErr) Error() string { return "typed" }

func TestFinish(t *testing.T) {
	readU64 := func(v *uint64) func(d *fficrt.Decoder) error {
		return func(d *fficrt.Decoder) (err error) { *v, err = d.ReadU64(); return err }
	}
	typed := func(d *fficrt.Decoder) (error, error) {
		n, err := d.ReadU64()
		return typedErr{n}, err
	}
	var v uint64
	if err := finish("op", StatusOK, cbor(func(e *fficrt.Encoder) { e.WriteU64(7) }), readU64(&v), typed, false); err != nil || v != 7 {
		t.Errorf("OK: %v, %d", err, v)
	}
	if err := finish("op", StatusOK, cbor(func(e *fficrt.Encoder) { e.WriteNull() }), nil, nil, false); err != nil {
		t.Errorf("OK without result: %v", err)
	}
	var fe *Error
	if err := finish("op", StatusOK, []byte{0x61}, readU64(&v), nil, false); !errors.As(err, &fe) || fe.Status != StatusDecodeError {
		t.Errorf("undecodable result: %#v", err)
	}
	err := finish("op", StatusTypedError, cbor(func(e *fficrt.Encoder) { e.WriteU64(3) }), nil, typed, false)
	var te typedErr
	if !errors.As(err, &te) || te.code != 3 {
		t.Errorf("typed: %#v", err)
	}
	msg := cbor(func(e *fficrt.Encoder) { e.WriteString("went wrong") })
	if err := finish("op", StatusError, msg, nil, typed, false); !errors.As(err, &fe) || fe.Message != "went wrong" || err.Error() != "op: went wrong" {
		t.Errorf("message: %#v", err)
	}
	if err := finish("op", StatusClosed, msg, nil, nil, false); !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), "(status 3)") {
		t.Errorf("closed: %v", err)
	}
	if err := finish("op", -1, nil, nil, nil, false); !errors.As(err, &fe) || fe.Message != "out of memory" {
		t.Errorf("out of memory: %#v", err)
	}
	if err := finish("op", StatusError, []byte{0xff}, nil, nil, false); err == nil || !strings.Contains(err.Error(), "undecodable message") {
		t.Errorf("undecodable message: %v", err)
	}
}

func TestNative(t *testing.T) {
	lib := fakeLib(1, "")
	if err := Native(lib, "op", StatusOK, StatusOK, nil, 0, nil); err != nil {
		t.Errorf("OK: %v", err)
	}
	var fe *Error
	if err := Native(lib, "op", StatusInvalidContext, 0, nil, 0, nil); !errors.As(err, &fe) || fe.Status != StatusInvalidContext || fe.Message != "last error" {
		t.Errorf("rejected: %#v", err)
	}
	if err := Native(lib, "op", StatusOK, StatusTypedError, nil, 0, func() (error, error) { return typedErr{1}, nil }); !errors.As(err, new(typedErr)) {
		t.Errorf("typed: %#v", err)
	}
	if err := Native(lib, "op", StatusOK, StatusTypedError, nil, 0, func() (error, error) { return nil, errors.New("bad") }); !errors.As(err, &fe) || fe.Status != StatusDecodeError {
		t.Errorf("bad typed: %#v", err)
	}
	if err := Native(lib, "op", StatusOK, statusNoCompletion, nil, 0, nil); !errors.As(err, &fe) || fe.Status != StatusInternal {
		t.Errorf("no completion: %#v", err)
	}
	if err := Native(lib, "op", StatusOK, StatusError, nil, 0, nil); !errors.As(err, &fe) || fe.Status != StatusError {
		t.Errorf("message: %#v", err)
	}
	if err := Ready(canceled(), lib); !errors.Is(err, context.Canceled) {
		t.Errorf("Ready: %v", err)
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestPendingLateCompletion: a completion that comes after its call gave
// up (or a second one) finds no handle and is dropped.
func TestPendingLateCompletion(t *testing.T) {
	p := pendings.Get().(*pending)
	h := targets.Add(p)
	p.deliver(h, StatusOK, 0, []byte{0xf6})
	p.deliver(h, StatusError, 0, nil) // a second completion: dropped
	<-p.done
	if p.status != StatusOK || len(p.data) != 1 {
		t.Fatalf("delivered %d %x", p.status, p.data)
	}
	if _, ok := targets.Get(h); ok {
		t.Fatal("the handle outlived its completion")
	}
	p.release()
	given := pendings.Get().(*pending)
	h = targets.Add(given)
	targets.Remove(h) // the call's ctx ended
	given.deliver(h, StatusOK, 0, nil)
	select {
	case <-given.done:
		t.Fatal("a late completion was delivered")
	default:
	}
	// given is reused for another call: the first call's late completion
	// must not reach it.
	h2 := targets.Add(given)
	given.deliver(h, StatusError, 0, []byte{1, 2, 3})
	select {
	case <-given.done:
		t.Fatal("a stale completion reached the reused pending")
	default:
	}
	given.deliver(h2, StatusOK, 0, []byte{0xf5})
	<-given.done
	if given.status != StatusOK || len(given.data) != 1 || given.data[0] != 0xf5 {
		t.Fatalf("delivered %d %x", given.status, given.data)
	}
}

// TestListenerPanics: a panicking subscriber loses its event, nothing else.
func TestListenerPanics(t *testing.T) {
	calls := 0
	l := &listener{name: "ev", fn: func(d *fficrt.Decoder) error { calls++; panic("subscriber") }}
	l.deliver(0, StatusOK, 1, []byte{0xa0})
	l.deliver(0, StatusOK, 1, []byte{0xa0})
	if calls != 2 {
		t.Fatalf("%d calls", calls)
	}
}

// TestImplementationAnswers: a host fn's answer is its result, its typed
// error, its message, or the panic's message, through lib.Complete.
func TestImplementationAnswers(t *testing.T) {
	type answer struct {
		id     uint64
		status int32
		data   []byte
	}
	answers := make(chan answer, 4)
	lib := fakeLib(1, "")
	lib.Complete = func(h, id uint64, st int32, data []byte) int32 {
		answers <- answer{id, st, append([]byte(nil), data...)}
		return StatusOK
	}
	c := &Context{lib: lib, h: 1}
	c.life, c.cancel = context.WithCancel(context.Background())
	defer c.cancel()
	m := &implementation{c: c, name: "h", decode: func(d *fficrt.Decoder) (HostRun, error) {
		what, err := d.ReadString()
		return func(ctx context.Context, e *fficrt.Encoder) error {
			switch what {
			case "ok":
				e.WriteU64(5)
				return nil
			case "typed":
				e.WriteU64(9)
				return Typed(nil)
			case "panic":
				panic("host fn panics")
			}
			return errors.New("plain failure")
		}, err
	}}
	for i, tt := range []struct {
		in     string
		status int32
		want   string
	}{
		{"ok", StatusOK, "05"}, {"typed", StatusTypedError, "09"}, {"message", StatusError, "plain failure"}, {"panic", StatusError, "host fn panics"},
	} {
		m.deliver(0, StatusOK, uint64(i+1), cbor(func(e *fficrt.Encoder) { e.WriteString(tt.in) }))
		a := <-answers
		got := string(a.data)
		if tt.status == StatusOK || tt.status == StatusTypedError {
			got = hex(a.data)
		}
		if a.id != uint64(i+1) || a.status != tt.status || !strings.Contains(got, tt.want) {
			t.Errorf("%s: answer %d %d %q, want status %d with %q", tt.in, a.id, a.status, got, tt.status, tt.want)
		}
	}
}

func hex(b []byte) string {
	const digits = "0123456789abcdef"
	var s strings.Builder
	for _, x := range b {
		s.WriteByte(digits[x>>4])
		s.WriteByte(digits[x&15])
	}
	return s.String()
}

// TestCloseIdempotent: concurrent and repeated Closes run L_destroy once
// and all return its result; later listens fail with ErrClosed.
func TestCloseIdempotent(t *testing.T) {
	lib := fakeLib(1, "")
	var destroys int
	lib.Destroy = func(h uint64, timeoutMs int32) int32 { destroys++; return StatusTimeout }
	c := &Context{lib: lib, h: 1, closing: make(chan struct{}), owned: map[uint64]bool{}}
	c.life, c.cancel = context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = c.Close() })
	}
	wg.Wait()
	for _, err := range errs {
		if err == nil || err != errs[0] {
			t.Fatalf("Close results %v", errs)
		}
	}
	if destroys != 1 || c.life.Err() == nil {
		t.Fatalf("%d destroys, life %v", destroys, c.life.Err())
	}
	if _, err := c.Listen("ev", nil, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Listen after Close: %v", err)
	}
}

func TestShardedTargets(t *testing.T) {
	var s shardedTargets
	seen := map[uint64]bool{}
	var hs []uint64
	for i := 0; i < 3*shards; i++ {
		h := s.Add(&pending{})
		if h == 0 || seen[h] {
			t.Fatalf("Add gave %#x (zero or repeated)", h)
		}
		seen[h] = true
		hs = append(hs, h)
	}
	for _, h := range hs {
		if _, ok := s.Get(h); !ok {
			t.Fatalf("Get(%#x) failed", h)
		}
	}
	for _, bad := range []uint64{0, 1, hs[0] ^ 1<<40, hs[0] + 1<<32, ^uint64(0)} {
		if _, ok := s.Get(bad); ok {
			t.Errorf("Get(%#x) of a made-up handle succeeded", bad)
		}
	}
	if _, ok := s.Remove(hs[0]); !ok {
		t.Fatal("Remove failed")
	}
	if _, ok := s.Remove(hs[0]); ok {
		t.Error("second Remove succeeded")
	}
	if _, ok := s.Get(hs[0]); ok {
		t.Error("Get after Remove succeeded")
	}
	// The slot is reused with a new generation: the stale handle stays dead.
	for i := 0; i < shards; i++ {
		s.Add(&pending{})
	}
	if _, ok := s.Get(hs[0]); ok {
		t.Error("stale handle resolves after its slot was reused")
	}
}
