"""FakeMyTimer, the in-process fake of the generated module (docs/python.md,
"Testing without the library"): fns overridden by a subclass, events fired
and host fns called by the test, through the module's codecs; and the
documented example under mypy --strict and run."""

from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
import sys
import types
import typing

import pytest

from conftest import ROOT

Fake = typing.Any


def fake_example() -> str:
    doc = (ROOT / "docs/python.md").read_text()
    _, _, after = doc.partition("<!-- example:python-fake -->\n```python\n")
    example, _, _ = after.partition("```\n")
    assert example, "docs/python.md has no python block after <!-- example:python-fake -->"
    return example


def test_doc_example_mypy_strict(gen_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    (tmp_path / "my_timer.py").write_bytes((gen_dir / "my_timer.py").read_bytes())
    (tmp_path / "test_reminder.py").write_text(fake_example())
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "test_reminder.py"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_doc_example_runs_without_library(gen_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    # No library anywhere: a load would fail with MyTimerLoadError.
    (tmp_path / "test_reminder.py").write_text(fake_example())
    env = dict(os.environ, PYTHONPATH=str(gen_dir), MY_TIMER_LIBRARY=str(tmp_path / "no" / "libmy_timer.so"),
               PYTHONDONTWRITEBYTECODE="1")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_reminder.py"],
                       cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed" in r.stdout, r.stdout


def config(m: types.ModuleType, **kw: typing.Any) -> typing.Any:
    args = dict(name="fake", max_pending=4, worker_threads=1, default_priority=m.Priority.normal,
                clock_offset_us=0, options={})
    args.update(kw)
    return m.TimerConfig(**args)


@pytest.fixture()
def fake(my_timer: types.ModuleType) -> typing.Iterator[Fake]:
    with my_timer.FakeMyTimer(config(my_timer)) as f:
        yield f


def test_is_a_context(my_timer: types.ModuleType, fake: Fake) -> None:
    assert isinstance(fake, my_timer.MyTimer)
    assert "FakeMyTimer" in my_timer.__all__
    assert fake.dropped_events() == 0
    assert not fake.closed


def test_ctor_checks_arguments(my_timer: types.ModuleType) -> None:
    with pytest.raises(ValueError, match=r"config\.max_pending: -1 does not fit u16"):
        my_timer.FakeMyTimer(config(my_timer, max_pending=-1))
    with pytest.raises(TypeError, match=r"config\.name: expected str, got int"):
        my_timer.FakeMyTimer(config(my_timer, name=1))


def test_unfaked_fn_raises(my_timer: types.ModuleType, fake: Fake) -> None:
    with pytest.raises(NotImplementedError, match=r"^FakeMyTimer\.version is not faked: override it in a subclass$"):
        fake.version()
    with pytest.raises(NotImplementedError, match=r"FakeMyTimer\.echo is not faked"):
        asyncio.run(fake.echo_async(None))


def test_overridden_fns_and_their_async_forms(my_timer: types.ModuleType) -> None:
    m = my_timer

    class Timer(m.FakeMyTimer):  # type: ignore[misc, name-defined]
        def version(self) -> str:
            return "fake/1"

        def cancel(self, timer_id: int) -> bool:
            return timer_id == 7

        def ping(self) -> None:
            raise m.MyTimerClosedError("gone")

    with Timer(config(m)) as t:
        assert t.version() == "fake/1"
        assert asyncio.run(t.version_async()) == "fake/1"
        assert asyncio.run(t.cancel_async(7)) is True
        assert t.cancel(8) is False
        with pytest.raises(m.MyTimerClosedError, match="gone"):
            asyncio.run(t.ping_async())


def test_fire_delivers_in_order_through_the_codec(my_timer: types.ModuleType, fake: Fake) -> None:
    m = my_timer
    got: typing.List[typing.Tuple[str, object]] = []
    fake.on_timer_stopped(lambda tid, reason, at: got.append(("a", (tid, reason, at))))
    with fake.on_timer_stopped(lambda *args: got.append(("b", args))):
        fake.fire_timer_stopped(3, m.StopReason.cancelled, 2**64 - 1)
    fake.fire_timer_stopped(4, m.StopReason.fired, 0)
    assert got == [("a", (3, m.StopReason.cancelled, 2**64 - 1)), ("b", (3, m.StopReason.cancelled, 2**64 - 1)),
                   ("a", (4, m.StopReason.fired, 0))]
    fake.on_clock_changed(lambda: got.append(("clock", ())))
    fake.fire_clock_changed()
    assert got[-1] == ("clock", ())


def test_fire_checks_arguments(my_timer: types.ModuleType, fake: Fake) -> None:
    m = my_timer
    called: typing.List[object] = []
    fake.on_timer_stopped(called.append)
    with pytest.raises(ValueError, match=r"timer_id: -1 does not fit u64"):
        fake.fire_timer_stopped(-1, m.StopReason.fired, 0)
    with pytest.raises(TypeError, match=r"reason: expected StopReason"):
        fake.fire_timer_stopped(1, "fired", 0)
    with pytest.raises(TypeError, match=r"message: expected str, got int"):
        fake.fire_echo_fired(1, 2)
    assert called == []


def test_fire_propagates_callback_errors(fake: Fake) -> None:
    def boom(message: str, count: int) -> None:
        raise KeyError(message)

    fake.on_echo_fired(boom)
    with pytest.raises(KeyError, match="x"):
        fake.fire_echo_fired("x", 1)


def test_subscribe_rejects_non_callables(fake: Fake) -> None:
    with pytest.raises(TypeError, match="on_echo_fired: callback must be callable, got int"):
        fake.on_echo_fired(1)


def test_async_callbacks(fake: Fake) -> None:
    got: typing.List[str] = []

    async def cb(message: str, count: int) -> None:
        await asyncio.sleep(0)
        got.append(message)

    async def clock() -> None:
        got.append("clock")

    async def main() -> None:
        sub = fake.on_echo_fired(cb)
        fake.on_clock_changed(clock)  # another event's: not called
        await fake.fire_echo_fired_async("awaited", 1)
        assert got == ["awaited"]
        fake.fire_echo_fired("scheduled", 2)  # scheduled on this loop
        assert got == ["awaited"]
        for _ in range(3):
            await asyncio.sleep(0)
        assert got == ["awaited", "scheduled"]
        sub.unsubscribe()

    asyncio.run(main())


def test_async_callback_without_loop(fake: Fake) -> None:
    async def cb(message: str, count: int) -> None:
        pass

    fake.on_echo_fired(cb)
    with pytest.raises(RuntimeError, match="returned an awaitable but no event loop is running it"):
        fake.fire_echo_fired("x", 1)


def test_call_host_fns(my_timer: types.ModuleType, fake: Fake) -> None:
    m = my_timer
    with pytest.raises(m.MyTimerError, match="^fetch_token: host fn not implemented$"):
        fake.call_fetch_token("k")
    fake.implement_fetch_token(lambda key: "t-" + key)
    assert fake.call_fetch_token("k") == "t-k"
    assert asyncio.run(fake.call_fetch_token_async("k")) == "t-k"

    lines: typing.List[typing.Tuple[object, str]] = []
    fake.implement_log_line(lambda p, line: lines.append((p, line)))
    assert fake.call_log_line(m.Priority.high, "hello") is None
    assert lines == [(m.Priority.high, "hello")]
    with pytest.raises(TypeError, match="line: expected str"):
        fake.call_log_line(m.Priority.high, b"bytes")

    fake.implement_fetch_token(None)
    with pytest.raises(m.MyTimerError, match="not implemented"):
        fake.call_fetch_token("k")
    with pytest.raises(TypeError, match="implement_now_ms: expected a callable, got str"):
        fake.implement_now_ms("soon")


def test_call_checks_answers(my_timer: types.ModuleType, fake: Fake) -> None:
    m = my_timer
    fake.implement_now_ms(lambda: -5)
    with pytest.raises(m.MyTimerError, match="^now_ms returned a wrong value: result: -5 does not fit u64$"):
        fake.call_now_ms()
    fake.implement_fetch_token(lambda key: None)
    with pytest.raises(m.MyTimerError, match="fetch_token returned a wrong value: result: expected str"):
        fake.call_fetch_token("k")
    fake.implement_log_line(lambda p, line: 1)
    with pytest.raises(m.MyTimerError, match="log_line returned a wrong value"):
        fake.call_log_line(m.Priority.low, "x")


def test_call_typed_errors(my_timer: types.ModuleType, fake: Fake) -> None:
    m = my_timer

    def refuse(key: str) -> str:
        raise m.TimerErrorException(m.TimerError(code=7, message="no " + key, retry_after_ms=None))

    fake.implement_fetch_token(refuse)
    with pytest.raises(m.TimerErrorException) as e:
        fake.call_fetch_token("k")
    assert e.value.error == m.TimerError(code=7, message="no k", retry_after_ms=None)

    def wrong(key: str) -> str:
        raise m.TimerErrorException(m.TimerError(code="seven", message="", retry_after_ms=None))

    fake.implement_fetch_token(wrong)
    with pytest.raises(m.MyTimerError, match="fetch_token raised a wrong typed error: error.code: expected int"):
        fake.call_fetch_token("k")
    fake.implement_fetch_token(lambda key: {}[key])
    with pytest.raises(KeyError):
        fake.call_fetch_token("k")


def test_call_async_implementations(my_timer: types.ModuleType, fake: Fake) -> None:
    async def token(key: str) -> str:
        await asyncio.sleep(0)
        return "a-" + key

    fake.implement_fetch_token(token)
    assert fake.call_fetch_token("k") == "a-k"  # no loop here: run to completion

    async def main() -> None:
        assert await fake.call_fetch_token_async("k") == "a-k"
        with pytest.raises(RuntimeError, match="await call_fetch_token_async instead"):
            fake.call_fetch_token("k")

    asyncio.run(main())


def test_close(my_timer: types.ModuleType) -> None:
    m = my_timer
    got: typing.List[str] = []
    with m.FakeMyTimer(config(m)) as f:
        f.on_echo_fired(lambda message, count: got.append(message))
        f.implement_now_ms(lambda: 1)
    assert f.closed
    f.close()  # idempotent
    f.fire_echo_fired("after", 1)
    assert got == []
    with pytest.raises(m.MyTimerClosedError, match="call_now_ms: the context is closed"):
        f.call_now_ms()
    sub = f.on_echo_fired(lambda message, count: got.append(message))
    f.fire_echo_fired("after", 1)
    assert got == []
    sub.unsubscribe()


AWKWARD = """library awkward;
host fn ask(r: string, impl: u8, callback: string?) -> string?;
event seen(r: string, callback: u8, vals: string);
fn find(r: u8) -> u8;
"""


def test_awkward_parameter_names(tmp_path: pathlib.Path) -> None:
    # Parameters named like the fake's own locals and arguments.
    (tmp_path / "awkward.ffi").write_text(AWKWARD)
    subprocess.run(["go", "run", "./cmd/ffic", "compile", "-l", "python", "-o", str(tmp_path),
                    str(tmp_path / "awkward.ffi")], cwd=ROOT, check=True)
    (tmp_path / "use.py").write_text('''
from __future__ import annotations
import typing
import awkward

fake = awkward.FakeAwkward()
fake.implement_ask(lambda r, impl, callback: r * impl + (callback or ""))
assert fake.call_ask("ab", 2) == "abab"
assert fake.call_ask("x", 1, "!") == "x!"
seen: typing.List[typing.Tuple[str, int, str]] = []
fake.on_seen(lambda r, callback, vals: seen.append((r, callback, vals)))
fake.fire_seen("r", 1, "fn")
assert seen == [("r", 1, "fn")]
''')
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "awkward.py", "use.py"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "use.py"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
