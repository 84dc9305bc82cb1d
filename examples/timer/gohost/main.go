// Command gohost is a Go host of my_timer: the Go counterpart of host.c.
// It opens a client, subscribes to every event, implements every host fn
// and makes every call, printing what comes back.
//
// The library is examples/timer's Go implementation, linked into this
// binary (package impl): a Go program must not load a shared library
// built by Go, and the client reaches the implementation through the C
// ABI all the same. To use a library written in C instead, drop the impl
// import and point cgo at the library (docs/go.md, Linking):
//
//	go run ./examples/timer/gohost
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	"github.com/ffic/ffic/examples/timer/gen/my_timer/client"
	_ "github.com/ffic/ffic/examples/timer/impl" // the library, in this binary
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	fmt.Print(mytimer.Banner)

	// Open checks the library's fingerprint, runs the ctor and sets the
	// host fns; each host fn runs on a goroutine of its own.
	var logMu sync.Mutex // host fns and events print from other goroutines
	say := func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	c, err := client.Open(ctx, mytimer.TimerConfig{
		Name: "demo", MaxPending: 16, WorkerThreads: 2, DefaultPriority: mytimer.PriorityNormal,
	}, client.Host{
		FetchToken: func(ctx context.Context, key string) (string, error) {
			say("host fetch_token(%s)", key)
			return "s3cr3t", nil
		},
		NowMs: func(ctx context.Context) (uint64, error) { return uint64(time.Now().UnixMilli()), nil },
		LogLine: func(ctx context.Context, priority mytimer.Priority, line string) error {
			say("host log_line[%d]: %s", priority, line)
			return nil
		},
	})
	if err != nil {
		return err
	}
	defer c.Close()

	// Events arrive on the context's event thread, in firing order.
	unsubscribe, err := c.OnEchoFired(func(message string, echoCount int64) {
		say("event echo_fired: %s (#%d)", message, echoCount)
	})
	if err != nil {
		return err
	}
	defer unsubscribe()
	if _, err := c.OnTimerStopped(func(timerID uint64, reason mytimer.StopReason, atMs uint64) {
		say("event timer_stopped: timer %d, reason %d", timerID, reason)
	}); err != nil {
		return err
	}
	if _, err := c.OnClockChanged(func() { say("event clock_changed") }); err != nil {
		return err
	}

	// Plain fns: they run on this goroutine's thread.
	v, err := c.Version(ctx)
	if err != nil {
		return err
	}
	say("version: %s", v)
	if err := c.Ping(ctx); err != nil {
		return err
	}
	say("ping: ok")

	id, err := c.Schedule(ctx, "tick", mytimer.ScheduleOnce{Value: 10}, mytimer.PriorityHigh)
	if err != nil {
		return err
	}
	say("schedule: timer %d", id)
	// A typed error is the throws type's own value.
	_, err = c.Schedule(ctx, "tick", mytimer.ScheduleOnce{Value: 60000}, mytimer.PriorityHigh)
	var tooLong mytimer.ScheduleErrorTooLong
	if !errors.As(err, &tooLong) {
		return fmt.Errorf("schedule 60000 ms: want ScheduleErrorTooLong, got %v", err)
	}
	say("schedule: too long (%d ms)", tooLong.Value)
	paused, err := c.Schedule(ctx, "later", mytimer.SchedulePaused{}, mytimer.PriorityLow)
	if err != nil {
		return err
	}
	for range 2 {
		cancelled, err := c.Cancel(ctx, paused)
		if err != nil {
			return err
		}
		say("cancel: %v", cancelled)
	}

	child := mytimer.TimerGroup{Name: "child", TimerIDs: []uint64{1, 2}}
	if err := c.SetGroups(ctx, mytimer.TimerGroup{Name: "root", Subgroups: []mytimer.TimerGroup{child}, Fallback: &child}); err != nil {
		return err
	}
	stats, err := c.Stats(ctx)
	if err != nil {
		return err
	}
	say("stats: %d timers fired, %d batches", len(stats.FiredByTag), len(stats.Batches))
	r, err := c.Roundtrip(ctx, mytimer.Scalars{Text: "nul\x00inside", Raw: []byte{1, 2, 3}})
	if err != nil {
		return err
	}
	say("roundtrip: %q, %d bytes", r.Text, len(r.Raw))
	if err := c.ResyncClock(ctx); err != nil {
		return err
	}
	say("resync_clock: ok")
	if _, err := c.Flush(ctx); err != nil {
		return err
	}
	say("flush: ok")

	// Static fns are package functions.
	p, err := client.ParsePriority(ctx, "high")
	if err != nil {
		return err
	}
	say("parse_priority: %d", p)

	// Async fns: the calling goroutine waits, other goroutines run; a
	// context that ends first returns ctx.Err() at once.
	res, err := c.Echo(ctx, mytimer.EchoRequest{Message: "hello", DelayMs: 20, Tags: []string{"token:api", "log"}})
	if err != nil {
		return err
	}
	say("echo: %s (#%d)", res.Message, res.EchoCount)
	short, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	if err := c.Sleep(short, 1000); !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("sleep past its deadline: %v", err)
	}
	say("sleep: %v", context.DeadlineExceeded)
	skew, err := client.MeasureClockSkew(ctx, "pool.ntp.org", 0)
	if err != nil {
		return err
	}
	say("measure_clock_skew: %d us", skew)

	time.Sleep(50 * time.Millisecond) // let the scheduled timer's events arrive
	if err := c.Close(); err != nil {
		return err
	}
	say("done")
	return nil
}
