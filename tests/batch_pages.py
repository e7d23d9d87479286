"""Pages and broken inputs for the batch tests, a stand-in extractor, and a CLI driver using it.

The stand-in does real work of the same shape as the pipeline (parse, walk the tree, render) but in
about a millisecond, so tests can run a thousand pages; the slow-page marker makes it sleep, the way a
pathological page can hang a real library.
"""
from __future__ import annotations

import gzip
import os
import random
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

from cleaner.types import Document, Label, Metadata, RemovedBlock, Status, empty_document

SLOW_MARKER = b"<!-- batch-test:slow -->"
DEEP_NESTING = 5000
#: The status of an empty file's record: an empty document, not a failure.
EMPTY_STATUS = "empty_input"
WORDS = ("river", "garden", "stone", "market", "winter", "letter", "harbour", "lantern", "orchard", "bridge")


def article_page(number: int, words: int = 120) -> str:
    rng = random.Random(number)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(words // 4)) + f" page {number}.</p>" for _ in range(4))
    return (f"<!DOCTYPE html><html><head><title>Page {number}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
            f"<article><h1>Page {number}</h1>{paragraphs}</article>"
            f"<footer>Copyright 2026</footer></body></html>")


def write_pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"site{number % 7}" / f"page-{number:05d}.html"
        path.parent.mkdir(exist_ok=True)
        path.write_text(article_page(number), encoding="utf-8")
        paths.append(path)
    return paths


def write_broken(folder: Path) -> dict[str, str]:
    """Twenty broken inputs; returns file name -> a word the failure reason must contain, or, for the four
    empty files (empty documents, not failures), EMPTY_STATUS."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    rng = random.Random(5)
    for i in range(5):
        name = f"binary-{i}.html"
        (folder / name).write_bytes(bytes(rng.randrange(256) for _ in range(2000)) + b"\x00\x01")
        expected[name] = "not HTML"
    for i in range(5):
        name = f"truncated-{i}.html.gz"
        whole = gzip.compress(article_page(10_000 + i).encode() * 20)
        (folder / name).write_bytes(whole[: len(whole) // 2])
        expected[name] = "broken gzip"
    for i, content in enumerate((b"", b"", b"   \n\t ", b"\n")):
        name = f"empty-{i}.html"
        (folder / name).write_bytes(content)
        expected[name] = EMPTY_STATUS
    for i in range(4):
        name = f"deep-{i}.html"
        (folder / name).write_text("<html><body>" + "<div>" * DEEP_NESTING + "deep" + "</div>" * DEEP_NESTING
                                   + "</body></html>")
        expected[name] = "RecursionError"
    for i in range(2):
        name = f"slow-{i}.html"
        (folder / name).write_bytes(SLOW_MARKER + article_page(20_000 + i).encode())
        expected[name] = "timeout"
    return expected


class _Tree(HTMLParser):
    """A naive nested tree of (tag, children, text); deep pages make deep trees, as in a real parser."""

    def __init__(self) -> None:
        super().__init__()
        self.root: list = ["root", [], []]
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = [tag, [], []]
        self.stack[-1][1].append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def _texts(node, inside: str, out: dict[str, list[str]]) -> None:
    tag, children, texts = node
    where = tag if tag in ("p", "nav", "title", "footer") else inside
    out.setdefault(where, []).extend(texts)
    for child in children:
        _texts(child, where, out)  # recursion, like the tree walks of real extractors


def stand_in_extract(data: bytes, *, url=None, options=None, templates=None, encoding=None) -> Document:
    if SLOW_MARKER in data:
        time.sleep(600)
    if b"\x00" in data:
        return empty_document(Status.NOT_HTML, url=url)
    tree = _Tree()
    tree.feed(data.decode(encoding or "utf-8", errors="replace"))
    found: dict[str, list[str]] = {}
    _texts(tree.root, "", found)
    text = "\n\n".join(" ".join(found.get("p", [])).split(". ")).strip()
    title = " ".join(found.get("title", [])) or None
    removed = tuple(RemovedBlock(Label.NAVIGATION, "stand-in: inside <nav>", t, "/nav") for t in found.get("nav", []))
    status = Status.OK if text else Status.NO_MAIN_CONTENT
    return Document(text=text, title=title, metadata=Metadata(url=url, title=title), blocks=(), removed=removed,
                    status=status)


#: Environment variable naming a file where the driver's extractor notes the title of every page it extracts
#: (one line each, appended), so that a test can tell which pages two runs both processed.
EXTRACTED_LOG = "BATCH_TEST_EXTRACTED_LOG"


def slow_stand_in_extract(data: bytes, **kwargs) -> Document:
    """The stand-in plus a little time per page, so that a kill lands in the middle of a run."""
    time.sleep(0.01)
    document = stand_in_extract(data, **kwargs)
    log = os.environ.get(EXTRACTED_LOG)
    if log and document.title:
        with open(log, "a", encoding="utf-8") as handle:  # one short line per write: appends do not interleave
            handle.write(document.title + "\n")
    return document


def main(argv: list[str]) -> int:
    """``python tests/batch_pages.py batch ...``: the real CLI with the slow stand-in extractor."""
    from cleaner.cli.main import build_parser
    from cleaner.cli.batch import execute

    return execute(build_parser().parse_args(argv), extract=slow_stand_in_extract)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
