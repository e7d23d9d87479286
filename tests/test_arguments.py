"""Wrong argument types to the public functions raise TypeError (as the README promises), before any work
is done and without a logged traceback; a failure inside a stage is what ExtractionError is for."""
from __future__ import annotations

import logging

import pytest

import cleaner

PAGE = b"<html><body><article><p>" + b"A sentence of the article, long enough to be prose. " * 5 + b"</p></article></body></html>"
TEXT = "A paragraph of scraped text that reads like an article and goes on for a while. " * 4
#: Nothing listens there: a call that got past its argument checks would fail to connect, not raise TypeError.
URL = "http://127.0.0.1:9/page"

CALLS = {
    "extract templates=path": lambda: cleaner.extract(PAGE, url="https://example.org/a", templates="site.json"),
    "extract templates=dict": lambda: cleaner.extract(PAGE, templates={"sites": {}}),
    "extract options=name": lambda: cleaner.extract(PAGE, options="fast"),
    "extract encoding=int": lambda: cleaner.extract(PAGE, encoding=8),
    "extract url=bytes": lambda: cleaner.extract(PAGE, url=b"https://example.org/a"),
    "clean_text url=int": lambda: cleaner.clean_text(TEXT, url=5),
    "clean_text options=name": lambda: cleaner.clean_text(TEXT, options="precision"),
    "clean_text templates=path": lambda: cleaner.clean_text(TEXT, url="https://example.org/a", templates="site.json"),
    "learn_templates options=name": lambda: cleaner.learn_templates([("example.org", TEXT)], options="fast"),
    "learn_templates pages=str": lambda: cleaner.learn_templates("example.org"),
    "extract_url options=name": lambda: cleaner.extract_url(URL, options="fast"),
    "extract_url templates=path": lambda: cleaner.extract_url(URL, templates="site.json"),
    "extract_url url=bytes": lambda: cleaner.extract_url(URL.encode()),
    "fetch options=name": lambda: cleaner.fetch(URL, options="fast"),
}


@pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
def test_wrong_argument_type_is_a_type_error_without_a_logged_traceback(call, caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="cleaner"), pytest.raises(TypeError) as raised:
        call()
    assert not isinstance(raised.value, cleaner.CleanerError)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_templates_object_is_still_accepted() -> None:
    templates = cleaner.learn_templates([("example.org", PAGE)])
    assert cleaner.extract(PAGE, url="https://example.org/a", templates=templates).ok
