// Command gosohost opens examples/timer's library and prints the error of
// Open: TestGoSharedLibraryRefused links it against the Go-built
// libmy_timer.so, which Open must refuse.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	mytimer "github.com/ffic/ffic/examples/timer/gen/my_timer"
	"github.com/ffic/ffic/examples/timer/gen/my_timer/client"
	"github.com/ffic/ffic/runtime/go/fficlient"
)

func main() {
	c, err := client.Open(context.Background(), mytimer.TimerConfig{}, client.Host{})
	if err == nil {
		c.Close()
		fmt.Println("opened")
		os.Exit(1)
	}
	fmt.Println(err)
	if !errors.Is(err, fficlient.ErrGoSharedLibrary) {
		os.Exit(1)
	}
}
