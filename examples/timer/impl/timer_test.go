package impl

import (
	"context"
	"errors"
	"reflect"
	"testing"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	mytimerlib "github.com/ffic/ffic/examples/timer/gen/my_timer/lib"
	"github.com/ffic/ffic/runtime/go/fficlib"
)

// These tests unit-test the handlers against the generated TestEnv: a
// fake host, no shared library, no C ABI call (docs/go-library.md,
// "Unit tests of handlers").

func newTestTimer(t *testing.T, env mytimerlib.Env) mytimerlib.Impl {
	t.Helper()
	impl, err := newTimer(t.Context(), env, mytimer.TimerConfig{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return impl
}

// Echo asks the host for a token and logs through it, then fires
// echo_fired.
func TestEchoCallsHostAndFires(t *testing.T) {
	te := mytimerlib.NewTestEnv()
	var logged []string
	te.Host.FetchToken = func(_ context.Context, key string) (string, error) { return "tok-" + key, nil }
	te.Host.LogLine = func(_ context.Context, _ mytimer.Priority, line string) error {
		logged = append(logged, line)
		return nil
	}
	timer := newTestTimer(t, te.Env())

	resp, err := timer.Echo(t.Context(), mytimer.EchoRequest{Message: "hi", Tags: []string{"token:k", "log"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := mytimer.EchoPrefix + "hi+tok-k"; resp.Message != want {
		t.Errorf("message %q, want %q", resp.Message, want)
	}
	if !reflect.DeepEqual(logged, []string{"echo hi"}) {
		t.Errorf("logged %q", logged)
	}
	want := []any{mytimerlib.EchoFiredEvent{Message: mytimer.EchoPrefix + "hi+tok-k", EchoCount: 1}}
	if got := te.Events(); !reflect.DeepEqual(got, want) {
		t.Errorf("events %#v, want %#v", got, want)
	}
}

// A typed error the fake host returns reaches the handler as the typed
// error; a host fn the test did not set fails with ErrNotImplemented.
func TestEchoHostErrors(t *testing.T) {
	te := mytimerlib.NewTestEnv()
	te.Host.FetchToken = func(context.Context, string) (string, error) {
		return "", mytimer.TimerError{Code: 9, Message: "no such key"}
	}
	timer := newTestTimer(t, te.Env())
	_, err := timer.Echo(t.Context(), mytimer.EchoRequest{Message: "hi", Tags: []string{"token:k"}})
	var te9 mytimer.TimerError
	if !errors.As(err, &te9) || te9.Code != 9 {
		t.Errorf("echo with a failing host: %v, want the host's TimerError", err)
	}

	err = timer.ResyncClock(t.Context()) // NowMs is not set
	if !errors.Is(err, mytimer.ClockErrorUnavailable) || !errors.Is(err, fficlib.ErrNotImplemented) {
		t.Errorf("resync without NowMs: %v", err)
	}
	if got := te.Events(); len(got) != 0 {
		t.Errorf("events %v, want none", got)
	}
}

// ResyncClock reads the host clock, fires clock_changed, and reports a
// clock that went backwards.
func TestResyncClock(t *testing.T) {
	te := mytimerlib.NewTestEnv()
	clock := []uint64{1000, 2000, 1500}
	te.Host.NowMs = func(context.Context) (uint64, error) {
		now := clock[0]
		clock = clock[1:]
		return now, nil
	}
	timer := newTestTimer(t, te.Env())
	for i, want := range []error{nil, nil, mytimer.ClockErrorWentBackwards} {
		if err := timer.ResyncClock(t.Context()); !errors.Is(err, want) {
			t.Errorf("resync %d: %v, want %v", i, err, want)
		}
	}
	want := []any{mytimerlib.ClockChangedEvent{}, mytimerlib.ClockChangedEvent{}}
	if got := te.Events(); !reflect.DeepEqual(got, want) {
		t.Errorf("events %#v, want %#v", got, want)
	}
}

// A zero Env is no fake: its host fn calls fail with an error (no nil
// pointer panic) and its events are dropped.
func TestZeroEnv(t *testing.T) {
	timer := newTestTimer(t, mytimerlib.Env{})
	err := timer.ResyncClock(t.Context())
	if !errors.Is(err, mytimer.ClockErrorUnavailable) || !errors.Is(err, fficlib.ErrClosed) {
		t.Errorf("resync with a zero Env: %v", err)
	}
	if _, err := timer.Echo(t.Context(), mytimer.EchoRequest{Message: "hi"}); err != nil {
		t.Errorf("echo with a zero Env: %v", err)
	}
}
