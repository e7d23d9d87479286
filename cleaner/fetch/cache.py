"""An HTTP cache on disk that follows RFC 9111: hishel's rules and its SQLite storage, our reads.

Before a request, ``lookup`` says whether a stored answer is fresh (Cache-Control, Expires, or the
heuristic on Last-Modified) and, if it is not, which headers (``If-None-Match``,
``If-Modified-Since``) make the request conditional. After it, ``complete`` turns a 304 into the
stored body with refreshed headers, and stores a new 200 when its headers allow.

Why hishel's sans-I/O core and not a caching session: requests-cache's ``CachedSession`` reads the
whole body and inflates it before the caller sees it, and hishel's own requests adapter reads full
64 KiB chunks; either would defeat the fetcher's size limit, gzip-bomb guard and deadline. Here the
fetcher does every read itself and the cache only stores bodies that already passed those limits.

The storage is one SQLite file in write-ahead-log mode with a busy timeout; entries become visible
only once written whole, so the threads and processes of one batch can share a folder.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import hishel
from requests.structures import CaseInsensitiveDict

from cleaner.errors import InputError
from cleaner.fetch.settings import Exchange

CACHE_FILE = "http-cache.sqlite"
#: A private cache: one client keeping answers for itself (RFC 9111 3.5), so ``private`` answers
#: are kept and ``s-maxage`` is for proxies, not for us.
OPTIONS = hishel.CacheOptions(shared=False)
CONDITIONAL_HEADERS = ("if-none-match", "if-modified-since")
#: Only full answers are kept: the fetcher returns no body for redirects and errors.
STORED_STATUS = 200
#: Headers that describe the transfer, not the body we store (already decompressed, whole).
TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection"})


@dataclass(frozen=True, eq=False)
class CacheLookup:
    """The cache's answer before a request: a fresh stored exchange, or the state to finish it with."""

    fresh: Exchange | None
    conditional: Mapping[str, str]
    state: hishel.CacheMiss | hishel.NeedRevalidation | None


def _exchange(url: str, response: hishel.Response, *, revalidated: bool) -> Exchange:
    headers = CaseInsensitiveDict({name: ", ".join(response.headers.get_list(name) or []) for name in response.headers})
    body = b"".join(response.stream or ())  # type: ignore[arg-type] - the sync storage yields bytes
    return Exchange(url, response.status_code, headers, body, from_cache=True, revalidated=revalidated)


def age_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds since the ``Date`` of a stored answer (refreshed by each 304), or None without one."""
    try:
        return now - parsedate_to_datetime(headers.get("date", "")).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


class HttpCache:
    """The fetcher's cache in ``directory``. ``request_headers`` are the ones every request sends
    (for ``Vary``); ``max_age`` makes older answers be revalidated whatever their headers say."""

    def __init__(self, directory: Path, *, request_headers: Mapping[str, str], max_age: float | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        try:  # here, so that a folder we cannot use is one clear error, not a logged failure per page
            Path(directory).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot use the cache folder {directory}: {exc.strerror or exc}") from None
        self._storage = hishel.SqliteStorage(database_path=Path(directory) / CACHE_FILE)
        self._headers = {name.lower(): str(value) for name, value in request_headers.items()}
        self._max_age = max_age
        self._clock = clock

    def close(self) -> None:
        self._storage.close()

    def _too_old(self, entries: list[hishel.Entry]) -> bool:
        if self._max_age is None:
            return False
        ages = (age_seconds(entry.response.headers, self._clock()) for entry in entries)
        return any(age is not None and age > self._max_age for age in ages)

    def lookup(self, url: str) -> CacheLookup:
        request = hishel.Request("GET", url, hishel.Headers(self._headers))
        entries = self._storage.get_entries(url)
        if self._too_old(entries):  # a request's no-cache makes hishel revalidate whatever is stored
            request = hishel.Request("GET", url, hishel.Headers({**self._headers, "cache-control": "no-cache"}))
        state = hishel.IdleClient(options=OPTIONS).next(request, entries)
        if isinstance(state, hishel.FromCache):
            return CacheLookup(_exchange(url, state.entry.response, revalidated=False), {}, None)
        conditional = {name: state.request.headers[name] for name in CONDITIONAL_HEADERS if name in state.request.headers}
        return CacheLookup(None, conditional, state)

    def _store(self, url: str, response: hishel.Response, before: hishel.CacheMiss | hishel.NeedRevalidation) -> None:
        """Keep ``response`` as the one copy of ``url``: the copies it supersedes are removed, as hishel
        leaves one of them behind, and a lookup could pick it again."""
        request = hishel.Request("GET", url, hishel.Headers(self._headers))
        entry = self._storage.create_entry(request, response, url)
        b"".join(entry.response.stream or ())  # type: ignore[arg-type] - reading it through is what saves it
        for old in getattr(before, "revalidating_entries", ()):
            self._storage.remove_entry(old.id)

    def complete(self, url: str, lookup: CacheLookup, answer: Exchange) -> Exchange | None:
        """The exchange to use after the server answered; None when a 304 matched nothing stored
        (the request must then be sent again without conditions)."""
        if lookup.state is None or answer.status not in (STORED_STATUS, 304):
            return answer
        headers = {name.lower(): value for name, value in answer.headers.items() if name.lower() not in TRANSFER_HEADERS}
        if answer.status == STORED_STATUS:
            headers["content-length"] = str(len(answer.body))
        state = lookup.state.next(hishel.Response(answer.status, hishel.Headers(headers), iter((answer.body,))))
        while True:
            if isinstance(state, hishel.NeedToBeUpdated):
                for entry in state.updating_entries:
                    self._storage.update_headers(entry.id, entry.response.headers)
                state = state.next()
            elif isinstance(state, hishel.InvalidateEntries):
                for entry_id in state.entry_ids:
                    self._storage.remove_entry(entry_id)
                state = state.next()
            elif isinstance(state, hishel.FromCache):
                return _exchange(url, state.entry.response, revalidated=True)
            elif isinstance(state, hishel.StoreAndUse):
                self._store(url, state.response, lookup.state)
                return answer
            elif isinstance(state, hishel.CouldNotBeStored):
                return answer
            else:  # CacheMiss: a 304 for a copy we no longer hold
                return None
