package fficlient

import (
	"context"
	"fmt"
	"sync"
	"unsafe"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// Lib describes one library to the runtime: the generated code fills it
// with the library's constants and small functions calling its C symbols.
type Lib struct {
	Name        string
	Fingerprint string // the interface the client was generated from
	ABIVersion  uint32

	LibFingerprint func() string
	LibABIVersion  func() uint32
	LibGoRuntime   func() uintptr // fficrt.RuntimeID of a Go implementation, 0 for others; nil: not checked
	LastError      func() string
	New            func(req []byte, slot unsafe.Pointer) int32
	Destroy        func(h uint64, timeoutMs int32) int32
	Unlisten       func(h, id uint64) int32
	DroppedEvents  func(h uint64, count *uint64) int32
	Complete       func(h, id uint64, status int32, data []byte) int32

	once sync.Once
	err  error
}

// Check compares the library's ABI version and fingerprint with the
// client's, once per process.
func (l *Lib) Check() error {
	l.once.Do(func() {
		if v := l.LibABIVersion(); v != l.ABIVersion {
			l.err = fmt.Errorf("%s: the library implements ffic ABI version %d, this client needs version %d: %w",
				l.Name, v, l.ABIVersion, ErrMismatch)
			return
		}
		if fp := l.LibFingerprint(); fp != l.Fingerprint {
			l.err = fmt.Errorf("%s: the library was built from another interface (fingerprint %.8s…, this client expects %.8s…); regenerate both from the same .ffi: %w",
				l.Name, fp, l.Fingerprint, ErrMismatch)
			return
		}
		if l.LibGoRuntime != nil {
			if id := l.LibGoRuntime(); id != 0 && id != fficrt.RuntimeID() {
				l.err = fmt.Errorf("%s: the library is a Go-built shared library (-buildmode=c-shared), which Go does not support in a Go program; "+
					"link the implementation's Go package into this program instead (ffic's docs/go.md, Linking): %w", l.Name, ErrGoSharedLibrary)
			}
		}
	})
	return l.err
}

// Entry is one fn of the library: Invoke calls its CBOR entry point with
// the request, completing into slot (plain fns) or through fficlient1_cb
// with ud (async fns). Typed decodes the fn's typed error (nil: no throws).
type Entry struct {
	Name   string
	Async  bool
	Invoke func(h uint64, req []byte, slot unsafe.Pointer, ud uintptr) int32
	Typed  func(d *fficrt.Decoder) (typed error, err error)
}

// Context is one library context, as a generated Client holds it.
type Context struct {
	lib    *Lib
	h      uint64
	life   context.Context // cancelled by Close: the ctx of host fns
	cancel context.CancelFunc

	// CloseTimeout is how long Close waits for work in flight (L_destroy's
	// timeout); set it before Close.
	CloseTimeout int32

	mu      sync.Mutex
	closed  bool
	closing chan struct{}
	err     error
	owned   map[uint64]bool // handles of listeners and implementations
}

// Open creates a context: it checks the library, then runs L_cbor_new
// with the encoded ctor parameters.
func Open(ctx context.Context, lib *Lib, enc func(*fficrt.Encoder) error, typed func(*fficrt.Decoder) (error, error)) (*Context, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := lib.Check(); err != nil {
		return nil, err
	}
	e := fficrt.GetEncoder()
	defer fficrt.PutEncoder(e)
	if err := enc(e); err != nil {
		return nil, &Error{Op: "new", Status: StatusInvalidArgument, Message: err.Error()}
	}
	s := getSlot()
	defer s.release()
	if st := lib.New(e.Bytes(), s.Ptr()); st != StatusOK {
		return nil, &Error{Op: "new", Status: st, Message: lib.LastError()}
	}
	if err := finish(lib.Name+".new", s.status(), s.data(), func(d *fficrt.Decoder) error { return d.ReadNull() }, typed, true); err != nil {
		return nil, err
	}
	c := &Context{lib: lib, h: s.id(), CloseTimeout: 10000, closing: make(chan struct{}), owned: map[uint64]bool{}}
	c.life, c.cancel = context.WithCancel(context.Background())
	return c, nil
}

// Handle is the library's handle of the context.
func (c *Context) Handle() uint64 { return c.h }

// DroppedEvents is the number of events of the context the library
// dropped so far because its event backlog was full (L_dropped_events):
// subscribers that are too slow lose events, in firing order, never
// memory.
func (c *Context) DroppedEvents() (uint64, error) {
	var n uint64
	if st := c.lib.DroppedEvents(c.h, &n); st != StatusOK {
		return 0, &Error{Op: "dropped_events", Status: st, Message: c.lib.LastError()}
	}
	return n, nil
}

// Close destroys the context (L_destroy, waiting up to CloseTimeout ms).
// It is idempotent and safe with calls in flight: they complete, or fail
// with an error matching ErrClosed; later calls fail with ErrClosed.
// Every Close returns the first one's result.
func (c *Context) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		<-c.closing
		return c.err
	}
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	st := c.lib.Destroy(c.h, c.CloseTimeout)
	c.mu.Lock()
	switch st {
	case StatusOK:
		// No callback of the context runs or will run: drop its handles.
		for h := range c.owned {
			targets.Remove(h)
		}
		clear(c.owned)
	case StatusTimeout:
		// Callbacks may still come; their handles stay valid (a few bytes).
		c.err = &Error{Op: "close", Status: st, Message: "work still running at the deadline"}
	default:
		c.err = &Error{Op: "close", Status: st, Message: c.lib.LastError()}
	}
	c.mu.Unlock()
	close(c.closing)
	return c.err
}

