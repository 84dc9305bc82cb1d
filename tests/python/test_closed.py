"""Calls cut short by close (L_destroy) raise the ClosedError class.

The handlers of examples/timer return ctx.Err() when destroy cancels
their context, as docs/go-library.md teaches; the library completes such
calls with LU_STATUS_CLOSED, which the Python host raises as
MyTimerClosedError (not a plain MyTimerError with "context canceled")."""

from __future__ import annotations

import asyncio
import threading
import time
import types
import typing

import pytest


def config(m: types.ModuleType) -> typing.Any:
    return m.TimerConfig(name="closed", max_pending=64, worker_threads=2, default_priority=m.Priority.normal,
                         clock_offset_us=0, options={})


def test_blocking_calls_cut_short_raise_closed(my_timer: types.ModuleType, library: str) -> None:
    m = my_timer
    t = m.MyTimer(config(m), library=library)
    errors: typing.List[BaseException] = []
    started = threading.Semaphore(0)

    def token(key: str) -> str:
        started.release()
        return "tok"

    t.implement_fetch_token(token)

    def echo() -> None:
        try:
            t.echo(m.EchoRequest(message="m", delay_ms=5000, tags=["token:k"], note=None, attrs={}, blob=b"",
                                 priority=m.Priority.normal))
        except BaseException as e:
            errors.append(e)

    def sleeper() -> None:
        try:
            t.sleep(60000)
        except BaseException as e:
            errors.append(e)

    ths = [threading.Thread(target=echo) for _ in range(2)] + [threading.Thread(target=sleeper) for _ in range(2)]
    for th in ths:
        th.start()
    for _ in range(2):
        assert started.acquire(timeout=10)  # both echo handlers run
    time.sleep(0.05)  # let the sleeps start too; one that has not is refused with ClosedError as well
    t.close(timeout=10.0)
    for th in ths:
        th.join(10)
    assert len(errors) == 4
    for e in errors:
        assert type(e) is m.MyTimerClosedError, repr(e)
        assert "context canceled" not in str(e)


def test_async_calls_cut_short_raise_closed(my_timer: types.ModuleType, library: str) -> None:
    m = my_timer

    async def main() -> typing.List[typing.Any]:
        t = m.MyTimer(config(m), library=library)
        tasks = [asyncio.ensure_future(t.sleep_async(60000)) for _ in range(4)]
        await asyncio.sleep(0.05)
        await asyncio.get_running_loop().run_in_executor(None, t.close, 10.0)
        return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)

    rs = asyncio.run(main())
    assert len(rs) == 4
    for r in rs:
        assert type(r) is m.MyTimerClosedError, repr(r)
