""".ci/run finds the benchmark data through $CLEANER_BENCH or ../shared/bench only, and fails without it.

The end-to-end tests run the real .ci/run in a copy of the repository's skeleton under tmp_path: a Makefile
whose ``test`` does nothing, the real bench/gate.py, a stand-in bench/quality.py that prints its arguments,
and .venv/bin/python running this interpreter. Offline; never reads ../shared.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gate import BENCH_ENV, GATE_SETS, find_data, locate  # noqa: E402  (bench/ is a folder of scripts)


def _bench(folder: Path) -> Path:
    for name in GATE_SETS:
        (folder / name).mkdir(parents=True)
    return folder


def test_find_data_reads_the_environment_first(tmp_path):
    named = _bench(tmp_path / "elsewhere")
    _bench(tmp_path / "shared" / "bench")
    assert find_data({BENCH_ENV: str(named)}, tmp_path / "repo") == named


def test_find_data_falls_back_to_shared_bench_beside_the_repository(tmp_path):
    beside = _bench(tmp_path / "shared" / "bench")
    assert find_data({}, tmp_path / "repo") == beside


def test_a_named_folder_without_the_sets_is_not_replaced_by_the_default(tmp_path):
    _bench(tmp_path / "shared" / "bench")
    (tmp_path / "empty").mkdir()
    assert find_data({BENCH_ENV: str(tmp_path / "empty")}, tmp_path / "repo") is None


def test_locate_without_data_says_so_in_one_line_and_fails(tmp_path, capsys):
    assert locate(["--locate"], {}, tmp_path / "repo") == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "no benchmark data" in err and BENCH_ENV in err


def test_locate_prints_the_folder(tmp_path, capsys):
    beside = _bench(tmp_path / "shared" / "bench")
    assert locate(["--locate"], {}, tmp_path / "repo") == 0
    assert capsys.readouterr().out.strip() == str(beside)


@pytest.fixture()
def skeleton(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", repo / ".ci" / "run")
    (repo / "bench").mkdir()
    shutil.copy2(ROOT / "bench" / "gate.py", repo / "bench" / "gate.py")
    for script in ("sample_check", "text_quality", "quality"):  # stand-ins that say how they were called
        (repo / "bench" / f"{script}.py").write_text(f"import sys\nprint('{script}', *sys.argv[1:])\n")
    (repo / "Makefile").write_text("test:\n\t@true\n")
    (repo / ".venv" / "bin").mkdir(parents=True)
    python = repo / ".venv" / "bin" / "python"  # a wrapper, not a symlink: the venv is found by the real path
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    return repo


def _run(repo: Path, **env: str) -> subprocess.CompletedProcess:
    # Without the outer make's variables: under `make test` the inner make would print "Entering directory".
    environ = {k: v for k, v in os.environ.items() if k != BENCH_ENV and not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(["bash", str(repo / ".ci" / "run")], capture_output=True, text=True, env=environ | env,
                          timeout=60)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_ci_run_fails_without_benchmark_data(skeleton):
    result = _run(skeleton)
    assert result.returncode != 0
    assert result.stdout == ""  # no check of the gate ran
    assert result.stderr.strip().splitlines()[-1].startswith("quality gate: no benchmark data")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_ci_run_gates_on_shared_bench_or_the_named_folder(skeleton, tmp_path):
    beside = _bench(tmp_path / "shared" / "bench")
    assert _run(skeleton).stdout.splitlines() == [f"sample_check {beside}", f"text_quality --gate {beside}",
                                                  f"quality --gate {beside}"]
    named = _bench(tmp_path / "named")
    assert _run(skeleton, **{BENCH_ENV: str(named)}).stdout.splitlines()[-1] == f"quality --gate {named}"


def test_ci_run_names_no_absolute_path():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()[1:]  # the shebang aside
    code = [line.split("#", 1)[0] for line in lines]
    assert [line for line in code if re.search(r"(^|[\s\"'=:])/\w", line)] == []
