"""Small helpers shared by the subcommands: reading input, writing output, rendering."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleaner.atomic import write_atomic  # noqa: F401 - re-exported for the subcommands
from cleaner.compression import gunzip_bounded
from cleaner.errors import InputError
from cleaner.options import DEFAULT_OPTIONS, Options, Preset
from cleaner.types import Document


EXIT_USAGE = 2


def usage_for_a_terminal(args: argparse.Namespace) -> bool:
    """When no input was named and stdin is a terminal, reading it would wait silently for typing: print the
    command's usage and return True (the command then exits 2). A pipe, or ``-`` named, is read."""
    if not sys.stdin.isatty():
        return False
    print(args.usage.rstrip("\n") + "\n(no input: name a file, or pipe the input into stdin)", file=sys.stderr)
    return True


def _at_least(value: str, convert: Callable[[str], Any], minimum: float, kind: str, rule: str) -> Any:
    try:
        number = convert(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a {kind}: {value!r}") from None
    if not number >= minimum:  # "not >=" so that nan is refused too
        raise argparse.ArgumentTypeError(f"{rule}: {value}")
    return number


def positive_int(value: str) -> int:
    """argparse type: a whole number of at least 1."""
    return _at_least(value, int, 1, "whole number", "must be at least 1")


def non_negative_float(value: str) -> float:
    """argparse type: a number of at least 0 (seconds)."""
    return _at_least(value, float, 0, "number", "must not be negative")


def add_options_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preset", choices=[p.value for p in Preset], default=Preset.BALANCED.value,
                        help="precision, balanced (default), recall or fast")
    parser.add_argument("--comments", action="store_true", help="keep reader comments in the article")
    parser.add_argument("--captions", action=argparse.BooleanOptionalAction, default=None,
                        help="keep the article's image captions (default: on, off in the precision preset)")
    parser.add_argument("--scorer-models", metavar="DIR",
                        help="folder of block scorer models trained on your own pages (scorer-assisted.json and "
                             "scorer-solo.json, from bench/train_scorer.py train --out DIR) used in place of the "
                             "shipped ones")


def options_from_args(args: argparse.Namespace) -> Options:
    from dataclasses import replace

    options = Options.from_preset(args.preset)
    if getattr(args, "comments", False):
        options = replace(options, include_comments=True)
    if getattr(args, "captions", None) is not None:
        options = replace(options, include_captions=args.captions)
    if getattr(args, "scorer_models", None):
        from cleaner.html.scorer import check_models

        check_models(args.scorer_models)  # a bad folder fails once, before any page
        options = replace(options, scorer_models=args.scorer_models)
    return options


def read_input(source: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``, inflated when gzip-compressed (``page.html.gz``);
    an unreadable input is an ``InputError``."""
    if source == "-":
        return gunzip_bounded(sys.stdin.buffer.read(), limit=DEFAULT_OPTIONS.max_input_bytes, source=source)
    path = Path(source)
    try:
        return gunzip_bounded(path.read_bytes(), limit=DEFAULT_OPTIONS.max_input_bytes, source=source)
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
    return with_title(document)


def with_title(document: Document) -> str:
    """The plain text a reader wants: the headline (``Document.title``) once, then the article."""
    title = (document.title or "").strip()
    if not title or not document.text or document.text.lstrip().startswith(title):
        return document.text
    return f"{title}\n\n{document.text}"


def explain(document: Document) -> str:
    """One line per removed block: label, reason, and the start of its text."""
    lines = [f"status: {document.status.value}", f"removed {len(document.removed)} blocks:"]
    for removed in document.removed:
        snippet = " ".join(removed.text.split())
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        lines.append(f"  [{removed.label.value}] {removed.rule}: {removed.reason} :: {snippet}")
    return "\n".join(lines)


def report_status(document: Document, *, hint: str | None = None) -> int:
    """0 when the document has text; else one line on stderr saying why (and what to try), and 1."""
    if document.ok:
        return 0
    why = document.status.value.replace('_', ' ')
    print(f"cleaner: no article: {why}" + (f" ({hint})" if hint else ""), file=sys.stderr)
    return 1


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
