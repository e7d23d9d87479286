"""The quality gate: F1 floors per set (and preset) pinned in bench/floors.json.

Format: ``{"<set>": {"f1": <floor of the balanced preset>, "<preset>": {"f1": <floor>}}}``. For wcxb-dev the
"set" is the *check* part, overall (``wcxb-dev/check``, WCXB metric) and per kind (``wcxb-dev/check/<kind>``).
Raising floors writes the figures reached, rounded down to 3 decimals, never lowering one; lowering a floor
is a deliberate hand edit whose reason goes in the commit message.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from cleaner.cli.common import write_atomic

DEFAULT_PRESET = "balanced"
#: floors are stored with this many decimals, rounded down so that the run that set them passes
DECIMALS = 3


class FloorsError(Exception):
    """floors.json is unreadable or malformed."""


@dataclass(frozen=True)
class Floor:
    set_name: str
    preset: str
    f1: float


def read_floors(path: Path) -> tuple[Floor, ...]:
    if not path.exists():
        return ()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        floors = []
        for set_name, entry in raw.items():
            for key, value in entry.items():
                if key == "f1":
                    floors.append(Floor(set_name, DEFAULT_PRESET, float(value)))
                else:
                    floors.append(Floor(set_name, key, float(value["f1"])))
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FloorsError(f"cannot read floors from {path}: {exc}") from exc
    return tuple(floors)


def failures(floors: Iterable[Floor], reached: Mapping[tuple[str, str], float]) -> list[str]:
    """One message per floor that the run fell below (or did not measure)."""
    out = []
    for floor in floors:
        f1 = reached.get((floor.set_name, floor.preset))
        if f1 is None:
            out.append(f"{floor.set_name} cleaner-{floor.preset}: not measured (floor {floor.f1:.3f})")
        elif f1 < floor.f1:
            out.append(f"{floor.set_name} cleaner-{floor.preset}: F1 {f1:.4f} is below its floor {floor.f1:.3f}")
    return out


def _round_down(value: float) -> float:
    scale = 10 ** DECIMALS
    return math.floor(value * scale + 1e-9) / scale


def raise_floors(path: Path, floors: Iterable[Floor], reached: Mapping[tuple[str, str], float], *,
                 margin: float = 0.0) -> dict:
    """Write the figures reached (minus ``margin``, room for noise on small groups of pages) as the new floors
    where they are higher; returns the JSON written."""
    merged = {(f.set_name, f.preset): f.f1 for f in floors}
    for key, f1 in reached.items():
        merged[key] = max(merged.get(key, 0.0), _round_down(f1 - margin))
    data: dict = {}
    for (set_name, preset), f1 in sorted(merged.items()):
        entry = data.setdefault(set_name, {})
        if preset == DEFAULT_PRESET:
            entry["f1"] = f1
        else:
            entry[preset] = {"f1": f1}
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return data
