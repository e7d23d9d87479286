"""The wcxb-dev pages (../shared/bench/wcxb-dev, layout in its README) with their tune/check part.

``html/<id>.html.gz`` (or ``<id>.html``) and ``ground-truth.json`` ``{id: {"url", "page_type", "title", "author",
"publish_date", "main_content", ...}}``. Pages whose numeric id is divisible by 3 are the *check* part, the
others the *tune* part (the benchmark's README fixes that split once and for all).
"""
from __future__ import annotations

import argparse
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PARTS = ("tune", "check", "all")
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


class WcxbError(Exception):
    """The folder is missing or malformed; the message says which file."""


@dataclass(frozen=True)
class WcxbPage:
    page_id: str
    url: str | None
    page_type: str
    html: bytes
    truth: dict[str, Any]

    @property
    def part(self) -> str:
        return part_of(self.page_id)


def part_of(page_id: str) -> str:
    """'check' for numeric ids divisible by 3, else 'tune' (ids that are not numbers are tune pages)."""
    return "check" if page_id.isdigit() and int(page_id) % 3 == 0 else "tune"


def _read_html(folder: Path, page_id: str) -> bytes:
    gz, plain = folder / "html" / f"{page_id}.html.gz", folder / "html" / f"{page_id}.html"
    try:
        return gzip.decompress(gz.read_bytes()) if gz.exists() else plain.read_bytes()
    except (OSError, EOFError) as exc:
        raise WcxbError(f"cannot read the page {page_id} in {folder}: {exc}") from exc


def load_wcxb(folder: Path, part: str = "all") -> list[WcxbPage]:
    """The pages of one part ('tune', 'check' or 'all'), sorted by id."""
    if part not in PARTS:
        raise WcxbError(f"unknown part {part!r}; choose from {', '.join(PARTS)}")
    try:
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WcxbError(f"cannot read {folder / 'ground-truth.json'}: {exc}") from exc
    return [WcxbPage(page_id, entry.get("url"), entry.get("page_type") or "", _read_html(folder, page_id), entry)
            for page_id, entry in sorted(truth.items()) if part in ("all", part_of(page_id))]


def wcxb_arguments(description: str, default_part: str) -> argparse.ArgumentParser:
    """A parser with what every wcxb-dev script takes: the benchmark folder, the part, the worker count."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark folder holding wcxb-dev (default: {DEFAULT_DATA})")
    parser.add_argument("--part", choices=PARTS, default=default_part,
                        help="which part of wcxb-dev (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: %(default)s)")
    return parser
