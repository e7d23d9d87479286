"""Done-when: a batch over 1,000 good pages and 20 broken inputs loses nothing and records every failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from batch_pages import EMPTY_STATUS, SLOW_MARKER, stand_in_extract, write_broken, write_pages
from cleaner.cli.main import build_parser, main
from cleaner.cli.batch import execute


def run_cli(argv: list[str], extract, capsys) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``cleaner batch`` with the given extractor."""
    code = execute(build_parser().parse_args(["batch", *argv]), extract=extract)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_records(out: Path) -> list[dict]:
    return [json.loads(line) for shard in sorted(out.glob("part-*.jsonl")) for line in shard.read_text().splitlines()]


def sleeping_on_marker(extract):
    """The real extractor, except that pages with the slow marker hang (a test-only injection)."""
    def run(data: bytes, **kwargs):
        if SLOW_MARKER in data:
            import time
            time.sleep(600)
        return extract(data, **kwargs)
    return run


def check_batch(records: list[dict], good: list[Path], broken: dict[str, str], folder: Path) -> None:
    by_source = {r["source"]: r for r in records}
    assert len(by_source) == len(records), "a document appears twice"
    assert set(by_source) == {str(p) for p in good} | {str(folder / n) for n in broken}
    for path in good:
        record = by_source[str(path)]
        assert record["status"] == "ok" and f"page {path.stem.split('-')[1].lstrip('0') or '0'}" in record["text"]
    for name, reason in broken.items():
        record = by_source[str(folder / name)]
        if reason == EMPTY_STATUS:
            assert record["status"] == EMPTY_STATUS and "error" not in record, (name, record)
        else:
            assert record["status"] == "failed" and reason in record["error"], (name, record["error"])


def test_thousand_pages_and_twenty_broken_inputs(tmp_path, capsys):
    good = write_pages(tmp_path / "in", 1000)
    broken = write_broken(tmp_path / "in" / "broken")
    out = tmp_path / "out"
    code, stdout, _ = run_cli([str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--timeout", "2", "--quiet",
                            "--shard-mb", "0.2"], stand_in_extract, capsys)
    assert code == 1
    lines = stdout.strip().splitlines()
    assert lines[0] == "1020 documents: 1000 ok, 4 empty, 16 failed"
    assert lines[-1] == "16 failed"
    records = read_records(out)
    assert len(list(out.glob("part-*.jsonl"))) > 1, "shards are bounded in size"
    check_batch(records, good, broken, tmp_path / "in" / "broken")
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert len(failures) == 16 and all(f["error"] for f in failures)
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("fmt", ["md", "txt", "json", "html"])
def test_one_file_per_document(tmp_path, capsys, fmt):
    write_pages(tmp_path / "in", 30)
    (tmp_path / "in" / "empty.html").write_bytes(b"")
    code, stdout, _ = run_cli([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-f", fmt, "-j", "2", "-q"],
                           stand_in_extract, capsys)
    assert code == 0 and stdout.strip().splitlines()[0] == "31 documents: 30 ok, 1 empty, 0 failed"
    files = list((tmp_path / "out").glob(f"*.{fmt}"))
    assert len(files) == 31
    if fmt == "json":
        statuses = sorted(json.loads(f.read_text())["status"] for f in files)
        assert statuses == ["empty_input"] + ["ok"] * 30


def test_real_extractor_on_good_and_broken_pages(tmp_path, capsys):
    """The real pipeline: 200 pages plus the broken inputs. Deep nesting is handled by the pipeline
    (in 1-2 s each, hence a 5 s limit here), so those pages come out ok, the four empty files are empty,
    and the other 12 fail."""
    from cleaner.html.pipeline import extract

    good = write_pages(tmp_path / "in", 200)
    broken = write_broken(tmp_path / "in" / "broken")
    deep = {n for n, reason in broken.items() if reason == "RecursionError"}
    code, stdout, _ = run_cli([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "2", "--timeout", "5", "-q"],
                           sleeping_on_marker(extract), capsys)
    assert code == 1 and stdout.strip().splitlines()[-1] == "12 failed"
    records = read_records(tmp_path / "out")
    by_source = {r["source"]: r for r in records}
    assert len(records) == 220 == len(by_source)
    for name in deep:
        assert by_source[str(tmp_path / "in" / "broken" / name)]["status"] != "failed"
    failed = {n: r for n, r in broken.items() if n not in deep and r != EMPTY_STATUS}
    for name, reason in failed.items():
        assert reason in by_source[str(tmp_path / "in" / "broken" / name)]["error"]
    assert all(by_source[str(p)]["status"] == "ok" for p in good)


def test_all_ok_exits_zero_and_usage_errors_exit_two(tmp_path, capsys):
    write_pages(tmp_path / "in", 5)
    code, stdout, _ = run_cli([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "-q"], stand_in_extract, capsys)
    assert code == 0 and stdout.strip().splitlines()[-1] == "all documents succeeded (0 failed)"
    # the same folder again without --resume: refused, nothing overwritten
    code, _, err = run_cli([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"], stand_in_extract, capsys)
    assert code == 2 and "--resume" in err
    assert main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "o2")]) == 1  # a user error, as elsewhere
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "o3"), "--jobs", "0"]) == 2
    assert main(["batch", str(tmp_path / "in")]) == 2  # -o is required
