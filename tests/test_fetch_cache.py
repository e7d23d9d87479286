"""The fetcher's HTTP cache (RFC 9111, on hishel's SQLite storage) against a real server on 127.0.0.1."""
from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import pytest

from cleaner import HTTPStatusError, NotHTMLError, TooLargeError
from cleaner.fetch.fetcher import FetchResult, Fetcher, FetchSettings
from fetch_server import MB, gzip_bomb, page, send, server, validated  # noqa: F401 - ``server`` is a fixture

FAST = FetchSettings(connect_timeout=2, read_timeout=2, deadline=10, retries=1, backoff=0.05,
                     min_host_delay=0, max_per_host=4)
ARTICLE = "<html><head><title>T</title></head><body><p>Hello café</p></body></html>"


def get(url: str, settings: FetchSettings, **kwargs: object) -> FetchResult:
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(url, **kwargs)


def test_a_fresh_page_is_answered_from_the_cache(server, tmp_path):
    url = server.route("/fresh", page(ARTICLE.encode("latin-1"), content_type="text/html; charset=iso-8859-1",
                                      headers={"Cache-Control": "max-age=3600"}))
    settings = replace(FAST, cache_dir=tmp_path)
    first, second = get(url, settings), get(url, settings)
    assert server.hits["/fresh"] == 1
    assert not first.from_cache and second.from_cache and not second.revalidated
    assert (second.status, second.body, second.final_url, second.encoding, second.http_charset) == (
        200, first.body, first.final_url, first.encoding, "iso-8859-1")


def test_a_stale_page_is_revalidated_with_if_none_match_and_a_304_reuses_the_body(server, tmp_path):
    url = server.route("/etag", validated(ARTICLE, '"v1"', headers={"Cache-Control": "no-cache"}))
    settings = replace(FAST, cache_dir=tmp_path)
    first = get(url, settings)
    second = get(url, settings)
    assert server.hits["/etag"] == 2
    assert "if-none-match" not in server.headers["/etag"][0]
    assert server.headers["/etag"][1]["if-none-match"] == '"v1"'
    assert second.from_cache and second.revalidated and not first.from_cache
    assert second.status == 200 and second.body == first.body == ARTICLE.encode()
    assert second.is_html and "Hello café" in second.text


def test_a_page_with_only_last_modified_is_revalidated_with_if_modified_since(server, tmp_path):
    modified = formatdate(time.time() - 10 * 86400, usegmt=True)

    def handle(handler):
        if handler.headers.get("If-Modified-Since") == modified:
            handler.send_response(304)
            handler.end_headers()
        else:
            send(handler, 200, ARTICLE.encode(), {"Last-Modified": modified, "Cache-Control": "max-age=0"})

    url = server.route("/dated", handle)
    settings = replace(FAST, cache_dir=tmp_path)
    first, second = get(url, settings), get(url, settings)
    assert server.headers["/dated"][1]["if-modified-since"] == modified
    assert second.revalidated and second.body == first.body


def test_a_changed_page_replaces_the_stored_copy(server, tmp_path):
    server.route("/news", validated("<p>old</p>", '"v1"', headers={"Cache-Control": "no-cache"}))
    settings = replace(FAST, cache_dir=tmp_path)
    assert get(server.url("/news"), settings).body == b"<p>old</p>"
    server.route("/news", validated("<p>new</p>", '"v2"', headers={"Cache-Control": "no-cache"}))
    changed = get(server.url("/news"), settings)
    assert changed.body == b"<p>new</p>" and not changed.from_cache
    assert get(server.url("/news"), settings).revalidated  # the new copy is the one kept
    assert server.headers["/news"][2]["if-none-match"] == '"v2"'


def test_no_store_is_never_kept(server, tmp_path):
    url = server.route("/private", page(ARTICLE, headers={"Cache-Control": "no-store", "ETag": '"x"'}))
    settings = replace(FAST, cache_dir=tmp_path)
    get(url, settings)
    assert not get(url, settings).from_cache
    assert server.hits["/private"] == 2 and "if-none-match" not in server.headers["/private"][1]


