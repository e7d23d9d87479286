"""A disk cache of the baselines' outputs (trafilatura's), so that each benchmark run recomputes only cleaner.

One JSON file per trafilatura version, system and set: ``<folder>/trafilatura-<version>/<system>-<settings
hash>/<set>.json`` = ``{page id: {"sha": digest of the page bytes, "text", "seconds", "metadata"}}``. The system
name and a digest of its keyword arguments (systems.TRAFILATURA_SETTINGS) say which settings made the text; the
page digest makes an entry stale when the page changes. Files are written whole through a temporary file and a
rename, so an interrupted or concurrent run loses at most its own new entries. The default folder is
``$XDG_CACHE_HOME/cleaner-bench`` (``~/.cache/cleaner-bench``): shared by every checkout, never in git.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from datasets import MetadataFields, Page
from systems import TRAFILATURA_SETTINGS, Prediction


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleaner-bench"


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def trafilatura_version() -> str:
    import trafilatura

    return str(trafilatura.__version__)


class PredictionCache:
    """Cached predictions of the cacheable systems (trafilatura's settings), loaded per (system, set)."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder / f"trafilatura-{version}"
        self._files: dict[tuple[str, str], dict] = {}
        self._dirty: set[tuple[str, str]] = set()

    @staticmethod
    def cacheable(system: str) -> bool:
        return system in TRAFILATURA_SETTINGS

    def _path(self, system: str, set_name: str) -> Path:
        settings = json.dumps(TRAFILATURA_SETTINGS[system], sort_keys=True).encode()
        return self.folder / f"{system}-{_digest(settings)[:8]}" / f"{set_name}.json"

    def _entries(self, system: str, set_name: str) -> dict:
        key = (system, set_name)
        if key not in self._files:
            try:
                self._files[key] = json.loads(self._path(system, set_name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._files[key] = {}
        return self._files[key]

    def get(self, system: str, page: Page, want_metadata: bool) -> Prediction | None:
        """The cached prediction, or None when absent, stale, or lacking the metadata asked for."""
        entry = self._entries(system, page.set_name).get(page.page_id)
        if not entry or entry.get("sha") != _digest(page.html):
            return None
        meta = entry.get("metadata")
        if want_metadata and meta is None and system == "trafilatura":
            return None
        found = MetadataFields(**meta) if meta is not None else None
        return Prediction(system, entry["text"], entry["seconds"], found)

    def put(self, system: str, page: Page, prediction: Prediction) -> None:
        """Remember a prediction (never an error: a crash is not a result worth keeping)."""
        if prediction.error or not self.cacheable(system):
            return
        old = self._entries(system, page.set_name).get(page.page_id) or {}
        meta = asdict(prediction.metadata) if prediction.metadata is not None else old.get("metadata")
        self._entries(system, page.set_name)[page.page_id] = {
            "sha": _digest(page.html), "text": prediction.text, "seconds": prediction.seconds, "metadata": meta}
        self._dirty.add((system, page.set_name))

    def save(self) -> None:
        """Write the files that changed: merged with what another run may have written meanwhile."""
        for system, set_name in sorted(self._dirty):
            path = self._path(system, set_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                on_disk = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                on_disk = {}
            on_disk.update(self._files[(system, set_name)])
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                             suffix=".tmp") as handle:
                json.dump(on_disk, handle, ensure_ascii=False)
            os.chmod(handle.name, 0o644)  # a cache shared by the checkouts of the machine
            os.replace(handle.name, path)
        self._dirty.clear()
