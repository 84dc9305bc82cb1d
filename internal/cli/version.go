package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is ffic's version. Release builds set it at link time:
//
//	go build -ldflags "-X github.com/ffic/ffic/internal/cli.Version=v1.2.3" ./cmd/ffic
//
// When it is empty, the main module's version from the build info is used
// (set by `go install github.com/ffic/ffic/cmd/ffic@v1.2.3`), else "(devel)".
var Version string

// version returns the version ffic reports.
func version() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version // "(devel)" in a plain go build
	}
	return "(devel)"
}

// versionLine is what `ffic version` and `ffic --version` print.
func versionLine() string {
	return fmt.Sprintf("ffic %s (%s %s/%s)", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print ffic's version",
		Long: `Version prints ffic's version, and the Go version and platform it was built
with, on one line.`,
		Example: `  ffic version
  ffic --version`,
		Args: noArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionLine())
			return err
		}),
	}
}
