"""The extractors the benchmark compares, each behind one picklable function: page -> Prediction.

System names: ``cleaner-<preset>`` (cleaner.extract with Options.from_preset; ``cleaner-<preset>+cv`` with the
scorer models of each training page's cross-validation fold, see bench/scorer_folds.py), ``trafilatura`` (defaults),
``trafilatura-precision`` (favor_precision=True), ``trafilatura-nocomments`` (include_comments=False: WCXB's
truth leaves reader comments out, and issue 12 compares with the better of this and the default), ``full-text``
(all visible text via lxml: the floor every extractor must clear). Only the extraction call is timed; metadata
for comparison is read outside the timer.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable

from datasets import MetadataFields, Page
from scorer_folds import models_for_page

CLEANER_PREFIX = "cleaner-"
#: ``cleaner-<preset>+cv``: each training page with the scorer models of its fold (bench/scorer_folds.py)
CROSS_VALIDATED = "+cv"
#: keyword arguments of trafilatura.extract for each trafilatura system (also the key of its disk cache)
TRAFILATURA_SETTINGS: dict[str, dict[str, bool]] = {
    "trafilatura": {},
    "trafilatura-precision": {"favor_precision": True},
    "trafilatura-nocomments": {"include_comments": False},
}
BASELINES = (*TRAFILATURA_SETTINGS, "full-text")
#: tags whose text a reader never sees; dropped by the full-text baseline
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")


@dataclass(frozen=True)
class Output:
    """What one extractor call gave: the text, the CPU seconds of the call, the metadata if asked for."""

    text: str
    seconds: float
    metadata: MetadataFields | None = None
    page_type: str | None = None


@dataclass(frozen=True)
class Prediction:
    """One system's output on one page; ``error`` holds the exception line if it raised; ``page_type`` the kind
    of page the system detected, where it says one."""

    system: str
    text: str
    seconds: float
    metadata: MetadataFields | None = None
    error: str | None = None
    page_type: str | None = None


def _cleaner(preset: str, page: Page, want_metadata: bool, cross_validated: bool = False) -> Output:
    import cleaner

    options = cleaner.Options.from_preset(preset)
    if cross_validated:
        folder = models_for_page(page.url, page.set_name, page.page_id, page.part)
        options = replace(options, scorer_models=None if folder is None else str(folder))
    start = time.process_time()
    doc = cleaner.extract(page.html, url=page.url, options=options)
    seconds = time.process_time() - start
    meta = doc.metadata
    found = MetadataFields(title=doc.title or meta.title, author=meta.author, date=meta.date,
                          sitename=meta.sitename, language=meta.language) if want_metadata else None
    # Metadata.page_type is being added (issue 12); until then there is nothing to score
    return Output(doc.text, seconds, found, getattr(meta, "page_type", None))


def _trafilatura(system: str, page: Page, want_metadata: bool) -> Output:
    import trafilatura

    start = time.process_time()
    text = trafilatura.extract(page.html, url=page.url, **TRAFILATURA_SETTINGS[system]) or ""
    seconds = time.process_time() - start
    found = None
    # the metadata does not depend on the settings: read once, with the default system
    if want_metadata and system == "trafilatura":
        meta = trafilatura.extract_metadata(page.html, default_url=page.url)
        found = MetadataFields(title=meta.title, author=meta.author, date=meta.date, sitename=meta.sitename,
                              language=getattr(meta, "language", None)) if meta else MetadataFields()
    return Output(text, seconds, found)


def _full_text(page: Page, want_metadata: bool) -> Output:
    import lxml.html
    from lxml import etree

    from cleaner.decode import decode_bytes

    start = time.process_time()
    try:
        root = lxml.html.document_fromstring(decode_bytes(page.html).text)
    except (etree.ParserError, ValueError):
        return Output("", time.process_time() - start)
    etree.strip_elements(root, *INVISIBLE_TAGS, etree.Comment, with_tail=False)
    text = "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())
    return Output(text, time.process_time() - start)


def cleaner_preset(system: str) -> tuple[str, bool]:
    """The preset of a ``cleaner-<preset>`` system, and whether it is the ``+cv`` one."""
    name = system[len(CLEANER_PREFIX):]
    return name.removesuffix(CROSS_VALIDATED), name.endswith(CROSS_VALIDATED)


def runner(system: str) -> Callable[[Page, bool], Output]:
    """The function that runs ``system``; ValueError for an unknown name."""
    if system.startswith(CLEANER_PREFIX):
        preset, cross_validated = cleaner_preset(system)
        return lambda page, meta: _cleaner(preset, page, meta, cross_validated)
    if system in TRAFILATURA_SETTINGS:
        return lambda page, meta: _trafilatura(system, page, meta)
    if system == "full-text":
        return _full_text
    raise ValueError(f"unknown system {system!r}; choose cleaner-<preset> or one of {', '.join(BASELINES)}")


def predict(system: str, page: Page, want_metadata: bool = False) -> Prediction:
    """Run one system on one page. Any exception becomes an empty prediction with its message, so one
    crashing page costs its score and is reported, without stopping the run."""
    try:
        output = runner(system)(page, want_metadata)
    except Exception as exc:  # noqa: BLE001 - the benchmark must survive a crash and report it
        return Prediction(system, "", 0.0, error=f"{type(exc).__name__}: {exc}"[:200])
    return Prediction(system, output.text, output.seconds, output.metadata, page_type=output.page_type)


def predict_all(task: tuple[Page, tuple[str, ...], bool]) -> tuple[Prediction, ...]:
    """Worker entry point: every system on one page (the page is sent to the worker once)."""
    page, names, want_metadata = task
    return tuple(predict(name, page, want_metadata) for name in names)


def warm_up(page: Page, names: tuple[str, ...]) -> None:
    """Run each system once so that imports and first-call caches are not timed."""
    predict_all((page, names, False))