// own registers a handle of the context, unless it is closed.
func (c *Context) own(t target) (uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, &Error{Op: c.lib.Name, Status: StatusClosed, Message: "the client is closed"}
	}
	h := targets.Add(t)
	c.owned[h] = true
	return h, nil
}

func (c *Context) disown(h uint64) {
	c.mu.Lock()
	delete(c.owned, h)
	c.mu.Unlock()
	targets.Remove(h)
}

// Call makes a call of a context; see CallStatic.
func (c *Context) Call(ctx context.Context, f *Entry, enc func(*fficrt.Encoder) error, dec func(*fficrt.Decoder) error) error {
	return call(ctx, c.lib, c.h, f, enc, dec)
}

// CallStatic makes a call of a static fn: it encodes the request with enc,
// runs the entry point and decodes the result with dec (nil: the fn has
// none). A plain fn completes on this goroutine's thread, before the entry
// point returns; an async fn is awaited until it completes or ctx is done
// (then ctx.Err() is returned at once, and the late completion dropped).
func CallStatic(ctx context.Context, lib *Lib, f *Entry, enc func(*fficrt.Encoder) error, dec func(*fficrt.Decoder) error) error {
	if err := lib.Check(); err != nil {
		return err
	}
	return call(ctx, lib, 0, f, enc, dec)
}

func call(ctx context.Context, lib *Lib, h uint64, f *Entry, enc func(*fficrt.Encoder) error, dec func(*fficrt.Decoder) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e := fficrt.GetEncoder()
	if err := enc(e); err != nil {
		fficrt.PutEncoder(e)
		return &Error{Op: f.Name, Status: StatusInvalidArgument, Message: err.Error()}
	}
	if !f.Async {
		s := getSlot()
		st := f.Invoke(h, e.Bytes(), s.Ptr(), 0)
		fficrt.PutEncoder(e)
		if st != StatusOK {
			s.release()
			return &Error{Op: f.Name, Status: st, Message: lib.LastError()}
		}
		err := finish(f.Name, s.status(), s.data(), dec, f.Typed, false)
		s.release()
		return err
	}
	p := pendings.Get().(*pending)
	ud := targets.Add(p)
	st := f.Invoke(h, e.Bytes(), nil, uintptr(ud))
	fficrt.PutEncoder(e)
	if st != StatusOK {
		targets.Remove(ud)
		pendings.Put(p)
		return &Error{Op: f.Name, Status: st, Message: lib.LastError()}
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		if _, ok := targets.Remove(ud); ok {
			// The completion, when it comes, finds no target; p is ours
			// again.
			pendings.Put(p)
			return ctx.Err()
		}
		<-p.done // being delivered right now
		p.release()
		return ctx.Err()
	}
	err := finish(f.Name, p.status, p.data, dec, f.Typed, false)
	p.release()
	return err
}

// pending is an async call waiting for its completion. Pendings are
// pooled with their channel: an async call then allocates only its
// handle's entry (a fresh channel per call was 10 % of the CPU time at 64
// calls in flight).
type pending struct {
	done   chan struct{} // one value per delivery
	status int32
	data   []byte
}

var pendings = sync.Pool{New: func() any { return &pending{done: make(chan struct{}, 1)} }}

// deliver runs once per handle at most: whoever removes the handle from
// targets owns p, and a deliver that finds it gone touches nothing.
func (p *pending) deliver(h uint64, status int32, _ uint64, data []byte) {
	if _, ok := targets.Remove(h); !ok {
		return // given up (ctx done) or delivered already
	}
	p.status, p.data = status, append(p.data[:0], data...)
	p.done <- struct{}{}
}

// release returns p to the pool once its delivery was received.
func (p *pending) release() {
	if cap(p.data) > 4<<10 {
		p.data = nil // keep the pool small
	}
	pendings.Put(p)
}

// finish turns a completion into the call's error, decoding the result
// with dec on success.
func finish(op string, status int32, data []byte, dec func(*fficrt.Decoder) error, typed func(*fficrt.Decoder) (error, error), ctor bool) error {
	switch status {
	case StatusOK:
		if ctor {
			return nil // L_cbor_new's data is empty: the context is the id
		}
		d := fficrt.GetDecoder(data, "result")
		defer fficrt.PutDecoder(d)
		var err error
		if dec == nil {
			err = d.ReadNull()
		} else {
			err = dec(d)
		}
		if err == nil {
			err = d.Finish()
		}
		if err != nil {
			return &Error{Op: op, Status: StatusDecodeError, Message: "invalid result: " + err.Error()}
		}
		return nil
	case StatusTypedError:
		if typed != nil {
			d := fficrt.GetDecoder(data, "error")
			defer fficrt.PutDecoder(d)
			te, err := typed(d)
			if err == nil {
				err = d.Finish()
			}
			if err != nil {
				return &Error{Op: op, Status: StatusDecodeError, Message: "invalid typed error: " + err.Error()}
			}
			return te
		}
	case -1:
		return &Error{Op: op, Status: StatusInternal, Message: "out of memory"}
	}
	d := fficrt.GetDecoder(data, "message")
	defer fficrt.PutDecoder(d)
	msg, err := d.ReadString()
	if err != nil {
		msg = "(undecodable message: " + err.Error() + ")"
	}
	return &Error{Op: op, Status: status, Message: msg}
}
