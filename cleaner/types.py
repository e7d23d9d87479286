"""Typed values that flow between the stages and out of the public API."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any

from cleaner.blocks import Block, BlockKind, Label, RemovedBlock
from cleaner.render import render_html, render_markdown

__all__ = ["Block", "BlockKind", "Decoded", "Document", "Label", "Metadata", "RemovedBlock", "Status", "empty_document"]


class Status(str, Enum):
    """Why a document has text, or why it has none."""

    OK = "ok"
    EMPTY_INPUT = "empty_input"
    NO_MAIN_CONTENT = "no_main_content"
    NOT_HTML = "not_html"
    #: ``Options.time_limit`` cut the extraction short: the text is what was decided in time, possibly none
    TIME_LIMIT = "time_limit"


@dataclass(frozen=True)
class Metadata:
    url: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    language: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    #: the kind of page: article, forum, product, collection, listing, documentation or service (None when
    #: not known, as for scraped text)
    page_type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: (list(self.tags) if f.name == "tags" else getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Document:
    """The result of an extraction: the article, its metadata, and everything removed."""

    text: str
    title: str | None
    metadata: Metadata
    blocks: tuple[Block, ...]
    removed: tuple[RemovedBlock, ...]
    status: Status = Status.OK
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values; blocks list only the fields they use."""
        return {
            "text": self.text, "title": self.title, "metadata": self.metadata.to_dict(),
            "blocks": [_block_dict(b) for b in self.blocks],
            "removed": [{"label": r.label.value, "reason": r.reason, "text": r.text, "path": r.path, "rule": r.rule}
                        for r in self.removed],
            "status": self.status.value, "encoding": self.encoding,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        return render_markdown(self)

    def to_html(self) -> str:
        return render_html(self)

    def to_text(self) -> str:
        return self.text

    def explain_html(self) -> str:
        """A self-contained HTML report: every block in reading order coloured by its label, the rule
        and reason of each removed block, a legend with counts, the metadata and the clean article."""
        from cleaner.report.page import explain_html

        return explain_html(self)


def _block_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": block.kind.value, "text": block.text}
    for name, value in (("path", block.path), ("level", block.level), ("items", list(block.items)),
                        ("rows", [list(r) for r in block.rows]), ("ordered", block.ordered)):
        if value:
            data[name] = value
    return data


def empty_document(status: Status, *, url: str | None = None, encoding: str | None = None,
                   removed: tuple[RemovedBlock, ...] = ()) -> Document:
    """A document with no text, whose status says why."""
    return Document(text="", title=None, metadata=Metadata(url=url), blocks=(), removed=removed,
                    status=status, encoding=encoding)


@dataclass(frozen=True)
class Decoded:
    """Bytes turned into text, with the encoding chosen and how it was chosen."""

    text: str
    encoding: str
    method: str  # "given-str", "bom", "http", "meta", "detected", "fallback"
    replaced: bool = field(default=False)
