package gohost

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	"github.com/ffic/ffic/examples/timer/gen/my_timer/client"
	_ "github.com/ffic/ffic/examples/timer/impl" // the library, in this binary
	"github.com/ffic/ffic/runtime/go/fficlient"
)

func config() mytimer.TimerConfig {
	return mytimer.TimerConfig{Name: "t", MaxPending: 16, WorkerThreads: 2, DefaultPriority: mytimer.PriorityNormal}
}

func host() client.Host {
	return client.Host{
		FetchToken: func(ctx context.Context, key string) (string, error) {
			switch key {
			case "typed":
				return "", mytimer.TimerError{Code: 7, Message: "no token"}
			case "panic":
				panic("host fn panics")
			case "late":
				time.Sleep(30 * time.Millisecond)
				return "late-token", nil
			case "message":
				return "", errors.New("plain failure")
			}
			return "tok-" + key, nil
		},
		NowMs: func(ctx context.Context) (uint64, error) { return 1700000000000, nil },
		LogLine: func(ctx context.Context, priority mytimer.Priority, line string) error {
			return nil
		},
	}
}

func open(t testing.TB) *client.Client {
	t.Helper()
	c, err := client.Open(context.Background(), config(), host())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestTimerTypes(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	if v, err := c.Version(ctx); err != nil || v != mytimer.TimerVersion {
		t.Fatalf("Version = %q, %v", v, err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s := mytimer.Scalars{Flag: true, Tiny: -8, Small: -16, Medium: -32, Large: -1 << 62, Octet: 255, Port: 65535,
		Count: 1 << 31, Nanos: 1 << 63, Ratio: 0.5, Precise: -1.25e-300, Text: "a\x00é⏰", Raw: []byte{0, 1, 255}}
	if got, err := c.Roundtrip(ctx, s); err != nil || !reflect.DeepEqual(got, s) {
		t.Fatalf("Roundtrip = %+v, %v", got, err)
	}
	id, err := c.Schedule(ctx, "m", mytimer.ScheduleEvery{Value: mytimer.Interval{PeriodMs: 1000}}, mytimer.PriorityHigh)
	if err != nil || id == 0 {
		t.Fatalf("Schedule = %d, %v", id, err)
	}
	if ok, err := c.Cancel(ctx, id); err != nil || !ok {
		t.Fatalf("Cancel = %v, %v", ok, err)
	}
	fb := &mytimer.TimerGroup{Name: "fb"}
	root := mytimer.TimerGroup{Name: "r", TimerIDs: []uint64{1, 2}, Subgroups: []mytimer.TimerGroup{{Name: "s"}},
		ByLabel: map[string]mytimer.TimerGroup{"x": {Name: "x"}}, Fallback: fb}
	if err := c.SetGroups(ctx, root); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	note := "n"
	res, err := c.Echo(ctx, mytimer.EchoRequest{Message: "hi", Tags: []string{"token:k", "log"}, Note: &note,
		Attrs: map[string]int64{"a": 1}, Priority: mytimer.PriorityLow})
	if err != nil || res.Message != mytimer.EchoPrefix+"hi+tok-k" || res.Note == nil || *res.Note != "n" {
		t.Fatalf("Echo = %+v, %v", res, err)
	}
	if p, err := client.ParsePriority(ctx, "high"); err != nil || p != mytimer.PriorityHigh {
		t.Fatalf("ParsePriority = %v, %v", p, err)
	}
	if n, err := client.MeasureClockSkew(ctx, "abc", 2); err != nil || n != 6 {
		t.Fatalf("MeasureClockSkew = %v, %v", n, err)
	}
}

func TestTimerErrors(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	// typed errors: struct, enum, union
	_, err := c.Echo(ctx, mytimer.EchoRequest{Message: "x", DelayMs: 999999})
	var te mytimer.TimerError
	if !errors.As(err, &te) || te.Code != 3 || te.RetryAfterMs == nil {
		t.Fatalf("Echo too long: %v", err)
	}
	if _, err := client.MeasureClockSkew(ctx, "", 0); !errors.Is(err, mytimer.ClockErrorUnavailable) {
		t.Fatalf("MeasureClockSkew: %#v", err)
	}
	_, err = c.Schedule(ctx, "m", mytimer.ScheduleOnce{Value: 999999}, mytimer.PriorityLow)
	var se mytimer.ScheduleError
	if !errors.As(err, &se) {
		t.Fatalf("Schedule too long: %#v", err)
	}
	// messages
	_, err = client.ParsePriority(ctx, "nope")
	var fe *fficlient.Error
	if !errors.As(err, &fe) || fe.Status != fficlient.StatusError || !strings.Contains(fe.Message, "unknown priority") {
		t.Fatalf("ParsePriority: %#v", err)
	}
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "panic"}); err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("Echo panic: %v", err)
	}
	// host fns: typed, panicking, late, message
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "x", Tags: []string{"token:typed"}}); !errors.As(err, &te) || te.Code != 7 {
		t.Fatalf("host typed: %v", err)
	}
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "x", Tags: []string{"token:panic"}}); err == nil || !strings.Contains(err.Error(), "host fn panics") {
		t.Fatalf("host panic: %v", err)
	}
	if r, err := c.Echo(ctx, mytimer.EchoRequest{Message: "x", Tags: []string{"token:late"}}); err != nil || !strings.HasSuffix(r.Message, "late-token") {
		t.Fatalf("host late: %v %v", r, err)
	}
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "x", Tags: []string{"token:message"}}); err == nil || !strings.Contains(err.Error(), "plain failure") {
		t.Fatalf("host message: %v", err)
	}
	// ctor typed error
	cfg := config()
	cfg.ClockOffsetUs = -1
	if _, err := client.Open(ctx, cfg, client.Host{}); !errors.As(err, &te) || te.Code != 2 {
		t.Fatalf("Open: %v", err)
	}
	// invalid input is refused before the call
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "\xff"}); err == nil {
		t.Fatal("invalid UTF-8 accepted")
	}
}

