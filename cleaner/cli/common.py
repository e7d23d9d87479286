"""Small helpers shared by the subcommands: reading input, writing output, rendering."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from ..errors import InputError
from ..options import Options, Preset
from ..types import Document


def add_options_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preset", choices=[p.value for p in Preset], default=Preset.BALANCED.value,
                        help="precision, balanced (default), recall or fast")
    parser.add_argument("--comments", action="store_true", help="keep reader comments in the article")


def options_from_args(args: argparse.Namespace) -> Options:
    from dataclasses import replace

    options = Options.from_preset(args.preset)
    if getattr(args, "comments", False):
        options = replace(options, include_comments=True)
    return options


def read_input(source: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``; an unreadable input is an ``InputError``."""
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise InputError(f"is a directory: {source}") from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None


def render(document: Document, fmt: str) -> str:
    if fmt == "json":
        return document.to_json()
    if fmt == "md":
        return document.to_markdown()
    if fmt == "html":
        return document.to_html()
    return document.text


def explain(document: Document) -> str:
    """One line per removed block: label, reason, and the start of its text."""
    lines = [f"status: {document.status.value}", f"removed {len(document.removed)} blocks:"]
    for removed in document.removed:
        snippet = " ".join(removed.text.split())
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        lines.append(f"  [{removed.label.value}] {removed.reason} :: {snippet}")
    return "\n".join(lines)


def write_atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
