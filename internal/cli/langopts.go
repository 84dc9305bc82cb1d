package cli

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/backends"
	"github.com/ffic/ffic/backends/python"
	"github.com/ffic/ffic/idl"
)

// Language options are flags named --<language>-<option> (--python-package;
// the Go backend's package name and import path would be --go-package and
// --go-import-path): the whole of a build's generation stays one command
// line, for go:generate, make and CI alike, with no configuration file to
// find, version or keep next to the .ffi; compile and check take the same
// flags, so check reproduces exactly what compile wrote. They name the
// output of one interface, so they need exactly one FILE.ffi.

// pythonFlags are the --python-* flags.
type pythonFlags struct {
	module, pkg, dist, version, library string
}

func (p *pythonFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&p.module, "python-module", "", "name the Python module `NAME`.py (default: the library's name)")
	f.StringVar(&p.pkg, "python-package", "", "write an installable Python package `NAME` (dotted for a namespace package): pyproject.toml, NAME/__init__.py, NAME/py.typed")
	f.StringVar(&p.dist, "python-dist", "", "the package's distribution `NAME` in pyproject.toml (default: the package name with - for . and _)")
	f.StringVar(&p.version, "python-version", "", "the package's `VERSION` in pyproject.toml (default: 0.0.0)")
	f.StringVar(&p.library, "python-library", "", "bundle the shared library `FILE` into the package, next to the module")
	_ = f.SetAnnotation("python-library", cobra.BashCompFilenameExt, []string{"so", "dylib", "dll"})
}

// set reports whether any --python-* flag was given.
func (p *pythonFlags) set(cmd *cobra.Command) (string, bool) {
	for _, name := range []string{"python-module", "python-package", "python-dist", "python-version", "python-library"} {
		if cmd.Flags().Changed(name) {
			return name, true
		}
	}
	return "", false
}

// options resolves the flags to the backend's options, reading the
// library to bundle.
func (p *pythonFlags) options() (python.Options, error) {
	o := python.Options{Module: p.module, Package: p.pkg, Dist: p.dist, Version: p.version}
	if p.library != "" {
		data, err := os.ReadFile(p.library)
		if err != nil {
			return o, err
		}
		o.Library = &python.LibraryFile{Name: filepath.Base(p.library), Content: data}
	}
	return o, nil
}

// langOptions checks the language options against the languages and
// files of the command and returns the generator of each language with
// its options applied (a language without options keeps its own).
func (o *genOptions) langOptions(cmd *cobra.Command, langs []language, files []string) (map[string]backends.Generator, error) {
	gens := map[string]backends.Generator{}
	flag, ok := o.python.set(cmd)
	if !ok {
		return gens, nil
	}
	generated := false
	for _, l := range langs {
		generated = generated || l.name == "python"
	}
	if !generated {
		return nil, usagef("--%s: python is not generated (add -l python)", flag)
	}
	if len(files) != 1 {
		return nil, usagef("--%s names the output of one interface: compile one FILE.ffi with it, got %d", flag, len(files))
	}
	// The names are checked before any file is read.
	if err := (python.Options{Module: o.python.module, Package: o.python.pkg, Dist: o.python.dist, Version: o.python.version}).Check("lib"); err != nil {
		return nil, usagef("--%s: %v", flag, err)
	}
	opts, err := o.python.options()
	if err != nil {
		return nil, err
	}
	if opts.Library != nil {
		if err := opts.Check("lib"); err != nil {
			return nil, usagef("--python-library: %v", err)
		}
	}
	gens["python"] = func(m *idl.Model) ([]backends.File, error) { return python.GenerateWith(m, opts) }
	return gens, nil
}
