// Package backends defines what every code generator is: a pure function of
// the checked model. A backend never touches the file system, never reads
// the clock and never ranges over a map while emitting, so the same model
// always gives the same bytes. Only cmd/ffic writes files.
package backends

import "github.com/ffic/ffic/idl"

// File is one generated file.
type File struct {
	// Path is relative to the output directory, slash-separated
	// ("my_timer.h", "my_timer/my_timer.go").
	Path    string
	Content []byte
}

// Generator generates the files of one language for one checked model.
// It returns an error only for a bug in ffic (a model the backend cannot
// express is the checker's to reject), e.g. generated Go that gofmt
// cannot parse.
type Generator func(m *idl.Model) ([]File, error)
