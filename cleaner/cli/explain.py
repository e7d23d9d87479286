"""``cleaner explain [FILE|URL|-] [-o report.html]``: the explain report of a page, as one HTML file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner.cli.common import add_options_arguments, emit, options_from_args, write_atomic
from cleaner.cli.extract import load_document
from cleaner.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain", help="an HTML report of a page: every block coloured by what cleaner decided, and why")
    parser.add_argument("source", nargs="?", default="-", help="an HTML file, an http(s) URL, or - for stdin")
    parser.add_argument("--url", help="the page's URL, for metadata and relative links")
    parser.add_argument("-o", "--output", default="-", help="the report file to write (default: stdout)")
    add_options_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    document = load_document(args.source, args.url, options_from_args(args))
    report = document.explain_html()
    if args.output == "-":
        emit(report)
    else:
        try:
            write_atomic(Path(args.output), report)
        except OSError as exc:
            raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"cleaner: report of {len(document.blocks)} kept and {len(document.removed)} removed blocks "
              f"written to {args.output}", file=sys.stderr)
    # A page without an article still gets its report (that is when one wants it most): exit 0.
    return 0
