// Package cli is the ffic command line, built on cobra: one file per
// subcommand, plus the language registry (langs.go) and the writing of
// output (write.go). Main runs one command line in-process and returns its
// exit status; it alone prints errors, once. Only this package touches the
// file system.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/diag"
)

// Exit statuses. They are part of ffic's interface: scripts and CI rely on
// them (docs/cli.md).
const (
	exitOK      = 0
	exitFailure = 1 // a .ffi file has errors, output is stale or unformatted, I/O failed
	exitUsage   = 2 // the command line itself is wrong
)

// Main runs ffic with args (without the program name), reading stdin and
// writing stdout and stderr, and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if args == nil {
		args = []string{} // cobra falls back to os.Args on nil
	}
	root := newRoot()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	return report(stderr, cmd, err)
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "ffic",
		Short: "Compile .ffi interface files into C, Go and Python bindings",
		Long: `ffic compiles a .ffi file, the one description of a native library's
boundary, into everything both sides need: a C header, Go library and host
code, and a Python host module, all speaking one C ABI and one CBOR wire
format.

Exit status: 0 on success, 1 when a .ffi file has errors, generated output
is stale (check) or a file is not formatted (fmt -l, fmt -d), 2 when the
command line is wrong.`,
		Example: `  ffic compile api.ffi -o gen
  ffic check api.ffi -o gen      # in CI: fails when gen is stale
  ffic fmt -w api.ffi`,
		Version: version(),
		// Main prints errors, once; a usage error is one line and a hint,
		// never cobra's usage dump.
		SilenceErrors:         true,
		SilenceUsage:          true,
		DisableFlagsInUseLine: true,
		// The root runs only to report what is wrong: an unknown command
		// is a usage error (cobra's own message spans several lines), and
		// no command at all prints the help to stderr.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %q?)", s[0])
			}
			return usagef("%s", msg)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprint(cmd.ErrOrStderr(), cmd.UsageString())
			return &exitError{code: exitUsage}
		},
	}
	root.SetVersionTemplate(versionLine() + "\n")
	// The root is runnable only to report errors; keep "ffic" alone out of
	// its usage lines (children inherit the template).
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(),
		"{{if .Runnable}}", "{{if and .Runnable .HasParent}}", 1))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{msg: err.Error()}
	})
	root.CompletionOptions.DisableDefaultCmd = true // completion.go has ours
	root.AddCommand(
		newCompileCmd(),
		newCheckCmd(),
		newFmtCmd(),
		newVersionCmd(),
		newCompletionCmd(),
	)
	return root
}

// report prints err, if any, and returns the exit status it stands for.
func report(stderr io.Writer, cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	var (
		srcErr  *sourceErrors
		exitErr *exitError
		failErr *failure
	)
	switch {
	case errors.As(err, &srcErr):
		srcErr.print(stderr)
		return exitFailure
	case errors.As(err, &exitErr):
		if exitErr.msg != "" {
			fmt.Fprintf(stderr, "ffic: %s\n", exitErr.msg)
		}
		return exitErr.code
	case errors.As(err, &failErr):
		fmt.Fprintf(stderr, "ffic: %v\n", failErr.err)
		return exitFailure
	}
	// A usageError, or an error from cobra itself (arguments it rejected
	// before running a command): the command line is wrong.
	path := "ffic"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	fmt.Fprintf(stderr, "ffic: %s\nRun '%s --help' for usage.\n", msg, path)
	return exitUsage
}

// usageError is a wrong command line: exit 2, one line and a hint.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// failure is any other error a command returns: printed as `ffic: <err>`,
// exit 1.
type failure struct{ err error }

func (e *failure) Error() string { return e.err.Error() }
func (e *failure) Unwrap() error { return e.err }

// exitError ends ffic with code after the command has already said what it
// had to (a diff, a list of files), printing msg first if it is not empty.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d: %s", e.code, e.msg) }

// sourceErrors holds the errors of every .ffi file that has some, each
// printed with its source line and a caret. Exit 1.
type sourceErrors struct {
	lists []*diag.List      // one per broken file, in command-line order
	src   map[string][]byte // file name -> contents
}

func (e *sourceErrors) Error() string {
	var msgs []string
	for _, l := range e.lists {
		msgs = append(msgs, l.Err().Error())
	}
	return strings.Join(msgs, "\n")
}

func (e *sourceErrors) print(w io.Writer) {
	for _, l := range e.lists {
		l.Print(w, e.src)
	}
}

// add records the errors of one file, if it has any.
func (e *sourceErrors) add(errs *diag.List) {
	if errs != nil && errs.Len() > 0 {
		e.lists = append(e.lists, errs)
	}
}

// err returns e, or nil when no file had errors.
func (e *sourceErrors) err() error {
	if len(e.lists) == 0 {
		return nil
	}
	return e
}

// runE adapts a command's run function: an error it returns that is not
// one of the kinds above becomes a failure (exit 1). That way every
// untyped error Main sees comes from cobra's own argument checks, which
// are usage errors.
func runE(run func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := run(cmd, args)
		var (
			u *usageError
			s *sourceErrors
			x *exitError
			f *failure
		)
		if err == nil || errors.As(err, &u) || errors.As(err, &s) || errors.As(err, &x) || errors.As(err, &f) {
			return err
		}
		return &failure{err: err}
	}
}

// needFiles is the Args check of commands that take one or more .ffi files.
func needFiles(_ *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("no .ffi file given")
	}
	return nil
}

// noArgs is the Args check of commands without arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.Name(), args[0])
	}
	return nil
}

// ffiFiles completes .ffi file names for positional arguments.
func ffiFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"ffi"}, cobra.ShellCompDirectiveFilterFileExt
}
