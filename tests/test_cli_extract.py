"""``cleaner extract``: called through ``main(argv)``, and once through ``python -m cleaner``."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "pages" / "cookie-newsletter" / "source.html"
HEADLINE = "Why city trees are planted in the wrong places"
SENTENCE = "Most cities now promise to plant more trees, and many of them are keeping that promise."


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_prints_plain_text_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["extract", str(PAGE)], capsys)
    assert status == 0
    assert SENTENCE in out
    assert "Accept all cookies" not in out
    assert "<p>" not in out


def test_markdown_keeps_the_headline_as_a_heading(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(PAGE), "--format", "md"], capsys)
    assert status == 0
    assert any(line.startswith("#") and HEADLINE in line for line in out.splitlines())
    assert SENTENCE in out


def test_json_is_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["extract", str(PAGE), "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["status"] == "ok"
    assert SENTENCE in data["text"]
    assert data["removed"] and {"label", "reason", "text", "path"} <= set(data["removed"][0])


def test_html_is_sanitized(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_text(PAGE.read_text("utf-8").replace(
        "<p>Most cities now", '<p onclick="steal()">Read <a href="javascript:alert(1)">this</a>.'
        '<script>alert(2)</script> Most cities now'), "utf-8")
    status, out, _ = run(["extract", str(page), "--format", "html"], capsys)
    assert status == 0
    assert "promise to plant more trees" in out
    lowered = out.lower()
    assert "<script" not in lowered and "onclick" not in lowered and "javascript:" not in lowered


def test_explain_lists_removed_blocks_with_labels(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["extract", str(PAGE), "--explain"], capsys)
    assert status == 0
    assert SENTENCE in out
    from cleaner import extract

    removed = extract(PAGE.read_bytes()).removed
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("[")]
    assert len(lines) == len(removed) > 0
    for line, block in zip(lines, removed):
        assert line.startswith(f"[{block.label.value}]")


def test_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PAGE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _ = run(["extract", "-"], capsys)
    assert status == 0 and SENTENCE in out


@pytest.mark.parametrize("make_path", [lambda d: d / "no-such-page.html", lambda d: d],
                         ids=["missing-file", "directory"])
def test_unreadable_input_is_one_line_on_stderr(make_path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["extract", str(make_path(tmp_path))], capsys)
    assert status != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["extract", str(PAGE), "--format", "pdf"], capsys)
    assert status == 2
    assert "Traceback" not in err


def test_python_dash_m_cleaner(tmp_path: Path) -> None:
    if not (ROOT / "cleaner" / "__main__.py").exists():
        pytest.fail("cleaner/__main__.py is missing, so `python -m cleaner` does not work")
    ok = subprocess.run([sys.executable, "-m", "cleaner", "extract", str(PAGE)],
                        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert SENTENCE in ok.stdout
    missing = subprocess.run([sys.executable, "-m", "cleaner", "extract", str(tmp_path / "nope.html")],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode != 0
    assert len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr


def test_a_page_without_an_article_says_why_and_exits_1(tmp_path, capsys) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 20)
    assert main(["extract", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == ""
    assert captured.err.strip() == "cleaner: no article: not html"


def test_plain_text_says_not_html_and_points_at_the_text_command(capsys) -> None:
    notes = ROOT / "fixtures" / "text" / "scraped-harbour.txt"
    assert main(["extract", str(notes)]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == ""
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("cleaner: no article: not html") and f"cleaner text {notes}" in line


def test_a_gzip_compressed_page_is_read(tmp_path, capsys) -> None:
    import gzip

    html = "<html><body><article><p>" + "Compressed pages are read as they are stored on disk. " * 8 + "</p></article></body></html>"
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(html.encode("utf-8")))
    assert main(["extract", str(path)]) == 0
    assert "Compressed pages are read as they are stored on disk." in capsys.readouterr().out


def test_a_broken_gzip_is_one_line_error(tmp_path, capsys) -> None:
    import gzip

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"x" * 10_000)[:40])
    assert main(["extract", str(path)]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("cleaner: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize(("flags", "kept"), [([], True), (["--no-captions"], False),
                                             (["--preset", "precision"], False),
                                             (["--preset", "precision", "--captions"], True)])
def test_captions_follow_the_preset_unless_asked(flags: list[str], kept: bool, capsys) -> None:
    page = ROOT / "fixtures" / "pages" / "tables-lists-code" / "source.html"
    status, out, _ = run(["extract", str(page), *flags], capsys)
    assert status == 0
    assert ("The measuring script. It needs hyperfine" in out) == kept


def test_url_help_promises_only_what_the_url_does(capsys) -> None:
    """The output carries no links, so --url must not claim to resolve relative links; it is the metadata's URL."""
    from cleaner.cli.main import build_parser

    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    url_help = next(a.help for a in subparsers.choices["extract"]._actions if a.dest == "url")
    assert "relative links" not in url_help and "metadata" in url_help
    status, out, _ = run(["extract", str(PAGE), "--url", "https://example.org/trees", "-f", "json"], capsys)
    assert status == 0 and json.loads(out)["metadata"]["url"] == "https://example.org/trees"
