"""The READMEs say what the code does: the --explain sample is the CLI's output on the same fixture, and
the main README, fixtures/README.md and the options agree on which presets keep image captions."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cleaner.cli.main import main
from cleaner.options import Options, Preset

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIXTURES_README = (ROOT / "fixtures" / "README.md").read_text(encoding="utf-8")
#: The sample: a shell line "$ cleaner extract FILE --explain 2>&1 >/dev/null | head -n N", then its output.
SAMPLE = re.compile(r"```\n\$ (cleaner extract \S+ --explain) 2>&1 >/dev/null \| head -n (\d+)\n(.*?)```", re.DOTALL)


def test_the_explain_sample_is_what_the_cli_prints(capsys) -> None:
    match = SAMPLE.search(README)
    assert match, "README.md has no --explain sample in the expected form"
    command, count, shown = match.group(1), int(match.group(2)), match.group(3).splitlines()
    assert len(shown) == count
    main([arg if i != 1 else str(ROOT / arg) for i, arg in enumerate(shlex.split(command)[1:])])
    printed = capsys.readouterr().err.splitlines()
    assert shown == printed[:count]


def caption_column(markdown: str, header: str) -> dict[str, bool]:
    """preset -> captions kept, from the markdown table whose header row starts with ``header``."""
    lines = markdown[markdown.index(header):].splitlines()
    column = [c.strip() for c in lines[0].strip("|").split("|")].index(
        next(c.strip() for c in lines[0].strip("|").split("|") if "caption" in c))
    rows = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = {"kept": True, "left out": False}[cells[column]]
    return rows


@pytest.mark.parametrize("document,header", [(README, "| preset | aeb-dev F1"),
                                             (FIXTURES_README, "| preset | image captions")],
                         ids=["README", "fixtures-README"])
def test_the_readmes_say_which_presets_keep_captions(document: str, header: str) -> None:
    said = caption_column(document, header)
    assert said == {preset.value: Options(preset=preset).include_captions for preset in Preset}
