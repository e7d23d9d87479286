"""``cleaner extract [FILE|URL|-] [--url URL] [--format txt|md|json|html] [--explain]``."""
from __future__ import annotations

import argparse
import sys

from cleaner.cli.common import add_options_arguments, emit, explain, options_from_args, read_input, render, report_status
from cleaner.options import Options
from cleaner.types import Document

FORMATS = ("txt", "md", "json", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="extract the main article of an HTML page (file, URL or stdin)")
    parser.add_argument("source", nargs="?", default="-", help="an HTML file, an http(s) URL, or - for stdin")
    parser.add_argument("--url", help="the page's URL, for metadata and relative links")
    parser.add_argument("--format", "-f", choices=FORMATS, default="txt")
    parser.add_argument("--explain", action="store_true", help="list each removed block with its label and reason (stderr)")
    add_options_arguments(parser)
    parser.set_defaults(func=run)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def load_document(source: str, url: str | None, options: Options) -> Document:
    """The document of an HTML file, stdin (``-``) or an http(s) URL (fetched)."""
    if is_url(source):
        from cleaner.html.from_url import extract_url

        return extract_url(source, options=options)
    from cleaner.html.pipeline import extract

    return extract(read_input(source), url=url, options=options)


def run(args: argparse.Namespace) -> int:
    document = load_document(args.source, args.url, options_from_args(args))
    emit(render(document, args.format))
    if args.explain:
        print(explain(document), file=sys.stderr)
    return report_status(document)
