package fficrt

import (
	"bytes"
	"cmp"
	"slices"
)

// Deterministic key order (RFC 8949 §4.2.1): the entries of a map are sorted
// by the bytewise lexicographic order of their encoded keys. For text keys
// that is shorter first, then bytewise (the length is in the head); for
// integer keys it is 0, 1, ..., then -1, -2, ... (major type 1 sorts after
// 0); false sorts before true.

// SortFieldNames returns names (struct field or parameter names) in the
// order their encoded keys sort, which is the order an encoder writes them.
// Generators call it once per struct; names itself is not changed.
func SortFieldNames(names []string) []string {
	out := slices.Clone(names)
	slices.SortFunc(out, CompareTextKeys)
	return out
}

// CompareTextKeys compares two text keys in deterministic order: by length,
// then bytewise. It returns -1, 0 or +1.
func CompareTextKeys(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// A MapMark is returned by BeginMap and handed back to EndMap.
type MapMark struct{ base int }

// entrySpan is one encoded entry in the buffer.
type entrySpan struct{ start, end int }

// BeginMap starts a map of n entries whose keys the encoder sorts: call
// Entry before writing each key (and then its value), in any order, and
// EndMap after the last value. Maps may nest inside the values.
//
//	m := e.BeginMap(len(v))
//	for k, x := range v {
//		e.Entry()
//		e.WriteString(k)
//		e.WriteI64(x)
//	}
//	e.EndMap(m)
//
// The keys must be distinct (they are, coming from a Go map).
func (e *Encoder) BeginMap(n int) MapMark {
	e.head(majorMap, uint64(n))
	return MapMark{base: len(e.marks)}
}

// Entry marks the start of the next entry of the innermost open BeginMap.
func (e *Encoder) Entry() { e.marks = append(e.marks, len(e.buf)) }

// EndMap sorts the entries written since BeginMap by their encoded keys.
// Encoded items are prefix-free, so comparing whole entries orders them
// by key.
func (e *Encoder) EndMap(m MapMark) {
	marks := e.marks[m.base:]
	e.marks = e.marks[:m.base]
	if len(marks) < 2 {
		return
	}
	start := marks[0]
	spans := e.spans[:0]
	for i, s := range marks {
		end := len(e.buf)
		if i+1 < len(marks) {
			end = marks[i+1]
		}
		spans = append(spans, entrySpan{s, end})
	}
	buf := e.buf
	sorted := slices.IsSortedFunc(spans, func(a, b entrySpan) int {
		return bytes.Compare(buf[a.start:a.end], buf[b.start:b.end])
	})
	if !sorted {
		slices.SortFunc(spans, func(a, b entrySpan) int {
			return bytes.Compare(buf[a.start:a.end], buf[b.start:b.end])
		})
		tmp := e.tmp[:0]
		for _, s := range spans {
			tmp = append(tmp, buf[s.start:s.end]...)
		}
		copy(buf[start:], tmp)
		e.tmp = tmp
	}
	e.spans = spans[:0]
}
