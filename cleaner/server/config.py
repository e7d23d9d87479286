"""The settings of ``cleaner serve``: one frozen value, built by the CLI or by a program embedding the app."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from cleaner.fetch.settings import MB, FetchSettings
from cleaner.options import DEFAULT_OPTIONS, Options

#: Largest request body. Real pages are rarely over 5 MB of HTML (and the fetcher stops at 20 MB after
#: decompression); 10 MB leaves room for a big page sent as JSON, whose escaping adds a little.
DEFAULT_MAX_BODY_BYTES = 10 * MB
#: Seconds one request may take, fetching included. Extraction of a normal page takes well under a
#: second; the library's own batch default is 30 s.
DEFAULT_TIME_LIMIT = 30.0
#: Requests allowed to wait for a worker before new ones are answered 503 at once. A burst of this many
#: is absorbed (about a second of work on two cores at the usual 20-50 ms a page).
DEFAULT_MAX_WAITING = 64


def default_workers() -> int:
    """Extraction is CPU-bound Python: more threads than cores only add waiting."""
    return os.cpu_count() or 2


@dataclass(frozen=True)
class ServiceConfig:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    time_limit: float = DEFAULT_TIME_LIMIT
    #: requests worked on at the same time (worker threads)
    max_active: int = field(default_factory=default_workers)
    #: requests queued for a worker beyond ``max_active``; past that, 503
    max_waiting: int = DEFAULT_MAX_WAITING
    #: let ``/extract-url`` fetch loopback, private, link-local ... addresses (for local use only)
    allow_private: bool = False
    #: networks (CIDR) ``/extract-url`` may fetch even when private addresses are refused
    allowed_networks: tuple[str, ...] = ()
    #: extraction options used when a request names no preset
    options: Options = DEFAULT_OPTIONS

    def fetch_settings(self) -> FetchSettings:
        """The fetcher's settings: the SSRF guard on unless ``allow_private``, and everything for one URL
        (retries and redirects included) within the request's time limit."""
        base = self.options.fetch or FetchSettings()
        return replace(base, block_private_addresses=not self.allow_private,
                       allowed_networks=self.allowed_networks, deadline=min(base.deadline, self.time_limit))
