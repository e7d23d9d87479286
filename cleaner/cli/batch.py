"""``cleaner batch INPUT... -o OUT [--format ...] [--jobs N] [--resume] [--glob PAT] [--timeout S] [--quiet]``,
and ``cleaner batch --sitemap URL | --feed URL -o OUT`` for a whole site (see sites.py).

Exit status: 0 when every document succeeded, 1 when some failed (their count is on the last line),
2 for a usage error (bad arguments, missing input, an output folder holding another batch).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from cleaner.cli.common import add_options_arguments, options_from_args
from cleaner.cli.sites import add_site_arguments, site_inputs

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("jsonl", "txt", "md", "json", "html")


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "batch", help="clean many pages: files, folders, .gz, URL lists, WARC files, or - for a list on stdin",
        description="Clean many pages in parallel into OUT; resumable with --resume after any interruption.")
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="HTML file (.gz too), folder, URL, file listing URLs, WARC(.gz) file, or - (stdin list)")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="output folder")
    parser.add_argument("--format", "-f", choices=FORMATS, default="jsonl",
                        help="jsonl (shards of records, default) or one txt/md/json/html file per document")
    parser.add_argument("--jobs", "-j", type=positive_int, default=os.cpu_count() or 1,
                        help="worker processes (default: number of cores)")
    parser.add_argument("--resume", action="store_true", help="finish an interrupted batch in OUT")
    parser.add_argument("--learn-templates", action="store_true",
                        help="first learn each site's repeated blocks from the inputs that carry a URL "
                             "(WARC records), then clean with them")
    parser.add_argument("--glob", default="*", metavar="PAT", help="file names to take from folders (default: all)")
    parser.add_argument("--timeout", type=positive_float, default=30.0, metavar="S",
                        help="time limit per document in seconds (default: 30)")
    parser.add_argument("--shard-mb", type=positive_float, default=64.0, metavar="MB",
                        help="jsonl shard size in MB before a new shard starts (default: 64)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_options_arguments(parser)
    add_site_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return execute(args)


def execute(args: argparse.Namespace, *, extract: Callable | None = None, fetch: Callable | None = None,
            stdin: TextIO | None = None,
            stderr: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; ``extract`` and ``fetch`` replace the real ones (tests inject stand-ins)."""
    from cleaner.batch import BatchConfig, OutputFormat, discover, run_batch
    from cleaner.batch.progress import Progress
    from cleaner.batch.work import default_extract
    from cleaner.errors import BatchError

    stderr, stdout = stderr or sys.stderr, stdout or sys.stdout
    try:
        inputs, site_fetch = site_inputs(args)
        units = discover(inputs, glob=args.glob, stdin=stdin or sys.stdin)
        config = BatchConfig(out=args.output, fmt=OutputFormat(args.format), jobs=args.jobs, timeout=args.timeout,
                             resume=args.resume, options=options_from_args(args),
                             shard_bytes=int(args.shard_mb * 1024 * 1024),
                             templates=learn(units, args) if args.learn_templates else None)
        progress = Progress(stderr, enabled=not args.quiet and stderr.isatty())
        summary = run_batch(units, config, extract=extract or default_extract, fetch=fetch or site_fetch,
                            reporter=progress)
    except BatchError as exc:
        print(f"cleaner: error: {exc}", file=stderr)
        return EXIT_USAGE
    print("\n".join(summary.lines()), file=stdout)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def learn(units: Sequence, args: argparse.Namespace) -> object | None:
    from cleaner.batch.learning import learn_from_units

    return learn_from_units(units, options=options_from_args(args))
