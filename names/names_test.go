package names

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"x", []string{"x"}},
		{"foo_bar", []string{"foo", "bar"}},
		{"fooBar", []string{"foo", "bar"}},
		{"FooBar", []string{"foo", "bar"}},
		{"FOO_BAR", []string{"foo", "bar"}},
		{"HTTPServer", []string{"http", "server"}},
		{"getHTTP", []string{"get", "http"}},
		{"utf8Decoder", []string{"utf8", "decoder"}},
		{"v2_api", []string{"v2", "api"}},
		{"Md5Sum", []string{"md5", "sum"}},
		{"echo2", []string{"echo2"}},
		{"__a__b__", []string{"a", "b"}},
		{"a-b c", []string{"a", "b", "c"}},
		{"ÄpfelBaum", []string{"äpfel", "baum"}},
		{"ID", []string{"id"}},
		{"userID", []string{"user", "id"}},
		{"IDs", []string{"i", "ds"}}, // documented limit: a lone plural after an acronym splits
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCases(t *testing.T) {
	tests := []struct {
		in                             string
		snake, upper, pascal, camelOut string
	}{
		{"", "", "", "", ""},
		{"echo_fired", "echo_fired", "ECHO_FIRED", "EchoFired", "echoFired"},
		{"EchoRequest", "echo_request", "ECHO_REQUEST", "EchoRequest", "echoRequest"},
		{"MAX_DELAY_MS", "max_delay_ms", "MAX_DELAY_MS", "MaxDelayMs", "maxDelayMs"},
		{"HTTPServer", "http_server", "HTTP_SERVER", "HttpServer", "httpServer"},
		{"delay2ms", "delay2ms", "DELAY2MS", "Delay2ms", "delay2ms"},
		{"type", "type", "TYPE", "Type", "type"},
		{"my_timer", "my_timer", "MY_TIMER", "MyTimer", "myTimer"},
		{"énorme_chose", "énorme_chose", "ÉNORME_CHOSE", "ÉnormeChose", "énormeChose"},
	}
	for _, tt := range tests {
		if got := Snake(tt.in); got != tt.snake {
			t.Errorf("Snake(%q) = %q, want %q", tt.in, got, tt.snake)
		}
		if got := UpperSnake(tt.in); got != tt.upper {
			t.Errorf("UpperSnake(%q) = %q, want %q", tt.in, got, tt.upper)
		}
		if got := Pascal(tt.in); got != tt.pascal {
			t.Errorf("Pascal(%q) = %q, want %q", tt.in, got, tt.pascal)
		}
		if got := Camel(tt.in); got != tt.camelOut {
			t.Errorf("Camel(%q) = %q, want %q", tt.in, got, tt.camelOut)
		}
	}
}

func TestPredicates(t *testing.T) {
	tests := []struct {
		in                   string
		snake, upper, pascal bool
	}{
		{"", false, false, false},
		{"foo", true, false, false},
		{"foo_bar2", true, false, false},
		{"foo__bar", false, false, false},
		{"_foo", false, false, false},
		{"foo_", false, false, false},
		{"2foo", false, false, false},
		{"fooBar", false, false, false},
		{"FOO_BAR", false, true, false},
		{"FOO", false, true, true},
		{"Foo", false, false, true},
		{"FooBar9", false, false, true},
		{"Foo_Bar", false, false, false},
		{"HTTPServer", false, false, true},
		{"é", false, false, false},
	}
	for _, tt := range tests {
		if got := IsSnake(tt.in); got != tt.snake {
			t.Errorf("IsSnake(%q) = %v, want %v", tt.in, got, tt.snake)
		}
		if got := IsUpperSnake(tt.in); got != tt.upper {
			t.Errorf("IsUpperSnake(%q) = %v, want %v", tt.in, got, tt.upper)
		}
		if got := IsPascal(tt.in); got != tt.pascal {
			t.Errorf("IsPascal(%q) = %v, want %v", tt.in, got, tt.pascal)
		}
	}
}