func TestTimerHostNotImplemented(t *testing.T) {
	c, err := client.Open(context.Background(), config(), client.Host{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.ResyncClock(context.Background()); !errors.Is(err, mytimer.ClockErrorUnavailable) {
		t.Fatalf("ResyncClock without NowMs: %v", err)
	}
}

func TestTimerEvents(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	var a, b atomic.Int64
	got := make(chan string, 10)
	unA, err := c.OnEchoFired(func(message string, echoCount int64) { a.Add(1); got <- message })
	if err != nil {
		t.Fatal(err)
	}
	unB, err := c.OnEchoFired(func(string, int64) { b.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	clock := make(chan struct{}, 1)
	if _, err := c.OnClockChanged(func() { clock <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "e1"}); err != nil {
		t.Fatal(err)
	}
	if m := <-got; m != mytimer.EchoPrefix+"e1" {
		t.Fatalf("event %q", m)
	}
	if err := c.ResyncClock(ctx); err != nil {
		t.Fatal(err)
	}
	<-clock
	unA()
	unA() // idempotent
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "e2"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for b.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if a.Load() != 1 || b.Load() != 2 {
		t.Fatalf("a=%d b=%d", a.Load(), b.Load())
	}
	unB()
}

func TestTimerCancellation(t *testing.T) {
	c := open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Sleep(ctx, 2000)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("Sleep: %v after %v", err, time.Since(start))
	}
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := c.Ping(done); !errors.Is(err, context.Canceled) {
		t.Fatalf("Ping on a cancelled ctx: %v", err)
	}
	// the client still works after dropping a late completion
	if err := c.Sleep(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}

func TestTimerCloseInFlight(t *testing.T) {
	c, err := client.Open(context.Background(), config(), host())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Sleep(context.Background(), 5000)
		}()
	}
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	var cw sync.WaitGroup
	for range 3 {
		cw.Add(1)
		go func() { defer cw.Done(); _ = c.Close() }()
	}
	cw.Wait()
	wg.Wait()
	close(errs)
	if time.Since(start) > 3*time.Second {
		t.Fatalf("Close took %v", time.Since(start))
	}
	for err := range errs {
		if err == nil {
			t.Fatal("a sleep in flight succeeded")
		}
	}
	if err := c.Ping(context.Background()); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("Ping after Close: %v", err)
	}
	if _, err := c.OnClockChanged(func() {}); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("listen after Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestTimerConcurrent(t *testing.T) {
	c := open(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := range 50 {
				if _, err := c.Version(ctx); err != nil {
					t.Error(err)
					return
				}
				r, err := c.Echo(ctx, mytimer.EchoRequest{Message: "g", Tags: []string{"token:" + string(rune('a'+g))}})
				if err != nil || !strings.HasSuffix(r.Message, "tok-"+string(rune('a'+g))) {
					t.Error(r, err)
					return
				}
				if i%10 == 0 {
					un, err := c.OnEchoFired(func(string, int64) {})
					if err != nil {
						t.Error(err)
						return
					}
					un()
				}
			}
		}()
	}
	wg.Wait()
}

// TestTimerCBOROnly runs the call tests again with every fn called through
// its CBOR entry point, also those the client calls natively (Ping,
// Cancel, ResyncClock).
func TestTimerCBOROnly(t *testing.T) {
	fficlient.CBOROnly = true
	defer func() { fficlient.CBOROnly = false }()
	t.Run("types", TestTimerTypes)
	t.Run("errors", TestTimerErrors)
	t.Run("not-implemented", TestTimerHostNotImplemented)
}

// TestExampleProgram builds and runs examples/timer/gohost, the Go host
// program of the example (with the race detector when this test has it),
// and checks that every call, event and host fn it shows came through.
func TestExampleProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "gohost")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "../../examples/timer/gohost")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("gohost: %v\n%s", err, out)
	}
	// Events and host fns print from other goroutines: check lines, not
	// their order.
	lines := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		lines[l] = true
	}
	for _, want := range []string{
		strings.TrimSuffix(mytimer.Banner, "\n"), "version: timer/1.0", "ping: ok", "schedule: timer 1",
		"schedule: too long (60000 ms)", "cancel: true", "cancel: false", `roundtrip: "nul\x00inside", 3 bytes`,
		"resync_clock: ok", "flush: ok", "parse_priority: 6", "host fetch_token(api)", "host log_line[0]: echo hello",
		"event timer_stopped: timer 1, reason 0", "sleep: context deadline exceeded", "done",
	} {
		if !lines[want] {
			t.Errorf("no line %q in:\n%s", want, out)
		}
	}
	// The timer (10 ms) usually fires before the echo (20 ms) completes, but
	// on a loaded machine it may not: the two share one echo counter.
	tick, echo := "event echo_fired: echo:\ttick (#%d)", "echo: echo:\thello+s3cr3t (#%d)"
	if !(lines[fmt.Sprintf(tick, 1)] && lines[fmt.Sprintf(echo, 2)]) && !(lines[fmt.Sprintf(tick, 2)] && lines[fmt.Sprintf(echo, 1)]) {
		t.Errorf("no tick and echo lines numbered 1 and 2 in:\n%s", out)
	}
}

