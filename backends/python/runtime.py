# ---- The ffic runtime ---------------------------------------------------
#
# Everything below this line up to the codecs of this library is the same in
# every module ffic generates: the CBOR codec of docs/wire.md and the ctypes
# host layer of docs/abi.md. It is copied into each module so that the module
# needs nothing but the standard library. Its names start with "_"; the
# names of the library (the exception classes above) reach it through the
# _Error, _ClosedError, _WireError_ and _LoadError aliases.

_MAX_DEPTH = 256
_EOF = "unexpected end of input"
_pack_e = _struct.Struct(">e").pack
_pack_f = _struct.Struct(">f").pack
_pack_d = _struct.Struct(">d").pack
_unpack_e = _struct.Struct(">e").unpack_from
_unpack_f = _struct.Struct(">f").unpack_from
_unpack_d = _struct.Struct(">d").unpack_from
_NAN = float("nan")


def _quote(s: str) -> str:
    """Quotes text from the wire as error messages do (docs/wire.md)."""
    return _json.dumps(s, ensure_ascii=False)


class _PathError(Exception):
    """An error at a field path. The path is built while the error unwinds:
    each container adds its step, so the success path pays nothing."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg
        self.steps: _t.List[str] = []
        self.rooted = False

    def step(self, s: str) -> None:
        if not self.rooted:
            self.steps.append(s)

    def root(self, name: str) -> None:
        if not self.rooted:
            self.steps.append(name)
            self.rooted = True

    def path(self, root: str) -> str:
        self.root(root)
        return "".join(reversed(self.steps))

    def public(self, root: str) -> Exception:
        return _WireError_(self.path(root), self.msg)


class _DecodeError(_PathError):
    pass


class _EncodeTypeError(_PathError):
    def public(self, root: str) -> Exception:
        return TypeError(self.path(root) + ": " + self.msg)


class _EncodeValueError(_PathError):
    def public(self, root: str) -> Exception:
        return ValueError(self.path(root) + ": " + self.msg)


def _what(ib: int) -> str:
    major = ib >> 5
    if major < 6:
        return ("unsigned integer", "negative integer", "byte string",
                "text string", "array", "map")[major]
    if ib == 0xF4 or ib == 0xF5:
        return "bool"
    if ib == 0xF6:
        return "null"
    return "float"


def _expected(want: str, ib: int) -> _DecodeError:
    return _DecodeError("expected " + want + ", got " + _what(ib))


def _head(buf: bytes, pos: int) -> _t.Tuple[int, int, int]:
    """Reads a head at pos: (initial byte, argument, next position), with
    the checks of docs/wire.md in their order. An indefinite length has the
    argument 31."""
    if pos >= len(buf):
        raise _DecodeError(_EOF)
    ib = buf[pos]
    major = ib >> 5
    ai = ib & 31
    if major == 6:
        raise _DecodeError("tags are not allowed")
    if ib == 0xFF:
        raise _DecodeError("unexpected break")
    if ib == 0xF7:
        raise _DecodeError("undefined is not allowed")
    if major == 7 and ai < 20:
        raise _DecodeError("simple value %d is not allowed" % ai)
    if 28 <= ai <= 30 or (ai == 31 and major <= 1):
        raise _DecodeError("invalid additional information %d" % ai)
    if ai < 24 or ai == 31:
        return ib, ai, pos + 1
    n = 1 << (ai - 24)
    end = pos + 1 + n
    if end > len(buf):
        raise _DecodeError(_EOF)
    arg = int.from_bytes(buf[pos + 1:end], "big")
    if ib == 0xF8:
        raise _DecodeError("simple value %d is not allowed" % arg)
    return ib, arg, end


def _container(buf: bytes, pos: int, major: int, want: str, per: int,
               depth: int) -> _t.Tuple[int, int]:
    """Reads the head of an array (per 1) or map (per 2): its length, or -1
    for an indefinite length, and the next position."""
    ib, arg, pos = _head(buf, pos)
    if ib >> 5 != major:
        raise _expected(want, ib)
    if depth > _MAX_DEPTH:
        raise _DecodeError("nesting deeper than 256")
    if ib & 31 == 31:
        return -1, pos
    if arg > (len(buf) - pos) // per:
        raise _DecodeError(_EOF)
    return arg, pos


def _more(buf: bytes, pos: int, n: int, i: int) -> _t.Tuple[bool, int]:
    """Whether item i of a container of length n follows (for an indefinite
    length, consuming the break that ends it)."""
    if n >= 0:
        return i < n, pos
    if pos < len(buf) and buf[pos] == 0xFF:
        return False, pos + 1
    return True, pos


def _read_str(buf: bytes, pos: int, major: int, want: str) -> _t.Tuple[bytes, int]:
    """Reads a byte (major 2) or text (major 3) string, definite or
    indefinite, checking UTF-8 chunk by chunk for text."""
    ib, arg, pos = _head(buf, pos)
    if ib >> 5 != major:
        raise _expected(want, ib)
    if ib & 31 != 31:
        end = pos + arg
        if end > len(buf):
            raise _DecodeError(_EOF)
        b = buf[pos:end]
        if major == 3:
            try:
                b.decode("utf-8")
            except UnicodeDecodeError:
                raise _DecodeError("invalid UTF-8") from None
        return b, end
    chunks: _t.List[bytes] = []
    while True:
        if pos >= len(buf):
            raise _DecodeError(_EOF)
        c = buf[pos]
        if c == 0xFF:
            return b"".join(chunks), pos + 1
        if c >> 5 != major or c & 31 == 31:
            raise _DecodeError("indefinite-length string chunk of the wrong type")
        _, arg, pos = _head(buf, pos)
        end = pos + arg
        if end > len(buf):
            raise _DecodeError(_EOF)
        b = buf[pos:end]
        if major == 3:
            try:
                b.decode("utf-8")
            except UnicodeDecodeError:
                raise _DecodeError("invalid UTF-8") from None
        chunks.append(b)
        pos = end


def _skip(buf: bytes, pos: int, level: int) -> int:
    """Skips one item at nesting level level, checking it is well formed."""
    if pos >= len(buf):
        raise _DecodeError(_EOF)
    major = buf[pos] >> 5
    if major == 2 or major == 3:
        return _read_str(buf, pos, major, "")[1]
    if major == 4 or major == 5:
        ib, arg, pos = _head(buf, pos)
        if level > _MAX_DEPTH:
            raise _DecodeError("nesting deeper than 256")
        per = 2 if major == 5 else 1
        if ib & 31 == 31:
            i = 0
            while True:
                if pos < len(buf) and buf[pos] == 0xFF and (per == 1 or i % 2 == 0):
                    return pos + 1
                pos = _skip(buf, pos, level + 1)
                i += 1
        if arg > (len(buf) - pos) // per:
            raise _DecodeError(_EOF)
        for _ in range(arg * per):
            pos = _skip(buf, pos, level + 1)
        return pos
    return _head(buf, pos)[2]


def _read_key(buf: bytes, pos: int, i: int) -> _t.Tuple[bytes, int]:
    """Reads the text key of map entry i (errors at {i}); returns its UTF-8
    bytes."""
    if pos < len(buf):
        ib = buf[pos]
        if 0x60 <= ib < 0x78:
            end = pos + 1 + ib - 0x60
            if end <= len(buf):
                b = buf[pos + 1:end]
                if b.isascii():
                    return b, end
    try:
        return _read_str(buf, pos, 3, "string")
    except _PathError as e:
        e.step("{%d}" % i)
        raise


def _whead(out: bytearray, major: int, n: int) -> None:
    """Appends the shortest head of major type major with argument n."""
    m = major << 5
    if n < 24:
        out.append(m | n)
    elif n < 0x100:
        out.append(m | 24)
        out.append(n)
    elif n < 0x10000:
        out.append(m | 25)
        out += n.to_bytes(2, "big")
    elif n < 0x100000000:
        out.append(m | 26)
        out += n.to_bytes(4, "big")
    else:
        out.append(m | 27)
        out += n.to_bytes(8, "big")


def _head_bytes(major: int, n: int) -> bytes:
    out = bytearray()
    _whead(out, major, n)
    return bytes(out)


def _text_bytes(s: str) -> bytes:
    """The encoding of the text string s."""
    b = s.encode("utf-8")
    return _head_bytes(3, len(b)) + b


def _float_bytes(v: float) -> bytes:
    """The shortest float encoding that holds v exactly (NaN is f97e00)."""
    if v != v:
        return b"\xf9\x7e\x00"
    try:
        h = _pack_e(v)
        if _unpack_e(h)[0] == v:
            return b"\xf9" + h
    except OverflowError:
        pass
    try:
        f = _pack_f(v)
        if _unpack_f(f)[0] == v:
            return b"\xfa" + f
    except OverflowError:
        pass
    return b"\xfb" + _pack_d(v)


def _int_text(v: int) -> str:
    """v in decimal, or its size when that would be too long to read (or
    longer than Python converts)."""
    if v.bit_length() <= 256:
        return str(v)
    return "an int of %d bits" % v.bit_length()


def _typename(v: object) -> str:
    return type(v).__name__


_Enc = _t.Callable[[_t.Any, bytearray], None]
_Dec = _t.Callable[[bytes, int, int], _t.Tuple[_t.Any, int]]


class _Codec:
    """How one IDL type travels: enc appends a value's encoding to a
    bytearray; dec reads one value at a position and nesting depth and
    returns it with the next position. The other attributes describe the
    type (for the test hook and for error messages)."""

    __slots__ = ("kind", "name", "enc", "dec", "elem", "key", "cls",
                 "fields", "arms", "members", "keystep", "keyname")

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        self.enc: _Enc = _unfilled_enc
        self.dec: _Dec = _unfilled_dec
        self.elem: _t.Optional[_Codec] = None
        self.key: _t.Optional[_Codec] = None
        self.cls: _t.Any = None
        # struct: (wire name, attribute, codec); union: (wire name, class, codec or None)
        self.fields: _t.List[_t.Tuple[str, str, _Codec]] = []
        self.arms: _t.List[_t.Tuple[str, _t.Any, _t.Optional[_Codec]]] = []
        self.members: _t.List[_t.Tuple[str, _t.Any]] = []
        # keystep spells the path step of a map value under a key of this
        # type; keyname spells the key in "duplicate key" messages.
        self.keystep: _t.Callable[[_t.Any], str] = _quote_step
        self.keyname: _t.Callable[[_t.Any], str] = repr

    def encode(self, value: _t.Any, root: str = "value") -> bytes:
        """The deterministic encoding of value; TypeError or ValueError,
        naming the path under root, when value is not of this type."""
        out = bytearray()
        try:
            self.enc(value, out)
        except _PathError as e:
            raise e.public(root) from None
        return bytes(out)

    def decode(self, data: bytes, root: str = "value") -> _t.Any:
        """The value data holds; the library's WireError, naming the path
        under root, when data is not one value of this type."""
        try:
            v, pos = self.dec(data, 0, 1)
            if pos != len(data):
                raise _DecodeError("trailing bytes after the value")
        except _PathError as e:
            raise e.public(root) from None
        return v


def _unfilled_enc(v: _t.Any, out: bytearray) -> None:
    raise AssertionError("codec used before it was filled")


def _unfilled_dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Any, int]:
    raise AssertionError("codec used before it was filled")


def _quote_step(k: _t.Any) -> str:
    return "[" + _quote(k) + "]"


def _int_step(k: _t.Any) -> str:
    return "[%d]" % k


def _bool_step(k: _t.Any) -> str:
    return "[true]" if k else "[false]"


def _bool_name(k: _t.Any) -> str:
    return "true" if k else "false"


def _int_codec(name: str, lo: int, hi: int) -> _Codec:
    c = _Codec("int", name)
    wrong = "expected " + name + ", got "
    fits = " does not fit " + name

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[int, int]:
        if pos < len(buf):
            ib = buf[pos]
            if ib < 24:
                return ib, pos + 1
        ib, arg, pos = _head(buf, pos)
        major = ib >> 5
        if major == 0:
            v = arg
        elif major == 1:
            v = -1 - arg
        else:
            raise _DecodeError(wrong + _what(ib))
        if v < lo or v > hi:
            raise _DecodeError(str(v) + fits)
        return v, pos

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not int:
            if not isinstance(v, int) or isinstance(v, bool):
                raise _EncodeTypeError("expected int (" + name + "), got " + _typename(v))
            v = int(v)
        if v < lo or v > hi:
            raise _EncodeValueError(_int_text(v) + fits)
        if 0 <= v < 24:
            out.append(v)
        elif v >= 0:
            _whead(out, 0, v)
        else:
            _whead(out, 1, -1 - v)

    c.enc = enc
    c.dec = dec
    c.keystep = _int_step
    c.keyname = str
    return c


def _bool_codec() -> _Codec:
    c = _Codec("bool", "bool")

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[bool, int]:
        if pos < len(buf):
            ib = buf[pos]
            if ib == 0xF5:
                return True, pos + 1
            if ib == 0xF4:
                return False, pos + 1
        ib, _, _ = _head(buf, pos)
        raise _expected("bool", ib)

    def enc(v: _t.Any, out: bytearray) -> None:
        if v is True:
            out.append(0xF5)
        elif v is False:
            out.append(0xF4)
        else:
            raise _EncodeTypeError("expected bool, got " + _typename(v))

    c.enc = enc
    c.dec = dec
    c.keystep = _bool_step
    c.keyname = _bool_name
    return c


def _float_codec(name: str) -> _Codec:
    c = _Codec("float", name)
    is32 = name == "f32"

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[float, int]:
        ib, _, end = _head(buf, pos)
        if ib == 0xFB:
            v = _unpack_d(buf, pos + 1)[0]
        elif ib == 0xFA:
            v = _unpack_f(buf, pos + 1)[0]
        elif ib == 0xF9:
            v = _unpack_e(buf, pos + 1)[0]
        else:
            raise _expected(name, ib)
        if v != v:
            return _NAN, end
        if is32 and ib == 0xFB:
            try:
                ok = _unpack_f(_pack_f(v))[0] == v
            except OverflowError:
                ok = False
            if not ok:
                raise _DecodeError(repr(v) + " does not fit f32")
        return v, end

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not float:
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise _EncodeTypeError("expected float (" + name + "), got " + _typename(v))
            try:
                v = float(v)
            except OverflowError:
                raise _EncodeValueError(_int_text(v) + " does not fit " + name) from None
        if is32 and v == v:
            # An f32 holds the f32 nearest to v, as a C or Go conversion gives.
            try:
                v = _unpack_f(_pack_f(v))[0]
            except OverflowError:
                raise _EncodeValueError(repr(v) + " does not fit f32") from None
        out += _float_bytes(v)

    c.enc = enc
    c.dec = dec
    return c


def _string_codec() -> _Codec:
    c = _Codec("string", "string")

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[str, int]:
        if pos < len(buf):
            ib = buf[pos]
            if 0x60 <= ib < 0x78:
                end = pos + 1 + ib - 0x60
                if end <= len(buf):
                    try:
                        return buf[pos + 1:end].decode("utf-8"), end
                    except UnicodeDecodeError:
                        raise _DecodeError("invalid UTF-8") from None
        ib, arg, start = _head(buf, pos)
        if ib >> 5 == 3 and ib & 31 != 31:
            # Definite length (what every encoder of docs/wire.md writes):
            # decoded straight from the buffer, one copy, checked once.
            end = start + arg
            if end > len(buf):
                raise _DecodeError(_EOF)
            try:
                return str(memoryview(buf)[start:end], "utf-8"), end
            except UnicodeDecodeError:
                raise _DecodeError("invalid UTF-8") from None
        b, pos = _read_str(buf, pos, 3, "string")
        return b.decode("utf-8"), pos

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not str and not isinstance(v, str):
            raise _EncodeTypeError("expected str, got " + _typename(v))
        if v.isascii():
            n = len(v)
            if n < 24:
                out.append(0x60 | n)
            else:
                _whead(out, 3, n)
            out += v.encode("ascii")
            return
        try:
            b = v.encode("utf-8")
        except UnicodeEncodeError:
            raise _EncodeValueError("invalid UTF-8") from None
        _whead(out, 3, len(b))
        out += b

    c.enc = enc
    c.dec = dec
    c.keyname = _quote
    return c


def _bytes_codec() -> _Codec:
    c = _Codec("bytes", "bytes")

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[bytes, int]:
        return _read_str(buf, pos, 2, "bytes")

    def enc(v: _t.Any, out: bytearray) -> None:
        if not isinstance(v, (bytes, bytearray, memoryview)):
            raise _EncodeTypeError("expected bytes, got " + _typename(v))
        b = v.tobytes() if isinstance(v, memoryview) else v
        _whead(out, 2, len(b))
        out += b

    c.enc = enc
    c.dec = dec
    return c


_BOOL = _bool_codec()
_I8 = _int_codec("i8", -(1 << 7), (1 << 7) - 1)
_I16 = _int_codec("i16", -(1 << 15), (1 << 15) - 1)
_I32 = _int_codec("i32", -(1 << 31), (1 << 31) - 1)
_I64 = _int_codec("i64", -(1 << 63), (1 << 63) - 1)
_U8 = _int_codec("u8", 0, (1 << 8) - 1)
_U16 = _int_codec("u16", 0, (1 << 16) - 1)
_U32 = _int_codec("u32", 0, (1 << 32) - 1)
_U64 = _int_codec("u64", 0, (1 << 64) - 1)
_F32 = _float_codec("f32")
_F64 = _float_codec("f64")
_STRING = _string_codec()
_BYTES = _bytes_codec()
_SCALARS = {
    "bool": _BOOL, "i8": _I8, "i16": _I16, "i32": _I32, "i64": _I64,
    "u8": _U8, "u16": _U16, "u32": _U32, "u64": _U64, "f32": _F32,
    "f64": _F64, "string": _STRING, "bytes": _BYTES,
}


def _opt(inner: _Codec) -> _Codec:
    c = _Codec("optional", inner.name + "?")
    c.elem = inner

    # Named codecs are filled after they are referred to (types may be
    # recursive), so every combinator looks up enc and dec when it runs.
    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Any, int]:
        if pos < len(buf) and buf[pos] == 0xF6:
            return None, pos + 1
        return inner.dec(buf, pos, depth)

    def enc(v: _t.Any, out: bytearray) -> None:
        if v is None:
            out.append(0xF6)
        else:
            inner.enc(v, out)

    c.enc = enc
    c.dec = dec
    return c


# Sequences that are never meant as lists (of characters, of ints).
_NOT_LISTS = (str, bytes, bytearray, memoryview)


def _list(elem: _Codec) -> _Codec:
    c = _Codec("list", "list<" + elem.name + ">")
    c.elem = elem

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.List[_t.Any], int]:
        n, pos = _container(buf, pos, 4, "list", 1, depth)
        edec = elem.dec
        out = []
        i = 0
        d = depth + 1
        try:
            if n >= 0:
                for i in range(n):
                    v, pos = edec(buf, pos, d)
                    out.append(v)
            else:
                while True:
                    if pos < len(buf) and buf[pos] == 0xFF:
                        pos += 1
                        break
                    v, pos = edec(buf, pos, d)
                    out.append(v)
                    i += 1
        except _PathError as e:
            e.step("[%d]" % i)
            raise
        return out, pos

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not list and not isinstance(v, (list, tuple)) and (
                not isinstance(v, _abc.Sequence) or isinstance(v, _NOT_LISTS)):
            raise _EncodeTypeError("expected list, got " + _typename(v))
        n = len(v)
        if n < 24:
            out.append(0x80 | n)
        else:
            _whead(out, 4, n)
        eenc = elem.enc
        i = 0
        try:
            for i, x in enumerate(v):
                eenc(x, out)
        except _PathError as e:
            e.step("[%d]" % i)
            raise

    c.enc = enc
    c.dec = dec
    return c


def _map(key: _Codec, value: _Codec) -> _Codec:
    c = _Codec("map", "map<" + key.name + ", " + value.name + ">")
    c.key = key
    c.elem = value
    keystep = key.keystep
    keyname = key.keyname

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Dict[_t.Any, _t.Any], int]:
        n, pos = _container(buf, pos, 5, "map", 2, depth)
        kdec = key.dec
        vdec = value.dec
        out: _t.Dict[_t.Any, _t.Any] = {}
        d = depth + 1
        i = 0
        while True:
            more, pos = _more(buf, pos, n, i)
            if not more:
                return out, pos
            try:
                k, pos = kdec(buf, pos, d)
            except _PathError as e:
                e.step("{%d}" % i)
                raise
            if k in out:
                raise _DecodeError("duplicate key " + keyname(k))
            try:
                out[k], pos = vdec(buf, pos, d)
            except _PathError as e:
                e.step(keystep(k))
                raise
            i += 1

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not dict and not isinstance(v, _abc.Mapping):
            raise _EncodeTypeError("expected dict, got " + _typename(v))
        kenc = key.enc
        venc = value.enc
        entries = []
        for i, (k, x) in enumerate(v.items()):
            kout = bytearray()
            try:
                kenc(k, kout)
            except _PathError as e:
                e.step("{%d}" % i)
                raise
            entries.append((bytes(kout), k, x))
        entries.sort(key=_first)
        _whead(out, 5, len(entries))
        prev = None
        for kb, k, x in entries:
            if kb == prev:
                raise _EncodeValueError("duplicate key " + keyname(k))
            prev = kb
            out += kb
            try:
                venc(x, out)
            except _PathError as e:
                e.step(keystep(k))
                raise

    c.enc = enc
    c.dec = dec
    return c


def _first(e: _t.Tuple[bytes, _t.Any, _t.Any]) -> bytes:
    return e[0]


def _enum_codec(name: str, cls: _t.Any, members: _t.List[_t.Tuple[str, _t.Any]]) -> _Codec:
    """The codec of an enum: members are (wire name, member) pairs."""
    c = _Codec("enum", name)
    c.cls = cls
    c.members = members
    by_name = {n.encode("utf-8"): m for n, m in members}
    by_member = {m: _text_bytes(n) for n, m in members}
    wire_name = {m: n for n, m in members}
    unknown = "unknown " + name + " member "

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Any, int]:
        b, pos = _read_str(buf, pos, 3, "string")
        m = by_name.get(b)
        if m is None:
            raise _DecodeError(unknown + _quote(b.decode("utf-8")))
        return m, pos

    def enc(v: _t.Any, out: bytearray) -> None:
        try:
            out += by_member[v]
        except (KeyError, TypeError):
            raise _EncodeTypeError("expected " + name + ", got " + _typename(v)) from None

    def keystep(k: _t.Any) -> str:
        return "[" + _quote(wire_name[k]) + "]"

    def keyname(k: _t.Any) -> str:
        return _quote(wire_name[k])

    c.enc = enc
    c.dec = dec
    c.keystep = keystep
    c.keyname = keyname
    return c


def _fields_decoder(
    fields: _t.List[_t.Tuple[str, _Codec]], rooted: bool,
) -> _t.Callable[[bytes, int, int], _t.Tuple[_t.List[_t.Any], int]]:
    """Reads a map of named fields (a struct, or a request whose parameters
    are roots of their own paths when rooted): the values in declaration
    order, None for absent optionals."""
    nf = len(fields)
    index = {n.encode("utf-8"): i for i, (n, _) in enumerate(fields)}
    names = [n for n, _ in fields]
    codecs = [c for _, c in fields]
    optional = [c.kind == "optional" for _, c in fields]
    missing = _MISSING
    # The fast path: every field present, in the deterministic order of
    # docs/wire.md (what every encoder writes), under a definite head. Any
    # other map takes the general path from the start, which decodes the
    # same entries in the same order up to where this one left, so errors
    # are the same whichever path finds them.
    head = _head_bytes(5, nf)
    nhead = len(head)
    canonical = [(j, _text_bytes(names[j]), codecs[j])
                 for j in sorted(range(nf), key=lambda j: _text_bytes(names[j]))]

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.List[_t.Any], int]:
        if depth <= _MAX_DEPTH and buf.startswith(head, pos):
            p = pos + nhead
            vals: _t.List[_t.Any] = [None] * nf
            d = depth + 1
            for j, kb, c in canonical:
                if not buf.startswith(kb, p):
                    break
                try:
                    vals[j], p = c.dec(buf, p + len(kb), d)
                except _PathError as e:
                    if rooted:
                        e.root(names[j])
                    else:
                        e.step("." + names[j])
                    raise
            else:
                return vals, p
        return general(buf, pos, depth)

    def general(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.List[_t.Any], int]:
        n, pos = _container(buf, pos, 5, "map", 2, depth)
        vals: _t.List[_t.Any] = [missing] * nf
        d = depth + 1
        i = 0
        while True:
            if n >= 0:
                if i >= n:
                    break
            elif pos < len(buf) and buf[pos] == 0xFF:
                pos += 1
                break
            kb, pos = _read_key(buf, pos, i)
            j = index.get(kb)
            i += 1
            if j is None:
                try:
                    pos = _skip(buf, pos, d)
                except _PathError as e:
                    e.step("." + kb.decode("utf-8"))
                    raise
                continue
            if vals[j] is not missing:
                raise _DecodeError("duplicate key " + _quote(names[j]))
            try:
                vals[j], pos = codecs[j].dec(buf, pos, d)
            except _PathError as e:
                if rooted:
                    e.root(names[j])
                else:
                    e.step("." + names[j])
                raise
        for j in range(nf):
            if vals[j] is missing:
                if not optional[j]:
                    raise _DecodeError("missing required field " + _quote(names[j]))
                vals[j] = None
        return vals, pos

    return dec


class _Missing:
    pass


_MISSING = _Missing()


def _struct_codec(name: str, cls: _t.Any) -> _Codec:
    """The codec of a struct, filled by _fill_struct once every codec it
    refers to exists (structs may be recursive)."""
    c = _Codec("struct", name)
    c.cls = cls
    return c


def _fill_struct(c: _Codec, fields: _t.List[_t.Tuple[str, str, _Codec]]) -> None:
    c.fields = fields
    cls = c.cls
    order = sorted(((_text_bytes(n), n, a, fc) for n, a, fc in fields), key=lambda f: f[0])
    keys = [(kb, "." + n, a, fc) for kb, n, a, fc in order]
    head = _head_bytes(5, len(fields))
    fdec = _fields_decoder([(n, fc) for n, _, fc in fields], False)
    wrong = "expected " + c.name + ", got "

    def enc(v: _t.Any, out: bytearray) -> None:
        if v.__class__ is not cls and not isinstance(v, cls):
            raise _EncodeTypeError(wrong + _typename(v))
        out += head
        step = ""
        try:
            for kb, step, attr, fc in keys:
                out += kb
                fc.enc(getattr(v, attr), out)
        except _PathError as e:
            e.step(step)
            raise

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Any, int]:
        vals, pos = fdec(buf, pos, depth)
        return cls(*vals), pos

    c.enc = enc
    c.dec = dec


def _union_codec(name: str) -> _Codec:
    """The codec of a union, filled by _fill_union."""
    return _Codec("union", name)


def _fill_union(c: _Codec, arms: _t.List[_t.Tuple[str, _t.Any, _t.Optional[_Codec]]]) -> None:
    c.arms = arms
    by_name = {n.encode("utf-8"): (n, cls, ac) for n, cls, ac in arms}
    by_cls = {cls: (b"\xa1" + _text_bytes(n), "." + n, ac) for n, cls, ac in arms}
    unknown = "unknown " + c.name + " arm "
    wrong = "expected " + c.name + " (" + ", ".join(cls.__name__ for _, cls, _ in arms) + "), got "

    def enc(v: _t.Any, out: bytearray) -> None:
        arm = by_cls.get(v.__class__)
        if arm is None:
            for cls, a in by_cls.items():
                if isinstance(v, cls):
                    arm = a
                    break
            else:
                raise _EncodeTypeError(wrong + _typename(v))
        out += arm[0]
        ac = arm[2]
        if ac is None:
            out.append(0xF6)
            return
        try:
            ac.enc(v.value, out)
        except _PathError as e:
            e.step(arm[1])
            raise

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[_t.Any, int]:
        n, pos = _container(buf, pos, 5, "map", 2, depth)
        if n == -1:
            if pos < len(buf) and buf[pos] == 0xFF:
                raise _DecodeError("expected exactly one arm, got 0")
        elif n != 1:
            raise _DecodeError("expected exactly one arm, got %d" % n)
        kb, pos = _read_key(buf, pos, 0)
        arm = by_name.get(kb)
        if arm is None:
            e = _DecodeError(unknown + _quote(kb.decode("utf-8")))
            e.step("{0}")
            raise e
        an, cls, ac = arm
        try:
            if ac is None:
                if pos < len(buf) and buf[pos] == 0xF6:
                    pos += 1
                else:
                    ib, _, _ = _head(buf, pos)
                    raise _expected("null", ib)
                v = cls()
            else:
                x, pos = ac.dec(buf, pos, depth + 1)
                v = cls(x)
        except _PathError as e:
            e.step("." + an)
            raise
        if n == -1:
            if pos >= len(buf):
                raise _DecodeError(_EOF)
            if buf[pos] != 0xFF:
                raise _DecodeError("expected exactly one arm, got more than one")
            pos += 1
        return v, pos

    c.enc = enc
    c.dec = dec


class _Request:
    """The CBOR map of a call's parameters (or an event's, or a host
    call's): errors about the map are rooted at the name of the call,
    errors in a parameter's value at the parameter."""

    def __init__(self, name: str, params: _t.List[_t.Tuple[str, _Codec]]) -> None:
        self.name = name
        order = sorted(range(len(params)), key=lambda i: _text_bytes(params[i][0]))
        self._enc = [(i, _text_bytes(params[i][0]), params[i][0], params[i][1]) for i in order]
        self._head = _head_bytes(5, len(params))
        self._dec = _fields_decoder(params, True)

    def encode(self, args: _t.Sequence[_t.Any]) -> bytes:
        if not self._enc:
            return b"\xa0"
        out = bytearray(self._head)
        for i, kb, name, c in self._enc:
            out += kb
            try:
                c.enc(args[i], out)
            except _PathError as e:
                raise e.public(name) from None
        return bytes(out)

    def decode(self, data: bytes) -> _t.List[_t.Any]:
        try:
            vals, pos = self._dec(data, 0, 1)
            if pos != len(data):
                raise _DecodeError("trailing bytes after the value")
        except _PathError as e:
            raise e.public(self.name) from None
        return vals


