package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/internal/diff"
)

func newCheckCmd() *cobra.Command {
	var o genOptions
	cmd := &cobra.Command{
		Use:   "check FILE.ffi... [-o DIR] [-l LANG,...]",
		Short: "Fail if generated bindings are stale",
		Long: `Check generates exactly what compile would, in memory, and compares it with
the files in DIR. When every file is up to date it prints nothing and exits
0. When a file is missing or differs it prints a unified diff per file to
stdout (--- a/DIR/file is what is there, +++ b/DIR/file what compile would
write; a missing file is --- /dev/null) and exits 1. Files in DIR that ffic
would not write are ignored. Check never writes anything.

It takes the same arguments as compile; run it in CI with the arguments the
generated files were made with.`,
		Example: `  ffic check api.ffi -o gen                # in CI
  ffic check api.ffi -o gen -l c,python
  ffic check api.ffi -o gen | git apply     # same as: ffic compile api.ffi -o gen`,
		Args:                  needFiles,
		ValidArgsFunction:     ffiFiles,
		DisableFlagsInUseLine: true,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			outs, err := o.generate(cmd, args)
			if err != nil {
				return err
			}
			stale := 0
			for _, out := range outs {
				name := filepath.Join(o.dir, filepath.FromSlash(out.path))
				label := filepath.ToSlash(name)
				oldLabel := "a/" + label
				old, err := os.ReadFile(name)
				if errors.Is(err, fs.ErrNotExist) {
					oldLabel = "/dev/null"
				} else if err != nil {
					return err
				}
				if (isBinary(old) || isBinary(out.content)) && !bytes.Equal(old, out.content) {
					// A bundled shared library: no line diff, as git says it.
					stale++
					if _, err := fmt.Fprintf(cmd.OutOrStdout(), "Binary files %s and b/%s differ\n", oldLabel, label); err != nil {
						return err
					}
					continue
				}
				if d := diff.Unified(oldLabel, "b/"+label, old, out.content); d != nil {
					stale++
					if _, err := cmd.OutOrStdout().Write(d); err != nil {
						return err
					}
				}
			}
			if stale > 0 {
				return &exitError{code: exitFailure, msg: fmt.Sprintf(
					"%q is out of date (%d of %d files differ); run ffic compile with the same arguments",
					o.dir, stale, len(outs))}
			}
			return nil
		}),
	}
	o.addFlags(cmd)
	return cmd
}

// isBinary reports whether data is no text: it holds a NUL byte in its
// first 8000 bytes (as git decides).
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}
