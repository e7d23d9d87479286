"""Sitemaps and feeds to page URLs, fetched from a real server on 127.0.0.1, and a batch that cleans them."""
from __future__ import annotations

import gzip
import json

import pytest

from cleaner.fetch import discover as discover_module
from batch_pages import article_page, stand_in_extract
from cleaner.cli.main import build_parser
from cleaner.cli.batch import execute
from cleaner.errors import CleanerError, HTTPStatusError
from cleaner.fetch.discover import discover_urls, feed_urls, sitemap_urls
from cleaner.fetch.fetcher import Fetcher, FetchSettings
from fetch_server import page, server  # noqa: F401 - ``server`` is a fixture

FAST = FetchSettings(connect_timeout=2, read_timeout=2, deadline=10, retries=0, min_host_delay=0,
                     max_per_host=4, respect_robots=True)
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*locations: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>' + "".join(
        f"<url><loc>{loc}</loc><lastmod>2026-01-02</lastmod></url>" for loc in locations) + "</urlset>"


def sitemap_index(*locations: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {NS}>' + "".join(
        f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locations) + "</sitemapindex>"


def serve_site(server, *, robots: str = "User-agent: *\nDisallow: /private\n") -> list[str]:
    """A site with a sitemap index naming a gzip sitemap, a plain one and a missing one; returns its pages."""
    url = server.url
    server.route("/robots.txt", page(robots + "Sitemap: /sitemap_index.xml\n", content_type="text/plain"))
    server.route("/sitemap_index.xml", page(sitemap_index(url("/maps/posts.xml.gz"), url("/maps/pages.xml"),
                                                          url("/maps/missing.xml")), content_type="application/xml"))
    posts = urlset(url("/post/1"), url("/post/2"), url("/post/1"), "http://elsewhere.example/post/9",
                   url("/post/3#comments"))
    server.route("/maps/posts.xml.gz", page(gzip.compress(posts.encode()), content_type="application/gzip"))
    server.route("/maps/pages.xml", page(urlset(url("/about"), url("/post/2")), content_type="application/xml"))
    pages = [url("/post/1"), url("/post/2"), url("/post/3"), url("/about")]
    for number, address in enumerate(pages):
        server.route(address.removeprefix(url("")), page(article_page(number)))
    return pages


def test_a_sitemap_index_with_a_gzip_sitemap_gives_each_page_once_in_order(server):
    pages = serve_site(server)
    with Fetcher(FAST) as fetcher:
        assert sitemap_urls(server.url("/sitemap_index.xml"), fetcher=fetcher) == pages
    assert server.hits["/maps/missing.xml"] == 1  # tried, failed, skipped


@pytest.mark.parametrize("start", ["/", "/robots.txt"])
def test_a_site_root_or_robots_txt_leads_to_the_sitemaps_named_there(server, start):
    pages = serve_site(server)
    with Fetcher(FAST) as fetcher:
        assert sitemap_urls(server.url(start), fetcher=fetcher) == pages
    assert server.hits["/robots.txt"] == 1  # read once, for the rules and the Sitemap lines


def test_max_urls_stops_early(server):
    pages = serve_site(server)
    with Fetcher(FAST) as fetcher:
        assert sitemap_urls(server.url("/sitemap_index.xml"), fetcher=fetcher, max_urls=2) == pages[:2]
    assert server.hits["/maps/pages.xml"] == 0


def test_a_root_without_sitemap_lines_tries_sitemap_xml(server):
    server.route("/sitemap.xml", page(urlset(server.url("/a")), content_type="text/xml"))
    with Fetcher(FAST) as fetcher:
        assert sitemap_urls(server.url("/"), fetcher=fetcher) == [server.url("/a")]


def test_a_missing_first_sitemap_raises_and_a_gzip_bomb_sitemap_is_refused(server, monkeypatch):
    with Fetcher(FAST) as fetcher, pytest.raises(HTTPStatusError):
        sitemap_urls(server.url("/nope.xml"), fetcher=fetcher)
    monkeypatch.setattr(discover_module, "SITEMAP_MAX_BYTES", 10_000)
    server.route("/big.xml.gz", page(gzip.compress(urlset(*[server.url(f"/p{n}") for n in range(2000)]).encode()),
                                     content_type="application/gzip"))
    with Fetcher(FAST) as fetcher, pytest.raises(CleanerError, match="inflates to more than"):
        sitemap_urls(server.url("/big.xml.gz"), fetcher=fetcher)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>{root}/</link>
