package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/format"
	"github.com/ffic/ffic/internal/diff"
)

// stdinName names standard input in messages and diffs.
const stdinName = "<stdin>"

func newFmtCmd() *cobra.Command {
	var write, list, showDiff bool
	cmd := &cobra.Command{
		Use:   "fmt [-w | -l | -d] [FILE.ffi...]",
		Short: "Format .ffi files canonically",
		Long: `Fmt prints each FILE.ffi in ffic's one canonical layout, keeping every
comment. Formatting is idempotent and never changes what compile generates.
Without FILE it formats standard input.

  (no flag)  print the formatted files to stdout, one after another
  -w         rewrite files whose formatting differs, in place and atomically
  -l         list files whose formatting differs; exit 1 if there are any
  -d         print a unified diff for files whose formatting differs;
             exit 1 if there are any

-w, -l and -d are mutually exclusive. Unlike gofmt, -l and -d exit 1 when a
file is not formatted, so a CI step needs no extra test of their output. A
file with syntax errors is not formatted: its errors are printed and fmt
exits 1.`,
		Example: `  ffic fmt -w api.ffi
  ffic fmt -l *.ffi          # in CI: lists unformatted files, exit 1 if any
  ffic fmt -d api.ffi
  ffic fmt < api.ffi`,
		ValidArgsFunction:     ffiFiles,
		DisableFlagsInUseLine: true,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			var set []string
			for _, f := range []struct {
				on   bool
				name string
			}{{write, "-w"}, {list, "-l"}, {showDiff, "-d"}} {
				if f.on {
					set = append(set, f.name)
				}
			}
			if len(set) > 1 {
				return usagef("%s and %s cannot be used together", strings.Join(set[:len(set)-1], ", "), set[len(set)-1])
			}
			if write && len(args) == 0 {
				return usagef("-w needs a FILE (standard input cannot be rewritten)")
			}

			stdout := cmd.OutOrStdout()
			errs := &sourceErrors{src: map[string][]byte{}}
			unformatted := 0
			formatOne := func(name string, src []byte) error {
				errs.src[name] = src
				out, diags := format.Source(name, src)
				if diags != nil && diags.Len() > 0 {
					errs.add(diags)
					return nil
				}
				changed := !bytes.Equal(src, out)
				switch {
				case write:
					if changed {
						_, err := writeFile(name, out)
						return err
					}
				case list:
					if changed {
						unformatted++
						_, err := fmt.Fprintln(stdout, name)
						return err
					}
				case showDiff:
					if changed {
						unformatted++
						label := filepath.ToSlash(name)
						_, err := stdout.Write(diff.Unified("a/"+label, "b/"+label, src, out))
						return err
					}
				default:
					_, err := stdout.Write(out)
					return err
				}
				return nil
			}

			if len(args) == 0 {
				src, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					return fmt.Errorf("reading %s: %w", stdinName, err)
				}
				if err := formatOne(stdinName, src); err != nil {
					return err
				}
			}
			for _, name := range args {
				src, err := os.ReadFile(name)
				if err != nil {
					return err
				}
				if err := formatOne(name, src); err != nil {
					return err
				}
			}
			if err := errs.err(); err != nil {
				return err
			}
			if unformatted > 0 {
				return &exitError{code: exitFailure} // the list or diff says it all
			}
			return nil
		}),
	}
	cmd.Flags().BoolVarP(&write, "write", "w", false, "rewrite files whose formatting differs")
	cmd.Flags().BoolVarP(&list, "list", "l", false, "list files whose formatting differs; exit 1 if any")
	cmd.Flags().BoolVarP(&showDiff, "diff", "d", false, "print a diff for files whose formatting differs; exit 1 if any")
	return cmd
}
