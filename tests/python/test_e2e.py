"""End to end: the generated my_timer module against the Go shared library
of examples/timer (examples/timer/golib), through the real C ABI."""

from __future__ import annotations

import asyncio
import importlib.util
import pathlib
import subprocess
import sys
import threading
import time
import types
import typing

import pytest

from conftest import ROOT

Ctx = typing.Any


@pytest.fixture()
def t(my_timer: types.ModuleType, library: str) -> typing.Iterator[Ctx]:
    with my_timer.MyTimer(config(my_timer), library=library) as ctx:
        yield ctx


def config(m: types.ModuleType, **kw: typing.Any) -> typing.Any:
    args = dict(name="e2e", max_pending=64, worker_threads=2, default_priority=m.Priority.normal,
                clock_offset_us=0, options={"a": "b"})
    args.update(kw)
    return m.TimerConfig(**args)


def request(m: types.ModuleType, message: str = "hi", delay_ms: int = 0,
            tags: typing.Optional[typing.List[str]] = None, **kw: typing.Any) -> typing.Any:
    args = dict(message=message, delay_ms=delay_ms, tags=tags or [], note=None, attrs={},
                blob=b"", priority=m.Priority.normal)
    args.update(kw)
    return m.EchoRequest(**args)


def wait_for(cond: typing.Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.005)


# ---- every type -------------------------------------------------------

