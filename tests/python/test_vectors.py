"""The shared wire vectors (testdata/wire/vectors.json), byte for byte,
through the codecs of the module generated from testdata/wire/vectors.ffi."""

from __future__ import annotations

import json
import math
import re
import types
import typing

import pytest

from conftest import ROOT

VECTORS = json.loads((ROOT / "testdata/wire/vectors.json").read_text())


def unhex(s: str) -> bytes:
    return bytes.fromhex(re.sub(r"\(([0-9a-f]*)\*([0-9]+)\)", lambda m: m[1] * int(m[2]), s))


def typed(c: typing.Any, v: typing.Any) -> typing.Any:
    """The Python value of a vector's JSON value v for codec c."""
    k = c.kind
    if k == "optional":
        return None if v is None else typed(c.elem, v)
    if k == "float":
        if isinstance(v, str):
            return float(v.replace("Infinity", "inf"))
        return float(v)
    if k == "bytes":
        return unhex(v)
    if k == "list":
        return [typed(c.elem, x) for x in v]
    if k == "map":
        return {typed(c.key, kv[0]): typed(c.elem, kv[1]) for kv in v}
    if k == "enum":
        return dict(c.members)[v]
    if k == "struct":
        return c.cls(*[typed(fc, v[name]) for name, _, fc in c.fields])
    if k == "union":
        (arm, payload), = v.items()
        for name, cls, ac in c.arms:
            if name == arm:
                return cls() if ac is None else cls(typed(ac, payload))
        raise KeyError(arm)
    return v


def same(a: typing.Any, b: typing.Any) -> bool:
    """Equality that tells -0.0 from 0.0, NaN equal to NaN, and types apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        return all(same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return bool(a == b)


def ids(vs: typing.List[typing.Dict[str, typing.Any]]) -> typing.List[str]:
    return [v["name"] for v in vs]


@pytest.mark.parametrize("v", VECTORS["encode"], ids=ids(VECTORS["encode"]))
def test_encode(wire_vectors: types.ModuleType, v: typing.Dict[str, typing.Any]) -> None:
    c = wire_vectors._parse_type(v["type"], wire_vectors._TYPES)
    value = typed(c, v["value"])
    want = unhex(v["hex"])
    assert c.encode(value).hex() == want.hex()
    assert same(c.decode(want), value)


@pytest.mark.parametrize("v", VECTORS["decode"], ids=ids(VECTORS["decode"]))
def test_decode(wire_vectors: types.ModuleType, v: typing.Dict[str, typing.Any]) -> None:
    c = wire_vectors._parse_type(v["type"], wire_vectors._TYPES)
    value = typed(c, v["value"])
    got = c.decode(unhex(v["hex"]))
    assert same(got, value), (got, value)
    assert c.encode(got).hex() == unhex(v["canonical_hex"]).hex()


@pytest.mark.parametrize("v", VECTORS["reject"], ids=ids(VECTORS["reject"]))
def test_reject(wire_vectors: types.ModuleType, v: typing.Dict[str, typing.Any]) -> None:
    c = wire_vectors._parse_type(v["type"], wire_vectors._TYPES)
    with pytest.raises(wire_vectors.WireVectorsWireError) as info:
        c.decode(unhex(v["hex"]))
    msg = str(info.value)
    assert msg.startswith(v["path"] + ": "), msg
    assert v["error"] in msg[len(v["path"]) + 2:], msg
