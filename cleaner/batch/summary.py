"""The end-of-batch summary: counts over the whole job (all resumed runs), speed of this run."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cleaner.batch.journal import Entry
from cleaner.batch.records import Outcome


@dataclass(frozen=True)
class BatchSummary:
    ok: int
    empty: int
    failed: int
    #: documents processed by this run (the rest were done by an earlier, resumed run)
    processed: int
    seconds: float
    failures_path: Path | str | None
    out: Path | str  # a folder, or the URL a spread batch wrote to
    #: high-water resident memory (KiB) of the parent and of the largest worker
    parent_peak_kb: int = 0
    worker_peak_kb: int = 0
    #: on --resume: documents an interrupted run had finished but not yet journalled, processed again
    redone: int | None = None

    @property
    def total(self) -> int:
        return self.ok + self.empty + self.failed

    @property
    def pages_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        """Human-readable summary; the last line carries the failure count."""
        lines = [f"{self.total} documents: {self.ok} ok, {self.empty} empty, {self.failed} failed",
                 f"{self.processed} processed in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s); "
                 f"output in {self.out}"]
        if self.redone is not None:
            lines.append(f"resumed: {self.redone} of them processed again (finished before the interruption "
                         f"but not yet journalled)")
        if self.failed and self.failures_path is not None:
            lines.append(f"failures listed in {self.failures_path}")
        lines.append(f"{self.failed} failed" if self.failed else "all documents succeeded (0 failed)")
        return lines


def count(entries: Iterable[Entry], outcome: Outcome) -> int:
    return sum(1 for entry in entries if entry.outcome is outcome)