def test_a_copy_older_than_the_maximum_age_is_revalidated_though_the_server_calls_it_fresh(server, tmp_path):
    two_minutes_ago = formatdate(time.time() - 120, usegmt=True)
    url = server.route("/old", validated(ARTICLE, '"v1"', headers={"Cache-Control": "max-age=3600",
                                                                    "Date": two_minutes_ago}))
    get(url, replace(FAST, cache_dir=tmp_path))
    assert get(url, replace(FAST, cache_dir=tmp_path, cache_max_age=3000)).from_cache  # younger than that
    assert server.hits["/old"] == 1
    again = get(url, replace(FAST, cache_dir=tmp_path, cache_max_age=60))
    assert again.revalidated and server.headers["/old"][1]["if-none-match"] == '"v1"'


def test_errors_are_not_cached(server, tmp_path):
    url = server.route("/gone", page("gone", status=404, headers={"Cache-Control": "max-age=3600"}))
    for _ in range(2):
        with pytest.raises(HTTPStatusError):
            get(url, replace(FAST, cache_dir=tmp_path))
    assert server.hits["/gone"] == 2


def test_html_only_holds_for_a_cached_answer(server, tmp_path):
    url = server.route("/doc.pdf", page(b"%PDF-1.4", content_type="application/pdf",
                                        headers={"Cache-Control": "max-age=3600"}))
    settings = replace(FAST, cache_dir=tmp_path)
    assert get(url, settings).body == b"%PDF-1.4"
    with pytest.raises(NotHTMLError):
        get(url, settings, html_only=True)
    assert server.hits["/doc.pdf"] == 1


def test_size_limit_and_bomb_guard_hold_with_the_cache_and_nothing_is_stored(server, tmp_path):
    url = server.route("/bomb", gzip_bomb(64 * MB))
    settings = replace(FAST, cache_dir=tmp_path, max_bytes=2 * MB, retries=0)
    for _ in range(2):
        with pytest.raises(TooLargeError, match="after decompression"):
            get(url, settings)
    assert server.hits["/bomb"] == 2


PROCESS_SCRIPT = """
import sys
from pathlib import Path
from cleaner.fetch.fetcher import Fetcher, FetchSettings
settings = FetchSettings(min_host_delay=0, max_per_host=4, retries=0, cache_dir=Path(sys.argv[1]))
with Fetcher(settings) as fetcher:
    for url in sys.argv[2:]:
        assert fetcher.fetch(url).body.startswith(b"<p>page")
"""


def test_several_processes_share_one_cache_folder(server, tmp_path):
    urls = [server.route(f"/p{n}", page(f"<p>page {n}</p>", headers={"Cache-Control": "max-age=3600"}))
            for n in range(20)]
    cache = tmp_path / "cache"
    runs = [subprocess.Popen([sys.executable, "-c", PROCESS_SCRIPT, str(cache), *order])
            for order in (urls, urls[::-1], urls[5:] + urls[:5])]
    assert [run.wait(timeout=60) for run in runs] == [0, 0, 0]
    fetched_before = sum(server.hits.values())
    with Fetcher(replace(FAST, cache_dir=cache)) as fetcher:
        assert all(fetcher.fetch(url).from_cache for url in urls)
    assert sum(server.hits.values()) == fetched_before
    assert list(Path(cache).glob("*.sqlite"))


def test_a_cache_folder_that_cannot_be_made_is_one_clear_error(tmp_path, capsys):
    from cleaner.cli.main import main
    from cleaner.errors import InputError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="cannot use the cache folder"):
        Fetcher(replace(FAST, cache_dir=blocker / "cache"))
    assert main(["batch", "http://127.0.0.1:9/", "-o", str(tmp_path / "out"), "--cache-dir", str(blocker / "c")]) == 2
    assert capsys.readouterr().err.strip() == f"cleaner: error: cannot use the cache folder {blocker / 'c'}: Not a directory"
