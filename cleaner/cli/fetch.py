"""``cleaner fetch URL... -o DIR``: download pages politely and save each raw, with a JSON beside it.

For every URL, ``DIR/<name>.<ext>`` holds the body exactly as received (after transfer decompression)
and ``DIR/<name>.meta.json`` its URL, final URL, status, headers and decided encoding. A URL that fails
prints one line on stderr; the exit status is 1 when any URL failed. Fetching many URLs is batch
fetching, so robots.txt is honoured unless ``--no-robots``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.atomic import write_bytes_atomic
from cleaner.errors import CleanerError, FetchError, InputError
from cleaner.fetch.fetcher import Fetcher, FetchResult, FetchSettings
from cleaner.cli.common import non_negative_float, positive_int, write_atomic

EXIT_OK, EXIT_SOME_FAILED = 0, 1
#: Longest readable part of a file name; the hash that follows keeps names unique.
NAME_CHARS = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def register(subparsers: argparse._SubParsersAction) -> None:
    defaults = FetchSettings()
    parser = subparsers.add_parser("fetch", help="download pages politely and save them raw, with status and headers")
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s) URLs to download")
    parser.add_argument("-o", "--output", required=True, type=Path, help="folder for the pages and their JSON")
    parser.add_argument("--no-robots", action="store_true", help="do not check robots.txt")
    parser.add_argument("--html-only", action="store_true", help="refuse responses that are not HTML")
    parser.add_argument("--delay", type=non_negative_float, default=defaults.min_host_delay,
                        help=f"seconds between two requests to one host (default {defaults.min_host_delay:g})")
    parser.add_argument("--timeout", type=non_negative_float, default=defaults.deadline,
                        help=f"overall deadline per URL in seconds (default {defaults.deadline:g})")
    parser.add_argument("--max-bytes", type=positive_int, default=defaults.max_bytes,
                        help="largest body accepted, after decompression (default 20 MB)")
    parser.add_argument("--retries", type=int, default=defaults.retries, help=f"default {defaults.retries}")
    parser.add_argument("--user-agent", default=defaults.user_agent)
    parser.add_argument("--cache-dir", "--cache", type=Path, dest="cache_dir", metavar="DIR",
                        help="HTTP cache folder: pages still fresh are not downloaded again, stale ones are "
                             "revalidated (ETag, Last-Modified)")
    parser.add_argument("--jobs", "-j", type=positive_int, default=4, help="URLs fetched at once (default 4)")
    parser.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace) -> FetchSettings:
    return replace(FetchSettings(), min_host_delay=args.delay, deadline=args.timeout, max_bytes=args.max_bytes,
                   retries=max(0, args.retries), user_agent=args.user_agent, respect_robots=not args.no_robots,
                   cache_dir=args.cache_dir)


def file_stem(url: str) -> str:
    """A readable, file-system-safe and unique name for a URL: host, path, and a short hash."""
    parts = urlsplit(url)
    readable = _UNSAFE.sub("_", f"{parts.netloc}{parts.path}").strip("._")[:NAME_CHARS]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}"


def result_metadata(result: FetchResult) -> dict[str, object]:
    """Everything about a result except its body, as JSON-ready values."""
    data = asdict(result)
    del data["body"]
    data["headers"] = dict(result.headers)
    return data


def save(result: FetchResult, folder: Path) -> Path:
    """Write the body and its JSON atomically; return the body's path."""
    extension = mimetypes.guess_extension(result.content_type) if result.content_type else None
    stem = file_stem(result.url)
    body_path = folder / (stem + (extension or ".bin"))
    write_bytes_atomic(body_path, result.body)
    metadata = {**result_metadata(result), "saved_as": body_path.name}
    # ".meta.json", not ".json": a JSON response's own body is saved as "<stem>.json".
    write_atomic(folder / f"{stem}.meta.json", json.dumps(metadata, ensure_ascii=False, indent=1) + "\n")
    return body_path


def run(args: argparse.Namespace) -> int:
    failed = 0

    with Fetcher(settings_from_args(args)) as fetcher, ThreadPoolExecutor(args.jobs) as pool:
        def fetch_and_save(url: str) -> Path | CleanerError:
            try:
                return save(fetcher.fetch(url, html_only=args.html_only), args.output)
            except FetchError as exc:  # one bad URL must not stop the others
                return exc
            except OSError as exc:
                return InputError(f"cannot write into {args.output}: {exc.strerror or exc}")

        for outcome in pool.map(fetch_and_save, args.urls):
            if isinstance(outcome, CleanerError):
                failed += 1
                print(f"cleaner: error: {outcome}", file=sys.stderr)
            else:
                print(outcome)
    return EXIT_SOME_FAILED if failed else EXIT_OK
