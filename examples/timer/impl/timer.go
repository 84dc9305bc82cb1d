// Package impl is the Go implementation of examples/timer/timer.ffi:
// importing it registers the implementation with the generated package
// examples/timer/gen/my_timer. Timers run on goroutines and report
// through events; echo asks its host for tokens and logs through host fns;
// resync_clock reads the host's clock.
//
// It is linked two ways: into a shared library any C host can load
// (examples/timer/golib, go build -buildmode=c-shared), and into a Go
// program that uses it through the generated client, in process and
// still through the C ABI (examples/timer/gohost).
//
// A few inputs exist to show what the runtime does with misbehaving
// handlers (the end-to-end tests use them): an echo of "panic" panics, and
// a negative clock offset in the config fails the ctor with a typed error.
package impl

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	mytimerlib "github.com/ffic/ffic/examples/timer/gen/my_timer/lib"
)

func init() {
	mytimerlib.Register(newTimer)
	mytimerlib.RegisterStatic(statics{})
}

// timer is one context.
type timer struct {
	ctx    context.Context
	env    mytimerlib.Env
	config mytimer.TimerConfig

	echoes atomic.Int64
	nextID atomic.Uint64

	mu       sync.Mutex
	pending  map[uint64]*pendingTimer
	paused   map[uint64]string
	groups   mytimer.TimerGroup
	firedBy  map[string]uint64
	outcomes map[bool]uint32
	lastStop *mytimer.StopReason
	lastNow  uint64
}

type pendingTimer struct {
	message string
	stop    chan struct{}
}

func newTimer(ctx context.Context, env mytimerlib.Env, config mytimer.TimerConfig) (mytimerlib.Impl, error) {
	if config.Name == "" {
		return nil, mytimer.TimerError{Code: 1, Message: "config.name is empty"}
	}
	if config.ClockOffsetUs < 0 {
		retry := uint32(100)
		return nil, &mytimer.TimerError{Code: 2, Message: "negative clock offset", RetryAfterMs: &retry}
	}
	if config.MaxPending == 0 {
		config.MaxPending = mytimer.MaxPending
	}
	// How long a host fn call waits for the host's answer (the default
	// is 60 s); a host can shorten it for its tests.
	if v, ok := config.Options["host_timeout_ms"]; ok {
		ms, err := strconv.ParseUint(v, 10, 31)
		if err != nil {
			return nil, mytimer.TimerError{Code: 4, Message: "options.host_timeout_ms: " + err.Error()}
		}
		env.SetHostTimeout(time.Duration(ms) * time.Millisecond)
	}
	return &timer{
		ctx: ctx, env: env, config: config,
		pending:  map[uint64]*pendingTimer{},
		paused:   map[uint64]string{},
		firedBy:  map[string]uint64{},
		outcomes: map[bool]uint32{},
	}, nil
}

func (t *timer) Version(context.Context) (string, error) { return mytimer.TimerVersion, nil }

func (t *timer) Ping(context.Context) error { return nil }

// Flush fires every paused timer now.
func (t *timer) Flush(context.Context) (mytimer.FlushResult, error) {
	t.mu.Lock()
	paused := t.paused
	t.paused = map[uint64]string{}
	t.mu.Unlock()
	for id, msg := range paused {
		t.fire(id, msg)
		t.stopped(id, mytimer.StopReasonFired)
	}
	return mytimer.FlushResult{}, nil
}

func (t *timer) Schedule(_ context.Context, message string, when mytimer.Schedule, _ mytimer.Priority) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending)+len(t.paused) >= int(t.config.MaxPending) {
		return 0, mytimer.ScheduleErrorFull{}
	}
	id := t.nextID.Add(1)
	switch w := when.(type) {
	case mytimer.ScheduleOnce:
		if w.Value > uint64(mytimer.MaxDelayMs) {
			return 0, mytimer.ScheduleErrorTooLong{Value: w.Value}
		}
		t.start(id, message, []time.Duration{time.Duration(w.Value) * time.Millisecond})
	case mytimer.ScheduleEvery:
		if w.Value.PeriodMs == 0 {
			return 0, errors.New("every.period_ms must be at least 1")
		}
		n := 1000
		if w.Value.Count != nil {
			n = int(*w.Value.Count)
		}
		delays := make([]time.Duration, n)
		for i := range delays {
			delays[i] = time.Duration(w.Value.PeriodMs) * time.Millisecond
		}
		t.start(id, message, delays)
	case mytimer.ScheduleAt:
		now := uint64(time.Now().UnixMilli())
		var delays []time.Duration
		prev := now
		for _, at := range w.Value {
			if at > prev {
				delays = append(delays, time.Duration(at-prev)*time.Millisecond)
				prev = at
			} else {
				delays = append(delays, 0)
			}
		}
		t.start(id, message, delays)
	case mytimer.SchedulePaused:
		t.paused[id] = message
	}
	return id, nil
}

// start runs timer id on a goroutine: it fires after each delay in turn.
func (t *timer) start(id uint64, message string, delays []time.Duration) {
	p := &pendingTimer{message: message, stop: make(chan struct{})}
	t.pending[id] = p
	go func() {
		for _, d := range delays {
			select {
			case <-time.After(d):
				t.fire(id, message)
			case <-p.stop:
				t.stopped(id, mytimer.StopReasonCancelled)
				return
			case <-t.ctx.Done():
				return
			}
		}
		t.mu.Lock()
		delete(t.pending, id)
		t.mu.Unlock()
		t.stopped(id, mytimer.StopReasonFired)
	}()
}

func (t *timer) fire(id uint64, message string) {
	n := t.echoes.Add(1)
	t.mu.Lock()
	t.firedBy[fmt.Sprint(id)]++
	t.mu.Unlock()
	t.env.Events.EchoFired(mytimer.EchoPrefix+message, n)
}

