package host

// The reference point of the benchmark: a bare cgo Go -> C call.

// static int shapes_host_bare(int x) { return x + 1; }
import "C"

func bareCall(x int32) int32 { return int32(C.shapes_host_bare(C.int(x))) }
