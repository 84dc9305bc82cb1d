package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// writeOutputs writes every output under dir, creating directories as
// needed. Each file is replaced atomically and only when its bytes differ;
// a failure part way leaves every file either old or new, never torn.
func writeOutputs(dir string, outs []output) error {
	for _, o := range outs {
		name := filepath.Join(dir, filepath.FromSlash(o.path))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			return err
		}
		if _, err := writeFile(name, o.content); err != nil {
			return err
		}
	}
	return nil
}

// writeFile makes name hold data: it writes a temporary file in the same
// directory and renames it over name, so readers see the old file or the
// new one, never a partial one. It leaves name alone (keeping its
// modification time) when it already holds data, and reports whether it
// wrote. A new file gets the usual permissions (0666 less the umask); an
// existing one keeps its own, and a symbolic link is written through.
func writeFile(name string, data []byte) (written bool, err error) {
	var perm fs.FileMode // 0: a new file
	old, rerr := os.ReadFile(name)
	switch {
	case rerr == nil:
		if bytes.Equal(old, data) {
			return false, nil
		}
		if name, err = filepath.EvalSymlinks(name); err != nil {
			return false, err
		}
		info, err := os.Stat(name)
		if err != nil {
			return false, err
		}
		perm = info.Mode().Perm()
	case !errors.Is(rerr, fs.ErrNotExist):
		return false, rerr
	}

	f, err := createTemp(name)
	if err != nil {
		return false, err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	if perm != 0 {
		// An existing file keeps its mode, umask or not (like gofmt -w).
		if err := os.Chmod(tmp, perm); err != nil {
			return false, err
		}
	}
	if err := os.Rename(tmp, name); err != nil {
		return false, err
	}
	return true, nil
}

// createTemp creates a new hidden file next to name. Unlike os.CreateTemp
// (mode 0600) it creates with 0666 so the umask applies as for any file.
func createTemp(name string) (*os.File, error) {
	dir, base := filepath.Split(name)
	for range 100 {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.%08x.ffic-tmp", base, rand.Uint32()))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file for %s", name)
}
