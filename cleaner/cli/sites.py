"""``cleaner batch`` options for whole sites: ``--sitemap``, ``--feed``, ``--max-urls``, and the fetcher's
``--cache-dir`` and ``--delay``. The URLs found join the other inputs; one polite fetcher serves both
the discovery and the pages, so the per-host delay and robots.txt hold across the two.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path

from cleaner.cli.common import non_negative_float, positive_int
from cleaner.errors import BatchError, CleanerError
from cleaner.fetch.settings import FetchSettings


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = FetchSettings()
    group = parser.add_argument_group("whole sites and fetching")
    group.add_argument("--sitemap", action="append", default=[], metavar="URL",
                       help="clean the pages of a sitemap, a sitemap index (gzip too), a robots.txt, or a site's "
                            "root (its robots.txt Sitemap lines); repeatable")
    group.add_argument("--feed", action="append", default=[], metavar="URL",
                       help="clean the entries of an RSS, Atom or JSON feed, or of the feeds a page links to; repeatable")
    group.add_argument("--max-urls", type=positive_int, metavar="N", help="take at most N URLs from sitemaps and feeds")
    group.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="HTTP cache folder: fresh pages are not downloaded again, stale ones are revalidated")
    group.add_argument("--delay", type=non_negative_float, default=defaults.min_host_delay, metavar="S",
                       help=f"least seconds between two requests to one host (default {defaults.min_host_delay:g}; "
                            "a robots.txt Crawl-delay can ask for more)")


def fetch_settings(args: argparse.Namespace) -> FetchSettings:
    return FetchSettings(respect_robots=True, cache_dir=args.cache_dir, min_host_delay=args.delay)


def site_inputs(args: argparse.Namespace) -> tuple[list[str], Callable[[], Callable]]:
    """The inputs with the URLs of ``--sitemap`` and ``--feed`` added, and the batch's fetch factory."""
    from cleaner.batch.runner import fetcher_factory

    settings = fetch_settings(args)
    if not (args.sitemap or args.feed or args.cache_dir):  # a batch of files never builds a fetcher
        if not args.inputs:
            raise BatchError("nothing to clean: give files, folders, URLs, --sitemap or --feed")
        return list(args.inputs), fetcher_factory(settings)
    from cleaner.fetch.discover import discover_urls
    from cleaner.fetch.fetcher import Fetcher

    try:
        fetcher = Fetcher(settings)
    except CleanerError as exc:
        raise BatchError(str(exc)) from None
    try:
        urls = discover_urls(sitemaps=args.sitemap, feeds=args.feed, fetcher=fetcher, max_urls=args.max_urls)
    except CleanerError as exc:
        fetcher.close()
        raise BatchError(f"cannot read the sitemap or feed: {exc}") from None
    if not urls and not args.inputs:
        fetcher.close()
        raise BatchError("the sitemaps and feeds listed no pages" if args.sitemap or args.feed else
                         "nothing to clean: give files, folders, URLs, --sitemap or --feed")
    return [*args.inputs, *urls], lambda: partial(fetcher.fetch, html_only=True)
