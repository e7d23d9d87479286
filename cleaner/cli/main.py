"""The ``cleaner`` command: the top-level parser, the subcommands of ``COMMANDS``, and the one-line errors."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from cleaner.errors import CleanerError
from cleaner.version import __version__
from cleaner.cli import batch as batch_command
from cleaner.cli import explain as explain_command
from cleaner.cli import extract as extract_command
from cleaner.cli import fetch as fetch_command
from cleaner.cli import serve as serve_command
from cleaner.cli import text as text_command

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = (extract_command, batch_command, fetch_command, text_command, explain_command, serve_command)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Strip web boilerplate and say what was removed.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (repeat for debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on usage errors and --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2), format="cleaner: %(levelname)s: %(message)s")
    try:
        return int(args.func(args))
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
