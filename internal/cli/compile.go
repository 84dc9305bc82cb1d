package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
)

func newCompileCmd() *cobra.Command {
	var o genOptions
	cmd := &cobra.Command{
		Use:   "compile FILE.ffi... [-o DIR] [-l LANG,...]",
		Short: "Generate bindings from .ffi files",
		Long: `Compile checks every FILE.ffi and generates the bindings of each language
into DIR (default: the current directory), creating DIR and its
subdirectories as needed.

Every file is checked before anything is written: if any file has errors,
they are all printed and nothing at all is written, so existing output
stays as it was. Each generated file is replaced atomically (written to a
temporary file next to it, then renamed), and only when its bytes change,
so unchanged files keep their modification time and build tools do not
rebuild. Output is deterministic: no time stamps, no absolute paths.

-l takes a comma-separated list of languages and may be repeated. Without
it, every binding language with a backend is generated (c, go, python). The
language "model" writes <library>.model.json, the checked model as JSON, for
out-of-tree backends and debugging.

The --python-* flags name the Python output of one FILE.ffi: the module's
file (--python-module), or an installable package written instead
(--python-package, with its distribution name, version and bundled shared
library); the --go-* flags name the Go output's root package (--go-package)
and its import path (--go-import-path); see docs/cli.md, "Language options".`,
		Example: `  ffic compile api.ffi -o gen
  ffic compile api.ffi -o gen -l c,python
  ffic compile api.ffi -l model          # writes my_lib.model.json here
  ffic compile api.ffi -l python -o py --python-package acme.my_lib
  ffic compile api.ffi -l go -o gen --go-package mylibapi

  # in a Go file, regenerate with go generate:
  //go:generate ffic compile api.ffi -o .`,
		Args:                  needFiles,
		ValidArgsFunction:     ffiFiles,
		DisableFlagsInUseLine: true,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			out, err := o.generate(cmd, args)
			if err != nil {
				return err
			}
			return writeOutputs(o.dir, out)
		}),
	}
	o.addFlags(cmd)
	return cmd
}

// genOptions are the flags compile and check share.
type genOptions struct {
	dir    string
	langs  []string
	python pythonFlags
	golang goFlags
}

func (o *genOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.dir, "out", "o", ".", "write generated files under `DIR`")
	cmd.Flags().StringSliceVarP(&o.langs, "lang", "l", nil, "generate these languages, a comma-separated `LIST` (default: every binding language with a backend)")
	_ = cmd.MarkFlagDirname("out")
	_ = cmd.RegisterFlagCompletionFunc("lang", completeLanguages)
	o.python.add(cmd)
	o.golang.add(cmd)
}

// An output is one generated file, held in memory until all are known.
type output struct {
	path    string // relative to the output directory, slash-separated
	content []byte
	origin  string // "api.ffi (go)", for messages
}

// generate checks every file and generates every selected language for
// each, in memory. It fails before anything is generated if any file has
// errors, and after if two outputs would share a path.
func (o *genOptions) generate(cmd *cobra.Command, files []string) ([]output, error) {
	langs, err := selectLanguages(o.langs, cmd.Flags().Changed("lang"))
	if err != nil {
		return nil, err
	}
	gens, err := o.langOptions(cmd, langs, files)
	if err != nil {
		return nil, err
	}
	models, err := checkFiles(files)
	if err != nil {
		return nil, err
	}
	var out []output
	seen := map[string]string{} // path -> origin
	for i, m := range models {
		for _, l := range langs {
			origin := fmt.Sprintf("%s (%s)", files[i], l.name)
			generate := l.gen
			if g, ok := gens[l.name]; ok {
				generate = g
			} else if l.at != nil {
				generate = l.at(o.dir)
			}
			gen, err := generate(m)
			if u := (*usageError)(nil); errors.As(err, &u) {
				return nil, u // a name given by a flag, found wrong on generating
			}
			if err != nil {
				return nil, fmt.Errorf("generating %s: %w", origin, err)
			}
			for _, f := range gen {
				// A backend bug must not write outside the output directory.
				if !fs.ValidPath(f.Path) || f.Path == "." || path.Clean(f.Path) != f.Path {
					return nil, fmt.Errorf("generating %s: invalid output path %q", origin, f.Path)
				}
				if prev, ok := seen[f.Path]; ok {
					return nil, fmt.Errorf("%s would be generated twice: by %s and by %s", f.Path, prev, origin)
				}
				seen[f.Path] = origin
				out = append(out, output{path: f.Path, content: f.Content, origin: origin})
			}
		}
	}
	return out, nil
}

// checkFiles reads and checks every file, returning one model per file,
// or every error of every file.
func checkFiles(files []string) ([]*idl.Model, error) {
	var models []*idl.Model
	errs := &sourceErrors{src: map[string][]byte{}}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		errs.src[name] = src
		// The model keeps the name as given: generated files must not
		// depend on where ffic ran.
		m, diags := check.Source(name, src)
		errs.add(diags)
		models = append(models, m)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return models, nil
}