def test_scalars_roundtrip(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    for v in [
        m.Scalars(flag=True, tiny=-128, small=-32768, medium=-(2**31), large=-(2**63), octet=0, port=0,
                  count=0, nanos=0, ratio=-0.0, precise=5e-324, text="", raw=b""),
        m.Scalars(flag=False, tiny=127, small=32767, medium=2**31 - 1, large=2**63 - 1, octet=255,
                  port=65535, count=2**32 - 1, nanos=2**64 - 1, ratio=3.4028234663852886e38,
                  precise=float("inf"), text="a\x00b é ⏰ \U0001F600", raw=bytes(range(256))),
        m.Scalars(flag=True, tiny=1, small=2, medium=3, large=4, octet=5, port=6, count=7, nanos=8,
                  ratio=1.5, precise=-1e300, text="x" * 100000, raw=b"\x00" * (1 << 20)),
    ]:
        assert t.roundtrip(v) == v


def test_f32_rounds_and_nan(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    v = m.Scalars(flag=True, tiny=1, small=2, medium=3, large=4, octet=5, port=6, count=7, nanos=8,
                  ratio=0.1, precise=float("nan"), text="", raw=b"")
    got = t.roundtrip(v)
    assert got.ratio == 0.10000000149011612  # the f32 nearest 0.1
    assert got.precise != got.precise


def test_recursive_groups_and_stats(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    leaf = m.TimerGroup(name="leaf", timer_ids=[1, 2**64 - 1], subgroups=[], by_label={})
    root = m.TimerGroup(name="root", timer_ids=[], subgroups=[leaf, leaf],
                        by_label={"l": leaf, "é": leaf}, fallback=m.TimerGroup(
                            name="fb", timer_ids=[], subgroups=[], by_label={}, fallback=leaf))
    assert t.set_groups(root) is None
    t.schedule("p1", m.SchedulePaused(), m.Priority.low)
    s = t.stats()
    assert s.latencies_by_priority == {m.Priority.normal: [0.5, 1.25]}
    assert s.batches[1] == {"cancelled": None}
    (only,) = s.batches[0].values()
    assert only.message == "p1"
    assert isinstance(s.fired_by_tag, dict) and isinstance(s.calls_by_outcome, dict)


def test_every_schedule_arm(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    fired: typing.List[str] = []
    with t.on_echo_fired(lambda msg, n: fired.append(msg)):
        ids = [
            t.schedule("once", m.ScheduleOnce(1), m.Priority.high),
            t.schedule("every", m.ScheduleEvery(m.Interval(period_ms=1, count=3)), m.Priority.low),
            t.schedule("at", m.ScheduleAt([0, 0]), m.Priority.normal),
            t.schedule("paused", m.SchedulePaused(), m.Priority.normal),
        ]
        assert len(set(ids)) == 4
        wait_for(lambda: len(fired) >= 6)
        assert t.flush() == m.FlushResult()
        wait_for(lambda: "echo:\tpaused" in fired)
    assert sorted(fired) == sorted(["echo:\tonce"] + ["echo:\tevery"] * 3 + ["echo:\tat"] * 2
                                   + ["echo:\tpaused"])


# ---- calls ---------------------------------------------------------------

def test_plain_async_static(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    assert t.version() == m.TIMER_VERSION
    assert t.ping() is None
    assert t.cancel(12345) is False
    tid = t.schedule("x", m.ScheduleOnce(5000), m.Priority.normal)
    assert t.cancel(tid) is True
    r = t.echo(request(m, "hi", note="n", attrs={"k": -1}, blob=b"\x00\xff", tags=["a"]))
    assert (r.message, r.note) == ("echo:\thi", "n")
    assert t.sleep(1) is None
    assert m.parse_priority("high") is m.Priority.high
    assert m.measure_clock_skew("abc", 2) == 6


def test_asyncio_variants(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer

    async def main() -> None:
        assert await t.version_async() == m.TIMER_VERSION
        r = await t.echo_async(request(m, "a"))
        assert r.message == "echo:\ta"
        assert await m.parse_priority_async("low") is m.Priority.low
        assert await m.measure_clock_skew_async("ab", 1) == 2
        with pytest.raises(m.ClockErrorException):
            await m.measure_clock_skew_async("", 1)

    asyncio.run(main())


def test_async_without_loop_is_a_clear_error(my_timer: types.ModuleType, t: Ctx) -> None:
    coro = t.echo_async(request(my_timer))
    with pytest.raises(RuntimeError, match="running asyncio event loop"):
        coro.send(None)
    coro.close()

    async def cb(message: str, n: int) -> None:
        pass

    with pytest.raises(RuntimeError, match="running loop"):
        t.on_echo_fired(cb)


def test_wrong_arguments_never_cross(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    with pytest.raises(TypeError, match="timer_id: expected int"):
        t.cancel("1")
    with pytest.raises(ValueError, match=r"^timer_id: -1 does not fit u64$"):
        t.cancel(-1)
    with pytest.raises(TypeError, match=r"^req.tags\[1\]: expected str, got int$"):
        t.echo(request(m, tags=["a", 2]))
    with pytest.raises(ValueError, match=r"^req.delay_ms: 4294967296 does not fit u32$"):
        t.echo(request(m, delay_ms=2**32))
    with pytest.raises(TypeError, match="priority: expected Priority, got str"):
        t.schedule("x", m.SchedulePaused(), "high")
    with pytest.raises(TypeError, match="when: expected Schedule"):
        t.schedule("x", m.Interval(period_ms=1), m.Priority.low)
    with pytest.raises(ValueError, match=r"invalid UTF-8"):
        t.echo(request(m, "\ud800"))


# ---- errors -----------------------------------------------------------------

def test_message_and_typed_errors(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    with pytest.raises(m.MyTimerError, match='unknown priority "bogus"'):
        m.parse_priority("bogus")
    with pytest.raises(m.MyTimerError, match="period_ms must be at least 1"):
        t.schedule("x", m.ScheduleEvery(m.Interval(period_ms=0)), m.Priority.low)
    with pytest.raises(m.ScheduleErrorException) as se:
        t.schedule("x", m.ScheduleOnce(99999), m.Priority.low)
    assert se.value.error == m.ScheduleErrorTooLong(99999)
    with pytest.raises(m.TimerErrorException) as te:
        t.echo(request(m, delay_ms=99999))
    assert (te.value.code, te.value.message, te.value.retry_after_ms) == (3, "delay too long", 5000)
    with pytest.raises(m.ClockErrorException) as ce:
        t.resync_clock()  # now_ms is not implemented
    assert ce.value.error is m.ClockError.unavailable
    with pytest.raises(m.MyTimerError, match="panic"):
        t.echo(request(m, "panic"))
    assert t.version() == m.TIMER_VERSION  # the process and the context survive


def test_ctor_errors(my_timer: types.ModuleType, library: str) -> None:
    m = my_timer
    with pytest.raises(m.TimerErrorException) as e:
        m.MyTimer(config(m, clock_offset_us=-1), library=library)
    assert e.value.error == m.TimerError(code=2, message="negative clock offset", retry_after_ms=100)
    with pytest.raises(m.TimerErrorException, match="config.name is empty"):
        m.MyTimer(config(m, name=""), library=library)


# ---- events ---------------------------------------------------------------

def test_events_two_subscribers_and_unsubscribe(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    a: typing.List[int] = []
    b: typing.List[int] = []
    threads: typing.Set[str] = set()

    def on_a(message: str, n: int) -> None:
        threads.add(threading.current_thread().name)
        a.append(n)

    sa = t.on_echo_fired(on_a)
    sb = t.on_echo_fired(lambda message, n: b.append(n))
    t.schedule("x", m.ScheduleEvery(m.Interval(period_ms=1, count=200)), m.Priority.normal)
    wait_for(lambda: len(a) == 200 and len(b) == 200)
    assert a == sorted(a) and a == b  # firing order, both listeners
    assert threads == {"my_timer-events-%d" % t._h}
    sb.unsubscribe()
    sb.unsubscribe()  # idempotent
    t.echo(request(m, "after"))
    wait_for(lambda: len(a) == 201)
    time.sleep(0.05)
    assert len(b) == 200
    stopped: typing.List[typing.Any] = []
    with t.on_timer_stopped(lambda tid, reason, at: stopped.append(reason)):
        tid = t.schedule("x", m.ScheduleOnce(5000), m.Priority.normal)
        assert t.cancel(tid)
        wait_for(lambda: stopped == [m.StopReason.cancelled])
    sa.unsubscribe()
    assert t.dropped_events() == 0


def test_async_event_callback(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer

    async def main() -> typing.List[int]:
        got: typing.List[int] = []
        done = asyncio.Event()
        loop = asyncio.get_running_loop()

        async def cb(message: str, n: int) -> None:
            assert asyncio.get_running_loop() is loop
            got.append(n)
            if len(got) == 3:
                done.set()

        with t.on_echo_fired(cb):
            for _ in range(3):
                await t.echo_async(request(m))
            await asyncio.wait_for(done.wait(), 5)
        return got

    assert len(asyncio.run(main())) == 3


# ---- host fns -----------------------------------------------------------

def test_host_fns_plain(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    lines: typing.List[typing.Tuple[typing.Any, str]] = []
    t.implement_fetch_token(lambda key: "tok-" + key)
    t.implement_log_line(lambda priority, line: lines.append((priority, line)))
    r = t.echo(request(m, "x", tags=["token:k1", "log"], priority=m.Priority.high))
    assert r.message == "echo:\tx+tok-k1"
    assert lines == [(m.Priority.high, "echo x")]
    now = [1000]
    t.implement_now_ms(lambda: now[0])
    t.resync_clock()
    now[0] = 10
    with pytest.raises(m.ClockErrorException) as e:
        t.resync_clock()
    assert e.value.error is m.ClockError.went_backwards
    t.implement_fetch_token(None)
    with pytest.raises(m.MyTimerError):
        t.echo(request(m, tags=["token:k"]))


def test_host_fns_raising_and_slow(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer

    def failing(key: str) -> str:
        if key == "typed":
            raise m.TimerErrorException(m.TimerError(code=7, message="no token", retry_after_ms=None))
        if key == "wrong":
            return 42  # type: ignore[return-value]
        raise KeyError("no such key " + key)

    t.implement_fetch_token(failing)
    with pytest.raises(m.TimerErrorException) as e:
        t.echo(request(m, tags=["token:typed"]))
    assert e.value.code == 7
    with pytest.raises(m.MyTimerError, match="no such key k"):
        t.echo(request(m, tags=["token:k"]))
    with pytest.raises(m.MyTimerError, match="wrong value"):
        t.echo(request(m, tags=["token:wrong"]))

    def slow(key: str) -> str:
        time.sleep(0.2)
        return "slow"

    t.implement_fetch_token(slow)
    start = time.monotonic()
    results: typing.List[str] = []
    ths = [threading.Thread(target=lambda: results.append(t.echo(request(m, tags=["token:s"])).message))
           for _ in range(4)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    assert results == ["echo:\thi+slow"] * 4
    assert time.monotonic() - start < 0.7  # answered concurrently


def test_host_fns_async(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer

    async def main() -> None:
        loop = asyncio.get_running_loop()

        async def token(key: str) -> str:
            assert asyncio.get_running_loop() is loop
            await asyncio.sleep(0.01)
            if key == "bad":
                raise ValueError("bad key")
            return key.upper()

        t.implement_fetch_token(token)
        rs = await asyncio.gather(*[t.echo_async(request(m, tags=["token:k%d" % i])) for i in range(20)])
        assert [r.message for r in rs] == ["echo:\thi+K%d" % i for i in range(20)]
        with pytest.raises(m.MyTimerError, match="bad key"):
            await t.echo_async(request(m, tags=["token:bad"]))
        # A plain fn whose handler waits for the async implementation does
        # not block the loop it runs on.
        t.implement_now_ms(token_ms)
        await t.resync_clock_async()

    async def token_ms() -> int:
        return 5

    asyncio.run(main())


# ---- lifetime -----------------------------------------------------------

def test_close_with_work_in_flight(my_timer: types.ModuleType, library: str) -> None:
    m = my_timer
    t = m.MyTimer(config(m), library=library)
    errors: typing.List[BaseException] = []

    def sleeper() -> None:
        try:
            t.sleep(60000)
        except BaseException as e:
            errors.append(e)

    ths = [threading.Thread(target=sleeper) for _ in range(3)]
    for th in ths:
        th.start()
    time.sleep(0.05)
    start = time.monotonic()
    t.close(timeout=1.0)
    for th in ths:
        th.join(5)
    assert time.monotonic() - start < 3
    assert len(errors) == 3 and all(isinstance(e, m.MyTimerError) for e in errors)
    with pytest.raises(m.MyTimerClosedError):
        t.version()
    with pytest.raises(m.MyTimerClosedError):
        t.sleep(1)
    t.close()  # idempotent
    assert t.closed


def test_close_from_asyncio_in_flight(my_timer: types.ModuleType, library: str) -> None:
    m = my_timer

    async def main() -> typing.List[typing.Any]:
        t = m.MyTimer(config(m), library=library)
        tasks = [asyncio.ensure_future(t.sleep_async(60000)) for _ in range(5)]
        await asyncio.sleep(0.05)
        await asyncio.get_running_loop().run_in_executor(None, t.close, 0.5)
        return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 5)

    rs = asyncio.run(main())
    assert len(rs) == 5 and all(isinstance(r, m.MyTimerError) for r in rs)


def test_other_interface_refused(tmp_path: pathlib.Path, library: str) -> None:
    src = (ROOT / "examples/timer/timer.ffi").read_text()
    changed = src.replace("    period_ms: u32,\n", "    period_ms: u32,\n    jitter_ms: u32,\n", 1)
    assert changed != src
    ffi = tmp_path / "timer.ffi"
    ffi.write_text(changed)
    subprocess.run(["go", "run", "./cmd/ffic", "compile", "-l", "python", "-o", str(tmp_path), str(ffi)],
                   cwd=ROOT, check=True)
    spec = importlib.util.spec_from_file_location("my_timer_changed", tmp_path / "my_timer.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["my_timer_changed"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    with pytest.raises(mod.MyTimerLoadError, match="was built from another interface"):
        mod.load_library(library)


def test_library_lookup(my_timer: types.ModuleType, library: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    m = my_timer
    monkeypatch.setenv("MY_TIMER_LIBRARY", library)
    with m.MyTimer(config(m)) as t:  # found through $MY_TIMER_LIBRARY
        assert t.version() == m.TIMER_VERSION
    monkeypatch.setenv("MY_TIMER_LIBRARY", "/nonexistent/libmy_timer.so")
    with pytest.raises(m.MyTimerLoadError, match="cannot load /nonexistent"):
        m.MyTimer(config(m))


# ---- load -------------------------------------------------------------------

def test_threads(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    counts = [0] * 8
    failures: typing.List[BaseException] = []
    v = m.Scalars(flag=True, tiny=1, small=2, medium=3, large=4, octet=5, port=6, count=7, nanos=8,
                  ratio=1.5, precise=2.5, text="t", raw=b"r")

    def work(i: int) -> None:
        try:
            for j in range(1000):
                k = j % 4
                if k == 0:
                    assert t.version() == m.TIMER_VERSION
                elif k == 1:
                    assert t.roundtrip(v) == v
                elif k == 2:
                    assert t.sleep(0) is None
                else:
                    assert t.echo(request(m, "w%d" % i)).message == "echo:\tw%d" % i
                counts[i] += 1
        except BaseException as e:
            failures.append(e)

    ths = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    assert failures == []
    assert counts == [1000] * 8


def test_asyncio_100_concurrent(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer

    async def main() -> typing.List[typing.Any]:
        return await asyncio.gather(*[t.echo_async(request(m, "c%d" % i, delay_ms=20)) for i in range(100)])

    start = time.monotonic()
    rs = asyncio.run(main())
    assert [r.message for r in rs] == ["echo:\tc%d" % i for i in range(100)]
    assert time.monotonic() - start < 2  # concurrently, not 100 x 20 ms
