package backends

import "testing"

func TestCommentText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\nsecond line", "plain\ttext\nsecond line"},
		{"a\rb\r\nc", "a b \nc"},
		{"\f\v\x00\x1b\x7f", "     "},
		{"nel\u0085ls\u2028ps\u2029", "nel ls ps "},
		{"bom\ufeffrlo\u202eiso\u2066", "bom rlo iso "},
		{"bad\xffutf8\xc2", "bad\uFFFDutf8\uFFFD"},
		{"kept: é, 世界, */, \"\"\", \\", "kept: é, 世界, */, \"\"\", \\"},
	}
	for _, tt := range tests {
		if got := CommentText(tt.in); got != tt.want {
			t.Errorf("CommentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSourceName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"examples/timer/timer.ffi", "examples/timer/timer.ffi"},
		{"a\nb\r\nc.ffi", "a b  c.ffi"},
		{"odd*/dir/*x.ffi", "odd* /dir/ *x.ffi"},
		{"-*- coding: latin-1 -*-.ffi", "-*- coding : latin-1 -*-.ffi"},
		{"fileencoding=latin-1.ffi", "fileencoding =latin-1.ffi"},
	}
	for _, tt := range tests {
		if got := SourceName(tt.in); got != tt.want {
			t.Errorf("SourceName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
