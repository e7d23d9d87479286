"""``cleaner extract [FILE|URL|-] [--url URL] [--format txt|md|json|html] [--explain]``."""
from __future__ import annotations

import argparse
import sys

from cleaner.cli.common import (EXIT_USAGE, add_options_arguments, emit, explain, options_from_args, read_input,
                                render, report_status, usage_for_a_terminal)
from cleaner.fetch.settings import url_scheme
from cleaner.options import Options
from cleaner.types import Document, Status

FORMATS = ("txt", "md", "json", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="extract the main article of an HTML page (file, URL or stdin)")
    parser.add_argument("source", nargs="?", help="an HTML file, an http(s) URL, or - for stdin (the default "
                                                 "when stdin is a pipe)")
    parser.add_argument("--url", help="the page's URL, recorded in the metadata (Metadata.url); the output holds "
                                      "no links, so nothing is resolved against it")
    parser.add_argument("--format", "-f", choices=FORMATS, default="txt")
    parser.add_argument("--explain", action="store_true", help="list each removed block with its label and reason (stderr)")
    add_options_arguments(parser)
    parser.set_defaults(func=run, usage=parser.format_usage())


def is_url(source: str) -> bool:
    """Anything written as a URL goes to the fetcher, which says which schemes it speaks (not ftp)."""
    return url_scheme(source) is not None


def load_document(source: str, url: str | None, options: Options, data: bytes | None = None) -> Document:
    """The document of an HTML file, stdin (``-``) or a URL (fetched); ``data`` when the input was read already."""
    if is_url(source):
        from cleaner.html.from_url import extract_url

        return extract_url(source, options=options)
    from cleaner.html.pipeline import extract

    return extract(read_input(source) if data is None else data, url=url, options=options)


def run(args: argparse.Namespace) -> int:
    if args.source is None:
        if usage_for_a_terminal(args):
            return EXIT_USAGE
        args.source = "-"
    data = None if is_url(args.source) else read_input(args.source)
    document = load_document(args.source, args.url, options_from_args(args), data)
    emit(render(document, args.format))
    if args.explain:
        print(explain(document), file=sys.stderr)
    hint = None
    if document.status is Status.NOT_HTML and data is not None and is_plain_text(data):
        hint = f"{args.source} looks like scraped text; try: cleaner text {args.source}"
    return report_status(document, hint=hint)


def is_plain_text(data: bytes) -> bool:
    from cleaner.decode import decode_bytes
    from cleaner.sanitize import looks_binary

    return not looks_binary(decode_bytes(data).text)
