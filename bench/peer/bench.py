#!/usr/bin/env python3
"""The peer benchmark: ffic against UniFFI, one interface, one process.

bench/peer/run builds both sides and runs this script; by hand:

    python3 bench/peer/bench.py --dir bench/peer/_build/py [--rounds 11]

--dir holds the module ffic generated (peer_ffic.py) with the Go library it
talks to (libpeer_ffic.so), and the module uniffi-bindgen generated
(peer_uniffi.py) with the Rust library next to it (libpeer_uniffi.so, where
UniFFI's module looks for it).

Both libraries implement bench/peer/peer.ffi with trivial bodies. Every row
is a pair of functions doing the same work on each side; each is run once
and its result checked, then calibrated to a batch of about --target
seconds. Then, round after round, every row times one batch of each side
back to back, the side that goes first alternating from round to round, so
both see the same load. The table gives the median per call over the
rounds, the spread (lowest to highest round) and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import os
import pathlib
import platform
import statistics
import sys
import threading
import time
import typing

Run = typing.Callable[[int], float]  # does about n operations, returns seconds per operation


def timed_calls(fn: typing.Callable[..., object], *args: object) -> Run:
    """n calls of fn(*args)."""

    def run(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            fn(*args)
        return (time.perf_counter() - t0) / n

    return run


def timed_async(loop: asyncio.AbstractEventLoop, start: typing.Callable[[], typing.Awaitable[object]],
                width: int) -> Run:
    """n awaits of start(), width of them in flight at a time (n rounded up
    to a multiple of width)."""

    async def body(batches: int) -> None:
        if width == 1:
            for _ in range(batches):
                await start()
        else:
            for _ in range(batches):
                await asyncio.gather(*(start() for _ in range(width)))

    def run(n: int) -> float:
        batches = (n + width - 1) // width
        t0 = time.perf_counter()
        loop.run_until_complete(body(batches))
        return (time.perf_counter() - t0) / (batches * width)

    return run


class Counter:
    """Counts callbacks; wait_for blocks until the count reaches a target."""

    def __init__(self) -> None:
        self.n = 0
        self.want = 0
        self.done = threading.Event()

    def __call__(self, i: int) -> None:
        self.n += 1
        if self.n >= self.want:
            self.done.set()

    def expect(self, k: int) -> None:
        self.done.clear()
        self.want = self.n + k

    def wait(self) -> None:
        if self.n < self.want and not self.done.wait(30):
            raise SystemExit("peer bench: %d of %d callbacks arrived in 30 s" % (self.n, self.want))


def timed_fire(fire: typing.Callable[[int], None], counter: Counter, chunk: int = 1000) -> Run:
    """n callbacks, fired chunk at a time; each chunk is waited for (ffic's
    events arrive on the event thread; ffic's backlog holds 4,096)."""

    def run(n: int) -> float:
        t0 = time.perf_counter()
        left = n
        while left > 0:
            k = min(left, chunk)
            counter.expect(k)
            fire(k)
            counter.wait()
            left -= k
        return (time.perf_counter() - t0) / n

    return run


def calibrate(run: Run, target: float) -> int:
    """How many operations take about target seconds (the best of three
    tries at each size, so that a preempted try does not shrink the batch)."""
    n = 1
    while True:
        gc.collect()
        t = min(run(n) for _ in range(3)) * n
        if t >= target / 4 or n >= 1 << 24:
            return max(1, int(n * target / max(t, 1e-9)))
        n *= 4 if t < target / 64 else 2


def gathered(loop: asyncio.AbstractEventLoop, start: typing.Callable[[], typing.Awaitable[object]]) -> object:
    """The results of 64 start() in flight at once."""

    async def body() -> typing.List[object]:
        return list(await asyncio.gather(*(start() for _ in range(64))))

    return loop.run_until_complete(body())


def fired(fire: typing.Callable[[int], None], counter: Counter, k: int) -> int:
    """How many callbacks fire(k) makes."""
    before = counter.n
    timed_fire(fire, counter)(k)
    time.sleep(0.05)  # a callback too many would arrive in this time
    return counter.n - before


def check(what: str, got: object, want: object) -> None:
    if got != want:
        raise SystemExit("peer bench: %s returned %r, want %r" % (what, got, want))


def fmt_us(s: float) -> str:
    us = s * 1e6
    if us >= 100:
        return "%.0f" % us
    if us >= 10:
        return "%.1f" % us
    return "%.2f" % us


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="the directory of both modules and both libraries")
    ap.add_argument("--rounds", type=int, default=31, help="batches of each side per row (default 31)")
    ap.add_argument("--target", type=float, default=0.005, help="seconds per batch (default 0.005)")
    ap.add_argument("--only", help="run only the rows whose name contains this")
    args = ap.parse_args()
    d = pathlib.Path(args.dir).resolve()
    sys.path.insert(0, str(d))
    ff: typing.Any = importlib.import_module("peer_ffic")
    uf: typing.Any = importlib.import_module("peer_uniffi")
    lib = str(d / "libpeer_ffic.so")
    ff.load_library(lib)

    load_before = os.getloadavg()
    fctx = ff.PeerFfic(library=lib)
    uobj = uf.Peer()

    # Host fn / callback with a result, and event / callback without one.
    fctx.implement_compute(lambda x: x + 1)

    class Computer(uf.Computer):  # type: ignore[misc]
        def compute(self, x: int) -> int:
            return x + 1

    uobj.set_computer(Computer())
    f_ticks, u_ticks = Counter(), Counter()
    sub = fctx.on_ticked(f_ticks)

    class Listener(uf.Listener):  # type: ignore[misc]
        def ticked(self, i: int) -> None:
            u_ticks(i)

    uobj.set_listener(Listener())

    f_loop, u_loop = asyncio.new_event_loop(), asyncio.new_event_loop()

    s16 = "0123456789abcdef"
    s64k = "".join(chr(0x20 + i % 95) for i in range(65536))
    b64k = bytes(i * 7 % 256 for i in range(65536))
    longs = [(i - 500) * 1_000_000_007 for i in range(1000)]
    rec = dict(flag=True, small=-7, big=-(2**40), count=123456, ratio=1.5, name="a record name",
               note="a note", data=b"\x00\x01\x02\x03\x04\x05\x06\x07")
    f_rec, u_rec = ff.Record(**rec), uf.Record(**rec)

    def f_ctx() -> None:
        ff.PeerFfic(library=lib).close()

    def u_obj() -> None:
        o = uf.Peer()
        del o  # the last reference: UniFFI frees the Rust object here

    # (name, ffic, UniFFI, (ffic check, UniFFI check, want)).
    rows: typing.List[typing.Tuple[str, Run, Run, typing.Tuple[typing.Callable[[], object],
                                                                  typing.Callable[[], object], object]]] = [
        ("no-op", timed_calls(fctx.noop), timed_calls(uobj.noop),
         (fctx.noop, uobj.noop, None)),
        ("add(u32, u32)", timed_calls(fctx.add, 1, 2), timed_calls(uobj.add, 1, 2),
         (lambda: fctx.add(1, 2), lambda: uobj.add(1, 2), 3)),
        ("string echo, 16 B", timed_calls(fctx.echo_string, s16), timed_calls(uobj.echo_string, s16),
         (lambda: fctx.echo_string(s16), lambda: uobj.echo_string(s16), s16)),
        ("string echo, 64 KiB", timed_calls(fctx.echo_string, s64k), timed_calls(uobj.echo_string, s64k),
         (lambda: fctx.echo_string(s64k), lambda: uobj.echo_string(s64k), s64k)),
        ("bytes echo, 64 KiB", timed_calls(fctx.echo_bytes, b64k), timed_calls(uobj.echo_bytes, b64k),
         (lambda: fctx.echo_bytes(b64k), lambda: uobj.echo_bytes(b64k), b64k)),
        ("record of 8 fields", timed_calls(fctx.echo_record, f_rec), timed_calls(uobj.echo_record, u_rec),
         (lambda: vars(fctx.echo_record(f_rec)), lambda: vars(uobj.echo_record(u_rec)), rec)),
        ("list of 1,000 i64", timed_calls(fctx.echo_list, longs), timed_calls(uobj.echo_list, longs),
         (lambda: fctx.echo_list(longs), lambda: uobj.echo_list(longs), longs)),
        ("async, 1 in flight", timed_async(f_loop, lambda: fctx.add_later_async(1, 2), 1),
         timed_async(u_loop, lambda: uobj.add_later(1, 2), 1),
         (lambda: f_loop.run_until_complete(fctx.add_later_async(1, 2)),
          lambda: u_loop.run_until_complete(uobj.add_later(1, 2)), 3)),
        ("async, 64 in flight (per call)", timed_async(f_loop, lambda: fctx.add_later_async(1, 2), 64),
         timed_async(u_loop, lambda: uobj.add_later(1, 2), 64),
         (lambda: gathered(f_loop, lambda: fctx.add_later_async(1, 2)),
          lambda: gathered(u_loop, lambda: uobj.add_later(1, 2)), [3] * 64)),
        ("callback with result (ffic: host fn)", timed_calls(fctx.call_host, 1), timed_calls(uobj.call_host, 1),
         (lambda: fctx.call_host(1), lambda: uobj.call_host(1), 2)),
        ("callback without result (ffic: event)", timed_fire(fctx.fire, f_ticks), timed_fire(uobj.fire, u_ticks),
         (lambda: fired(fctx.fire, f_ticks, 10), lambda: fired(uobj.fire, u_ticks, 10), 10)),
        ("object create + release (ffic: context)", timed_calls(f_ctx), timed_calls(u_obj),
         (f_ctx, u_obj, None)),
        ("top-level no-op (ffic: static fn)", timed_calls(ff.static_noop), timed_calls(uf.static_noop),
         (ff.static_noop, uf.static_noop, None)),
    ]
    if args.only:
        rows = [r for r in rows if args.only in r[0]]

    for name, _, _, (fc, uc, want) in rows:
        check("ffic " + name, fc(), want)
        check("UniFFI " + name, uc(), want)

    sizes = [(calibrate(f, args.target), calibrate(u, args.target)) for _, f, u, _ in rows]
    samples: typing.List[typing.Tuple[typing.List[float], typing.List[float]]] = [([], []) for _ in rows]
    t_start = time.perf_counter()
    for r in range(args.rounds):
        for (name, f, u, _), (nf, nu), (sf, su) in zip(rows, sizes, samples):
            order = [(f, nf, sf), (u, nu, su)]
            if r % 2:
                order.reverse()
            for run, n, out in order:
                gc.collect()
                out.append(run(n))
    elapsed = time.perf_counter() - t_start
    load_after = os.getloadavg()

    dropped = fctx.dropped_events()
    sub.unsubscribe()
    fctx.close()
    f_loop.close()
    u_loop.close()

    print("peer benchmark: ffic (Go library, ctypes module) vs UniFFI %s (Rust, proc-macros), one process"
          % uniffi_version(d))
    print("µs per call: median of %d interleaved rounds of ~%.0f ms per side, [lowest, highest] round"
          % (args.rounds, args.target * 1e3))
    print()
    w = max(len(r[0]) for r in rows)
    print("%-*s  %8s %-17s  %8s %-17s  %6s" % (w, "", "ffic", "", "UniFFI", "", "ratio"))
    for (name, _, _, _), (sf, su) in zip(rows, samples):
        mf, mu = statistics.median(sf), statistics.median(su)
        print("%-*s  %8s %-17s  %8s %-17s  %6.2f" % (
            w, name, fmt_us(mf), "[%s, %s]" % (fmt_us(min(sf)), fmt_us(max(sf))),
            fmt_us(mu), "[%s, %s]" % (fmt_us(min(su)), fmt_us(max(su))), mf / mu))
    print()
    print("ratio = ffic median / UniFFI median (below 1: ffic faster)")
    print("python %s, %s, %d CPUs, load average %.2f before and %.2f after (1 min), %.0f s of timing"
          % (platform.python_version(), platform.machine(), os.cpu_count() or 0, load_before[0], load_after[0],
             elapsed))
    if dropped:
        raise SystemExit("peer bench: ffic dropped %d events" % dropped)


def uniffi_version(d: pathlib.Path) -> str:
    v = d / "uniffi-version"
    return v.read_text().strip() if v.exists() else "?"


if __name__ == "__main__":
    main()
