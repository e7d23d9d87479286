"""The orchestrator: bytes -> text -> one tree -> blocks -> verdicts -> candidates -> decisions -> Document."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from lxml import etree

from cleaner.arguments import check_optional_str, check_options, check_templates
from cleaner.html.classify import Verdict, classify
from cleaner.html.combine import decide
from cleaner.html.decisions import Decision
from cleaner.caches import bound_caches
from cleaner.deadline import Deadline, TimeLimitReached
from cleaner.decode import decode_bytes
from cleaner.errors import CleanerError, ExtractionError
from cleaner.interrupt import call_within
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.extractors.heuristic import extract_heuristic, is_confident
from cleaner.html.extractors.trafilatura_adapter import run_trafilatura, trafilatura_budget
from cleaner.html.labels import name_removed_blocks
from cleaner.lexicon import detect_language
from cleaner.html.jsonld import json_ld_objects
from cleaner.html.metadata import extract_metadata
from cleaner.html.page_kind import detect_page_kind
from cleaner.options import DEFAULT_OPTIONS, Options
from cleaner.html.parse import parse_html
from cleaner.html.scorer import revise
from cleaner.render import render_text
from cleaner.sanitize import looks_binary
from cleaner.html.segment import Segment, hidden_chars, segment_page
from cleaner.html.structured import add_structured_description
from cleaner.html.threads import declares_discussion, mark_thread_posts
from cleaner.templates import TemplateMatch
from cleaner.types import Block, BlockKind, Document, Label, Metadata, RemovedBlock, Status, empty_document

log = logging.getLogger(__name__)
#: Under a time limit, the share of the time left that trafilatura's call may use before it is stopped; the
#: rest is for our own decisions, so that a page whose call is stopped still gets our extractor's text. Our
#: stages after trafilatura check the deadline and take a few milliseconds on ordinary pages.
TRAFILATURA_TIME_SHARE = 0.8


class TemplateMatcher(Protocol):
    """What ``extract`` needs of learned templates (``cleaner.templates.Templates``)."""

    def site_key(self, url_or_key: str) -> str: ...
    def match(self, site_key: str, text: str) -> TemplateMatch | None: ...


@dataclass(frozen=True)
class SegmentAnalysis:
    """One block with everything decided about it, for error analysis and ``--explain``."""

    segment: Segment
    verdict: Verdict
    decision: Decision

    @property
    def text(self) -> str:
        return self.segment.text

    @property
    def kept(self) -> bool:
        return self.decision.keep

    @property
    def label(self) -> Label | None:
        return self.decision.label if not self.decision.keep else self.verdict.label

    @property
    def rule(self) -> str:
        return self.decision.rule


@dataclass(frozen=True)
class Analysis:
    document: Document
    segments: tuple[SegmentAnalysis, ...]
    candidates: tuple[Candidate, ...]


def _check_arguments(html: object, url: object, options: object, templates: object = None,
                     encoding: object = None) -> Options:
    if not isinstance(html, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"html must be bytes or str, not {type(html).__name__}")
    check_optional_str("url", url)
    check_optional_str("encoding", encoding)
    check_templates(templates)
    return check_options(options) or DEFAULT_OPTIONS


def _decode(html: bytes | str, options: Options, encoding: str | None) -> tuple[str, str | None]:
    if isinstance(html, str):
        return html[: options.max_input_bytes], None
    data = bytes(html[: options.max_input_bytes])
    decoded = decode_bytes(data, http_charset=encoding)
    return decoded.text, decoded.encoding


def analyse(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            templates: TemplateMatcher | None = None, encoding: str | None = None) -> Analysis:
    """Everything ``extract`` decides, block by block (for benchmarks, debugging and explanations).

    A page that comes back empty while its hidden elements hold text (a page kept hidden until its scripts
    run, a shop's description in closed tabs) is read again with its hidden elements visible."""
    options = _check_arguments(html, url, options, templates, encoding)
    deadline = Deadline.start(options.time_limit)
    text, used_encoding = _decode(html, options, encoding)
    if not text.strip():
        return Analysis(empty_document(Status.EMPTY_INPUT, url=url, encoding=used_encoding), (), ())
    if looks_binary(text) or "<" not in text:
        return Analysis(empty_document(Status.NOT_HTML, url=url, encoding=used_encoding), (), ())
    progress = _Progress(Metadata(url=url))
    try:
        analysis = _analyse_page(text, url, options, templates, used_encoding, deadline, progress)
    except TimeLimitReached:
        log.info("time limit of %s s reached on %s", options.time_limit, url or "a page")
        document = replace(empty_document(Status.TIME_LIMIT, url=url, encoding=used_encoding),
                           metadata=progress.metadata, title=progress.metadata.title)
        return Analysis(document, (), ())
    if progress.cut_short:
        analysis = replace(analysis, document=replace(analysis.document, status=Status.TIME_LIMIT))
    return analysis


class _Progress:
    """What one call has found so far, for the Document returned when its time runs out (local to the call)."""

    __slots__ = ("metadata", "cut_short")

    def __init__(self, metadata: Metadata) -> None:
        self.metadata = metadata
        self.cut_short = False  # a step was skipped for lack of time: the result is complete but not full


def _analyse_page(text: str, url: str | None, options: Options, templates: TemplateMatcher | None,
                  used_encoding: str | None, deadline: Deadline, progress: _Progress) -> Analysis:
    root = parse_html(text, deadline)
    segments = segment_page(root, deadline)
    deadline.check()
    ld_objects = json_ld_objects(root)
    page_type = detect_page_kind(root, segments, url, ld_objects)
    deadline.check()
    metadata = progress.metadata = extract_metadata(root, url, search_dates=options.with_metadata, deadline=deadline,
                                                    ld_objects=ld_objects, page_type=page_type, segments=segments)
    page = _Page(root, url, options, templates, used_encoding, metadata, deadline, progress)
    analysis = _analyse_segments(page, segments)
    if not analysis.document.ok and hidden_chars(segments) >= MIN_HIDDEN_CONTENT:
        revealed = _analyse_segments(page, segment_page(root, deadline, reveal_hidden=True))
        if revealed.document.ok:
            return revealed
    return analysis


#: Hidden text a page must hold to be read again with it visible when it comes back empty: more than a
#: closed menu's few words. A paragraph or two.
MIN_HIDDEN_CONTENT = 300


@dataclass(frozen=True)
class _Page:
    """What ``analyse`` knows of a page before it reads the blocks."""

    root: etree._Element
    url: str | None
    options: Options
    templates: TemplateMatcher | None
    encoding: str | None
    metadata: Metadata
    deadline: Deadline
    progress: _Progress


def _analyse_segments(page: _Page, segments: list[Segment]) -> Analysis:
    """The stages after segmentation: classify, extract, combine, name, build the document."""
    root, url, options, metadata = page.root, page.url, page.options, page.metadata
    deadline, progress = page.deadline, page.progress
    if not segments:
        return Analysis(replace(empty_document(Status.NO_MAIN_CONTENT, url=url, encoding=page.encoding),
                                metadata=metadata, title=metadata.title), (), ())
    language = options.language or metadata.language or detect_language(" ".join(s.text for s in segments[:200]))
    verdicts = mark_thread_posts(segments, classify(segments, language, deadline), declares_discussion(root),
                                 deadline)
    heuristic = extract_heuristic(segments, verdicts, deadline)
    trafilatura = Candidate("trafilatura", frozenset(), available=False)
    if options.use_trafilatura and not (options.trafilatura_only_when_unsure and is_confident(heuristic)):
        if deadline.seconds is None or deadline.can_afford(trafilatura_budget(root, segments)):
            try:  # stopped from outside if the budget was wrong (no limit: a plain call, the time left is inf)
                trafilatura = call_within(lambda: run_trafilatura(root, segments, url=url, options=options),
                                          deadline.remaining() * TRAFILATURA_TIME_SHARE).candidate
            except TimeLimitReached:
                log.info("trafilatura stopped at the time limit on %s", url or "a page")
                progress.cut_short = True
        else:  # without the time it needs, our extractor decides alone
            progress.cut_short = True
    if not metadata.language and language:
        metadata = progress.metadata = replace(metadata, language=language)
    decisions = name_removed_blocks(segments, decide(segments, verdicts, heuristic, trafilatura, options,
                                                     metadata.title, deadline))
    deadline.check()
    try:
        decisions = revise(segments, verdicts, heuristic, trafilatura, decisions, options, metadata.page_type,
                           deadline)
    except TimeLimitReached:  # the rules' decisions stand, unrevised: an article decided, not a full result
        progress.cut_short = True
    if page.templates is not None:
        decisions = apply_templates(segments, verdicts, decisions, page.templates, url)
    document = add_structured_description(build_document(segments, decisions, metadata, page.encoding), root,
                                          segments)
    analysed = tuple(SegmentAnalysis(s, v, d) for s, v, d in zip(segments, verdicts, decisions))
    return Analysis(document, analysed, (heuristic, trafilatura))


def extract(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            templates: TemplateMatcher | None = None, encoding: str | None = None) -> Document:
    """The main article of an HTML page, its metadata, and every removed block with label and reason.

    ``html`` is bytes (decoded: ``encoding`` from the transport if given, then BOM, ``<meta charset>``,
    detection) or str. A page with no article returns a Document whose ``status`` says why.
    A failure inside a stage is raised as ``ExtractionError`` (with the cause chained), never as a bare
    internal exception.
    """
    try:
        return analyse(html, url=url, options=options, templates=templates, encoding=encoding).document
    except (CleanerError, TypeError):
        raise
    except Exception as exc:  # noqa: BLE001 - the public boundary: one documented exception for the rest
        log.exception("extraction failed on %s", url or "a page")
        raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    finally:
        bound_caches()


def block_texts(html: bytes | str, *, url: str | None = None, options: Options | None = None) -> list[str]:
    """The texts of all blocks of a page, in reading order (what template learning counts)."""
    options = _check_arguments(html, url, options)
    text, _ = _decode(html, options, None)
    if not text.strip() or looks_binary(text) or "<" not in text:
        return []
    return [s.text for s in segment_page(parse_html(text))]


def apply_templates(segments: Sequence[Segment], verdicts: Sequence[Verdict], decisions: list[Decision],
                    templates: TemplateMatcher, url: str | None) -> list[Decision]:
    """Remove blocks that recur across the site's pages. The label is what the block is (our verdict or the
    label learned with the template), the reason says on how many of the site's pages it was seen."""
    if not url:
        return decisions
    site = templates.site_key(url)
    result = []
    for segment, verdict, decision in zip(segments, verdicts, decisions):
        match = templates.match(site, segment.text)
        if match is not None:
            label = decision.label if decision.label not in (None, Label.OTHER) else verdict.label
            if label in (None, Label.OTHER):
                label = match.label
            decision = Decision(decision.index, False, label or Label.OTHER, "template",
                                f"template: seen on {match.pages_seen} of {match.site_pages} pages of {site}")
        result.append(decision)
    return result


def build_document(segments: Sequence[Segment], decisions: Sequence[Decision], metadata: Metadata,
                   encoding: str | None) -> Document:
    blocks: list[Block] = []
    removed: list[RemovedBlock] = []
    pending: list[Segment] = []  # consecutive kept items of one list or rows of one table

    def flush() -> None:
        if pending:
            blocks.append(_group_block(pending))
            pending.clear()

    previous: tuple[int, Decision] | None = None  # (group, decision) of the last removed list item
    for segment, decision in zip(segments, decisions):
        if not decision.keep:
            label = decision.label or Label.OTHER
            if previous and segment.group >= 0 and previous[0] == segment.group and removed \
                    and removed[-1].label is label and removed[-1].rule == decision.rule:
                # The items of one removed list (a menu) are reported as one block.
                last = removed[-1]
                removed[-1] = replace(last, text=f"{last.text}\n{segment.text}", path=segment.path.rsplit("/", 1)[0])
            else:
                removed.append(RemovedBlock(label, decision.reason, segment.text, segment.path, decision.rule,
                                            order=segment.index))
            previous = (segment.group, decision)
            continue
        previous = None
        if segment.group >= 0:
            if pending and pending[0].group != segment.group:
                flush()
            pending.append(segment)
            continue
        flush()
        blocks.append(Block(segment.kind, segment.text, segment.path, level=segment.heading_level,
                            order=segment.index))
    flush()
    text = render_text(tuple(blocks))
    status = Status.OK if text.strip() else Status.NO_MAIN_CONTENT
    return Document(text=text, title=metadata.title, metadata=metadata, blocks=tuple(blocks),
                    removed=tuple(removed), status=status, encoding=encoding)


def _group_block(items: Sequence[Segment]) -> Block:
    first = items[0]
    path = first.path.rsplit("/", 1)[0]
    if first.kind is BlockKind.TABLE:
        rows = tuple(s.cells or (s.text,) for s in items)
        return Block(BlockKind.TABLE, "\n".join(" | ".join(r) for r in rows), path, rows=rows, order=first.index)
    texts = tuple(s.text for s in items)
    return Block(BlockKind.LIST, "\n".join(texts), path, items=texts, ordered=first.group_tag == "ol",
                 order=first.index)
