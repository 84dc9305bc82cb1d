package gohost

import (
	"context"
	"errors"
	"sync"
	"testing"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	"github.com/ffic/ffic/examples/timer/gen/my_timer/client"
	"github.com/ffic/ffic/runtime/go/fficlient"
)

// TestTimerCutShortIsErrClosed: calls that Close (destroy) cuts short,
// whose handlers return ctx.Err() as the implementation guide teaches,
// fail with an error matching fficlient.ErrClosed (status CLOSED), not a
// "context canceled" message.
func TestTimerCutShortIsErrClosed(t *testing.T) {
	started := make(chan struct{}, 8)
	h := host()
	fetch := h.FetchToken
	h.FetchToken = func(ctx context.Context, key string) (string, error) {
		if key == "started" {
			started <- struct{}{}
			return "tok", nil
		}
		return fetch(ctx, key)
	}
	c, err := client.Open(context.Background(), config(), h)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The echo asks for a token (so the test knows its handler
			// runs), then waits its delay on ctx.
			_, err := c.Echo(context.Background(), mytimer.EchoRequest{Message: "m", DelayMs: 5000,
				Tags: []string{"token:started"}, Attrs: map[string]int64{}, Blob: []byte{}})
			errs <- err
		}()
	}
	for range 8 {
		<-started
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		var fe *fficlient.Error
		if !errors.Is(err, fficlient.ErrClosed) || !errors.As(err, &fe) || fe.Status != fficlient.StatusClosed {
			t.Errorf("an echo cut short by Close: %v, want an error matching ErrClosed (status CLOSED)", err)
		}
	}
}
