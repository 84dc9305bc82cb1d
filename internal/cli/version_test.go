package cli

import (
	"regexp"
	"testing"
)

func TestVersion(t *testing.T) {
	line := regexp.MustCompile(`^ffic (\S+) \(go\S+ \w+/\w+\)\n$`)
	r := ffic(t, "", "version")
	if r.code != exitOK || r.stderr != "" || !line.MatchString(r.stdout) {
		t.Errorf("ffic version: %v\nwant exit 0 and one line matching %s", r, line)
	}
	if r2 := ffic(t, "", "--version"); r2 != r {
		t.Errorf("ffic --version: %v\nwant the same as ffic version: %v", r2, r)
	}

	saved := Version
	t.Cleanup(func() { Version = saved })
	Version = "v1.2.3"
	if r := ffic(t, "", "version"); line.FindStringSubmatch(r.stdout)[1] != "v1.2.3" {
		t.Errorf("with Version set: ffic version printed %q", r.stdout)
	}
}
