// Package check is ffic's checking stage: it turns a syntax tree from
// package parser into the checked model of package idl, resolving every name
// and enforcing every rule of the language. Backends read only its output.
package check

import (
	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/parser"
)

// Source parses and checks one .ffi file. It returns the checked model and
// no errors, or a nil model and every error found (syntax and checking).
func Source(filename string, src []byte) (*idl.Model, *diag.List) {
	f, errs := parser.Parse(filename, src)
	m, cerrs := Check(f)
	errs.Append(cerrs)
	if errs.Len() > 0 {
		return nil, errs
	}
	return m, errs
}

// Check checks a syntax tree. The model is nil when there are errors.
func Check(f *parser.File) (*idl.Model, *diag.List) {
	var errs diag.List
	m := &idl.Model{File: f.Pos.Filename, Ctor: &idl.Ctor{Implicit: true}}
	return m, &errs
}
