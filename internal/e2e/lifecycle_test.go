package e2e

import "testing"

// TestLifecycle runs testdata/lifecycle.c: listeners of two contexts
// unlistening each other, destroy from a host fn a plain fn invoked
// inline, host fns that never answer, the CLOSED status of calls destroy
// cuts short, which listeners an event reaches (late listeners, a full
// backlog), and unlisten racing destroy.
func TestLifecycle(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "lifecycle", "lifecycle.c", []string{"my_timer"}, sanitize...))
}
