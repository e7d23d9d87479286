"""The compiled core and the pure-Python code give the same Documents on benchmark pages (issue 17): every 7th
page of wcxb-dev (214 pages), balanced and fast, through ``bench/identity.py``, once as installed and once with
``CLEANER_PURE_PYTHON=1``. The fixture pages are compared in tests/test_segment_compiled.py and
tests/test_scorer_compiled.py; this test needs the benchmark data ($CLEANER_BENCH, else ../shared/bench beside
the repository) and is skipped without it, or when the compiled core is not built."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gate import bench_folder  # noqa: E402

#: every 7th page: 214 of wcxb-dev's 1,497, the seven kinds of page in their proportions
SAMPLE = 7


def _identity(data: Path, output: Path, pure: bool, compare: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "bench" / "identity.py"), str(data), "--sets", "wcxb-dev",
               "--sample", str(SAMPLE), "--jobs", "2", "-o", str(output)]
    if compare is not None:
        command += ["--compare", str(compare)]
    env = {**os.environ, "CLEANER_PURE_PYTHON": "1" if pure else "0"}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def test_compiled_and_pure_python_documents_are_identical_on_benchmark_pages(tmp_path: Path) -> None:
    data = bench_folder(os.environ, ROOT)
    if not (data / "wcxb-dev").is_dir():
        pytest.skip(f"no benchmark data at {data} (tests do not need it; CI has it)")
    if not cleaner.accelerated:
        pytest.skip("the compiled core is not loaded (not built, or CLEANER_PURE_PYTHON=1)")
    compiled = _identity(data, tmp_path / "compiled.txt", pure=False)
    assert compiled.returncode == 0, compiled.stderr
    pure = _identity(data, tmp_path / "pure.txt", pure=True, compare=tmp_path / "compiled.txt")
    assert pure.returncode == 0, pure.stdout + pure.stderr
    found = re.search(r"(\d+) documents, (\d+) differ", pure.stdout)
    assert found and int(found.group(1)) >= 400 and found.group(2) == "0", pure.stdout
