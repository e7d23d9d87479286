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


# --- the label of every removed block --------------------------------------------------------------
# ideal.json's "removed" names every block of the page that is not article, in page order, with the label a
# person reading the page gives it: the whole text, or its start followed by "...". Where cleaner's label
# differs, the case is a known failure below (strict: it must be listed when wrong and unlisted once fixed).

#: (page, ideal text) -> what cleaner does instead, as measured when the ideals were written.
KNOWN_WRONG = {
    ("blog-post", "View Archive"): "other: the author box's link to the author's archive is a link elsewhere",
    ("blog-post", "→"): "other: the arrow of that link",
    ("blog-post", "To the top"): "footer: a jump link is navigation wherever it sits",
    ("blog-post", "↑"): "footer: the arrow of that link",
    ("cookie-newsletter", "Cookie policy"): "cookie_notice: a footer menu entry that names the cookie policy page",
    ("docs-page", "Previous"): "footer: previous/next page links are pagination",
    ("docs-page", "Clients and sessions"): "footer: the previous page's title in that link",
    ("docs-page", "Next"): "footer: previous/next page links are pagination",
    ("docs-page", "Timeouts"): "footer: the next page's title in that link",
    ("docs-page", "Last update: February 3, 2026"): "kept in the text: the page's revision date is not the article",
    ("german-article", "Impressum Datenschutz AGB Kontakt"): "footer: a menu in the footer is navigation",
    ("news-article", "Home Semiconductors Vietnam pledges 9 trillion dong to grow..."):
        "header: the breadcrumb trail in the post header",
    ("product-page", "Shipping Returns Warranty and repairs Contact us"): "footer: a menu in the footer is navigation",
}


def ideal_removed(page: Path) -> list[dict]:
    return json.loads((page / golden.IDEAL).read_text("utf-8"))["removed"]


def names(entry_text: str, block_text: str) -> bool:
    """Whether an ideal entry names a removed block: the same text, or its start when the entry ends in '...'."""
    block = squash(block_text)
    return block.startswith(entry_text[:-3]) if entry_text.endswith("...") else block == entry_text


def match_removed(document: Document, entries: list[dict]) -> tuple[dict[int, object], list[str]]:
    """Entry index -> the removed block it names (both in page order, first free entry wins), and the texts
    of removed blocks that no entry names."""
    matched: dict[int, object] = {}
    unnamed = []
    for block in document.removed:
        index = next((i for i, e in enumerate(entries) if i not in matched and names(e["text"], block.text)), None)
        if index is None:
            unnamed.append(squash(block.text))
        else:
            matched[index] = block
    return matched, unnamed


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_removed_block_has_its_label_in_the_ideal(page: Path) -> None:
    """A block cleaner newly removes (or cuts differently) needs a person to name it in ideal.json."""
    _, unnamed = match_removed(document_of(page), ideal_removed(page))
    assert not unnamed, f"{page.name}: removed blocks that ideal.json does not name: {unnamed}"


def _label_cases() -> list:
    cases = []
    for page in PAGES:
        for index, entry in enumerate(ideal_removed(page)):
            why = KNOWN_WRONG.get((page.name, entry["text"]))
            marks = [pytest.mark.xfail(strict=True, reason=f"known: {why}")] if why else []
            cases.append(pytest.param(page, index, marks=marks, id=f"{page.name}-{index:02d}"))
    return cases


@pytest.mark.parametrize("page,index", _label_cases())
def test_removed_block_has_the_ideal_label(page: Path, index: int) -> None:
    entries = ideal_removed(page)
    entry = entries[index]
    block = match_removed(document_of(page), entries)[0].get(index)
    assert block is not None, f"not removed: {entry['text']!r} (the ideal says {entry['label']})"
    assert block.label.value == entry["label"], f"{entry['text']!r}: {block.label.value}, ideal {entry['label']}"


def test_known_wrong_labels_name_ideal_entries() -> None:
    texts = {(page.name, entry["text"]) for page in PAGES for entry in ideal_removed(page)}
    assert set(KNOWN_WRONG) <= texts, set(KNOWN_WRONG) - texts


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_ideal_removed_texts_are_text_of_the_page(page: Path) -> None:
    """Guards the removed list against typos (spaces aside, as menus run their entries together)."""
    page_text = "".join(lxml_html.fromstring((page / golden.SOURCE).read_bytes()).text_content().split())
    missing = [e["text"] for e in ideal_removed(page)
               if "".join(e["text"].removesuffix("...").split()) not in page_text]
    assert not missing, missing
