"""``cleaner explain PAGE -o report.html``."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "pages" / "news-article" / "source.html"


def test_writes_the_report_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["explain", str(PAGE), "--url", "https://example.org/a", "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert 'data-label="navigation"' in report and "https://example.org/a" in report
    assert "written to" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PAGE), "--preset", "fast"]) == 0
    assert '<ul class="legend"' in capsys.readouterr().out


def test_a_page_without_article_still_gets_a_report(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["explain", str(empty), "-o", str(out)]) == 0
    assert "no_main_content" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv", [["explain", "missing.html"], ["explain", str(PAGE), "-o", "/proc/report.html"]])
def test_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("cleaner: error:") and "\n" not in err
