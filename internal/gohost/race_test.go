//go:build race

package gohost

const raceEnabled = true
