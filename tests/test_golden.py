"""Golden tests on the hand-written fixture pages, one case per page.

Two kinds of truth, kept apart (as readability-lxml and Readability.js do):

* the snapshot (``expected.txt``, ``expected-removed.json``) pins current behaviour; regenerate it
  with ``python fixtures/regenerate.py`` and review the diff;
* the ideal (``ideal.json``, written by hand) pins correctness: sentences that must be kept, and
  snippets that must be removed with a given label.
"""
from __future__ import annotations

import difflib
import functools
import importlib.util
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaner import Document

_REGENERATE = Path(__file__).resolve().parent.parent / "fixtures" / "regenerate.py"
_spec = importlib.util.spec_from_file_location("fixtures_regenerate", _REGENERATE)
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

PAGES = golden.page_dirs()
IDS = [p.name for p in PAGES]


def squash(text: str) -> str:
    """Whitespace-insensitive form: snippets are single lines, extracted text may wrap or indent."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=None)
def document_of(page: Path) -> Document:
    """Each page is extracted once and shared by the snapshot and the ideal tests."""
    return golden.extract_page(page)


def readable_diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                 fromfile=f"{name} (expected)", tofile=f"{name} (actual)", lineterm="")
    return "\n".join(lines) + "\n(if the change is intended: python fixtures/regenerate.py, then review git diff)"


def test_there_is_a_page_of_each_kind():
    assert len(PAGES) >= 7


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_snapshot(page: Path) -> None:
    if not (page / golden.EXPECTED_TEXT).exists():
        pytest.fail(f"{page.name}: no snapshot yet; run python fixtures/regenerate.py {page.name}")
    actual = golden.snapshots(document_of(page))
    problems = [readable_diff((page / name).read_text("utf-8"), content, f"{page.name}/{name}")
                for name, content in actual.items() if (page / name).read_text("utf-8") != content]
    assert not problems, "\n\n".join(problems)


def ideal_failures(document: Document, ideal: dict) -> list[str]:
    """Every way the extraction differs from the hand-written ideal, one line each."""
    text = squash(document.text)
    # The headline may live in ``title`` (as trafilatura's text leaves it out) instead of the body text.
    title = squash(document.title or "")
    failures = [f"must_keep missing from text: {s!r}" for s in ideal["must_keep"]
                if squash(s) not in text and squash(s) != title]
    for item in ideal["must_remove"]:
        snippet, label = squash(item["text_contains"]), item["label"]
        # A duplicate (the headline repeated) keeps one copy in the text; every other snippet none.
        allowed = 1 if label == "duplicate" else 0
        if text.count(snippet) > allowed:
            failures.append(f"must_remove [{label}] still in text: {snippet!r}")
        holders = [r for r in document.removed if snippet in squash(r.text)]
        if not any(r.label.value == label for r in holders):
            got = sorted({r.label.value for r in holders}) or ["not in any removed block"]
            failures.append(f"must_remove [{label}] got {', '.join(got)}: {snippet!r}")
    return failures


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_ideal(page: Path) -> None:
    ideal = json.loads((page / golden.IDEAL).read_text("utf-8"))
    failures = ideal_failures(document_of(page), ideal)
    assert not failures, f"{page.name} differs from ideal.json:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_ideal_snippets_exist_in_the_page(page: Path) -> None:
    """Guards ideal.json against typos: each snippet must be text of the source page."""
    ideal = json.loads((page / golden.IDEAL).read_text("utf-8"))
    root = lxml_html.fromstring((page / golden.SOURCE).read_bytes())
    page_text = squash(root.text_content())
    snippets = ideal["must_keep"] + [item["text_contains"] for item in ideal["must_remove"]]
    missing = [s for s in snippets if squash(s) not in page_text]
    assert not missing, f"{page.name}/ideal.json snippets not in source.html: {missing}"
    assert ideal["must_keep"] and ideal["must_remove"]
