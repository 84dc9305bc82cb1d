"""The type hints accept what the encoder accepts: a program passing tuples,
other sequences, mappings, bytearray and memoryview everywhere the module
takes a value is mypy --strict clean against the generated module, and
runs against the library of examples/timer."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import types

from conftest import ROOT

PROGRAM = '''\
from __future__ import annotations

import types
import typing

import my_timer as mt


def main(library: str) -> None:
    config = mt.TimerConfig(name="hints", max_pending=16, worker_threads=1,
                            default_priority=mt.Priority.low, clock_offset_us=0,
                            options=types.MappingProxyType({"k": "v"}))
    with mt.MyTimer(config, library=library) as t:
        req = mt.EchoRequest(message="m", delay_ms=0, tags=("token:a", "log"), note=None,
                             attrs=types.MappingProxyType({"n": 1}), blob=bytearray(b"\\x00"),
                             priority=mt.Priority.high)
        t.implement_fetch_token(lambda key: key)
        t.implement_log_line(lambda priority, line: None)
        assert t.echo(req).message == "echo:\\tm+a"
        leaf = mt.TimerGroup(name="leaf", timer_ids=range(3), subgroups=(), by_label={})
        t.set_groups(mt.TimerGroup(name="root", timer_ids=(1, 2), subgroups=[leaf, leaf],
                                   by_label=types.MappingProxyType({"l": leaf})))
        t.schedule("at", mt.ScheduleAt((0, 0)), mt.Priority.low)
        v = mt.Scalars(flag=True, tiny=1, small=2, medium=3, large=4, octet=5, port=6, count=7,
                       nanos=8, ratio=1.5, precise=2.5, text="t", raw=memoryview(b"raw"))
        got = t.roundtrip(v)
        assert got.raw == b"raw" and type(got.raw) is bytes
        s = t.stats()
        # What the module hands out is always a list, a dict, bytes.
        assert type(s.batches) is list and type(s.fired_by_tag) is dict
        try:
            t.echo(mt.EchoRequest(message="m", delay_ms=0, tags="ab", note=None, attrs={},
                                  blob=b"", priority=mt.Priority.low))
        except TypeError as e:
            assert str(e) == "req.tags: expected list, got str", e
        else:
            raise AssertionError("a str passed as a list")
    print("ok")
'''


def test_hints_accept_what_the_encoder_accepts(gen_dir: pathlib.Path, tmp_path: pathlib.Path,
                                               library: str, my_timer: types.ModuleType) -> None:
    shutil.copy(ROOT / "testdata/golden/python/my_timer.py", tmp_path)
    (tmp_path / "hints.py").write_text(PROGRAM)
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                        "my_timer.py", "hints.py"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-c", "import hints, sys; hints.main(sys.argv[1])", library],
                       cwd=tmp_path, capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (0, "ok\n"), r.stdout + r.stderr
