"""Cleaning of already-scraped text: ``clean_text(text) -> Document``, with no HTML to go by.

segment (text.segment) -> signals per block (text.signals) -> quality, revision and body region
(text.classify) -> a verdict per block with its label and reason (text.verdict) -> Document.
"""
from __future__ import annotations

import logging
import re

from cleaner.arguments import check_optional_str, check_options, check_templates
from cleaner.deadline import Deadline, TimeLimitReached
from cleaner.errors import CleanerError, ExtractionError, InputError
from cleaner.lexicon import detect_language
from cleaner.render import render_text
from cleaner.sanitize import BINARY_SAMPLE_CHARS, looks_binary, repair_text
from cleaner.options import DEFAULT_OPTIONS, Options
from cleaner.templates import Templates
from cleaner.text.segment import segment_text
from cleaner.text.verdict import Verdict, decide
from cleaner.types import Block, BlockKind, Document, Metadata, RemovedBlock, Status, empty_document

#: How an HTML document starts (after a BOM, blank space and an XML declaration or comments), and a closing
#: tag it holds: scraped text may mention a tag, but does not open with one and close elements too.
_HTML_DOCUMENT = re.compile(r"\A\ufeff?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<(html|head|body)[\s>])",
                            re.IGNORECASE | re.DOTALL)
_CLOSING_TAG = re.compile(r"</(html|head|body|title|p|div)\s*>", re.IGNORECASE)

log = logging.getLogger(__name__)


def is_html_document(text: str) -> bool:
    """Whether ``text`` is an HTML page (for ``extract``) rather than text a scraper dumped."""
    start = text[:BINARY_SAMPLE_CHARS]
    return _HTML_DOCUMENT.match(start) is not None and _CLOSING_TAG.search(text) is not None


def clean_text(text: str, *, url: str | None = None, options: Options | None = None,
               templates: Templates | None = None) -> Document:
    """The article of a scraped text: kept blocks in reading order, every other block removed with its
    label and reason. ``templates`` (from ``learn_templates``) removes blocks that recur across the site.
    An HTML page is an ``InputError`` (``extract`` is the function for HTML), as is binary data.
    Of ``options``, only ``language``, ``max_input_bytes`` and ``time_limit`` apply: the presets, captions and
    comments settings steer the HTML path."""
    if not isinstance(text, str):
        raise TypeError(f"clean_text() wants str, not {type(text).__name__}; decode bytes first")
    check_optional_str("url", url)
    check_templates(templates)
    options = check_options(options) or DEFAULT_OPTIONS
    if len(text.encode("utf-8", "surrogatepass")) > options.max_input_bytes:
        raise InputError(f"text of {len(text)} characters is larger than max_input_bytes={options.max_input_bytes}")
    if not text.strip():
        return empty_document(Status.EMPTY_INPUT, url=url)
    if looks_binary(text):
        raise InputError("input looks like binary data, not text")
    if is_html_document(text):
        raise InputError("input is an HTML page, not scraped text; cleaner.extract cleans HTML")
    text = repair_text(text)
    deadline = Deadline.start(options.time_limit)
    try:
        language = options.language or detect_language(text)
        blocks = segment_text(text, language=language, deadline=deadline)
        decided = decide(blocks, language=language, url=url, templates=templates, deadline=deadline)
        return _document(decided.verdicts, url=url, language=language, page_type=decided.kind.kind.value)
    except TimeLimitReached:
        log.info("time limit of %s s reached on %s", options.time_limit, url or "a text")
        return empty_document(Status.TIME_LIMIT, url=url)
    except CleanerError:
        raise
    except Exception as exc:  # noqa: BLE001 - the public boundary: one documented exception for the rest
        log.exception("cleaning text failed for %s", url or "a text")
        raise ExtractionError(f"cleaning text failed: {type(exc).__name__}: {exc}") from exc


def _document(verdicts: tuple[Verdict, ...], *, url: str | None, language: str | None,
              page_type: str | None) -> Document:
    kept = tuple(Block(kind=v.kind, text=v.block.text, path=v.block.path,
                       level=1 if v.title else (2 if v.kind is BlockKind.HEADING else 0), order=order)
                 for order, v in enumerate(verdicts) if v.label is None)
    removed = tuple(RemovedBlock(label=v.label, reason=v.reason, text=v.block.text, path=v.block.path, rule=v.rule,
                                 order=order)
                    for order, v in enumerate(verdicts) if v.label is not None)
    title = next((v.block.text for v in verdicts if v.title), None)
    metadata = Metadata(url=url, title=title, language=language, page_type=page_type)
    if not kept:
        return Document(text="", title=title, metadata=metadata, blocks=(), removed=removed,
                        status=Status.NO_MAIN_CONTENT)
    return Document(text=render_text(kept), title=title, metadata=metadata, blocks=kept,
                    removed=removed)