def _parse_type(spelling: str, types: _t.Mapping[str, _Codec]) -> _Codec:
    """The codec of an IDL type spelled as in a .ffi file
    ("list<map<i32, Point?>>"), resolving names in types."""
    s = spelling.replace(" ", "")
    pos = 0

    def parse() -> _Codec:
        nonlocal pos
        start = pos
        while pos < len(s) and (s[pos].isalnum() or s[pos] == "_"):
            pos += 1
        word = s[start:pos]
        if word == "list" or word == "map":
            if s[pos:pos + 1] != "<":
                raise ValueError("bad type " + repr(spelling))
            pos += 1
            a = parse()
            if word == "map":
                if s[pos:pos + 1] != ",":
                    raise ValueError("bad type " + repr(spelling))
                pos += 1
                b = parse()
            if s[pos:pos + 1] != ">":
                raise ValueError("bad type " + repr(spelling))
            pos += 1
            c = _list(a) if word == "list" else _map(a, b)
        elif word in _SCALARS:
            c = _SCALARS[word]
        elif word in types:
            c = types[word]
        else:
            raise ValueError("unknown type " + repr(word) + " in " + repr(spelling))
        if s[pos:pos + 1] == "?":
            pos += 1
            c = _opt(c)
        return c

    c = parse()
    if pos != len(s):
        raise ValueError("bad type " + repr(spelling))
    return c


