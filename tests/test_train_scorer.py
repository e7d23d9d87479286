"""bench/train_scorer.py end to end on a tiny folder: the bundled fixture pages laid out as a benchmark set
(readability's layout: <case>/source.html and expected.txt), offline. Training twice writes the same bytes,
and the package reads and applies what was written."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

pytest.importorskip("sklearn")

import train_scorer  # noqa: E402
from scorer_fit import block_shares, page_f1  # noqa: E402

from cleaner import Options  # noqa: E402
from cleaner.html.pipeline import analyse  # noqa: E402
from cleaner.html.scorer import model_from_json, probabilities, rescore  # noqa: E402
from cleaner.html.scorer_features import PageInputs, expand, raw_rows  # noqa: E402
from scorer_data import collect  # noqa: E402
from scorer_folds import fold_folder, fold_of_site, models_for_page  # noqa: E402

import cleaner  # noqa: E402


@pytest.fixture(scope="module")
def bench_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    for case in sorted((ROOT / "fixtures" / "pages").iterdir()):
        if (case / "source.html").is_file() and (case / "expected.txt").is_file():
            shutil.copytree(case, root / "readability" / case.name)
    return root


def _train(bench: Path, out: Path, cache: Path) -> None:
    code = train_scorer.main(["train", str(bench), "--sets", "readability", "--out", str(out), "--cache", str(cache),
                              "--jobs", "1", "--trees", "4", "--min-leaf", "5"])
    assert code == 0


def test_training_rebuilds_the_same_models_and_the_package_reads_them(bench_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _train(bench_folder, tmp_path / "first", cache)
    shutil.rmtree(cache)  # the second run recomputes the pages too
    _train(bench_folder, tmp_path / "second", cache)
    for view in ("assisted", "solo"):
        first = (tmp_path / "first" / f"scorer-{view}.json").read_bytes()
        assert first == (tmp_path / "second" / f"scorer-{view}.json").read_bytes()
        model = model_from_json(json.loads(first))
        low, high = model.threshold("balanced")
        assert model.view == view and model.trees and 0 <= low <= high < 1
    model = model_from_json(json.loads((tmp_path / "first" / "scorer-solo.json").read_text()))
    html = (ROOT / "fixtures" / "pages" / "news-article" / "source.html").read_bytes()
    analysis = analyse(html, options=Options.from_preset("fast"))
    parts = analysis.segments
    page = PageInputs(tuple(p.segment for p in parts), tuple(p.verdict for p in parts), *analysis.candidates,
                      tuple(p.decision for p in parts))
    rows = raw_rows(page)
    scored = probabilities(model, rows)
    assert len(scored) == len(rows) > 0 and all(0.0 <= p <= 1.0 for p in scored)
    for row, values in zip(rows, expand(rows, model.vocabulary)):  # the compiled trees walk the trees
        assert model.log_odds(row.numeric, row.categories) == pytest.approx(_walk(model, values), abs=1e-9)
    for row in rows:  # the compiled sums add the walk's numbers in the walk's order: equal to the last bit
        assert model.contributions(row) == _walk_contributions(model, row)
    for decision in rescore(page, model, (0.5, 0.5)):
        assert decision.keep or (decision.label is not None and decision.reason)


def test_fold_models_are_fitted_without_their_fold_and_the_package_reads_them(bench_folder: Path,
                                                                               tmp_path: Path) -> None:
    out = tmp_path / "folds"
    code = train_scorer.main(["folds", str(bench_folder), "--sets", "readability", "--out", str(out), "--cache",
                              str(tmp_path / "cache"), "--jobs", "1", "--trees", "4", "--min-leaf", "5",
                              "--folds", "2"])
    assert code == 0
    trained_on = set()
    html = (ROOT / "fixtures" / "pages" / "news-article" / "source.html").read_bytes()
    for fold in (0, 1):
        folder = fold_folder(fold, out)
        for view in ("assisted", "solo"):
            trained_on.add(json.loads((folder / f"scorer-{view}.json").read_text())["trained_on"])
        assert cleaner.extract(html, options=Options(scorer_models=str(folder))).text
    assert len(trained_on) >= 2  # each fold's models saw other pages


def test_each_training_page_gets_the_fold_of_its_site() -> None:
    first = models_for_page("https://example.org/a", "wcxb-dev", "0001", "tune")
    assert first == models_for_page("https://example.org/b/c", "wcxb-dev", "0002", "tune")
    assert models_for_page("https://example.org/a", "wcxb-dev", "0003", "check") is None
    assert models_for_page(None, "aeb-dev", "x", None) == fold_folder(fold_of_site("aeb-dev/x"))


def _walk(model, values) -> float:
    total = model.base
    for nodes in model.trees:
        node = nodes[0]
        while len(node) > 1:
            node = nodes[node[2] if values[node[0]] <= node[1] else node[3]]
        total += node[0]
    return total


def _walk_contributions(model, row) -> dict[int, float]:
    """Per column, the child's value less the node's at each split on the way down every tree, walked node by
    node (what ``ScorerModel.contributions`` compiles)."""
    moved: dict[int, float] = {}
    for nodes in model.trees:
        node = nodes[0]
        while len(node) > 1:
            child = nodes[node[2] if model.value(row, node[0]) <= node[1] else node[3]]
            moved[node[0]] = moved.get(node[0], 0.0) + child[-1] - node[-1]
            node = child
    return moved


def test_labels_and_page_score_follow_the_word_bag_metric(bench_folder: Path, tmp_path: Path) -> None:
    page = collect(bench_folder, ["readability"], tmp_path, 1)[0]
    shares = block_shares(page)
    assert len(shares) == len(page.words) and any(s > 0.9 for s in shares) and any(s < 0.1 for s in shares)
    truth = {word: page.truth.count(word) for word in set(page.truth)}
    from collections import Counter

    assert page_f1(Counter(truth), [page.truth], [True]) == 1.0
    assert page_f1(Counter(truth), [("menu",)], [True]) == 0.0


def test_the_training_matrix_holds_the_numbers_the_package_computes() -> None:
    from cleaner.html.scorer_features import NUMERIC_NAMES, RawRow, expand
    from scorer_data import PageRows, pack
    from scorer_fit import matrix

    width = len(NUMERIC_NAMES)
    rows = [RawRow(0, tuple(float(n) for n in range(width)), {"tag": {"p": 1.0}, "token": {"menu": 0.5, "odd": 1.0}}),
            RawRow(2, (0.5,) * width, {"tag": {"div": 1.0}, "kind": {"paragraph": 1.0}})]
    vocab = {"tag": ["div", "p"], "token": ["menu"], "kind": ["list", "paragraph"]}
    page = PageRows("set", "1", "article", "tune", "site", ("a",), (("a",), ("b",)), None, pack(rows), False)
    features, labels, _, owners = matrix([page], "solo", vocab)
    assert features.tolist() == expand(rows, vocab)
    assert labels.tolist() == [1, 0] and owners.tolist() == [0, 0]
