"""Done-when: only the HTML responses of a WARC.gz are cleaned, each with its WARC record id in ``source``."""
from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from batch_pages import article_page, stand_in_extract
from cleaner.batch.inputs import discover
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.inputs import iter_tasks
from cleaner.batch.units import UnitKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def response(writer: WARCWriter, url: str, body: bytes, content_type: str):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def build_warc(path: Path) -> dict[str, str]:
    """A WARC.gz of mixed records; returns record id -> URL of the HTML responses."""
    html: dict[str, str] = {}
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(3):
            url = f"http://example.org/article-{number}"
            request = StatusAndHeaders(f"GET /article-{number} HTTP/1.1", [("Host", "example.org")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""),
                                                          http_headers=request))
            record_id = response(writer, url, article_page(number).encode("utf-8"), "text/html; charset=utf-8")
            html[record_id] = url
        response(writer, "http://example.org/logo.png", PNG, "image/png")
        revisit = writer.create_revisit_record("http://example.org/article-0", digest="sha1:AAAA",
                                               refers_to_uri="http://example.org/article-0",
                                               refers_to_date="2026-01-01T00:00:00Z")
        writer.write_record(revisit)
    return html


def test_only_html_responses_are_cleaned(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    html = build_warc(warc)
    units = discover([str(warc)])
    assert [unit.kind for unit in units] == [UnitKind.WARC]
    summary = run_batch(units, BatchConfig(out=tmp_path / "out", jobs=2), extract=stand_in_extract)
    assert (summary.ok, summary.empty, summary.failed) == (3, 0, 0)
    records = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert {r["source"] for r in records} == {f"{warc}#{record_id}" for record_id in html}
    for record in records:
        record_id = record["source"].split("#", 1)[1]
        assert record["url"] == html[record_id] and record["status"] == "ok"
        assert f"page {html[record_id].rsplit('-', 1)[1]}" in record["text"]


def test_http_charset_of_the_record_reaches_the_extractor(tmp_path):
    warc = tmp_path / "latin.warc"
    with warc.open("wb") as handle:
        response(WARCWriter(handle, gzip=False), "http://example.org/x",
                 "<html><body><p>caf\u00e9</p></body></html>".encode("latin-1"), "text/html; charset=ISO-8859-1")
    (task,) = list(iter_tasks(discover([str(warc)])[0]))
    assert task.encoding == "ISO-8859-1" and task.url == "http://example.org/x"


def test_a_corrupt_warc_is_one_failure_and_the_batch_goes_on(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    build_warc(whole)
    data = whole.read_bytes()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data[: len(data) * 2 // 3] + b"garbage, not gzip" * 10)
    summary = run_batch(discover([str(broken), str(whole)]), BatchConfig(out=tmp_path / "out", jobs=2),
                        extract=stand_in_extract)
    assert summary.failed == 1 and summary.ok >= 3
    failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").read_text().splitlines()]
    assert failures[0]["source"].startswith(str(broken)) and "corrupt WARC" in failures[0]["error"]


def site_page(number: int) -> str:
    """A page of one site: its own article between the same menu and footer as every other page."""
    menu = "<ul class='menu'><li><a href='/'>Front page of the daily river gazette</a></li></ul>"
    footer = "<div class='legal'>All rights reserved by the river gazette company, 2026, river town</div>"
    return article_page(number).replace("<nav>", menu + "<nav>").replace("<footer>", footer + "<footer>")


def test_learn_templates_runs_a_first_pass_over_warc_records(tmp_path):
    from cleaner.batch.learning import learn_from_units
    from cleaner.options import Options

    warc = tmp_path / "site.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(6):
            response(writer, f"http://gazette.example/{number}", site_page(number).encode(), "text/html")
    templates = learn_from_units(discover([str(warc)]), options=Options())
    assert templates is not None and "gazette.example" in templates.sites
    assert templates.match("gazette.example", "All rights reserved by the river gazette company, 2026, river town")


def test_learn_templates_flag_on_files_without_urls_cleans_without_templates(tmp_path, capsys, caplog):
    from batch_pages import write_pages
    from cleaner.cli.main import build_parser
    from cleaner.cli.batch import execute

    write_pages(tmp_path / "in", 5)
    args = build_parser().parse_args(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q",
                                      "--learn-templates", "-j", "1"])
    assert execute(args, extract=stand_in_extract) == 0
    assert "no page with a URL" in caplog.text


def test_batch_with_learned_templates_removes_site_furniture(tmp_path, capsys):
    """End to end with the real pipeline: the footer every page repeats is removed as a template."""
    from cleaner.cli.main import main

    warc = tmp_path / "site.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(6):
            response(writer, f"http://gazette.example/{number}", site_page(number).encode(), "text/html")
    assert main(["batch", str(warc), "-o", str(tmp_path / "out"), "-q", "-j", "2", "--learn-templates"]) == 0
    records = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert len(records) == 6
    for record in records:
        assert "All rights reserved" not in record["text"]
        assert any(r["reason"].startswith("template") for r in record["removed"]), record["removed"]
