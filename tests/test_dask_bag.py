"""``cleaner.dask``: clean_bag and learn_bag_templates in a user's own Dask pipeline."""
from __future__ import annotations

import pytest

db = pytest.importorskip("dask.bag")

import cleaner  # noqa: E402
import cleaner.dask  # noqa: E402
from spread_helpers import site_page  # noqa: E402


def pages() -> list[tuple[str, str]]:
    return [(f"http://site{n % 2}.example/news/{n}", site_page(n % 2, n)) for n in range(12)]


def test_clean_bag_gives_the_batch_record_of_each_page():
    given = [*pages(), {"url": "http://x.example/bin", "html": b"\x00\x01\x02 not a page"}, b"<p>bare html</p>"]
    records = cleaner.dask.clean_bag(db.from_sequence(given, npartitions=3)).compute(scheduler="sync")
    assert len(records) == len(given)
    for (url, html), record in zip(pages(), records):
        document = cleaner.extract(html, url=url)
        assert (record["source"], record["url"], record["status"]) == (url, url, "ok")
        assert record["text"] == document.text and record["title"] == document.title
        assert record["removed"] and {"label", "reason", "text"} == set(record["removed"][0])
    assert records[-2]["status"] == "failed" and "not HTML" in records[-2]["error"]
    assert records[-1]["source"] is None and records[-1]["status"] in ("ok", "no_main_content")


def test_a_page_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="a page is HTML"):
        cleaner.dask.clean_bag(db.from_sequence([42])).compute(scheduler="sync")


def test_templates_learned_over_a_bag_equal_learn_templates_and_clean_with_them():
    bag = db.from_sequence(pages(), npartitions=4)
    learned = cleaner.dask.learn_bag_templates(bag)
    templates = learned.compute(scheduler="sync")
    assert templates.to_json() == cleaner.learn_templates(pages()).to_json()
    records = cleaner.dask.clean_bag(bag, templates=learned).compute(scheduler="sync")
    url, html = pages()[0]
    assert records[0]["text"] == cleaner.extract(html, url=url, templates=templates).text
    assert any(r["reason"].startswith("template:") for r in records[0]["removed"])
