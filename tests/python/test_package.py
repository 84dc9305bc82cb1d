"""The Python package of docs/python.md ("Packaging"): ffic compile
--python-package with the Go-built library of examples/timer bundled, a
wheel built with pip wheel, installed into a fresh virtual environment,
imported and called from there without library= or $MY_TIMER_LIBRARY, and
type-checked by mypy --strict through its py.typed. And the loader's order:
library=, $MY_TIMER_LIBRARY, next to the module, the search path."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import typing

import pytest

from conftest import ROOT

HOST = '''
from __future__ import annotations

import acme.timer as mt


def main() -> None:
    assert "site-packages" in mt.__file__, mt.__file__
    config = mt.TimerConfig(name="pkg", max_pending=4, worker_threads=1,
                            default_priority=mt.Priority.normal, clock_offset_us=0, options={})
    with mt.MyTimer(config) as timer:  # no library=: the bundled one, next to the module
        timer.implement_fetch_token(lambda key: "t-" + key)
        resp = timer.echo(mt.EchoRequest(message="hi", delay_ms=0, tags=["token:k"], note=None,
                                         attrs={}, blob=b"", priority=mt.Priority.high))
        print(timer.version(), resp.message, mt.parse_priority("low"))


main()
'''


def clean_env() -> typing.Dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MY_TIMER_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(args: typing.List[str], cwd: pathlib.Path, **kw: typing.Any) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=clean_env(), **kw)
    assert r.returncode == 0, "%s failed:\n%s%s" % (" ".join(args), r.stdout, r.stderr)
    return r


def test_wheel_in_fresh_venv(library: str, tmp_path: pathlib.Path) -> None:
    proj = tmp_path / "py"
    run(["go", "run", "./cmd/ffic", "compile", "-l", "python", "-o", str(proj),
         "--python-package", "acme.timer", "--python-version", "1.0.0", "--python-library", library,
         "examples/timer/timer.ffi"], ROOT)
    assert sorted(str(p.relative_to(proj)) for p in proj.rglob("*") if p.is_file()) == [
        "acme/timer/__init__.py", "acme/timer/libmy_timer.so", "acme/timer/py.typed", "pyproject.toml"]

    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
         "-w", str(dist), str(proj)], tmp_path)
    wheels = list(dist.glob("*.whl"))
    assert [w.name for w in wheels] == ["acme_timer-1.0.0-py3-none-any.whl"]

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    py = str(venv / "bin" / "python")
    run([py, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q", str(wheels[0])],
        tmp_path)

    # Elsewhere than the project, so only the installed package is importable.
    work = tmp_path / "work"
    work.mkdir()
    (work / "host.py").write_text(HOST)
    r = run([py, "host.py"], work)
    assert r.stdout == "timer/1.0 echo:\thi+t-k Priority.low\n"

    # The installed package is typed: mypy --strict checks the host against
    # it (without py.typed it reports a missing stub, without the marker
    # it would not see the types).
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                        "--python-executable", py, "host.py"],
                       cwd=work, capture_output=True, text=True, env=clean_env())
    assert r.returncode == 0, r.stdout + r.stderr


LOAD = '''
import sys
import my_timer as mt
config = mt.TimerConfig(name="x", max_pending=1, worker_threads=1,
                        default_priority=mt.Priority.low, clock_offset_us=0, options={})
try:
    with mt.MyTimer(config) as t:
        print(t.version())
except mt.MyTimerLoadError as e:
    print("LoadError:", e)
'''


@pytest.fixture()
def beside(gen_dir: pathlib.Path, library: str, tmp_path: pathlib.Path) -> pathlib.Path:
    """A directory holding my_timer.py and, next to it, libmy_timer.so."""
    shutil.copy(gen_dir / "my_timer.py", tmp_path)
    shutil.copy(library, tmp_path / "libmy_timer.so")
    (tmp_path / "load.py").write_text(LOAD)
    return tmp_path


def test_loads_library_next_to_module(beside: pathlib.Path) -> None:
    r = run([sys.executable, "load.py"], beside)
    assert r.stdout == "timer/1.0\n"


def test_env_var_before_next_to_module(beside: pathlib.Path) -> None:
    env = clean_env()
    env["MY_TIMER_LIBRARY"] = str(beside / "missing" / "libmy_timer.so")
    r = subprocess.run([sys.executable, "load.py"], cwd=beside, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("LoadError: my_timer: cannot load %s" % env["MY_TIMER_LIBRARY"]), r.stdout


def test_not_found_names_the_module_directory(beside: pathlib.Path) -> None:
    (beside / "libmy_timer.so").unlink()
    r = run([sys.executable, "load.py"], beside)
    assert r.stdout.startswith("LoadError: my_timer: cannot find the shared library: pass library=PATH, "
                               "set MY_TIMER_LIBRARY, or put libmy_timer.so next to this module (in %s) "
                               "or on the library search path" % beside), r.stdout
