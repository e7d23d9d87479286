"""URL lists: fetched politely through one fetcher (robots.txt honoured), failures recorded per URL."""
from __future__ import annotations

import io
import json

from batch_pages import article_page, stand_in_extract
from cleaner.batch.inputs import discover
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.runner import fetcher_factory
from cleaner.fetch.settings import FetchSettings
from fetch_server import page, server  # noqa: F401 - the fixture

FAST = FetchSettings(respect_robots=True, min_host_delay=0.0, retries=0)


def test_url_list_is_fetched_and_cleaned(server, tmp_path):  # noqa: F811
    server.route("/robots.txt", page("User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    good = [server.route(f"/a{n}", page(article_page(n))) for n in range(3)]
    blocked = server.route("/private/x", page(article_page(9)))
    image = server.route("/logo.png", page(b"\x89PNG....", content_type="image/png"))
    missing = server.url("/missing")
    url_list = tmp_path / "urls.txt"
    url_list.write_text("# pages\n" + "\n".join([*good, blocked, image, missing]) + "\n\n")
    summary = run_batch(discover([str(url_list)]), BatchConfig(out=tmp_path / "out", jobs=2),
                        extract=stand_in_extract, fetch=fetcher_factory(FAST))
    assert (summary.ok, summary.failed) == (3, 3)
    records = {json.loads(line)["source"]: json.loads(line)
               for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()}
    assert all(records[url]["status"] == "ok" and records[url]["url"] == url for url in good)
    assert "RobotsBlocked" in records[blocked]["error"] and server.hits["/private/x"] == 0
    assert "NotHTML" in records[image]["error"]
    assert "HTTPStatus" in records[missing]["error"]


def test_stdin_lists_paths_and_urls(server, tmp_path):  # noqa: F811
    url = server.route("/p", page(article_page(1)))
    path = tmp_path / "local.html"
    path.write_text(article_page(2))
    units = discover(["-"], stdin=io.StringIO(f"{path}\n\n{url}\n"))
    summary = run_batch(units, BatchConfig(out=tmp_path / "out", jobs=1), extract=stand_in_extract,
                        fetch=fetcher_factory(FAST))
    assert (summary.ok, summary.failed) == (2, 0)