func (t *timer) stopped(id uint64, reason mytimer.StopReason) {
	t.mu.Lock()
	t.lastStop = &reason
	t.mu.Unlock()
	t.env.Events.TimerStopped(id, reason, uint64(time.Now().UnixMilli()))
}

func (t *timer) Cancel(_ context.Context, id uint64) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.pending[id]; ok {
		delete(t.pending, id)
		close(p.stop)
		return true, nil
	}
	if _, ok := t.paused[id]; ok {
		delete(t.paused, id)
		go t.stopped(id, mytimer.StopReasonCancelled)
		return true, nil
	}
	return false, nil
}

func (t *timer) SetGroups(_ context.Context, root mytimer.TimerGroup) error {
	t.mu.Lock()
	t.groups = root
	t.mu.Unlock()
	return nil
}

func (t *timer) Stats(context.Context) (mytimer.Stats, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fired := map[string]uint64{}
	for k, v := range t.firedBy {
		fired[k] = v
	}
	outcomes := map[bool]uint32{}
	for k, v := range t.outcomes {
		outcomes[k] = v
	}
	pendingBySlot := map[uint16]int64{}
	for id := range t.pending {
		pendingBySlot[uint16(id&mytimer.TimerSlotMask)]++
	}
	var batches []map[string]*mytimer.EchoRequest
	if len(t.paused) > 0 {
		batch := map[string]*mytimer.EchoRequest{}
		for id, msg := range t.paused {
			batch[fmt.Sprint(id)] = &mytimer.EchoRequest{Message: msg, Tags: []string{}, Attrs: map[string]int64{}, Blob: []byte{}, Priority: t.config.DefaultPriority}
		}
		batches = append(batches, batch, map[string]*mytimer.EchoRequest{"cancelled": nil})
	}
	return mytimer.Stats{
		FiredByTag:          fired,
		CallsByOutcome:      outcomes,
		PendingBySlot:       pendingBySlot,
		LatenciesByPriority: map[mytimer.Priority][]float32{t.config.DefaultPriority: {0.5, 1.25}},
		Batches:             batches,
		LastStop:            t.lastStop,
	}, nil
}

func (t *timer) Roundtrip(_ context.Context, v mytimer.Scalars) (mytimer.Scalars, error) {
	return v, nil
}

// ResyncClock reads the host's clock; a clock that went backwards is a
// typed error.
func (t *timer) ResyncClock(ctx context.Context) error {
	now, err := t.env.Host.NowMs(ctx)
	if err != nil {
		// Both stay visible: the typed error for the host, and the cause
		// (destroy, say, which makes the call complete as CLOSED).
		return fmt.Errorf("%w: %w", mytimer.ClockErrorUnavailable, err)
	}
	t.mu.Lock()
	last := t.lastNow
	t.lastNow = now
	t.mu.Unlock()
	if now < last {
		return mytimer.ClockErrorWentBackwards
	}
	t.env.Events.ClockChanged()
	return nil
}

// Echo waits req.delay_ms, then answers. A tag "token:KEY" makes it ask
// the host for the token KEY first (typed errors of the host come back as
// the echo's); a tag "log" makes it log through the host.
func (t *timer) Echo(ctx context.Context, req mytimer.EchoRequest) (mytimer.EchoResponse, error) {
	if req.Message == "panic" {
		panic("echo asked to panic")
	}
	if req.DelayMs > mytimer.MaxDelayMs {
		retry := mytimer.MaxDelayMs
		return mytimer.EchoResponse{}, mytimer.TimerError{Code: 3, Message: "delay too long", RetryAfterMs: &retry}
	}
	message := req.Message
	for _, tag := range req.Tags {
		switch {
		case strings.HasPrefix(tag, "token:"):
			tok, err := t.env.Host.FetchToken(ctx, strings.TrimPrefix(tag, "token:"))
			if err != nil {
				return mytimer.EchoResponse{}, err
			}
			message += "+" + tok
		case tag == "log":
			_ = t.env.Host.LogLine(ctx, req.Priority, "echo "+req.Message)
		}
	}
	start := time.Now()
	select {
	case <-time.After(time.Duration(req.DelayMs) * time.Millisecond):
	case <-ctx.Done():
		return mytimer.EchoResponse{}, ctx.Err()
	}
	n := t.echoes.Add(1)
	t.env.Events.EchoFired(mytimer.EchoPrefix+message, n)
	late := float64(time.Since(start).Microseconds())/1000 - float64(req.DelayMs)
	return mytimer.EchoResponse{
		Message:    mytimer.EchoPrefix + message,
		EchoCount:  n,
		Note:       req.Note,
		FiredAtMs:  uint64(time.Now().UnixMilli()),
		LatenessMs: late,
	}, nil
}

func (t *timer) Sleep(ctx context.Context, ms uint32) error {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops what is still pending once the context is destroyed.
func (t *timer) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, p := range t.pending {
		delete(t.pending, id)
		close(p.stop)
	}
}

type statics struct{}

func (statics) ParsePriority(_ context.Context, text string) (mytimer.Priority, error) {
	switch text {
	case "low":
		return mytimer.PriorityLow, nil
	case "normal":
		return mytimer.PriorityNormal, nil
	case "high":
		return mytimer.PriorityHigh, nil
	}
	return 0, fmt.Errorf("unknown priority %q", text)
}

func (statics) MeasureClockSkew(ctx context.Context, server string, samples uint32) (int64, error) {
	if server == "" {
		return 0, mytimer.ClockErrorUnavailable
	}
	if samples == 0 {
		samples = 3
	}
	select {
	case <-time.After(time.Duration(samples) * time.Millisecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return int64(len(server)) * int64(samples), nil
}
