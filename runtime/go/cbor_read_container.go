package fficrt

import (
	"fmt"
	"strconv"
)

// Arrays and maps: heads with the depth limit and the remaining-bytes check,
// iteration over definite and indefinite lengths, and skipping of unknown
// values.

// Indefinite is the length ReadArrayHeader and ReadMapHeader return for an
// indefinite-length array or map; iterate it with More.
const Indefinite = -1

// readContainer reads the head of an array or map (major), checking the
// depth and that n items of at least per bytes each fit in the input.
func (d *Decoder) readContainer(major byte, want string, per uint64) (int, error) {
	h, err := d.readHead()
	if err != nil {
		return 0, err
	}
	if h.major() != major {
		return 0, d.expected(want, h)
	}
	if len(d.path) > MaxDepth {
		return 0, d.fail(msgTooDeep)
	}
	if h.indefinite() {
		return Indefinite, nil
	}
	if h.arg > d.remaining()/per {
		d.off = len(d.data)
		return 0, d.fail(msgEOF)
	}
	return int(h.arg), nil
}

// ReadArrayHeader reads the head of a list: its length, or Indefinite. The
// length is at most the number of bytes remaining, so a caller may allocate
// for it.
func (d *Decoder) ReadArrayHeader() (int, error) { return d.readContainer(majorArray, "list", 1) }

// ReadMapHeader reads the head of a map, struct or union: its number of
// entries, or Indefinite. The count is at most half the bytes remaining.
func (d *Decoder) ReadMapHeader() (int, error) { return d.readContainer(majorMap, "map", 2) }

// More reports whether item i of an array or map of length n (from
// ReadArrayHeader or ReadMapHeader) is next. For an indefinite length it
// consumes the break that ends the items. Iterate with
//
//	for i := 0; d.More(n, i); i++ { ... }
func (d *Decoder) More(n, i int) bool {
	if n >= 0 {
		return i < n
	}
	if d.off < len(d.data) && d.data[d.off] == cborBreak {
		d.off++
		return false
	}
	return true
}

// Skip reads and discards one item, checking that it is well formed, within
// the depth limit, free of the items the wire format forbids (tags, simple
// values other than false, true, null and floats), and that its text is
// valid UTF-8. Duplicate keys inside it are not checked. Errors are at the
// current path.
func (d *Decoder) Skip() error { return d.skip(len(d.path)) }

// SkipField skips the value of an unknown struct key, with errors at
// `.key`. It allocates the key's string, which only unknown keys cost.
func (d *Decoder) SkipField(key []byte) error {
	d.PushField(string(key))
	err := d.Skip()
	d.Pop()
	return err
}

// skip discards one item at nesting level level.
func (d *Decoder) skip(level int) error {
	if d.off >= len(d.data) {
		return d.fail(msgEOF)
	}
	switch major := d.data[d.off] & 0xe0; major {
	case majorBytes, majorText:
		_, err := d.readStr(major, "", false)
		return err
	case majorArray, majorMap:
		return d.skipContainer(major, level)
	}
	_, err := d.readHead()
	return err
}

// skipContainer discards an array or map at nesting level level.
func (d *Decoder) skipContainer(major byte, level int) error {
	h, err := d.readHead()
	if err != nil {
		return err
	}
	if level > MaxDepth {
		return d.fail(msgTooDeep)
	}
	per := uint64(1)
	if major == majorMap {
		per = 2
	}
	if h.indefinite() {
		for i := uint64(0); ; i++ {
			if d.off < len(d.data) && d.data[d.off] == cborBreak && (per == 1 || i%2 == 0) {
				d.off++
				return nil
			}
			if err := d.skip(level + 1); err != nil {
				return err
			}
		}
	}
	if h.arg > d.remaining()/per {
		d.off = len(d.data)
		return d.fail(msgEOF)
	}
	for n := h.arg * per; n > 0; n-- {
		if err := d.skip(level + 1); err != nil {
			return err
		}
	}
	return nil
}

// MissingField returns the error for a required field absent from the
// struct (or parameter absent from the request) being read.
func (d *Decoder) MissingField(name string) error {
	return d.fail(msgMissingField + QuoteKey(name))
}

// DuplicateKey returns the error for a key seen twice in the map being
// read; key is a string (struct field, parameter, string key, or the member
// name of an enum key), an int64, a uint64 or a bool.
func (d *Decoder) DuplicateKey(key any) error {
	var k string
	switch v := key.(type) {
	case string:
		k = QuoteKey(v)
	case []byte:
		k = QuoteKey(string(v))
	case bool:
		k = strconv.FormatBool(v)
	case int64:
		k = strconv.FormatInt(v, 10)
	case uint64:
		k = strconv.FormatUint(v, 10)
	default:
		k = fmt.Sprint(v)
	}
	return d.fail("duplicate key " + k)
}

