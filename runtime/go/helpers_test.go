package fficrt_test

import (
	"encoding/hex"
)

// mustHex decodes plain hex (test tables).
func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// hexOf encodes b as plain hex.
func hexOf(b []byte) string { return hex.EncodeToString(b) }

// errString returns err's message, or "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
