"""What bench/quality.py prints and records for wcxb-dev (WCXB, CC-BY-4.0, Murrough Foley): the tables per
part and kind of page (bench/wcxb_report.py), page_type accuracy, the gate's figures, and the per-page JSONL."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

from datasets import CHECK
from gate import DEFAULT_PRESET
from metric import PageScore
from run_pages import Scored
from systems import CLEANER_PREFIX
from wcxb_metric import BagScore
from wcxb_report import Row, figures, ordered_kinds, page_type_lines, report

#: the trafilatura settings issue 12 compares with: the better of the two on each part is the reference
TRAFILATURA_REFERENCE = ("trafilatura", "trafilatura-nocomments")


def rows_of(scored: Sequence[Scored]) -> list[Row]:
    return [Row(s.page.page_id, s.page.kind or "unknown", s.page.part or "", s.score) for s in scored]


def wcxb_lines(set_name: str, results: Mapping[str, Sequence[Scored]]) -> list[str]:
    """The part/kind tables, each cleaner preset minus the better trafilatura, page_type accuracy, crashes."""
    rows = {name: rows_of(scored) for name, scored in results.items()}
    cleaners = [name for name in results if name.startswith(CLEANER_PREFIX)]
    lines = report(set_name, rows, reference=TRAFILATURA_REFERENCE, compared=cleaners)
    for name, scored in results.items():
        lines += page_type_lines(name, [(s.page.kind or "", s.page.part or "", s.prediction.page_type)
                                        for s in scored])
        errors = [s for s in scored if s.prediction.error]
        if errors:
            lines.append(f"  {name}: raised on {len(errors)} pages (first: {errors[0].page.page_id} "
                         f"{errors[0].prediction.error})")
    return lines


def wcxb_reached(set_name: str, results: Mapping[str, Sequence[Scored]]) -> dict[tuple[str, str], float]:
    """The F1 of each cleaner preset on the *check* part (``<set>/check``), and per kind (``<set>/check/<kind>``)
    for the default preset, whose per-kind figures issue 12 holds to trafilatura's: what the gate holds to floors."""
    reached: dict[tuple[str, str], float] = {}
    for name, scored in results.items():
        rows = [row for row in rows_of(scored) if row.part == CHECK]
        if not name.startswith(CLEANER_PREFIX) or not rows:
            continue
        preset = name[len(CLEANER_PREFIX):]
        reached[(f"{set_name}/{CHECK}", preset)] = figures(rows, CHECK).f1
        for kind in ordered_kinds(row.kind for row in rows) if preset == DEFAULT_PRESET else ():
            reached[(f"{set_name}/{CHECK}/{kind}", preset)] = figures(rows, CHECK, kind).f1
    return reached


def score_fields(score: PageScore | BagScore, text: str) -> dict:
    """A page score as JSON fields."""
    return {"p": round(score.precision, 4), "r": round(score.recall, 4), "f1": round(score.f1, 4),
            "empty": not text.strip()}


def page_record(scored_by_system: Mapping[str, Scored]) -> dict:
    """One JSON line: the page, then P/R/F1 and emptiness per system (and the detected page_type if any)."""
    first = next(iter(scored_by_system.values()))
    page = first.page
    record: dict = {"set": page.set_name, "id": page.page_id, "kind": page.kind, "part": page.part,
                    "url": page.url, "scores": {}}
    for name, s in scored_by_system.items():
        record["scores"][name] = score_fields(s.score, s.prediction.text)
        if s.prediction.page_type is not None:
            record.setdefault("page_type", {})[name] = s.prediction.page_type
        if s.prediction.error:
            record.setdefault("errors", {})[name] = s.prediction.error
    return record


class PerPageWriter:
    """Per-page scores as JSONL, written to a temporary file and renamed into place when closed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                                   suffix=".tmp")

    def add(self, results: Mapping[str, Sequence[Scored]]) -> None:
        """One line per page of the set, every system's scores in it."""
        names = list(results)
        for index in range(len(results[names[0]])):
            self.write(page_record({name: results[name][index] for name in names}))

    def write(self, record: dict) -> None:
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._handle.close()
        os.replace(self._handle.name, self.path)
