"""The explain report (cleaner/report/) as HTML text: escaping, reading order, legend, metadata."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

import cleaner
from cleaner.report.page import CONTENT_SECURITY_POLICY, label_counts, reading_order
from cleaner.report.palette import KEPT, LABEL_COLOURS, tint
from cleaner.types import Block, BlockKind, Document, Label, Metadata, RemovedBlock, Status

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "pages" / "cookie-newsletter" / "source.html"


def parse(report: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(report)


def test_every_label_has_its_own_colour() -> None:
    assert set(LABEL_COLOURS) == set(Label)
    assert len(set(LABEL_COLOURS.values())) == len(Label)


def test_tint_mixes_toward_white() -> None:
    assert tint("#000000", 0.5) == "#808080"
    assert tint("#ffffff") == "#ffffff"


def test_blocks_come_in_page_order_kept_and_removed_interleaved() -> None:
    document = cleaner.extract(PAGE.read_bytes())
    ordered = reading_order(document)
    assert len(ordered) == len(document.blocks) + len(document.removed)
    assert [b.order for b in ordered] == sorted(b.order for b in ordered)
    kinds = [isinstance(b, RemovedBlock) for b in ordered]
    first_kept, last_kept = kinds.index(False), len(kinds) - 1 - kinds[::-1].index(False)
    assert kinds[0] and kinds[-1] and not all(kinds[first_kept:last_kept])  # removed on both sides, kept between


def test_scraped_text_documents_have_an_order_too() -> None:
    text = (ROOT / "fixtures" / "text" / "scraped-harbour.txt").read_text(encoding="utf-8")
    document = cleaner.clean_text(text)
    assert all(b.order >= 0 for b in (*document.blocks, *document.removed))


def test_documents_without_positions_list_kept_then_removed() -> None:
    kept = Block(BlockKind.PARAGRAPH, "kept")
    removed = RemovedBlock(Label.FOOTER, "footer", "gone", "/html/body/footer", "markup")
    document = Document("kept", None, Metadata(), (kept,), (removed,))
    assert reading_order(document) == [kept, removed]


def test_everything_from_the_page_is_escaped() -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    document = Document(
        text=evil, title=evil, metadata=Metadata(url="javascript:alert(3)", title=evil, author=evil, tags=(evil,)),
        blocks=(Block(BlockKind.PARAGRAPH, evil, order=1),),
        removed=(RemovedBlock(Label.SPONSOR, evil, evil, evil, rule=evil, order=0),))
    report = document.explain_html()
    assert "<script" not in report and "<img" not in report
    assert report.count("&lt;script&gt;") >= 6
    dom = parse(report)
    assert not dom.xpath("//script | //img | //a | //*[@onerror]")


def test_the_report_forbids_scripts_and_requests() -> None:
    report = cleaner.extract(PAGE.read_bytes()).explain_html()
    dom = parse(report)
    policy = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy == [CONTENT_SECURITY_POLICY]
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "script" not in CONTENT_SECURITY_POLICY
    assert not dom.xpath("//script | //link | //img | //iframe | //*[@src] | //*[@href]")
    assert not re.search(r"url\(|@import", report)


def test_legend_counts_every_label_and_kept_blocks() -> None:
    document = cleaner.extract(PAGE.read_bytes())
    counts = label_counts(document)
    assert counts[KEPT] == len(document.blocks)
    assert sum(counts.values()) == len(document.blocks) + len(document.removed)
    assert counts["cookie_notice"] >= 1
    dom = parse(document.explain_html())
    legend = {li.get("data-label"): int(li.get("data-count")) for li in dom.xpath("//ul[@class='legend']/li")}
    assert legend == counts


def test_removed_blocks_show_rule_and_reason() -> None:
    document = cleaner.extract(PAGE.read_bytes())
    dom = parse(document.explain_html())
    removed_items = dom.xpath("//ol[@class='page']/li[not(contains(@class,'kept'))]")
    assert len(removed_items) == len(document.removed)
    for item, removed in zip(removed_items, sorted(document.removed, key=lambda r: r.order)):
        assert item.xpath("string(.//span[@class='rule'])") == removed.rule
        assert item.xpath("string(.//span[@class='why'])") == removed.reason


def test_metadata_page_kind_and_clean_article_are_shown() -> None:
    document = cleaner.extract(PAGE.read_bytes(), url="https://example.org/trees")
    assert document.metadata.page_type == "article"  # detected by cleaner.html.page_kind
    dom = parse(document.explain_html())
    assert dom.xpath("string(//span[@class='kind'])") == "article"
    meta = dict(zip(dom.xpath("//dl[@class='meta']/dt/text()"), dom.xpath("//dl[@class='meta']/dd/text()")))
    assert meta["url"] == "https://example.org/trees"
    assert meta["page kind"] == "article"
    article_text = dom.xpath("string(//section[@class='article']/article)")
    assert document.blocks[1].text in article_text


def test_an_empty_document_still_gets_a_report() -> None:
    report = cleaner.extract(b"").explain_html()
    assert Status.EMPTY_INPUT.value in report
    assert "No blocks" in report and "No article" in report
