"""The block scorer's models: the shipped ones, or a folder of your own (``Options.scorer_models``)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import cleaner
from cleaner import InputError, Options
from cleaner.cli.main import main
from cleaner.html.scorer import MODEL_FILES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "cleaner" / "data"
PAGE = (ROOT / "fixtures" / "pages" / "cookie-newsletter" / "source.html").read_bytes()


def _models(folder: Path, base: float | None = None) -> Path:
    """A folder holding the shipped models, with every block's log-odds moved to ``base`` when given."""
    folder.mkdir()
    for name in MODEL_FILES.values():
        data = json.loads((DATA / name).read_text())
        if base is not None:
            data["base"] = base
        (folder / name).write_text(json.dumps(data))
    return folder


@pytest.mark.parametrize("preset", ["balanced", "fast"])
def test_a_copy_of_the_shipped_models_gives_the_same_document(tmp_path: Path, preset: str) -> None:
    shipped = cleaner.extract(PAGE, options=Options.from_preset(preset))
    copied = cleaner.extract(PAGE, options=Options(preset=preset, scorer_models=_models(tmp_path / "copy")))
    assert copied.text == shipped.text and copied.removed == shipped.removed


def test_the_folder_models_decide(tmp_path: Path) -> None:
    """Models that score every block as text keep what the rules alone would leave out: the folder's models
    are the ones applied, not the shipped ones."""
    shipped = cleaner.extract(PAGE, options=Options.from_preset("fast"))
    eager = cleaner.extract(PAGE, options=Options(preset="fast", scorer_models=str(_models(tmp_path / "m", 100.0))))
    assert len(eager.text) > len(shipped.text) and len(eager.removed) < len(shipped.removed)


def test_a_missing_or_broken_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the scorer model"):
        cleaner.extract(PAGE, options=Options(scorer_models=str(tmp_path / "nowhere")))
    broken = _models(tmp_path / "broken")
    (broken / MODEL_FILES["solo"]).write_text("{not json")
    with pytest.raises(InputError, match="not JSON"):
        cleaner.extract(PAGE, options=Options(preset="fast", scorer_models=str(broken)))
    (broken / MODEL_FILES["solo"]).write_text(json.dumps({"columns": ["log_length"], "trees": []}))
    with pytest.raises(InputError, match="other signals"):
        cleaner.extract(PAGE, options=Options(preset="fast", scorer_models=str(broken)))
    (broken / MODEL_FILES["solo"]).write_text(json.dumps([1, 2]))
    with pytest.raises(InputError, match="not a scorer model"):
        cleaner.extract(PAGE, options=Options(preset="fast", scorer_models=str(broken)))


def test_the_cli_takes_a_folder_and_fails_in_one_line_on_a_bad_one(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    assert main(["extract", str(page), "--scorer-models", str(_models(tmp_path / "m"))]) == 0
    assert "Most cities now promise" in capsys.readouterr().out
    assert main(["extract", str(page), "--scorer-models", str(tmp_path / "nowhere")]) != 0
    err = capsys.readouterr().err.strip()
    assert "cannot read the scorer model" in err and len(err.splitlines()) == 1 and "Traceback" not in err
