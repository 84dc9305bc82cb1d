package fficrt

import "unicode/utf8"

// Text and byte strings: definite or indefinite length (a run of definite
// chunks of the same major type, ended by a break). A length is checked
// against the bytes remaining before anything is allocated, and every text
// chunk must be valid UTF-8 on its own (RFC 8949 §3.2.3).

// readStr reads a string of major type major (bytes or text). The result
// aliases the input for a definite length, or d.scratch (valid until the
// next readStr) for an indefinite one. When keep is false an indefinite
// string is only validated, not joined, and nil is returned for it.
func (d *Decoder) readStr(major byte, want string, keep bool) ([]byte, error) {
	h, err := d.readHead()
	if err != nil {
		return nil, err
	}
	if h.major() != major {
		return nil, d.expected(want, h)
	}
	if !h.indefinite() {
		return d.strBody(h.arg, major == majorText)
	}
	if keep {
		d.scratch = d.scratch[:0]
	}
	for {
		if d.off >= len(d.data) {
			return nil, d.fail(msgEOF)
		}
		ib := d.data[d.off]
		if ib == cborBreak {
			d.off++
			break
		}
		if ib&0xe0 != major || ib&0x1f == 31 {
			return nil, d.fail(msgBadChunk)
		}
		h, err := d.readHead()
		if err != nil {
			return nil, err
		}
		chunk, err := d.strBody(h.arg, major == majorText)
		if err != nil {
			return nil, err
		}
		if keep {
			d.scratch = append(d.scratch, chunk...)
		}
	}
	if !keep {
		return nil, nil
	}
	return d.scratch, nil
}

// strBody returns the next n bytes of the input, checking that they exist
// and, for text, that they are valid UTF-8.
func (d *Decoder) strBody(n uint64, text bool) ([]byte, error) {
	if n > d.remaining() {
		d.off = len(d.data)
		return nil, d.fail(msgEOF)
	}
	end := d.off + int(n)
	b := d.data[d.off:end:end]
	if text && !utf8.Valid(b) {
		return nil, d.fail(msgInvalidUTF8)
	}
	d.off = end
	return b, nil
}

// ReadString reads a text string.
func (d *Decoder) ReadString() (string, error) {
	b, err := d.readStr(majorText, "string", true)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// ReadText reads a text string without copying it: the result aliases the
// input, or the decoder's scratch buffer for an indefinite-length string,
// and is valid until the next read. Use it to match enum member names
// (switch string(b) does not allocate).
func (d *Decoder) ReadText() ([]byte, error) { return d.readStr(majorText, "string", true) }

// ReadKey reads the text key of map entry i (a struct field name, a union
// arm or a request parameter) without copying it, like ReadText; errors in
// the key are reported at `{i}`.
func (d *Decoder) ReadKey(i int) ([]byte, error) {
	if d.off < len(d.data) {
		// Fast path: a short definite ASCII key, the usual field name.
		if ib := d.data[d.off]; ib >= majorText && ib < majorText+24 {
			n := int(ib - majorText)
			end := d.off + 1 + n
			if end <= len(d.data) {
				b := d.data[d.off+1 : end : end]
				if isASCII(b) {
					d.off = end
					return b, nil
				}
			}
		}
	}
	d.PushEntry(i)
	b, err := d.readStr(majorText, "string", true)
	d.Pop()
	return b, err
}

// isASCII reports whether b holds only ASCII bytes.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ReadBytes reads a byte string into a new slice (never nil, so an empty
// `bytes` stays distinct from an absent `bytes?`).
func (d *Decoder) ReadBytes() ([]byte, error) {
	b, err := d.readStr(majorBytes, "bytes", true)
	if err != nil {
		return nil, err
	}
	return append(make([]byte, 0, len(b)), b...), nil
}

// ReadBytesBorrowed reads a byte string without copying it when it has a
// definite length: the result then aliases the input. An indefinite-length
// byte string is joined into a new slice.
func (d *Decoder) ReadBytesBorrowed() ([]byte, error) {
	if d.off < len(d.data) && d.data[d.off] == majorBytes|31 {
		return d.ReadBytes()
	}
	return d.readStr(majorBytes, "bytes", true)
}
