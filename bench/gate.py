"""The quality gate: F1 floors per set (and preset) pinned in bench/floors.json.

Format: ``{"<set>": {"f1": <floor of the balanced preset>, "<preset>": {"f1": <floor>}}}``. For wcxb-dev the
"set" is the *check* part, overall (``wcxb-dev/check``, WCXB metric) and per kind (``wcxb-dev/check/<kind>``).
Raising floors writes the figures reached, rounded down to 3 decimals, never lowering one; lowering a floor
is a deliberate hand edit whose reason goes in the commit message.

``python bench/gate.py --locate`` prints the benchmark folder CI runs the gate on ($CLEANER_BENCH, else
../shared/bench beside the repository), or says in one line that there is none and exits 1: a gate without
data fails rather than passes.
"""
from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from cleaner.atomic import write_atomic

DEFAULT_PRESET = "balanced"
#: The environment variable naming the benchmark folder; without it, ../shared/bench beside the repository.
BENCH_ENV = "CLEANER_BENCH"
#: The sets the gate scores: a folder without them is no benchmark folder.
GATE_SETS = ("aeb-dev", "readability")
REPO = Path(__file__).resolve().parent.parent
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


def failures(floors: Iterable[Floor], reached: Mapping[tuple[str, str], float], *,
             system: str | None = None) -> list[str]:
    """One message per floor that the run fell below (or did not measure); ``system`` names what was
    measured (default: cleaner-<preset>)."""
    out = []
    for floor in floors:
        name = system or f"cleaner-{floor.preset}"
        f1 = reached.get((floor.set_name, floor.preset))
        if f1 is None:
            out.append(f"{floor.set_name} {name}: not measured (floor {floor.f1:.3f})")
        elif f1 < floor.f1:
            out.append(f"{floor.set_name} {name}: F1 {f1:.4f} is below its floor {floor.f1:.3f}")
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


def bench_folder(environ: Mapping[str, str], repo: Path) -> Path:
    """Where the benchmark data should be: $CLEANER_BENCH when set (and only there), else ../shared/bench."""
    named = environ.get(BENCH_ENV)
    return Path(named) if named else repo.parent / "shared" / "bench"


def find_data(environ: Mapping[str, str], repo: Path) -> Path | None:
    """The benchmark folder when it holds the gate's sets, else None."""
    folder = bench_folder(environ, repo)
    return folder if all((folder / name).is_dir() for name in GATE_SETS) else None


def locate(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None, repo: Path = REPO) -> int:
    """``--locate``: print the benchmark folder and return 0, or one line on stderr and 1."""
    if list(argv if argv is not None else sys.argv[1:]) != ["--locate"]:
        print("usage: python bench/gate.py --locate", file=sys.stderr)
        return 2
    environ = os.environ if environ is None else environ
    found = find_data(environ, repo)
    if found is None:
        print(f"quality gate: no benchmark data in {bench_folder(environ, repo)} "
              f"(set {BENCH_ENV} to the folder holding {' and '.join(GATE_SETS)})", file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(locate())