// UnknownMember returns the error for a text that names no member of the
// enum called enum.
func (d *Decoder) UnknownMember(enum string, name []byte) error {
	return d.fail("unknown " + enum + " member " + QuoteKey(string(name)))
}

// UnknownArm returns the error for a key that names no arm of the union
// called union; call it with the entry's step pushed (PushEntry).
func (d *Decoder) UnknownArm(union string, name []byte) error {
	return d.fail("unknown " + union + " arm " + QuoteKey(string(name)))
}

// ArmCount returns the error for a union map that does not hold exactly one
// entry; n is its length, or Indefinite when it has more than one.
func (d *Decoder) ArmCount(n int) error {
	if n == Indefinite {
		return d.fail(msgOneArm + "more than one")
	}
	return d.fail(msgOneArm + strconv.Itoa(n))
}

// ReadUnionHeader reads the head of a union: a map that must hold exactly
// one entry (the arm). It reports whether the map has an indefinite length;
// read the key with ReadKey(0), the payload under PushField(arm), then call
// EndUnion.
func (d *Decoder) ReadUnionHeader() (indefinite bool, err error) {
	n, err := d.ReadMapHeader()
	if err != nil {
		return false, err
	}
	if n == Indefinite {
		if !d.More(n, 0) {
			return true, d.ArmCount(0)
		}
		return true, nil
	}
	if n != 1 {
		return false, d.ArmCount(n)
	}
	return false, nil
}

// EndUnion ends a union read with ReadUnionHeader: an indefinite-length map
// must end right after its one entry.
func (d *Decoder) EndUnion(indefinite bool) error {
	if !indefinite {
		return nil
	}
	if d.off >= len(d.data) {
		return d.fail(msgEOF)
	}
	if !d.More(Indefinite, 1) {
		return nil
	}
	return d.ArmCount(Indefinite)
}

// DecField reads the value of map entry i of a struct (or a request, an
// event: see DecRoot) into v with dec, the field's name on the path
// around it; seen has bit i set by the first entry of the key, and a
// second is a duplicate key. Generated decoders call it per field, one
// line each.
func DecField[T any](d *Decoder, seen *uint64, i uint, name string, v *T, dec func(*Decoder, *T) error) error {
	if *seen&(1<<i) != 0 {
		return d.DuplicateKey(name)
	}
	*seen |= 1 << i
	d.PushField(name)
	if err := dec(d, v); err != nil {
		return err
	}
	d.Pop()
	return nil
}

// DecScalar is DecField for a scalar, read with a Read method
// ((*Decoder).ReadU32).
func DecScalar[T any](d *Decoder, seen *uint64, i uint, name string, v *T, read func(*Decoder) (T, error)) error {
	if *seen&(1<<i) != 0 {
		return d.DuplicateKey(name)
	}
	*seen |= 1 << i
	d.PushField(name)
	x, err := read(d)
	if err != nil {
		return err
	}
	*v = x
	d.Pop()
	return nil
}

// DecRoot is DecField for a parameter of a request or event, the root of
// its own path.
func DecRoot[T any](d *Decoder, seen *uint64, i uint, name string, v *T, dec func(*Decoder, *T) error) error {
	if *seen&(1<<i) != 0 {
		return d.DuplicateKey(name)
	}
	*seen |= 1 << i
	d.PushRoot(name)
	if err := dec(d, v); err != nil {
		return err
	}
	d.Pop()
	return nil
}

// DecRootScalar is DecScalar for a parameter.
func DecRootScalar[T any](d *Decoder, seen *uint64, i uint, name string, v *T, read func(*Decoder) (T, error)) error {
	if *seen&(1<<i) != 0 {
		return d.DuplicateKey(name)
	}
	*seen |= 1 << i
	d.PushRoot(name)
	x, err := read(d)
	if err != nil {
		return err
	}
	*v = x
	d.Pop()
	return nil
}

// Required is the error of the first field of names (bit i of required
// for names[i]) that seen lacks, or nil when seen has them all.
func (d *Decoder) Required(seen, required uint64, names ...string) error {
	for i, n := range names {
		if required&(1<<i) != 0 && seen&(1<<i) == 0 {
			return d.MissingField(n)
		}
	}
	return nil
}
