package cli

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ffic/ffic/backends"
	golang "github.com/ffic/ffic/backends/go"
	"github.com/ffic/ffic/backends/python"
	"github.com/ffic/ffic/idl"
)

// Language options are flags named --<language>-<option> (--python-package,
// --go-package): the whole of a build's generation stays one command
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

// goFlags are the --go-* flags.
type goFlags struct {
	pkg, importPath string
}

func (g *goFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&g.pkg, "go-package", "", "name the Go types-and-codec package <library>/ `NAME` (default: the library's name without underscores)")
	f.StringVar(&g.importPath, "go-import-path", "", "the import path `PATH` of the types-and-codec package, which lib/ and client/ import (default: read from the go.mod above -o)")
}

// set reports whether any --go-* flag was given.
func (g *goFlags) set(cmd *cobra.Command) (string, bool) {
	for _, name := range []string{"go-package", "go-import-path"} {
		if cmd.Flags().Changed(name) {
			return name, true
		}
	}
	return "", false
}

// generator is the Go backend for output under dir with the flags
// applied; the import path is read from go.mod only when not given.
func (g *goFlags) generator(dir string) backends.Generator {
	opt := golang.Options{Package: g.pkg, RootImportPath: g.importPath}
	if g.importPath == "" {
		opt.ImportPath = goImportPath(dir)
	}
	return func(m *idl.Model) ([]backends.File, error) {
		files, err := golang.GenerateWith(m, opt)
		if ne := (*golang.NameError)(nil); errors.As(err, &ne) {
			return nil, usagef("--go-package: %v", ne)
		}
		return files, err
	}
}

// langOptions checks the language options against the languages and
// files of the command and returns the generator of each language with
// its options applied (a language without options keeps its own).
func (o *genOptions) langOptions(cmd *cobra.Command, langs []language, files []string) (map[string]backends.Generator, error) {
	gens := map[string]backends.Generator{}
	// oneOutput checks that the language given options by flag is
	// generated, for one interface.
	oneOutput := func(lang, flag string) error {
		generated := false
		for _, l := range langs {
			generated = generated || l.name == lang
		}
		if !generated {
			return usagef("--%s: %s is not generated (add -l %s)", flag, lang, lang)
		}
		if len(files) != 1 {
			return usagef("--%s names the output of one interface: compile one FILE.ffi with it, got %d", flag, len(files))
		}
		return nil
	}
	if flag, ok := o.golang.set(cmd); ok {
		if err := oneOutput("go", flag); err != nil {
			return nil, err
		}
		if err := (golang.Options{Package: o.golang.pkg}).Check(); err != nil {
			return nil, usagef("--go-package: %v", err)
		}
		if err := (golang.Options{RootImportPath: o.golang.importPath}).Check(); err != nil {
			return nil, usagef("--go-import-path: %v", err)
		}
		if cmd.Flags().Changed("go-import-path") && o.golang.importPath == "" {
			return nil, usagef("--go-import-path: empty import path")
		}
		gens["go"] = o.golang.generator(o.dir)
	}
	flag, ok := o.python.set(cmd)
	if !ok {
		return gens, nil
	}
	if err := oneOutput("python", flag); err != nil {
		return nil, err
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
