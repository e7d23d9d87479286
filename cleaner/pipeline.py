"""The orchestrator (work in progress: the core is being written)."""
from __future__ import annotations

from .options import Options
from .types import Document, Status, empty_document


def extract(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            templates: object | None = None, encoding: str | None = None) -> Document:
    raise NotImplementedError
