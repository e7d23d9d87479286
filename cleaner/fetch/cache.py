"""An on-disk cache of successful responses, so re-running a batch does not download again.

Each URL is stored as two files named by the SHA-256 of the URL: ``<key>.body`` (the raw body) and
``<key>.json`` (status, headers, final URL, encoding). Both are written atomically, the JSON last,
so a reader that finds the JSON also finds a complete body. Entries never expire: delete the folder
to refresh.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path

from requests.structures import CaseInsensitiveDict

from cleaner.atomic import write_bytes_atomic  # noqa: F401 - used by the fetch command too
from cleaner.fetch.settings import FetchResult

log = logging.getLogger(__name__)


def result_metadata(result: FetchResult) -> dict[str, object]:
    """Everything about a result except its body, as JSON-ready values."""
    data = asdict(result)
    del data["body"]
    data["headers"] = dict(result.headers)
    return data


class HttpCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.directory / f"{key}.body", self.directory / f"{key}.json"

    def load(self, url: str) -> FetchResult | None:
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            return FetchResult(url=url, final_url=meta["final_url"], status=int(meta["status"]),
                               headers=CaseInsensitiveDict(meta["headers"]), body=body,
                               encoding=meta["encoding"], encoding_method=meta["encoding_method"],
                               elapsed=float(meta["elapsed"]), from_cache=True)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable cache entry for %s: %s", url, exc)
            return None

    def store(self, result: FetchResult) -> None:
        body_path, meta_path = self._paths(result.url)
        try:
            write_bytes_atomic(body_path, result.body)
            text = json.dumps(result_metadata(result), ensure_ascii=False, indent=1)
            write_bytes_atomic(meta_path, text.encode("utf-8"))
        except OSError as exc:
            # A cache that cannot be written costs a re-download later, not this fetch.
            log.warning("cannot write cache entry for %s: %s", result.url, exc)