<item><title>One</title><link>{root}/news/one</link></item>
<item><title>Two</title><link><![CDATA[{root}/news/two]]></link></item>
<item><title>Away</title><link>http://elsewhere.example/x</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<link rel="self" href="{root}/atom.xml"/><link rel="alternate" href="{root}/"/>
<entry><title>A</title><link rel="alternate" href="/blog/a"/></entry>
<entry><title>B</title><link href="{root}/blog/b"/></entry></feed>"""
JSON_FEED = {"version": "https://jsonfeed.org/version/1.1", "title": "Notes",
             "items": [{"id": "1", "url": "{root}/notes/1"}, {"id": "{root}/notes/2"}]}


@pytest.mark.parametrize("path, body, content_type, expected", [
    ("/rss.xml", RSS, "application/rss+xml", ["/news/one", "/news/two"]),
    ("/atom.xml", ATOM, "application/atom+xml", ["/blog/a", "/blog/b"]),
    ("/feed.json", json.dumps(JSON_FEED), "application/feed+json", ["/notes/1", "/notes/2"]),
])
def test_feeds_give_their_entries(server, path, body, content_type, expected):
    url = server.route(path, page(body.replace("{root}", server.url("")), content_type=content_type))
    with Fetcher(FAST) as fetcher:
        assert feed_urls(url, fetcher=fetcher) == [server.url(p) for p in expected]


def test_a_page_that_links_its_feed_leads_to_the_entries(server):
    server.route("/rss.xml", page(RSS.replace("{root}", server.url("")), content_type="application/rss+xml"))
    home = server.route("/home", page('<html><head><link rel="alternate" type="application/rss+xml" '
                                      'href="/rss.xml"></head><body><p>Welcome</p></body></html>'))
    with Fetcher(FAST) as fetcher:
        assert feed_urls(home, fetcher=fetcher, max_urls=1) == [server.url("/news/one")]


def test_sitemaps_and_feeds_together_are_deduplicated(server):
    pages = serve_site(server)
    feed = server.route("/rss.xml", page(RSS.replace("{root}", server.url("")).replace("/news/one", "/post/2"),
                                         content_type="application/rss+xml"))
    with Fetcher(FAST) as fetcher:
        found = discover_urls(sitemaps=[server.url("/sitemap_index.xml")], feeds=[feed], fetcher=fetcher)
    assert found == [*pages, server.url("/news/two")]


def run_cli(*argv: str) -> int:
    return execute(build_parser().parse_args(["batch", *argv]), extract=stand_in_extract)


def test_batch_cleans_a_whole_site_from_its_sitemap(server, tmp_path, capsys):
    pages = serve_site(server, robots="User-agent: *\nDisallow: /about\n")
    out = tmp_path / "out"
    assert run_cli("--sitemap", server.url("/"), "-o", str(out), "-j", "1", "--delay", "0") == 1
    records = {json.loads(line)["source"]: json.loads(line) for line in (out / "part-00000.jsonl").read_text().splitlines()}
    assert list(records) == pages
    assert all(records[url]["status"] == "ok" and f"Page {n}" in records[url]["title"]
               for n, url in enumerate(pages[:3]))
    assert "RobotsBlocked" in records[server.url("/about")]["error"] and server.hits["/about"] == 0
    assert "4 documents: 3 ok, 0 empty, 1 failed" in capsys.readouterr().out


def test_batch_cleans_a_feed_with_a_url_limit_and_a_cache(server, tmp_path):
    server.route("/rss.xml", page(RSS.replace("{root}", server.url("")), content_type="application/rss+xml",
                                  headers={"Cache-Control": "max-age=600"}))
    for number, path in enumerate(("/news/one", "/news/two")):
        server.route(path, page(article_page(number), headers={"Cache-Control": "max-age=600"}))
    cache = tmp_path / "cache"
    for run in ("first", "second"):
        out = tmp_path / run
        assert run_cli("--feed", server.url("/rss.xml"), "--max-urls", "1", "--cache-dir", str(cache),
                       "-o", str(out), "-j", "1", "--delay", "0") == 0
        records = [json.loads(line) for line in (out / "part-00000.jsonl").read_text().splitlines()]
        assert [r["url"] for r in records] == [server.url("/news/one")] and records[0]["status"] == "ok"
    assert server.hits["/rss.xml"] == server.hits["/news/one"] == 1 and server.hits["/news/two"] == 0


def test_batch_with_an_unreadable_sitemap_or_nothing_to_do_is_a_usage_error(server, tmp_path, capsys):
    assert run_cli("--sitemap", server.url("/missing.xml"), "-o", str(tmp_path / "a"), "--delay", "0") == 2
    assert "cannot read the sitemap or feed: HTTP status 404" in capsys.readouterr().err
    server.route("/empty.xml", page(urlset(), content_type="application/xml"))
    assert run_cli("--sitemap", server.url("/empty.xml"), "-o", str(tmp_path / "b"), "--delay", "0") == 2
    assert "listed no pages" in capsys.readouterr().err
    assert run_cli("-o", str(tmp_path / "c")) == 2
    assert "nothing to clean" in capsys.readouterr().err


def test_library_functions_work_with_any_fetcher():
    class Canned:
        def fetch(self, url, *, html_only=False):
            from cleaner.fetch.settings import FetchResult

            body = urlset("http://a.example/1", "http://a.example/2").encode()
            return FetchResult(url, url, 200, {"content-type": "application/xml"}, body, "utf-8", "http", 0.0)

    assert sitemap_urls("http://a.example/sitemap.xml", fetcher=Canned()) == ["http://a.example/1", "http://a.example/2"]
