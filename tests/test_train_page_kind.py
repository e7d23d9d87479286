"""bench/train_page_kind.py, trained offline on the hand-made pages of fixtures/page_kind (wcxb's layout):
it writes a model that the library evaluates, the same bytes on every run, and predicts as scikit-learn does."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


import train_page_kind  # noqa: E402
from wcxb_pages import load_wcxb  # noqa: E402

from cleaner.html.page_kind import features_from_html  # noqa: E402
from cleaner.html.page_kind_model import load_model  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "page_kind"


def train(out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = train_page_kind.main([str(FIXTURES), "--part", "all", "--out", str(out), "--folds", "2", "--jobs", "1"])
    assert code == 0
    return capsys.readouterr().out


def test_training_writes_a_model_the_library_evaluates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = train(tmp_path / "model.json", capsys)
    assert "cross-validated accuracy, grouped by site" in output and "7 pages (all)" in output
    model = load_model(tmp_path / "model.json")
    pages = load_wcxb(FIXTURES, "all")
    assert sorted(model.classes) == sorted({p.page_type for p in pages})
    # on the pages it learned from, the rounded pure-Python model says what the fitted one says
    features = [features_from_html(p.html, p.url) for p in pages]
    fitted = train_page_kind.fit([[f[n] for n in model.features] for f in features],
                                 [p.page_type for p in pages], train_page_kind.REGULARISATION)
    assert [model.predict(f) for f in features] == list(fitted.predict([[f[n] for n in model.features]
                                                                        for f in features]))


def test_training_rebuilds_the_same_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    train(tmp_path / "a.json", capsys)
    train(tmp_path / "b.json", capsys)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert json.loads((tmp_path / "a.json").read_text())["features"] == sorted(
        json.loads((tmp_path / "a.json").read_text())["features"])


def test_sites_group_subdomains_and_country_registries() -> None:
    assert train_page_kind.site_of("https://forums.example.org/t/1") == "example.org"
    assert train_page_kind.site_of("https://shop.example.co.uk/p/2") == "example.co.uk"
    assert train_page_kind.site_of(None) == ""


def test_a_folder_without_data_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert train_page_kind.main([str(tmp_path), "--check-only"]) == 2
    assert "train_page_kind:" in capsys.readouterr().err