# ---- The host layer (docs/abi.md) ----------------------------------------

_OK = 0
_ERROR = 1
_TYPED_ERROR = 2
_CLOSED = 3
_INVALID_CONTEXT = 4
_TIMEOUT = 8
_STATUS_NAMES = ("OK", "ERROR", "TYPED_ERROR", "CLOSED", "INVALID_CONTEXT",
                 "INVALID_ARGUMENT", "DECODE_ERROR", "UNKNOWN_ID", "TIMEOUT",
                 "BUSY", "INTERNAL")
_ITEM_COMPLETION = 1
_ITEM_EVENT = 2
_ITEM_HOST_CALL = 3
_BATCH = 64
# Host fn implementations keep up to this many idle threads per context;
# beyond it, each waiting host call gets a thread of its own.
_HOST_WARM = 8
# The event items a context holds for its event thread at most (as the
# library's own backlog, docs/abi.md): when full, newer ones are dropped and
# counted in dropped_events().
_EVENT_BACKLOG = 4096


class _Str(_ctypes.Structure):
    _fields_ = [("ptr", _ctypes.c_void_p), ("len", _ctypes.c_size_t)]


class _Item(_ctypes.Structure):
    _fields_ = [
        ("tag", _ctypes.c_void_p),
        ("data", _ctypes.c_void_p),
        ("len", _ctypes.c_size_t),
        ("id", _ctypes.c_uint64),
        ("kind", _ctypes.c_int32),
        ("status", _ctypes.c_int32),
        ("decl", _ctypes.c_int32),
    ]


