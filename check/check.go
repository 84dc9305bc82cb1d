// Package check is ffic's checking stage: it turns a syntax tree from
// package parser into the checked model of package idl, resolving every name
// and enforcing every rule of the language. Backends read only its output.
//
// Checking runs in passes over the whole file, so a type may be used before
// it is declared: declare (collect names, report duplicates and bad
// spellings), resolve (types, constants, enum values, throws), then analyse
// (by-value recursion, which types each call reaches) and finally compute the
// fingerprint. Every pass reports every error it finds; a later pass skips
// only what an earlier error made meaningless.
package check

import (
	"strings"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/parser"
)

// Source parses and checks one .ffi file. It returns the checked model and
// an empty list, or a nil model and every error found (syntax and checking).
func Source(filename string, src []byte) (*idl.Model, *diag.List) {
	f, errs := parser.Parse(filename, src)
	m, cerrs := Check(f)
	errs.Append(cerrs)
	if errs.Len() > 0 {
		return nil, errs
	}
	return m, errs
}

// Check checks a syntax tree. It returns the model, or nil and the errors.
// A tree that came with syntax errors may still be checked: its errors are
// then about the declarations that did parse.
func Check(f *parser.File) (*idl.Model, *diag.List) {
	c := &checker{
		file:  f,
		model: &idl.Model{File: f.Pos.Filename},
		types: map[string]idl.TypeDecl{},
	}
	c.declare()
	c.resolve()
	c.analyse()
	if c.errs.Len() > 0 {
		return nil, &c.errs
	}
	c.model.Fingerprint = idl.Fingerprint(c.model)
	return c.model, &c.errs
}

// checker holds the state of one Check.
type checker struct {
	file  *parser.File
	model *idl.Model
	errs  diag.List

	// types maps every declared type name to its declaration.
	types map[string]idl.TypeDecl
	// declaredNames is the sorted list of keys of types, made on first use.
	declaredNames []string

	// Syntax nodes of what was declared, kept in step with the model's
	// slices so the resolve pass can read the type references.
	consts    []pending[*idl.Const, *parser.Const]
	structs   []pending[*idl.Struct, *parser.Struct]
	unions    []pending[*idl.Union, *parser.Union]
	enums     []pending[*idl.Enum, *parser.Enum]
	funcs     []pending[*idl.Func, *parser.Func]
	hostFuncs []pending[*idl.Func, *parser.Func]
	events    []pending[*idl.Event, *parser.Event]
	ctor      *parser.Ctor
}

// pending pairs a model node with the syntax it is resolved from.
type pending[M, S any] struct {
	m M
	s S
}

func (c *checker) errorf(pos diag.Pos, format string, args ...any) {
	c.errs.Errorf(pos, format, args...)
}

// doc joins the lines of a doc comment.
func doc(lines []string) string { return strings.Join(lines, "\n") }

// broken reports whether the file has a declaration with keyword kw and (if
// name is not "") that name which the parser left out for a syntax error:
// what it declares is then not reported missing as well.
func (c *checker) broken(kw, name string) bool {
	for _, b := range c.file.Broken {
		if b.Keyword == kw && (name == "" || b.Name.Value == name) {
			return true
		}
	}
	return false
}