// TestTimerEventsReentrant: a subscriber may call the library, subscribe
// and unsubscribe (itself included) from the event thread, and once its
// own unsubscribe returned it is not called again.
func TestTimerEventsReentrant(t *testing.T) {
	c := open(t)
	ctx := context.Background()
	var self atomic.Pointer[func()]
	var calls, later atomic.Int64
	errs := make(chan error, 4)
	un, err := c.OnEchoFired(func(string, int64) {
		if calls.Add(1) > 1 {
			return
		}
		if err := c.Ping(ctx); err != nil { // a call from the event thread
			errs <- err
		}
		if _, err := c.OnEchoFired(func(string, int64) { later.Add(1) }); err != nil {
			errs <- err
		}
		(*self.Load())() // unsubscribes itself
		errs <- nil
	})
	if err != nil {
		t.Fatal(err)
	}
	self.Store(&un)
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "first"}); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if _, err := c.Echo(ctx, mytimer.EchoRequest{Message: "second"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for later.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if calls.Load() != 1 || later.Load() != 1 {
		t.Fatalf("the self-removing subscriber ran %d times, the one it added %d times", calls.Load(), later.Load())
	}
}

// TestTimerCloseFromSubscriber: Close called on the event thread, from a
// subscriber, closes the client without waiting for that subscriber.
func TestTimerCloseFromSubscriber(t *testing.T) {
	c, err := client.Open(context.Background(), config(), host())
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	if _, err := c.OnEchoFired(func(string, int64) { closed <- c.Close() }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Echo(context.Background(), mytimer.EchoRequest{Message: "bye"}); err != nil && !errors.Is(err, fficlient.ErrClosed) {
		t.Fatal(err)
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close from a subscriber: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close from a subscriber did not return")
	}
	if err := c.Ping(context.Background()); !errors.Is(err, fficlient.ErrClosed) {
		t.Fatalf("Ping after Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestTypedErrorPrintsValues: a typed error's message shows what an
// optional field holds, not its address.
func TestTypedErrorPrintsValues(t *testing.T) {
	ms := uint32(250)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{mytimer.TimerError{Code: 3, Message: "busy", RetryAfterMs: &ms}, "TimerError {Code:3 Message:busy RetryAfterMs:250}"},
		{mytimer.TimerError{Code: 3, Message: "busy"}, "TimerError {Code:3 Message:busy RetryAfterMs:<nil>}"},
		{&mytimer.TimerError{Code: 1, RetryAfterMs: &ms}, "TimerError {Code:1 Message: RetryAfterMs:250}"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
