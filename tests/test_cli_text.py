"""``cleaner text``: one file, stdin, several files of one site, saved templates, explain, bad input."""
from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from cleaner import learn_templates
from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "text" / "scraped-harbour.txt"
HEADLINE = "Harbour city council approves new ferry terminal to cut commuter crossing times by 2026"

_spec = importlib.util.spec_from_file_location("fixtures_text_site_cli", ROOT / "fixtures" / "text" / "site.py")
site = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = site
_spec.loader.exec_module(site)  # type: ignore[union-attr]
SHARED = len(site.MENU) + len(site.BLURBS) + len(site.FOOTER)


def test_one_file_prints_the_headline_once_then_the_paragraphs(capsys) -> None:
    assert main(["text", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    lines = out.rstrip("\n").split("\n\n")
    assert lines[0] == HEADLINE and out.count(HEADLINE) == 1
    assert len(lines) == 8
    assert "Brightwell" not in out and "Press enter" not in out


def test_explain_lists_every_removed_block_with_its_label(capsys) -> None:
    assert main(["text", str(FIXTURE), "--explain"]) == 0
    err = capsys.readouterr().err
    assert "[search]" in err and "Press enter to search" in err
    assert "Our new reader app" in err
    assert err.count("[duplicate]") == 2
    assert err.count("[sponsor]") == 7


def test_json_format(capsys) -> None:
    assert main(["text", str(FIXTURE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "ok" and data["title"] == HEADLINE
    assert {r["label"] for r in data["removed"]} >= {"search", "duplicate", "sponsor"}


def test_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FIXTURE.read_bytes())))
    assert main(["text", "-"]) == 0
    assert capsys.readouterr().out.startswith(HEADLINE)


def _write_site(tmp_path: Path, n: int = 20) -> list[str]:
    paths = []
    for page in site.site_pages(n):
        path = tmp_path / f"{page.url.rsplit('/', 1)[-1]}.txt"
        path.write_text(page.text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_several_files_learn_and_apply_the_site_template(tmp_path, capsys) -> None:
    paths = _write_site(tmp_path)
    assert main(["text", *paths, "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("==> ") == 20
    for blurb in site.BLURBS:
        assert blurb not in captured.out
    assert captured.err.count("template: seen on 20 of 20 pages of files") == 20 * SHARED
    for page in site.site_pages(20):
        assert "\n\n".join(page.article) in captured.out


def test_templates_saved_then_reused_for_a_single_file(tmp_path, capsys) -> None:
    paths = _write_site(tmp_path)
    saved = tmp_path / "templates.json"
    assert main(["text", *paths, "--save-templates", str(saved), "--site", "news"]) == 0
    capsys.readouterr()
    assert json.loads(saved.read_text(encoding="utf-8"))["sites"]["news"]["pages"] == 20
    assert main(["text", paths[3], "--templates", str(saved), "--site", "news", "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out.rstrip("\n").split("\n\n") == list(site.site_page(3).article)
    assert captured.err.count("template: seen on 20 of 20 pages of news") == SHARED


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file_prints_nothing_and_says_why(tmp_path, capsys, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert main(["text", str(path), "--explain"]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "" and "status: empty_input" in captured.err
    assert "cleaner: no article: empty input" in captured.err


def test_binary_file_is_a_clear_error(tmp_path, capsys) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50)
    assert main(["text", str(path)]) == 1
    assert "binary" in capsys.readouterr().err


def test_missing_file_and_bad_templates_file_are_clear_errors(tmp_path, capsys) -> None:
    assert main(["text", str(tmp_path / "missing.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["text", str(FIXTURE), "--templates", str(bad)]) == 1
    assert "templates file" in capsys.readouterr().err


def test_templates_file_is_only_read_never_written(tmp_path, capsys) -> None:
    """``--templates FILE`` holds templates to apply: a run over several files must not replace them."""
    paths = _write_site(tmp_path)
    saved = tmp_path / "templates.json"
    learn_templates([("news", Path(p).read_text(encoding="utf-8")) for p in paths[:5]]).save(saved)
    before = saved.read_bytes()
    assert main(["text", *paths[5:], "--templates", str(saved), "--site", "news"]) == 0
    assert saved.read_bytes() == before
    capsys.readouterr()


def test_save_templates_learns_from_one_file_too(tmp_path, capsys) -> None:
    paths = _write_site(tmp_path, 3)
    out = tmp_path / "learned.json"
    assert main(["text", paths[0], "--save-templates", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sites"]["files"]["pages"] == 1
    assert not list(tmp_path.glob(".*.tmp"))
    capsys.readouterr()


def test_applying_and_learning_templates_at_once_is_a_usage_error(tmp_path, capsys) -> None:
    saved = tmp_path / "templates.json"
    saved.write_text("{}", encoding="utf-8")
    assert main(["text", str(FIXTURE), "--templates", str(saved), "--learn-templates"]) == 2
    assert saved.read_text(encoding="utf-8") == "{}"


def test_an_html_page_is_refused_with_a_hint_to_use_extract(capsys) -> None:
    page = ROOT / "fixtures" / "pages" / "news-article" / "source.html"
    assert main(["text", str(page)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert "HTML" in line and f"cleaner extract {page}" in line


@pytest.mark.parametrize("flag", [["--preset", "precision"], ["--comments"], ["--captions"], ["--no-captions"]])
def test_html_only_options_are_not_accepted(flag: list[str], capsys) -> None:
    """clean_text has no captions, no comment switch and no presets: the flags would be accepted and ignored."""
    assert main(["text", str(FIXTURE), *flag]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err
