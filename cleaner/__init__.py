"""cleaner: strip web boilerplate, and say what was removed and why.

Public API (pinned by tests/test_public_api.py)::

    extract(html, *, url=None, options=None, templates=None) -> Document
    extract_url(url, *, options=None, templates=None) -> Document
    fetch(url, *, options=None) -> FetchResult
    clean_text(text, *, url=None, options=None, templates=None) -> Document
    learn_templates(pages, *, options=None) -> Templates
    accelerated: bool  # True when the compiled core is loaded: the segment walk, the scorer's trees and rows
"""
from __future__ import annotations

from cleaner.errors import (
    BatchError,
    BlockedAddressError,
    CleanerError,
    ConnectError,
    DNSError,
    ExtractionError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputError,
    InvalidURLError,
    NotHTMLError,
    RobotsBlockedError,
    TemplateError,
    TooLargeError,
    TooManyRedirectsError,
)
from cleaner.fetch.fetcher import Fetcher, FetchResult, FetchSettings, fetch
from cleaner.html.from_url import extract_url
from cleaner.options import Options, Preset
from cleaner.html.pipeline import extract
from cleaner.html.scorer_compiled import ACCELERATED as _TREES_COMPILED
from cleaner.html.scorer_features import ACCELERATED as _ROWS_COMPILED
from cleaner.html.segment import ACCELERATED as _WALK_COMPILED
from cleaner.template_learning import learn_templates
from cleaner.templates import TemplateMatch, Templates
from cleaner.text.pipeline import clean_text
from cleaner.version import __version__
from cleaner.types import Block, BlockKind, Document, Label, Metadata, RemovedBlock, Status

#: The compiled core is loaded (built at install, not turned off by CLEANER_PURE_PYTHON=1); the same results.
accelerated: bool = _WALK_COMPILED and _TREES_COMPILED and _ROWS_COMPILED


__all__ = [
    "BatchError", "Block", "BlockedAddressError", "BlockKind", "CleanerError", "ConnectError", "DNSError",
    "Document",
    "ExtractionError", "FetchError", "FetchTimeoutError", "HTTPStatusError", "InputError",
    "InvalidURLError", "Label", "Metadata", "NotHTMLError", "Options", "Preset", "RemovedBlock",
    "RobotsBlockedError", "Status", "TemplateError", "TooLargeError", "TooManyRedirectsError",
    "TemplateMatch", "Templates", "__version__", "clean_text", "learn_templates", "extract",
    "Fetcher", "FetchResult", "FetchSettings", "extract_url", "fetch", "accelerated",
]
