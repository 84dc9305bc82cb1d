"""The generated modules and the example of docs/python.md under mypy
--strict, and the example run against the library of examples/timer."""

from __future__ import annotations

import contextlib
import io
import pathlib
import shutil
import subprocess
import sys
import types

from conftest import ROOT


def doc_example() -> str:
    doc = (ROOT / "docs/python.md").read_text()
    _, _, after = doc.partition("<!-- example:python -->\n```python\n")
    example, _, _ = after.partition("```\n")
    assert example, "docs/python.md has no python block after <!-- example:python -->"
    return example


def test_mypy_strict(gen_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    for name in ["my_timer.py", "keywords.py"]:
        golden = ROOT / "testdata/golden/python" / name
        generated = gen_dir / name
        assert golden.read_bytes() == generated.read_bytes(), (
            "%s is stale: go test ./backends/python -run Golden -update" % golden)
        shutil.copy(golden, tmp_path / name)
    shutil.copy(gen_dir / "wire_vectors.py", tmp_path)
    (tmp_path / "example.py").write_text(doc_example())
    files = ["my_timer.py", "keywords.py", "wire_vectors.py", "example.py"]
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files],
        cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_doc_example_runs(my_timer: types.ModuleType, library: str) -> None:
    ns: dict[str, object] = {"__name__": "example"}
    exec(compile(doc_example(), "docs/python.md", "exec"), ns)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ns["main"](library)  # type: ignore[operator]
    lines = out.getvalue().splitlines()
    assert lines[0] == "timer/1.0"
    assert lines[1] == "Priority.high"
    assert lines[2] == "echo:\thello+token-for-demo 1"
    assert lines[3] == "refused: ScheduleErrorTooLong(value=50000)"
    assert lines[4] == "refused: 3 delay too long 5000"
    assert lines[5] == "10 echoes"
    assert lines[6] == "True events"