_string_at = _ctypes.string_at
_CBOR_CB = _ctypes.CFUNCTYPE(None, _ctypes.c_void_p, _ctypes.c_int32, _ctypes.c_uint64,
                             _ctypes.c_void_p, _ctypes.c_size_t)
# Completions of plain fns and of the ctor arrive on the calling thread,
# before the entry point returns: the callback parks them here, under the
# key the caller passed as user_data, and the caller takes them out.
_plain_results: _t.Dict[int, _t.Tuple[int, int, bytes]] = {}
_keys = _itertools.count(1)


def _on_plain(ud: _t.Optional[int], status: int, id: int, data: _t.Optional[int], n: int) -> None:
    _plain_results[ud or 0] = (status, id, _string_at(data or 0, n) if n else b"")


_PLAIN_CB = _CBOR_CB(_on_plain)
_PLAIN_CB_ADDR = _ctypes.cast(_PLAIN_CB, _ctypes.c_void_p).value

# Completions of static async fns (which have no completion queue) arrive on
# a library thread.
_static_waiters: _t.Dict[int, _t.Any] = {}


def _on_static_async(ud: _t.Optional[int], status: int, id: int, data: _t.Optional[int],
                     n: int) -> None:
    w = _static_waiters.pop(ud or 0, None)
    if w is not None:
        w.complete(status, _string_at(data or 0, n) if n else b"")


_STATIC_ASYNC_CB = _CBOR_CB(_on_static_async)
_STATIC_ASYNC_CB_ADDR = _ctypes.cast(_STATIC_ASYNC_CB, _ctypes.c_void_p).value

# Host calls made on a thread inside a plain call (a plain fn whose handler
# calls a host fn) arrive through L_cbor_inline's callback, on that thread:
# a thread Python knows, since it made the plain call. The user_data is the
# implementation's tag, a key of _impl_tags.
_impl_tags: _t.Dict[int, _t.Tuple["_Context", int]] = {}
# What interrupted an inline host fn (KeyboardInterrupt, SystemExit), by
# thread: re-raised when the plain call it is nested in returns.
_interrupts: _t.Dict[int, BaseException] = {}


def _on_inline(ud: _t.Optional[int], status: int, id: int, data: _t.Optional[int], n: int) -> None:
    target = _impl_tags.get(ud or 0)
    if target is None:
        return  # the context is closed: the library failed the call already
    ctx, decl = target
    try:
        ctx._host_inline(decl, id, _string_at(data or 0, n) if n else b"")
    except BaseException as e:  # a ctypes callback must not raise
        _interrupts[_threading.get_ident()] = e
        try:
            # Answered unless it was: a second answer is refused (UNKNOWN_ID).
            ctx._answer_error(id, "interrupted (%s)" % type(e).__name__)
        except BaseException:
            pass


_INLINE_CB = _CBOR_CB(_on_inline)
_INLINE_CB_ADDR = _ctypes.cast(_INLINE_CB, _ctypes.c_void_p).value

_log = _logging.getLogger(__name__)


class _Waiter:
    """A blocked thread waiting for one completion: a lock it holds until
    the completion releases it (the cheapest wake-up Python has)."""

    __slots__ = ("lock", "status", "data")

    def __init__(self) -> None:
        self.lock = _threading.Lock()
        self.lock.acquire()
        self.status = _CLOSED
        self.data = b""

    def complete(self, status: int, data: bytes) -> None:
        self.status = status
        self.data = data
        self.lock.release()

    def wait(self) -> _t.Tuple[int, bytes]:
        _wait(self.lock)
        return self.status, self.data


def _wait(lock: _t.Any) -> None:
    """Acquires lock, interruptibly on the main thread: SIGINT wakes a
    main thread that waits, but when another thread took the signal, only
    the main thread's next bytecode runs the handler, so it wakes every
    _SIGNAL_CHECK seconds to let it (KeyboardInterrupt abandons the
    wait)."""
    if _threading.get_ident() != _MAIN_THREAD:
        lock.acquire()
        return
    while not lock.acquire(timeout=_SIGNAL_CHECK):
        pass


_SIGNAL_CHECK = 0.1
_MAIN_THREAD = _threading.main_thread().ident


def _set_result(fut: "_asyncio.Future[_t.Tuple[int, bytes]]", r: _t.Tuple[int, bytes]) -> None:
    if not fut.done():
        fut.set_result(r)


def _set_results(done: _t.List[_t.Tuple["_asyncio.Future[_t.Tuple[int, bytes]]", _t.Tuple[int, bytes]]]) -> None:
    for fut, r in done:
        if not fut.done():
            fut.set_result(r)


