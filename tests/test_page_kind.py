"""The kind of page (Document.metadata.page_type): the shipped model on hand-made pages of each kind, the
signals it reads, and the pure-Python model evaluation."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner
from cleaner.html.page_kind import features_from_html, page_features, schema_types
from cleaner.html.page_kind_model import PAGE_KINDS, ModelError, PageKindModel, shipped_model
from cleaner.html.parse import parse_html
from cleaner.html.segment import segment_tree
from cleaner.html.jsonld import json_ld_objects

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "page_kind"
TRUTH = json.loads((FIXTURES / "ground-truth.json").read_text(encoding="utf-8"))


def fixture(page_id: str) -> bytes:
    return (FIXTURES / "html" / f"{page_id}.html").read_bytes()


@pytest.mark.parametrize("page_id", sorted(TRUTH))
def test_each_kind_of_page_is_recognised(page_id: str) -> None:
    entry = TRUTH[page_id]
    document = cleaner.extract(fixture(page_id), url=entry["url"])
    assert document.metadata.page_type == entry["page_type"]


@pytest.mark.parametrize("preset", ["fast", "balanced", "precision", "recall"])
def test_every_preset_reports_the_kind_and_json_carries_it(preset: str) -> None:
    document = cleaner.extract(fixture("102"), url=TRUTH["102"]["url"], options=cleaner.Options.from_preset(preset))
    assert document.metadata.page_type == "forum"
    assert json.loads(document.to_json())["metadata"]["page_type"] == "forum"


def test_scraped_text_gets_its_page_kind_from_the_text_path() -> None:
    """clean_text reads the kind from the text alone (cleaner.text.kind); a short news note is an article."""
    document = cleaner.clean_text("A short note.\n\nThe council met on Tuesday and approved the harbour plan "
                                  "after a long debate with residents.")
    assert document.metadata.page_type == "article"
    assert json.loads(document.to_json())["metadata"]["page_type"] == "article"


def test_the_kind_comes_without_a_url_too() -> None:
    assert cleaner.extract(fixture("103")).metadata.page_type == "product"


def test_a_page_without_blocks_still_gets_a_kind() -> None:
    document = cleaner.extract("<html><head><title>x</title></head><body></body></html>")
    assert document.metadata.page_type in PAGE_KINDS


def test_signals_read_schema_types_nested_and_in_graphs() -> None:
    objects = json_ld_objects(parse_html(
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "WebPage", "mainEntity": '
        '{"@type": ["Product"], "offers": {"@type": "Offer"}}}]}</script></head><body><p>x</p></body></html>'))
    assert {"webpage", "product", "offer"} <= schema_types(objects)


def test_signals_of_a_product_and_of_documentation() -> None:
    product = features_from_html(fixture("103"), TRUTH["103"]["url"])
    docs = features_from_html(fixture("105"), TRUTH["105"]["url"])
    assert product["schema_product"] == 1.0 and product["prices"] > 0 and product["cart_words"] > 0
    assert product["url_product"] == 1.0 and docs["url_docs"] == 1.0
    assert docs["code_blocks"] > 0 and docs["cls_docs"] > 0 and product["code_blocks"] == 0


def test_signals_are_read_from_the_tree_extract_parsed() -> None:
    root = parse_html(fixture("101").decode())
    in_place = page_features(root, segment_tree(root), TRUTH["101"]["url"], json_ld_objects(root))
    assert in_place == features_from_html(fixture("101"), TRUTH["101"]["url"])
    assert sorted(in_place) == sorted(shipped_model().features)


def test_the_model_gives_probabilities_over_the_seven_kinds() -> None:
    model = shipped_model()
    assert sorted(model.classes) == sorted(PAGE_KINDS)
    scores = model.scores(features_from_html(fixture("106")))
    assert abs(sum(scores.values()) - 1.0) < 1e-9
    assert max(scores, key=scores.__getitem__) == model.predict(features_from_html(fixture("106")))


def test_a_malformed_model_file_is_refused() -> None:
    with pytest.raises(ModelError):
        PageKindModel.from_dict({"classes": ["a"], "features": ["x"]})
    with pytest.raises(ModelError):
        PageKindModel.from_dict({"classes": ["a", "b"], "features": ["x"], "mean": [0.0], "scale": [1.0],
                                 "weights": [[1.0]], "intercepts": [0.0, 0.0]})
