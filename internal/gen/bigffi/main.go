// Command bigffi writes the benchmark interface (internal/gen.BigFFI, the
// 2,000-declaration interface) to standard output, for scripts/bench-gobuild.
package main

import (
	"os"

	"github.com/ffic/ffic/internal/gen"
)

func main() {
	if _, err := os.Stdout.Write(gen.BigFFI()); err != nil {
		os.Exit(1)
	}
}
