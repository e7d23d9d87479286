"""``cleaner batch INPUT... -o OUT [--format ...] [--jobs N] [--resume] [--glob PAT] [--timeout S] [--quiet]``
``[--engine dask [--scheduler ADDR]] [--shard-index I --num-shards N]``, and ``cleaner batch --sitemap URL |
--feed URL -o OUT`` for a whole site (see sites.py).

Exit status: 0 when every document succeeded, 1 when some failed (their count is on the last line) or
an input is missing or not a file, folder or http(s) URL (one line, as in the other commands), 2 for a
usage error (bad arguments, an output folder holding another batch). An empty file is an empty
document, not a failure.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TextIO

from cleaner.cli.common import add_options_arguments, options_from_args
from cleaner.cli.sites import add_site_arguments, site_inputs

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("jsonl", "txt", "md", "json", "html", "parquet")
ENGINES = ("local", "dask")


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
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output folder (with --engine dask or --shard-index, also an fsspec URL: s3://...)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="jsonl",
                        help="jsonl (shards of records, default), parquet (the same records; needs "
                             "cleaner[parquet]) or one txt/md/json/html file per document")
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
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local (worker processes here, default) or dask (a Dask cluster; needs cleaner[dask])")
    parser.add_argument("--scheduler", metavar="ADDR",
                        help="with --engine dask: the scheduler (tcp://HOST:8786); default: a local cluster of --jobs workers")
    parser.add_argument("--shard-index", type=int, metavar="I",
                        help="array jobs: clean only share I (0..N-1) of the inputs; N jobs together make one run")
    parser.add_argument("--num-shards", type=positive_int, metavar="N", help="array jobs: the number of shares")
    add_options_arguments(parser)
    add_site_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return execute(args)


def execute(args: argparse.Namespace, *, extract: Callable | None = None, fetch: Callable | None = None,
            stdin: TextIO | None = None,
            stderr: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; ``extract`` and ``fetch`` replace the real ones (tests inject stand-ins)."""
    from cleaner.batch.inputs import discover
    from cleaner.batch.records import OutputFormat
    from cleaner.batch.progress import Progress
    from cleaner.batch.runner import BatchConfig, run_batch
    from cleaner.batch.work import default_extract
    from cleaner.errors import BatchError

    stderr, stdout = stderr or sys.stderr, stdout or sys.stdout
    try:
        check_engine_arguments(args)
        inputs, site_fetch = site_inputs(args)
        units = discover(inputs, glob=args.glob, stdin=stdin or sys.stdin)
        spread = args.engine != "local" or args.num_shards is not None
        config = BatchConfig(out=args.output if spread else Path(args.output), fmt=OutputFormat(args.format),
                             jobs=args.jobs, timeout=args.timeout, resume=args.resume, options=options_from_args(args),
                             shard_bytes=int(args.shard_mb * 1024 * 1024),
                             templates=learn(units, args) if args.learn_templates and not spread else None)
        progress = Progress(stderr, enabled=not args.quiet and stderr.isatty())
        if spread:
            summary = run_spread(units, config, args, extract=extract or default_extract,
                                 fetch=fetch or site_fetch, reporter=progress)
        else:
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


def check_engine_arguments(args: argparse.Namespace) -> None:
    """Usage errors of the engine options, and a missing extra, in one line each (a ``BatchError``)."""
    from cleaner.batch.paths import has_scheme
    from cleaner.errors import BatchError

    if (args.shard_index is None) != (args.num_shards is None):
        raise BatchError("--shard-index and --num-shards go together")
    if args.num_shards is not None and not 0 <= args.shard_index < args.num_shards:
        raise BatchError(f"--shard-index must be in 0..{args.num_shards - 1}")
    if args.scheduler and args.engine != "dask":
        raise BatchError("--scheduler goes with --engine dask")
    if has_scheme(args.output) and args.engine == "local" and args.num_shards is None:
        raise BatchError("an output URL needs --engine dask or --shard-index; the local engine writes to a folder")
    if args.format == "parquet":
        from cleaner.batch.parquet import require_pyarrow

        require_pyarrow()
    if args.engine == "dask":
        from cleaner.batch.dask_engine import require_dask

        require_dask()


def run_spread(units: Sequence, config, args: argparse.Namespace, *, extract: Callable, fetch: Callable, reporter):
    """The batch as independent units: on a Dask cluster, or this array job's share on this machine."""
    from cleaner.batch.spread import LocalUnits, run_units

    shard = None if args.num_shards is None else (args.shard_index, args.num_shards)
    run = partial(run_units, units, config, extract=extract, reporter=reporter, shard=shard,
                  learn_templates=args.learn_templates)
    if args.engine == "dask":
        from cleaner.batch.dask_engine import dask_units

        if not getattr(args, "verbose", 0):  # Dask reports every worker and connection at INFO
            logging.getLogger("distributed").setLevel(logging.WARNING)
        with dask_units(args.scheduler, workers=args.jobs, fetch=fetch) as executor:
            return run(executor)
    return run(LocalUnits(jobs=config.jobs, timeout=config.timeout, fetch=fetch))
