"""The host layer under load it must survive: host fns that block or nest
beyond any pool size, implementations that never return, Ctrl-C while a
call waits, a blocking call on the loop of an async implementation, a
subscriber that stops, and values the codecs must refuse with a path.

Runs against the Go library of examples/timer, as test_e2e.py does. What
could hang the test process runs in a subprocess or on a daemon thread with
a generous deadline: a failure is reported, never waited for forever."""

from __future__ import annotations

import asyncio
import pathlib
import signal
import subprocess
import sys
import textwrap
import threading
import types
import typing

import pytest

from test_e2e import Ctx, config, request, t, wait_for  # noqa: F401 (t is a fixture)

# How long a scenario may take before it counts as hung: far more than it
# needs on a loaded machine, far less than forever.
HUNG = 60.0


def run_script(gen_dir: pathlib.Path, library: str, body: str,
               send_sigint_after: typing.Optional[str] = None) -> str:
    """Runs body as a Python program that has my_timer as m, a context t on
    library and the helpers config/request; returns its output. With
    send_sigint_after, sends SIGINT once that line was printed. Fails when
    the program does not exit by itself within HUNG seconds, or fails."""
    prog = textwrap.dedent("""\
        import os, sys, threading, time
        sys.path.insert(0, %r)
        import my_timer as m
        def config():
            return m.TimerConfig(name="s", max_pending=64, worker_threads=2,
                                 default_priority=m.Priority.normal, clock_offset_us=0, options={})
        def request(message="hi", tags=()):
            return m.EchoRequest(message=message, delay_ms=0, tags=list(tags), note=None,
                                 attrs={}, blob=b"", priority=m.Priority.normal)
        def say(line):
            print(line, flush=True)
        t = m.MyTimer(config(), library=%r)
        """) % (str(gen_dir), library) + textwrap.dedent(body)
    p = subprocess.Popen([sys.executable, "-c", prog], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    out: typing.List[str] = []
    err: typing.List[str] = []
    te = threading.Thread(target=lambda: err.append(p.stderr.read() if p.stderr else ""), daemon=True)
    te.start()

    def read() -> None:
        assert p.stdout is not None
        sent = False
        for line in p.stdout:
            out.append(line)
            if not sent and line.rstrip("\n") == send_sigint_after:
                p.send_signal(signal.SIGINT)
                sent = True

    tr = threading.Thread(target=read, daemon=True)
    tr.start()
    try:
        rc = p.wait(HUNG)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        tr.join(5)
        raise AssertionError("the program did not exit; it printed:\n" + "".join(out)) from None
    tr.join(HUNG)
    te.join(HUNG)
    text = "".join(out)
    assert rc == 0, "exit status %d\n%s\n%s" % (rc, text, "".join(err))
    return text


# ---- host fns beyond any pool size --------------------------------------

def test_nested_host_calls_beyond_the_warm_pool(my_timer: types.ModuleType, t: Ctx) -> None:
    """Host fns that call a plain fn needing another host fn, more of them in
    flight at once than the pool keeps threads: each gets a thread."""
    m = my_timer
    n = 2 * m._HOST_WARM + 3
    inside = threading.Barrier(n, timeout=HUNG)  # all n host calls are in flight at once

    def token(key: str) -> str:
        inside.wait()
        t.resync_clock()  # a plain fn whose handler calls now_ms: another host call
        return key

    t.implement_now_ms(lambda: 1000)
    t.implement_fetch_token(token)
    results: typing.List[str] = []
    failures: typing.List[BaseException] = []

    def call(i: int) -> None:
        try:
            results.append(t.echo(request(m, "n", tags=["token:%d" % i])).message)
        except BaseException as e:
            failures.append(e)

    ths = [threading.Thread(target=call, args=(i,), daemon=True) for i in range(n)]
    for th in ths:
        th.start()
    for th in ths:
        th.join(HUNG)
    assert failures == [] and not any(th.is_alive() for th in ths)
    assert sorted(results) == sorted("echo:\tn+%d" % i for i in range(n))
    # The threads beyond the warm pool ended with their calls.
    wait_for(lambda: t._pool.idle() <= m._HOST_WARM)


def test_blocked_host_fns_do_not_block_others(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    n = m._HOST_WARM + 4
    release = threading.Event()
    entered = threading.Semaphore(0)

    def blocked(key: str) -> str:
        entered.release()
        release.wait(4 * HUNG)  # outlasts the waits for entered below
        return key

    t.implement_fetch_token(blocked)
    t.implement_now_ms(lambda: 1000)
    ths = [threading.Thread(target=t.echo, args=(request(m, tags=["token:b"]),), daemon=True)
           for _ in range(n)]
    for th in ths:
        th.start()
    for _ in range(n):
        assert entered.acquire(timeout=HUNG)
    try:
        t.resync_clock()  # needs now_ms while n implementations block
    finally:
        release.set()
    for th in ths:
        th.join(HUNG)
    assert not any(th.is_alive() for th in ths)


def test_exit_with_a_hanging_host_fn(gen_dir: pathlib.Path, library: str) -> None:
    """An implementation that never returns does not keep the process from
    exiting after close()."""
    out = run_script(gen_dir, library, """
        entered = threading.Event()
        def hang(key):
            entered.set()
            threading.Event().wait()
        t.implement_fetch_token(hang)
        th = threading.Thread(target=lambda: t.echo(request(tags=["token:x"])), daemon=True)
        th.start()
        assert entered.wait(30)
        t.close(timeout=0.5)
        th.join(30)
        say("closed" if not th.is_alive() else "echo still waiting")
    """)
    assert out == "closed\n"


def test_an_answer_that_does_not_encode_still_answers(my_timer: types.ModuleType, t: Ctx) -> None:
    """Whatever encoding the answer raises, the host call is answered (with
    an error), never left waiting."""
    m = my_timer

    class Bad(int):
        def __int__(self) -> int:
            raise RuntimeError("no int today")

    t.implement_now_ms(lambda: Bad(5))
    done: typing.List[BaseException] = []

    def call() -> None:
        try:
            t.resync_clock()
        except BaseException as e:
            done.append(e)

    th = threading.Thread(target=call, daemon=True)
    th.start()
    th.join(HUNG)
    assert not th.is_alive(), "the host call was never answered"
    # resync_clock turns a failed now_ms into ClockError.unavailable.
    assert len(done) == 1 and isinstance(done[0], m.ClockErrorException), done
    assert done[0].error is m.ClockError.unavailable

    def surrogate(key: str) -> str:
        raise ValueError("bad \ud800 key")

    t.implement_fetch_token(surrogate)
    del done[:]

    def echo() -> None:
        try:
            t.echo(request(m, tags=["token:s"]))
        except BaseException as e:
            done.append(e)

    th = threading.Thread(target=echo, daemon=True)
    th.start()
    th.join(HUNG)
    assert not th.is_alive(), "the host call was never answered"
    assert len(done) == 1 and str(done[0]) == "fetch_token: bad ? key", done


def test_asyncio_run_ends_with_a_plain_fn_waiting_forever(gen_dir: pathlib.Path,
                                                          library: str) -> None:
    """The _async form of a plain fn does not run in the loop's default
    executor, which asyncio.run joins when it ends: a call that waits
    forever (for a host fn that never answers) does not keep it running."""
    out = run_script(gen_dir, library, """
        import asyncio
        entered = threading.Event()
        def hang():
            entered.set()
            threading.Event().wait()
        t.implement_now_ms(hang)
        async def main():
            task = asyncio.ensure_future(t.resync_clock_async())
            while not entered.is_set():
                await asyncio.sleep(0.01)
            return task  # asyncio.run cancels it
        asyncio.run(main())
        say("loop ended")
        t.close(timeout=0.5)
        say("closed")
    """)
    assert out == "loop ended\nclosed\n"


# ---- Ctrl-C while a call waits ---------------------------------------------

def test_ctrl_c_interrupts_a_plain_fn_waiting_for_a_host_fn(gen_dir: pathlib.Path,
                                                            library: str) -> None:
    out = run_script(gen_dir, library, """
        release = threading.Event()
        def slow_clock():
            say("waiting")
            release.wait(60)
            return 1000
        t.implement_now_ms(slow_clock)
        try:
            t.resync_clock()
            say("returned")
        except KeyboardInterrupt:
            say("interrupted")
        release.set()
        # The abandoned call completes on its thread and its outcome is
        # dropped; the context goes on working.
        deadline = time.monotonic() + 30
        while m._call_pool.idle() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        say("drained %s" % (m._call_pool.idle() > 0 and not m._plain_results))
        t.resync_clock()
        say(t.version())
        t.close()
    """, send_sigint_after="waiting")
    assert out == "waiting\ninterrupted\ndrained True\nwaiting\ntimer/1.0\n"


def test_ctrl_c_interrupts_the_blocking_form_of_an_async_fn(gen_dir: pathlib.Path,
                                                            library: str) -> None:
    out = run_script(gen_dir, library, """
        entered = threading.Event()
        def token(key):
            entered.set()
            return key
        t.implement_fetch_token(token)
        def ready():
            entered.wait(30)
            time.sleep(0.05)  # the main thread is waiting by now (or SIGINT comes before it waits)
            say("waiting")
        threading.Thread(target=ready, daemon=True).start()
        try:
            t.echo(m.EchoRequest(message="x", delay_ms=4000, tags=["token:k"], note=None, attrs={},
                                 blob=b"", priority=m.Priority.normal))
            say("returned")
        except KeyboardInterrupt:
            say("interrupted")
        say(t.version())
        t.close(timeout=1)
        say("pending %d" % len(t._pending))
    """, send_sigint_after="waiting")
    assert out == "waiting\ninterrupted\ntimer/1.0\npending 0\n"


@pytest.mark.parametrize("call", ["t.sleep(600000)", "t.resync_clock()"])
def test_ctrl_c_handled_on_another_thread_interrupts_the_wait(gen_dir: pathlib.Path, library: str,
                                                              call: str) -> None:
    """SIGINT delivered to a thread other than the main one (the kernel may
    pick any thread that does not block it) still interrupts the main
    thread's wait: the signal handler runs on the main thread only, and the
    main thread does not sleep through it."""
    out = run_script(gen_dir, library, """
        import signal
        release = threading.Event()
        def slow_clock():
            release.wait(600)
            return 1000
        t.implement_now_ms(slow_clock)
        other = threading.Thread(target=release.wait, args=(600,), daemon=True)
        other.start()
        def interrupt():
            time.sleep(0.2)  # the main thread waits by now (or SIGINT comes before it waits)
            signal.pthread_kill(other.ident, signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        try:
            %s
            say("returned")
        except KeyboardInterrupt:
            say("interrupted")
        release.set()
        t.close(timeout=1)
    """ % call)
    assert out == "interrupted\n"


# ---- a blocking call on the loop of an async implementation ----------------

def run_on_loop(main: typing.Callable[[], typing.Awaitable[None]]) -> None:
    """asyncio.run(main()) on a daemon thread: a deadlock fails the test
    instead of hanging it."""
    failures: typing.List[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(main())  # type: ignore[arg-type]
        except BaseException as e:
            failures.append(e)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.join(HUNG)
    assert not th.is_alive(), "the loop deadlocked"
    if failures:
        raise failures[0]


def test_blocking_call_on_the_loop_of_an_async_implementation(my_timer: types.ModuleType,
                                                              t: Ctx) -> None:
    m = my_timer

    async def main() -> None:
        async def clock() -> int:
            return 1000

        async def token(key: str) -> str:
            return key

        t.implement_now_ms(clock)
        with pytest.raises(RuntimeError, match=r"await resync_clock_async\(\) instead"):
            t.resync_clock()
        t.implement_fetch_token(token)
        with pytest.raises(RuntimeError, match=r"await echo_async\(\) instead"):
            t.echo(request(m, tags=["token:a"]))
        # The asyncio forms work, and so do blocking calls from other threads.
        await t.resync_clock_async()
        assert (await t.echo_async(request(m, tags=["token:a"]))).message == "echo:\thi+a"
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, t.version) == m.TIMER_VERSION
        # Without async implementations on this loop, blocking calls are allowed.
        t.implement_now_ms(lambda: 1000)
        t.implement_fetch_token(None)
        t.resync_clock()

    run_on_loop(main)
    t.resync_clock()  # no loop here


# ---- a stuck subscriber ----------------------------------------------------

def test_stuck_subscriber_holds_a_bounded_backlog(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    n = 3 * m._EVENT_BACKLOG
    release = threading.Event()
    got: typing.List[int] = []

    def stuck(message: str, count: int) -> None:
        release.wait(HUNG)
        got.append(count)

    with t.on_echo_fired(stuck):
        t.schedule("e", m.ScheduleAt([0] * n), m.Priority.normal)
        # Everything fired is either held for the callback or counted as
        # dropped, and what is held is bounded.
        try:
            wait_for(lambda: t.dropped_events() >= n - m._EVENT_BACKLOG - m._BATCH - 1, HUNG)
            assert t._events_put - t._events_done <= m._EVENT_BACKLOG
        finally:
            release.set()
        wait_for(lambda: len(got) + t.dropped_events() == n, HUNG)
        assert len(got) <= m._EVENT_BACKLOG + m._BATCH + 1
        assert got == sorted(got)  # what is delivered stays in firing order


# ---- values the codecs refuse -------------------------------------------------

def test_int_too_large_for_a_float(my_timer: types.ModuleType, t: Ctx) -> None:
    m = my_timer
    v = m.Scalars(flag=True, tiny=1, small=2, medium=3, large=4, octet=5, port=6, count=7, nanos=8,
                  ratio=1.5, precise=10 ** 400, text="", raw=b"")
    with pytest.raises(ValueError, match=r"^value.precise: an int of 1329 bits does not fit f64$"):
        t.roundtrip(v)
    v.precise, v.ratio = 0.5, 2 ** 200
    with pytest.raises(ValueError, match=r"^value.ratio: 1.6069380442589903e\+60 does not fit f32$"):
        t.roundtrip(v)
    v.ratio = 2 ** 127
    assert t.roundtrip(v).ratio == 2.0 ** 127  # exactly an f32
    with pytest.raises(ValueError, match=r"^timer_id: an int of 1329 bits does not fit u64$"):
        t.cancel(10 ** 400)


# ---- threads started on demand, host fns answered inline -------------------

def test_a_context_starts_no_thread(my_timer: types.ModuleType, library: str) -> None:
    """Creating a context, calling plain fns and closing it starts no
    thread; the poller comes with the first use of the completion queue."""
    m = my_timer
    before = set(threading.enumerate())
    with m.MyTimer(config(m), library=library) as c:
        c.ping()
        assert c.version() == m.TIMER_VERSION
        assert set(threading.enumerate()) == before
        c.sleep(0)
        assert any(th.name == "my_timer-poller-%d" % c._h for th in threading.enumerate())
    wait_for(lambda: set(threading.enumerate()) == before)


def test_host_fn_called_by_a_plain_fn_runs_on_its_thread(my_timer: types.ModuleType, t: Ctx) -> None:
    """A host fn that a plain fn's handler calls runs on the thread of the
    plain call (inline, not on a host thread), off the main thread; a host
    fn called by an async fn's handler runs on a host thread."""
    m = my_timer
    seen: typing.List[int] = []

    def clock() -> int:
        seen.append(threading.get_ident())
        return 1000

    def token(key: str) -> str:
        seen.append(threading.get_ident())
        return key

    t.implement_now_ms(clock)
    t.implement_fetch_token(token)
    caller: typing.List[int] = []
    failures: typing.List[BaseException] = []

    def call() -> None:
        try:
            caller.append(threading.get_ident())
            for _ in range(3):
                t.resync_clock()
            assert t.echo(request(m, "x", tags=["token:k"])).message == "echo:\tx+k"
        except BaseException as e:
            failures.append(e)

    th = threading.Thread(target=call, daemon=True)
    th.start()
    th.join(HUNG)
    assert not th.is_alive() and failures == []
    assert seen[:3] == caller * 3
    assert seen[3] != caller[0]


def test_keyboard_interrupt_in_an_inline_host_fn(my_timer: types.ModuleType, t: Ctx) -> None:
    """A KeyboardInterrupt raised by a host fn running inline answers the
    host call with an error and goes on in the plain fn's caller once the
    plain call returned; the context keeps working."""
    m = my_timer
    calls = [0]

    def clock() -> int:
        calls[0] += 1
        if calls[0] == 1:
            raise KeyboardInterrupt
        return 1000

    t.implement_now_ms(clock)
    got: typing.List[BaseException] = []

    def call() -> None:
        try:
            t.resync_clock()
        except BaseException as e:
            got.append(e)
        t.resync_clock()

    th = threading.Thread(target=call, daemon=True)
    th.start()
    th.join(HUNG)
    assert not th.is_alive()
    assert len(got) == 1 and type(got[0]) is KeyboardInterrupt, got
    assert calls[0] == 2
    assert not m._plain_results and not m._interrupts


def pollers(c: typing.Any) -> typing.List[str]:
    """The poller threads of context c."""
    return [th.name for th in threading.enumerate() if th.name == "my_timer-poller-%d" % c._h]


def test_asyncio_completions_reach_the_loop_without_a_poller(my_timer: types.ModuleType,
                                                             library: str) -> None:
    """The _async forms of async fns on one loop start no poller thread:
    the library signals a pipe the loop watches and the loop takes the
    completions itself; close() on the loop takes the last ones."""
    m = my_timer
    c = m.MyTimer(config(m), library=library)

    async def main() -> None:
        for _ in range(5):
            assert await c.sleep_async(0) is None
        r = await asyncio.gather(*(c.echo_async(request(m, "a%d" % i)) for i in range(64)))
        assert [x.message for x in r] == ["echo:\ta%d" % i for i in range(64)]
        assert pollers(c) == []
        task = asyncio.ensure_future(c.sleep_async(60000))
        await asyncio.sleep(0.05)
        c.close(timeout=1)  # on the loop, with a call in flight
        with pytest.raises(m.MyTimerClosedError):
            await asyncio.wait_for(task, HUNG)

    run_on_loop(main)
    assert pollers(c) == [] and c._reader is None


def test_asyncio_loops_one_after_another_and_side_by_side(my_timer: types.ModuleType,
                                                          library: str) -> None:
    """A loop that ends hands the pipe to the next one; a second loop
    running at the same time, or a blocking call, starts the poller thread,
    which takes over from the loop."""
    m = my_timer
    with m.MyTimer(config(m), library=library) as c:
        async def some() -> None:
            for _ in range(3):
                assert await c.sleep_async(0) is None

        run_on_loop(some)
        run_on_loop(some)
        assert pollers(c) == []
        release = threading.Event()
        watching = threading.Event()

        async def first() -> None:
            await c.sleep_async(0)
            watching.set()  # this loop watches the queue now
            await asyncio.get_running_loop().run_in_executor(None, release.wait, HUNG)
            await some()

        th = threading.Thread(target=run_on_loop, args=(first,), daemon=True)
        th.start()
        assert watching.wait(HUNG)
        run_on_loop(some)  # a second live loop: the poller takes over
        assert len(pollers(c)) == 1
        release.set()
        th.join(HUNG)
        assert not th.is_alive()
        c.sleep(0)
        run_on_loop(some)
    wait_for(lambda: pollers(c) == [])
