// Command ffic compiles .ffi interface files into C, Go and Python bindings.
// Everything but the process exit lives in internal/cli, so the command line
// is tested in-process; see docs/cli.md for the reference.
package main

import (
	"os"

	"github.com/ffic/ffic/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