class _FutureWaiter:
    """An asyncio future waiting for one completion, resolved on its loop."""

    __slots__ = ("loop", "fut")

    def __init__(self, loop: _asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.fut: "_asyncio.Future[_t.Tuple[int, bytes]]" = loop.create_future()

    def complete(self, status: int, data: bytes) -> None:
        try:
            self.loop.call_soon_threadsafe(_set_result, self.fut, (status, data))
        except RuntimeError:
            pass  # the loop is closed: nobody waits any more


def _running_loop(what: str) -> _asyncio.AbstractEventLoop:
    try:
        return _asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(
            what + " needs a running asyncio event loop: await it inside a coroutine "
            "(asyncio.run(...)), or use the blocking method") from None


_R = _t.TypeVar("_R")
_Job = _t.Tuple[_t.Callable[..., None], _t.Tuple[_t.Any, ...]]


class _Pool:
    """Daemon threads that run jobs, started on demand: a job goes to an
    idle thread, else to a new one, so however many jobs block (a host fn
    waiting for a plain fn that waits for another host fn, or one that never
    returns), the next job still runs. Up to warm threads stay idle for
    the next jobs; the others end when their job does. The threads are
    daemons: a job that never returns does not keep the process from
    exiting."""

    __slots__ = ("_name", "_warm", "_lock", "_idle", "_started", "_closed")

    def __init__(self, name: str, warm: int) -> None:
        self._name = name
        self._warm = warm
        self._lock = _threading.Lock()
        self._idle: _t.List[_t.List[_t.Any]] = []  # [wake lock, job] of each idle thread
        self._started = 0
        self._closed = False

    def submit(self, fn: _t.Callable[..., None], *args: _t.Any) -> bool:
        """Runs fn(*args) on a pool thread; False once the pool is closed.
        RuntimeError when no thread can be started."""
        job = (fn, args)
        with self._lock:
            if self._closed:
                return False
            if self._idle:
                slot = self._idle.pop()
                slot[1] = job
                slot[0].release()
                return True
            self._started += 1
            n = self._started
        _threading.Thread(target=self._run, args=(job,), daemon=True,
                          name="%s-%d" % (self._name, n)).start()
        return True

    def _run(self, job: _t.Optional[_Job]) -> None:
        slot: _t.Optional[_t.List[_t.Any]] = None
        while job is not None:
            self._do(job)
            job = None  # nothing of the job stays referenced while idle
            with self._lock:
                if self._closed or len(self._idle) >= self._warm:
                    return
                if slot is None:
                    wake = _threading.Lock()
                    wake.acquire()
                    slot = [wake, None]
                self._idle.append(slot)
            slot[0].acquire()
            job, slot[1] = slot[1], None

    def _do(self, job: _Job) -> None:
        fn, args = job
        try:
            fn(*args)
        except BaseException:
            _log.exception("%s: a job of %s raised", _LIBRARY, self._name)

    def idle(self) -> int:
        """How many threads wait for a job."""
        return len(self._idle)

    def close(self) -> None:
        """Ends the idle threads; jobs submitted from now on are refused.
        Running jobs finish on their threads."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for slot in idle:
            slot[1] = None
            slot[0].release()


# Plain calls made for a waiting thread (the main thread, so that Ctrl-C
# interrupts its wait) or for a loop (the _async form of a plain fn).
_call_pool = _Pool(_LIBRARY + "-call", 4)


class _Handoff:
    """A call run on a pool thread for a thread that waits for it on a lock
    (interruptible: KeyboardInterrupt abandons the wait, and the call's
    outcome is dropped when it comes)."""

    __slots__ = ("lock", "value", "error")

    def __init__(self) -> None:
        self.lock = _threading.Lock()
        self.lock.acquire()
        self.value: _t.Any = None
        self.error: _t.Optional[BaseException] = None

    def run(self, fn: _t.Callable[..., _t.Any], *args: _t.Any) -> None:
        try:
            self.value = fn(*args)
        except BaseException as e:
            self.error = e
        self.lock.release()

    def wait(self) -> _t.Any:
        _wait(self.lock)
        if self.error is not None:
            e, self.error = self.error, None
            raise e
        return self.value


def _run_for_loop(loop: _asyncio.AbstractEventLoop, fut: "_asyncio.Future[_t.Any]",
                  fn: _t.Callable[..., _t.Any], *args: _t.Any) -> None:
    """Runs fn(*args) on a pool thread and settles fut with its outcome on
    loop (dropped if fut was cancelled or loop is closed)."""
    try:
        r: _t.Any = fn(*args)
        ok = True
    except BaseException as e:
        r = e
        ok = False
    try:
        loop.call_soon_threadsafe(_settle, fut, ok, r)
    except RuntimeError:
        pass  # the loop is closed: nobody waits any more


def _settle(fut: "_asyncio.Future[_t.Any]", ok: bool, r: _t.Any) -> None:
    if fut.done():
        return
    if ok:
        fut.set_result(r)
    else:
        fut.set_exception(r)


async def _in_pool(fn: _t.Callable[..., _R], *args: _t.Any) -> _R:
    """fn(*args) run on a pool thread, awaited on the running loop."""
    loop = _asyncio.get_running_loop()
    fut: "_asyncio.Future[_R]" = loop.create_future()
    _call_pool.submit(_run_for_loop, loop, fut, fn, *args)
    return await fut


class _Fn(_t.Generic[_R]):
    """What the host layer knows of one fn: its request, result and error
    codecs; _R is the type of its result."""

    __slots__ = ("name", "request", "result", "throws", "exc", "methods")

    def __init__(self, name: str, request: _Request, result: _t.Optional[_Codec],
                 throws: _t.Optional[_Codec], exc: _t.Any,
                 methods: _t.Optional[_t.Tuple[str, str]] = None) -> None:
        self.name = name
        # The Python names of the blocking and the asyncio form.
        self.methods = methods or (name, name + "_async")
        self.request = request
        self.result = result
        self.throws = throws
        self.exc = exc

    def answer(self, status: int, data: bytes) -> _R:
        """The result of a completion, or its error raised."""
        if status == _OK:
            v: _R = (self.result or _NULL_CODEC).decode(data, "result")
            return v
        raise _completion_error(self, status, data)


def _completion_error(fn: _t.Any, status: int, data: bytes) -> Exception:
    if status == _TYPED_ERROR and fn.throws is not None:
        exc: Exception = fn.exc(fn.throws.decode(data, "error"))
        return exc
    try:
        msg = _STRING.decode(data, "error")
    except _WireError_ as e:
        msg = "undecodable error message (%s)" % e
    if status == _ERROR:
        return _Error(msg)
    if status == _CLOSED:
        return _ClosedError(msg)
    return _Error("%s: unexpected completion status %d: %s" % (fn.name, status, msg))


def _null_codec() -> _Codec:
    c = _Codec("null", "null")

    def dec(buf: bytes, pos: int, depth: int) -> _t.Tuple[None, int]:
        if pos < len(buf) and buf[pos] == 0xF6:
            return None, pos + 1
        ib, _, _ = _head(buf, pos)
        raise _expected("null", ib)

    def enc(v: _t.Any, out: bytearray) -> None:
        if v is not None:
            raise _EncodeTypeError("expected None, got " + _typename(v))
        out.append(0xF6)

    c.enc = enc
    c.dec = dec
    return c


_NULL_CODEC = _null_codec()


class _Event:
    __slots__ = ("name", "decl", "request")

    def __init__(self, name: str, decl: int, request: _Request) -> None:
        self.name = name
        self.decl = decl
        self.request = request


class _Host:
    __slots__ = ("name", "decl", "request", "result", "throws", "exc")

    def __init__(self, name: str, decl: int, request: _Request, result: _t.Optional[_Codec],
                 throws: _t.Optional[_Codec], exc: _t.Any) -> None:
        self.name = name
        self.decl = decl
        self.request = request
        self.result = result
        self.throws = throws
        self.exc = exc


class _Lib:
    """The shared library, loaded once per path and checked against this
    module's interface."""

    def __init__(self, path: str, dll: _ctypes.CDLL) -> None:
        c = _ctypes
        self.path = path
        name = _LIBRARY
        abi = dll[name + "_abi_version"]
        abi.argtypes = []
        abi.restype = c.c_uint32
        version = int(abi())
        base = _os.path.basename(path)
        if version != _ABI_VERSION:
            raise _LoadError("%s: %s implements ffic ABI version %d, this host needs version %d"
                             % (name, base, version, _ABI_VERSION))
        fp = dll[name + "_fingerprint"]
        fp.argtypes = []
        fp.restype = c.c_char_p
        got = (fp() or b"").decode("ascii", "replace")
        if got != _FINGERPRINT:
            raise _LoadError(
                "%s: %s was built from another interface (fingerprint %s…, this host expects "
                "%s…); regenerate both from the same .ffi" % (name, base, got[:8], _FINGERPRINT[:8]))
        i32, u64, size, vp = c.c_int32, c.c_uint64, c.c_size_t, c.c_void_p

        def fn(sym: str, args: _t.List[_t.Any], res: _t.Any = i32) -> _t.Any:
            f = dll[name + "_" + sym]
            f.argtypes = args
            f.restype = res
            return f

        self.last_error = fn("last_error", [], _Str)
        self.new = fn("cbor_new", [c.c_char_p, size, vp, vp])
        self.destroy = fn("destroy", [u64, i32])
        self.dropped_events = fn("dropped_events", [u64, c.POINTER(u64)])
        self.unlisten = fn("unlisten", [u64, u64])
        self.complete = fn("cbor_complete", [u64, u64, i32, c.c_char_p, size])
        self.poll = fn("poll", [u64, c.POINTER(_Item), size, i32, c.POINTER(size)])
        self.poll_wake = fn("poll_wake", [u64])
        self.enqueue = c.cast(dll[name + "_enqueue"], vp).value
        try:
            self.inline: _t.Any = fn("cbor_inline", [u64, vp])
        except AttributeError:  # a library older than L_cbor_inline: host calls queue
            self.inline = None
        try:
            self.poll_notify: _t.Any = fn("poll_notify", [u64, c.c_int])
        except AttributeError:  # older than L_poll_notify: asyncio goes through the poller
            self.poll_notify = None
        self.noop = dll[name + "_enqueue"]
        self.noop.argtypes = [vp, i32, u64, vp, size]
        self.noop.restype = None
        self.calls: _t.Dict[str, _t.Any] = {}
        for f in _FNS:
            if f in _STATIC_FNS:
                self.calls[f] = fn("cbor_call_" + f, [c.c_char_p, size, vp, vp])
            else:
                self.calls[f] = fn("cbor_call_" + f, [u64, c.c_char_p, size, vp, vp])
        self.listen = {e: fn("cbor_listen_" + e, [u64, vp, vp, c.POINTER(u64)]) for e in _EVENTS}
        self.implement = {h: fn("cbor_implement_" + h, [u64, vp, vp]) for h in _HOSTS}

    def rejected(self, status: int, what: str) -> Exception:
        """The exception for an entry point that rejected its call."""
        s = self.last_error()
        msg = _string_at(s.ptr, s.len).decode("utf-8", "replace") if s.ptr else ""
        name = _STATUS_NAMES[status] if 0 <= status < len(_STATUS_NAMES) else str(status)
        text = "%s rejected (%s)%s" % (what, name, ": " + msg if msg else "")
        if status == _CLOSED or status == _INVALID_CONTEXT:
            return _ClosedError(text)
        return _Error(text)


_libs: _t.Dict[str, _Lib] = {}
_libs_lock = _threading.Lock()


def _candidates() -> _t.List[str]:
    if _sys.platform == "darwin":
        return ["lib" + _LIBRARY + ".dylib"]
    if _sys.platform == "win32":
        return [_LIBRARY + ".dll", "lib" + _LIBRARY + ".dll"]
    return ["lib" + _LIBRARY + ".so"]


def _beside() -> _t.Optional[str]:
    """The shared library next to this module's file (where a package
    bundles it), or None."""
    here = _os.path.dirname(_os.path.abspath(__file__))
    for name in _candidates():
        p = _os.path.join(here, name)
        if _os.path.isfile(p):
            return p
    return None


def _load(path: _t.Optional[str]) -> _Lib:
    """The library at path, else at $<LIBRARY>_LIBRARY, else next to this
    module, else found on the system search path; loaded and checked once
    per path."""
    with _libs_lock:
        if path is None:
            path = _os.environ.get(_ENV_VAR) or _beside()
        key = path or ""
        lib = _libs.get(key)
        if lib is not None:
            return lib
        tried: _t.List[str] = []
        dll = None
        if path is not None:
            try:
                dll = _ctypes.CDLL(path)
            except OSError as e:
                raise _LoadError("%s: cannot load %s: %s%s" % (_LIBRARY, path, e, _tls_hint(e))) from None
            found = path
        else:
            names = _candidates()
            util = _ctypes_util.find_library(_LIBRARY)
            if util:
                names.append(util)
            for found in names:
                try:
                    dll = _ctypes.CDLL(found)
                    break
                except OSError as e:
                    tried.append("%s (%s%s)" % (found, e, _tls_hint(e)))
            if dll is None:
                raise _LoadError(
                    "%s: cannot find the shared library: pass library=PATH, set %s, or put %s "
                    "next to this module (in %s) or on the library search path (tried %s)"
                    % (_LIBRARY, _ENV_VAR, _candidates()[0],
                       _os.path.dirname(_os.path.abspath(__file__)), "; ".join(tried)))
        lib = _Lib(found, dll)
        _libs[key] = lib
        global _default_lib
        if _default_lib is None:
            _default_lib = lib
        return lib


def _tls_hint(e: OSError) -> str:
    if "static TLS" not in str(e):
        return ""
    return ("; the library needs more static thread-local storage than glibc keeps for "
            "libraries loaded at run time: start Python with "
            "GLIBC_TUNABLES=glibc.rtld.optional_static_tls=16384 in its environment")


def load_library(path: _t.Optional[str] = None) -> None:
    """Loads and checks the shared library now (otherwise the first context
    or static fn does): at path, else at the path in the environment
    variable named after the library, else on the system search path.
    Raises the library's LoadError when it is missing or was built from
    another interface."""
    global _default_lib
    _default_lib = _load(path)


_default_lib: _t.Optional[_Lib] = None


def _static_lib() -> _Lib:
    global _default_lib
    lib = _default_lib
    if lib is None:
        lib = _default_lib = _load(None)
    return lib


def _call_plain(lib: _Lib, ctx: _t.Optional[int], fn: _Fn[_R], data: bytes) -> _R:
    cfn = lib.calls[fn.name]
    key = next(_keys)
    if ctx is None:
        st = cfn(data, len(data), _PLAIN_CB_ADDR, key)
    else:
        st = cfn(ctx, data, len(data), _PLAIN_CB_ADDR, key)
    if _interrupts:
        # An inline host fn of this call (or of one nested in it) was
        # interrupted (KeyboardInterrupt, SystemExit): the host call was
        # answered with an error; the interruption goes on from here.
        e = _interrupts.pop(_threading.get_ident(), None)
        if e is not None:
            _plain_results.pop(key, None)
            raise e
    if st:
        raise lib.rejected(st, fn.name)
    status, _, payload = _plain_results.pop(key)
    return fn.answer(status, payload)


def _static_plain(fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
    return _call_plain(_static_lib(), None, fn, fn.request.encode(args))


def _static_async(fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
    data = fn.request.encode(args)
    lib = _static_lib()
    w = _Waiter()
    key = next(_keys)
    _static_waiters[key] = w
    st = lib.calls[fn.name](data, len(data), _STATIC_ASYNC_CB_ADDR, key)
    if st:
        _static_waiters.pop(key, None)
        raise lib.rejected(st, fn.name)
    return fn.answer(*w.wait())


async def _static_async_await(fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
    data = fn.request.encode(args)
    loop = _running_loop(fn.methods[1])
    lib = _static_lib()
    if fn.name not in _ASYNC_FNS:
        return await _in_pool(_call_plain, lib, None, fn, data)
    w = _FutureWaiter(loop)
    key = next(_keys)
    _static_waiters[key] = w
    st = lib.calls[fn.name](data, len(data), _STATIC_ASYNC_CB_ADDR, key)
    if st:
        _static_waiters.pop(key, None)
        raise lib.rejected(st, fn.name)
    return fn.answer(*(await w.fut))


def _text(e: BaseException) -> str:
    """The message of e for an error answer: str(e), else its type's name
    (also when str() itself fails)."""
    try:
        return str(e) or type(e).__name__
    except Exception:
        return type(e).__name__


def _is_async(fn: _t.Any) -> bool:
    return _inspect.iscoroutinefunction(fn) or _inspect.iscoroutinefunction(
        getattr(fn, "__call__", None))


class _Subscription:
    """A listener of one event; unsubscribe() (or leaving its with block)
    removes it."""

    def __init__(self, ctx: "_Context", event: _Event, callback: _t.Callable[..., _t.Any],
                 loop: _t.Optional[_asyncio.AbstractEventLoop]) -> None:
        self._ctx = ctx
        self.event = event
        self.callback = callback
        self.loop = loop
        self.active = True
        self.listener_id = 0
        self._key = 0

    def unsubscribe(self) -> None:
        """Removes the listener: once this returns, the callback is not
        called again (a call running on the event thread may finish).
        Idempotent; does nothing once the context is closed."""
        if not self.active:
            return
        self.active = False
        self._ctx._unlisten(self)

    def __enter__(self) -> "_Subscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.unsubscribe()

    def deliver(self, data: bytes) -> None:
        try:
            args = self.event.request.decode(data)
        except _WireError_ as e:
            _log.error("%s: dropping an undecodable %s event: %s", _LIBRARY, self.event.name, e)
            return
        try:
            r = self.callback(*args)
            if r is not None and _inspect.isawaitable(r):
                self._schedule(r)
        except Exception:
            _log.exception("%s: the %s callback %r raised", _LIBRARY, self.event.name,
                           self.callback)

    def _schedule(self, aw: _t.Any) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            if _inspect.iscoroutine(aw):
                aw.close()
            _log.error("%s: the %s callback returned an awaitable but no event loop "
                       "is running it", _LIBRARY, self.event.name)
            return
        fut = _asyncio.run_coroutine_threadsafe(_await(aw), loop)
        fut.add_done_callback(self._done)

    def _done(self, fut: "_futures.Future[_t.Any]") -> None:
        if not fut.cancelled() and fut.exception() is not None:
            _log.error("%s: the %s callback %r raised", _LIBRARY, self.event.name,
                       self.callback, exc_info=fut.exception())


async def _await(aw: _t.Awaitable[_t.Any]) -> _t.Any:
    return await aw


class _Implementation:
    __slots__ = ("host", "fn", "loop")

    def __init__(self, host: _Host, fn: _t.Callable[..., _t.Any],
                 loop: _t.Optional[_asyncio.AbstractEventLoop]) -> None:
        self.host = host
        self.fn = fn
        self.loop = loop


class _Context:
    """The part of a context class that is the same for every library."""

    _h = 0

    def _start(self, library: _t.Optional[str], ctor: _Fn[None], args: _t.Sequence[_t.Any]) -> None:
        data = ctor.request.encode(args)
        lib = _load(library)
        key = next(_keys)
        st = lib.new(data, len(data), _PLAIN_CB_ADDR, key)
        if st:
            raise lib.rejected(st, "ctor")
        status, h, payload = _plain_results.pop(key)
        if status != _OK:
            raise _completion_error(ctor, status, payload)
        self._lib = lib
        self._h = h
        self._closed = False
        self._close_lock = _threading.Lock()
        self._pending: _t.Dict[int, _t.Any] = {}
        self._subs: _t.Dict[int, _Subscription] = {}
        self._impls: _t.Dict[int, _Implementation] = {}
        # The loops that run async implementations: a blocking call on one
        # of them could never get their answers.
        self._impl_loops: _t.Dict[_asyncio.AbstractEventLoop, str] = {}
        self._events: "_t.Optional[_queue.SimpleQueue[_t.Optional[_t.List[_t.Tuple[int, bytes]]]]]" = None
        self._event_thread: _t.Optional[_threading.Thread] = None
        # Event items the poller queued for the event thread, and how many
        # of them the event thread has delivered (each written by one
        # thread only), and how many the queue dropped when full.
        self._events_put = 0
        self._events_done = 0
        self._events_dropped = 0
        # The implementation tags given to the library (keys of
        # _impl_tags), by host fn decl.
        self._tags: _t.Dict[int, int] = {}
        self._inline = False
        # Threads start when first needed: the host pool's with the first
        # host call, the poller with the first use of the completion queue
        # (an async call, a subscription, an implementation).
        self._pool = _Pool("%s-host-%d" % (_LIBRARY, h), _HOST_WARM)
        self._poller: _t.Optional[_threading.Thread] = None
        # Whoever polls the completion queue holds _poll_mu: the poller
        # thread for its whole life, else the loop in _reader (loop, read
        # end, write end of a pipe the library signals, L_poll_notify)
        # while it drains, or close().
        self._poll_mu = _threading.Lock()
        self._reader: _t.Optional[_t.Tuple[_asyncio.AbstractEventLoop, int, int]] = None
        self._items: _t.Any = None

    def _ensure_poller(self) -> None:
        if self._poller is None:
            with self._close_lock:
                if self._poller is None and not self._closed:
                    th = _threading.Thread(target=self._poll_loop, daemon=True,
                                           name="%s-poller-%d" % (_LIBRARY, self._h))
                    th.start()
                    self._poller = th

    def _watch(self, loop: _asyncio.AbstractEventLoop) -> None:
        """Makes the completions of loop's calls reach it directly: the
        library signals a pipe the loop watches, and the loop drains the
        queue (_drain), as long as the context has no poller thread. A
        second running loop, or a failure, starts the poller thread."""
        rd = self._reader
        if rd is not None and rd[0] is loop:
            return
        poller = False
        with self._close_lock:
            rd = self._reader
            if self._closed or self._poller is not None or (rd is not None and rd[0] is loop):
                return
            if rd is not None and not rd[0].is_closed():
                poller = True
            else:
                fds: _t.Tuple[int, ...] = ()
                try:
                    if rd is None:
                        fds = _os.pipe()
                        r, w = fds
                        _os.set_blocking(r, False)
                        _os.set_blocking(w, False)
                    else:
                        r, w = rd[1], rd[2]  # the loop that watched it is closed
                    loop.add_reader(r, self._drain, loop)
                except Exception:  # no pipe, or a loop without add_reader
                    for fd in fds:
                        _os.close(fd)
                    poller = True
                else:
                    self._reader = (loop, r, w)
                    if rd is None and self._lib.poll_notify(self._h, w) != _OK:
                        poller = True
        if poller:
            self._ensure_poller()

    def _unwatch(self) -> None:
        """Stops the loop's watching (the poller thread took over, or the
        queue is closed) once the library no longer signals the pipe."""
        rd = self._reader
        if rd is None:
            return
        self._reader = None
        loop, r, w = rd

        def stop() -> None:
            try:
                loop.remove_reader(r)
            finally:
                _os.close(r)
                _os.close(w)

        try:
            if loop.is_closed():
                raise RuntimeError
            if _asyncio._get_running_loop() is loop:
                stop()
            else:
                loop.call_soon_threadsafe(stop)
        except RuntimeError:  # the loop is closed: so is its registration
            _os.close(r)
            _os.close(w)

    def _buffers(self) -> _t.Tuple[_t.Any, _t.Any, _t.Any]:
        if self._items is None:
            count = _ctypes.c_size_t()
            self._items = ((_Item * _BATCH)(), count, _ctypes.byref(count))
        return self._items  # type: ignore[no-any-return]

    def _drain(self, loop: _asyncio.AbstractEventLoop) -> None:
        """On loop, when the pipe is readable: takes what is queued and
        resolves loop's futures right here (others through their loops)."""
        rd = self._reader
        if rd is None:
            return
        try:
            _os.read(rd[1], 4096)
        except OSError:
            pass
        if not self._poll_mu.acquire(False):
            return  # the poller thread or close() is polling
        try:
            if self._reader is None:
                return
            items, count, pcount = self._buffers()
            poll = self._lib.poll
            while True:
                st = poll(self._h, items, _BATCH, 0, pcount)
                n = count.value
                if n:
                    self._dispatch(items, n, loop)
                if st != _OK or n < _BATCH:
                    break
            if st == _CLOSED:
                self._finish()
                self._unwatch()
        finally:
            self._poll_mu.release()

    # -- calls

    def _plain(self, fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
        data = fn.request.encode(args)
        if self._impl_loops:
            self._check_loop(fn)
        return _call_plain(self._lib, self._h, fn, data)

    def _check_loop(self, fn: _Fn[_t.Any]) -> None:
        """Raises when this thread runs a loop that runs an async host fn
        implementation: a blocking call here would wait for it forever."""
        loop = _asyncio._get_running_loop()
        if loop is None:
            return
        host = self._impl_loops.get(loop)
        if host is None:
            return
        blocking, awaiting = fn.methods
        raise RuntimeError(
            "%s() would block the asyncio event loop that runs the async implementation of %s, "
            "which the call may need (a deadlock): await %s() instead" % (blocking, host, awaiting))

    def _async(self, fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
        data = fn.request.encode(args)
        if self._impl_loops:
            self._check_loop(fn)
        if self._poller is None:
            self._ensure_poller()
        w = _Waiter()
        key = next(_keys)
        self._pending[key] = w
        st = self._lib.calls[fn.name](self._h, data, len(data), self._lib.enqueue, key)
        if st:
            self._pending.pop(key, None)
            raise self._lib.rejected(st, fn.name)
        return fn.answer(*w.wait())

    async def _await_plain(self, fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
        data = fn.request.encode(args)
        _running_loop(fn.methods[1])
        return await _in_pool(_call_plain, self._lib, self._h, fn, data)

    async def _await_async(self, fn: _Fn[_R], args: _t.Sequence[_t.Any]) -> _R:
        data = fn.request.encode(args)
        loop = _running_loop(fn.methods[1])
        w = _FutureWaiter(loop)
        if self._poller is None:
            if self._lib.poll_notify is not None:
                self._watch(loop)
            else:
                self._ensure_poller()
        key = next(_keys)
        self._pending[key] = w
        st = self._lib.calls[fn.name](self._h, data, len(data), self._lib.enqueue, key)
        if st:
            self._pending.pop(key, None)
            raise self._lib.rejected(st, fn.name)
        return fn.answer(*(await w.fut))

    # -- events

    def _subscribe(self, event: _Event, callback: _t.Callable[..., _t.Any]) -> _Subscription:
        if not callable(callback):
            raise TypeError("on_%s: callback must be callable, got %s"
                            % (event.name, _typename(callback)))
        try:
            loop: _t.Optional[_asyncio.AbstractEventLoop] = _asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None and _is_async(callback):
            raise RuntimeError("on_%s: an async callback runs on the asyncio event loop that "
                               "subscribes it: subscribe from inside a running loop" % event.name)
        sub = _Subscription(self, event, callback, loop)
        key = next(_keys)
        self._subs[key] = sub
        self._ensure_event_thread()
        self._ensure_poller()
        lid = _ctypes.c_uint64()
        st = self._lib.listen[event.name](self._h, self._lib.enqueue, key, _ctypes.byref(lid))
        if st:
            del self._subs[key]
            raise self._lib.rejected(st, "on_" + event.name)
        sub.listener_id = lid.value
        sub._key = key
        return sub

    def _unlisten(self, sub: _Subscription) -> None:
        self._subs.pop(sub._key, None)
        if not self._closed:
            self._lib.unlisten(self._h, sub.listener_id)

    def _ensure_event_thread(self) -> None:
        if self._event_thread is None:
            self._events = _queue.SimpleQueue()
            self._event_thread = _threading.Thread(
                target=self._event_loop, args=(self._events,), daemon=True,
                name="%s-events-%d" % (_LIBRARY, self._h))
            self._event_thread.start()

    def _event_loop(self, q: "_queue.SimpleQueue[_t.Optional[_t.List[_t.Tuple[int, bytes]]]]") -> None:
        subs = self._subs
        while True:
            batch = q.get()
            if batch is None:
                return
            for key, data in batch:
                sub = subs.get(key)
                if sub is not None and sub.active:
                    sub.deliver(data)
            self._events_done += len(batch)

    # -- host fns

    def _implement(self, host: _Host, fn: _t.Optional[_t.Callable[..., _t.Any]]) -> None:
        if fn is None:
            st = self._lib.implement[host.name](self._h, None, None)
            if st:
                raise self._lib.rejected(st, "implement_" + host.name)
            self._impls.pop(host.decl, None)
            self._find_impl_loops()
            return
        if not callable(fn):
            raise TypeError("implement_%s: expected a callable, got %s" % (host.name, _typename(fn)))
        try:
            loop: _t.Optional[_asyncio.AbstractEventLoop] = _asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None and _is_async(fn):
            raise RuntimeError("implement_%s: an async implementation runs on the asyncio event "
                               "loop that registers it: register it from inside a running loop"
                               % host.name)
        self._impls[host.decl] = _Implementation(host, fn, loop)
        self._find_impl_loops()
        self._ensure_poller()
        tag = self._tags.get(host.decl)
        if tag is None:
            tag = self._tags[host.decl] = next(_keys)
            _impl_tags[tag] = (self, host.decl)
        if not self._inline and self._lib.inline is not None:
            self._inline = True
            self._lib.inline(self._h, _INLINE_CB_ADDR)
        st = self._lib.implement[host.name](self._h, self._lib.enqueue, tag)
        if st:
            self._impls.pop(host.decl, None)
            self._find_impl_loops()
            raise self._lib.rejected(st, "implement_" + host.name)

    def _find_impl_loops(self) -> None:
        loops: _t.Dict[_asyncio.AbstractEventLoop, str] = {}
        for impl in self._impls.values():
            if impl.loop is not None and _is_async(impl.fn):
                loops.setdefault(impl.loop, impl.host.name)
        self._impl_loops = loops

    def _host_inline(self, decl: int, call_id: int, data: bytes) -> None:
        """Runs a host call made on this thread, inside a plain call of the
        context (L_cbor_inline): a plain implementation runs right here,
        except on the main thread, which waits for it on a lock (so that
        Ctrl-C interrupts the wait, as any wait of the module); an async
        one is scheduled on its loop. A KeyboardInterrupt (or another
        BaseException) that is not an Exception answers the call with an
        error and goes on in the caller once the plain call returns."""
        impl = self._impls.get(decl)
        if impl is None:
            self._answer_error(call_id, "host fn not implemented")
            return
        if impl.loop is not None and _is_async(impl.fn):
            self._host_call(decl, call_id, data)
            return
        if _threading.get_ident() == _MAIN_THREAD:
            w = _Handoff()
            try:
                _call_pool.submit(w.run, self._run_host, impl, call_id, data)
            except RuntimeError as e:  # no thread can be started
                self._answer_error(call_id, "%s: cannot run the implementation: %s" % (impl.host.name, e))
                return
            try:
                w.wait()
            except BaseException as e:
                # Interrupted: the call fails now; the implementation's
                # later answer is refused (UNKNOWN_ID) and dropped.
                self._answer_error(call_id, "%s: interrupted (%s)" % (impl.host.name, type(e).__name__))
                raise
            return
        self._run_host(impl, call_id, data, True)

    def _host_call(self, decl: int, call_id: int, data: bytes) -> None:
        impl = self._impls.get(decl)
        if impl is None:
            self._answer_error(call_id, "host fn not implemented")
            return
        if impl.loop is not None and _is_async(impl.fn):
            try:
                _asyncio.run_coroutine_threadsafe(self._run_host_async(impl, call_id, data), impl.loop)
            except RuntimeError:
                self._answer_error(call_id, "the event loop of the implementation is closed")
            return
        # A pool that grows on demand: host fns that block (or wait for
        # plain fns that wait for host fns) never keep others from running.
        try:
            self._pool.submit(self._run_host, impl, call_id, data)  # refused once closing
        except RuntimeError as e:  # no thread can be started
            self._answer_error(call_id, "%s: cannot run the implementation: %s" % (impl.host.name, e))

    def _run_host(self, impl: _Implementation, call_id: int, data: bytes,
                  reraise: bool = False) -> None:
        try:
            args = impl.host.request.decode(data)
            r = impl.fn(*args)
            if _inspect.isawaitable(r):
                if impl.loop is None:
                    if _inspect.iscoroutine(r):
                        r.close()
                    raise RuntimeError("the implementation returned an awaitable but no "
                                       "event loop is running it")
                r = _asyncio.run_coroutine_threadsafe(_await(r), impl.loop).result()
        except BaseException as e:
            self._answer_exception(impl.host, call_id, e)
            if reraise and not isinstance(e, Exception):
                raise
            return
        self._answer(impl.host, call_id, r)

    async def _run_host_async(self, impl: _Implementation, call_id: int, data: bytes) -> None:
        try:
            args = impl.host.request.decode(data)
            r = await impl.fn(*args)
        except BaseException as e:
            self._answer_exception(impl.host, call_id, e)
            if not isinstance(e, Exception):
                raise
            return
        self._answer(impl.host, call_id, r)

    def _answer(self, host: _Host, call_id: int, r: _t.Any) -> None:
        try:
            if host.result is None:
                data = _NULL_CODEC.encode(r, "result")
            else:
                data = host.result.encode(r, "result")
        except Exception as e:  # whatever encoding raises, the call gets an answer
            self._answer_error(call_id, "%s returned a wrong value: %s" % (host.name, _text(e)))
            return
        self._lib.complete(self._h, call_id, _OK, data, len(data))

    def _answer_exception(self, host: _Host, call_id: int, e: BaseException) -> None:
        if host.exc is not None and isinstance(e, host.exc) and host.throws is not None:
            try:
                data = host.throws.encode(getattr(e, "error"), "error")
            except Exception as bad:
                self._answer_error(call_id, "%s raised a wrong typed error: %s" % (host.name, _text(bad)))
                return
            self._lib.complete(self._h, call_id, _TYPED_ERROR, data, len(data))
            return
        self._answer_error(call_id, _text(e))

    def _answer_error(self, call_id: int, msg: str) -> None:
        # A message that is not valid UTF-8 (a lone surrogate) still answers.
        data = _STRING.encode(msg.encode("utf-8", "replace").decode("utf-8"))
        self._lib.complete(self._h, call_id, _ERROR, data, len(data))

    # -- the completion queue

    def _poll_loop(self) -> None:
        with self._poll_mu:
            if self._reader is not None:
                # Loops watched the queue so far: from now on this thread
                # takes everything. (When this fails, the queue is closed
                # and drained: nothing writes to the pipe any more either.)
                self._lib.poll_notify(self._h, -1)
                self._unwatch()
            items, count, pcount = self._buffers()
            poll = self._lib.poll
            h = self._h
            while True:
                st = poll(h, items, _BATCH, -1, pcount)
                if st != _OK:
                    if st == _TIMEOUT:
                        continue
                    break
                self._dispatch(items, count.value, None)
            self._finish()

    def _dispatch(self, items: _t.Any, n: int,
                  here: _t.Optional[_asyncio.AbstractEventLoop]) -> None:
        """Hands out n polled items (under _poll_mu): completions to their
        waiters (futures of here, the loop running this, directly), events
        to the event thread, host calls to their implementations."""
        pending = self._pending
        string_at = _string_at
        events: _t.Optional[_t.List[_t.Tuple[int, bytes]]] = None
        # Futures of other loops are resolved with one call_soon_threadsafe
        # per loop and batch: one wake-up of the loop, not one per completion.
        loops: _t.Optional[_t.Dict[_t.Any, _t.List[_t.Any]]] = None
        for i in range(n):
            it = items[i]
            k = it.len
            data = string_at(it.data, k) if k else b""
            kind = it.kind
            if kind == _ITEM_COMPLETION:
                w = pending.pop(it.tag or 0, None)
                if w is None:
                    pass
                elif w.__class__ is _FutureWaiter:
                    if w.loop is here:
                        if not w.fut.done():
                            w.fut.set_result((it.status, data))
                    else:
                        if loops is None:
                            loops = {}
                        loops.setdefault(w.loop, []).append((w.fut, (it.status, data)))
                else:
                    w.complete(it.status, data)
            elif kind == _ITEM_EVENT:
                if events is None:
                    events = []
                events.append((it.tag or 0, data))
            elif kind == _ITEM_HOST_CALL:
                try:
                    target = _impl_tags.get(it.tag or 0)
                    self._host_call(target[1] if target is not None else 0, it.id, data)
                except Exception:
                    _log.exception("%s: host call failed", _LIBRARY)
        if loops is not None:
            for loop, done in loops.items():
                try:
                    loop.call_soon_threadsafe(_set_results, done)
                except RuntimeError:
                    pass  # the loop is closed: nobody waits any more
        if events is not None and self._events is not None:
            room = _EVENT_BACKLOG - (self._events_put - self._events_done)
            if len(events) > room:
                # The event thread is behind (a slow callback): drop the
                # newest, as the library does, rather than hold them all.
                room = max(room, 0)
                self._events_dropped += len(events) - room
                del events[room:]
            if events:
                self._events_put += len(events)
                self._events.put(events)

    def _finish(self) -> None:
        """Destroyed and drained: nothing else can complete."""
        pending = self._pending
        closed = _STRING.encode("context closed")
        for key in list(pending):
            w = pending.pop(key, None)
            if w is not None:
                w.complete(_CLOSED, closed)

    # -- lifetime

    def dropped_events(self) -> int:
        """How many events were dropped so far because a backlog was full
        (callbacks too slow for the event rate): the library's count, plus
        the event deliveries this context's own queue dropped (one per
        listener that missed the event)."""
        n = _ctypes.c_uint64()
        st = self._lib.dropped_events(self._h, _ctypes.byref(n))
        if st:
            raise self._lib.rejected(st, "dropped_events")
        return int(n.value) + self._events_dropped

    def close(self, timeout: float = 5.0) -> None:
        """Destroys the context: new calls fail with ClosedError, calls in
        flight finish or fail with ClosedError, waiting host calls fail,
        undelivered events are dropped. Waits at most timeout seconds for
        the library's work to end. Idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        for sub in list(self._subs.values()):
            sub.active = False
        self._lib.destroy(self._h, max(0, int(timeout * 1000)))
        for tag in self._tags.values():
            _impl_tags.pop(tag, None)
        me = _threading.current_thread()
        if self._poller is not None:
            if self._poller is not me:
                self._poller.join(timeout + 5.0)
        elif self._reader is not None:
            self._drain_closed(timeout + 5.0)
        if self._events is not None:
            self._events.put(None)
            if self._event_thread is not None and self._event_thread is not me:
                self._event_thread.join(timeout + 5.0)
        self._pool.close()

    def _drain_closed(self, timeout: float) -> None:
        """close() without a poller thread: takes the last completions on
        this thread, until the library says the queue is done (CLOSED)."""
        if not self._poll_mu.acquire(timeout=timeout):
            return
        try:
            if self._reader is None:
                return  # a loop drained it to the end meanwhile
            here = _asyncio._get_running_loop()
            items, count, pcount = self._buffers()
            for _ in range(int(timeout * 10) + 1):  # polls of at most 0.1 s
                st = self._lib.poll(self._h, items, _BATCH, 100, pcount)
                if count.value:
                    self._dispatch(items, count.value, here)
                if st != _OK and st != _TIMEOUT:
                    break
            else:
                return
            self._finish()
            self._unwatch()
        finally:
            self._poll_mu.release()

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._closed
