"""robots.txt through Protego (RFC 9309): patterns, precedence, Crawl-delay and Sitemap lines."""
from __future__ import annotations

from dataclasses import replace

import pytest

from cleaner import RobotsBlockedError
from cleaner.fetch.fetcher import Fetcher, FetchSettings
from cleaner.fetch.robots import RobotsAnswer, RobotsRules
from fetch_server import page, server  # noqa: F401 - ``server`` is a fixture

FAST = FetchSettings(connect_timeout=2, read_timeout=2, deadline=15, retries=0, min_host_delay=0,
                     max_per_host=4, respect_robots=True)
AGENT = "cleaner/1.0 (+https://github.com/cleaner)"
ROBOTS = """\
# comments and blank lines are fine

User-agent: *
Disallow: /private
Allow: /private/press
Disallow: /*.pdf$
Disallow: /search*q=
Allow: /shop/$
Disallow: /shop/
Crawl-delay: 2
Sitemap: /sitemap-index.xml
Sitemap: https://cdn.example.org/extra.xml

User-agent: otherbot
Disallow: /
"""


def rules(text: str = ROBOTS, status: int = 200) -> RobotsRules:
    return RobotsRules.from_answer("http://site.example/robots.txt", RobotsAnswer(status, text.encode()))


@pytest.mark.parametrize("path, allowed", [
    ("/", True),
    ("/private", False), ("/private/x", False),
    ("/private/press", True), ("/private/press/2026/launch", True),  # the longer Allow wins
    ("/report.pdf", False), ("/report.pdf?download=1", True),        # $ anchors the end
    ("/files/report.pdf", False),
    ("/search?q=boats", False), ("/search/help", True),              # * in the middle
    ("/shop/", True), ("/shop/boats", False),                        # Allow with $ beats Disallow for the index only
    ("/robots.txt", True),
])
def test_patterns_and_longest_match(path, allowed):
    assert rules().allowed("http://site.example" + path, AGENT) is allowed


def test_groups_are_matched_by_product_token():
    assert not rules().allowed("http://site.example/page", "otherbot/2.1")
    assert rules().allowed("http://site.example/page", AGENT)


def test_crawl_delay_request_rate_and_sitemaps():
    assert rules().delay(AGENT) == 2.0
    assert rules("User-agent: *\nRequest-rate: 1/5\nCrawl-delay: 1\n").delay(AGENT) == 5.0
    assert rules("User-agent: *\nDisallow:\n").delay(AGENT) == 0.0
    assert rules().sitemaps == ("http://site.example/sitemap-index.xml", "https://cdn.example.org/extra.xml")


def test_unavailable_and_unreachable_robots():
    assert rules("", 404).allowed("http://site.example/x", AGENT)
    assert not rules("", 503).allowed("http://site.example/x", AGENT)
    assert rules("", 503).allowed("http://site.example/robots.txt", AGENT)
    unreachable = RobotsRules.from_answer("http://site.example/robots.txt", RobotsAnswer(0, None))
    assert unreachable.allowed("http://site.example/x", AGENT) and unreachable.sitemaps == ()


def test_the_fetcher_follows_the_rules_and_waits_the_crawl_delay(server):
    server.route("/robots.txt", page(ROBOTS, content_type="text/plain"))
    for path in ("/a", "/b", "/private/x", "/private/press", "/report.pdf"):
        server.route(path, page("<p>ok</p>"))
    with Fetcher(FAST) as fetcher:
        for blocked in ("/private/x", "/report.pdf"):
            with pytest.raises(RobotsBlockedError):
                fetcher.fetch(server.url(blocked))
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/b"))
        fetcher.fetch(server.url("/private/press"))
    assert server.hits["/private/x"] == server.hits["/report.pdf"] == 0 and server.hits["/robots.txt"] == 1
    starts = [server.times["/robots.txt"][0], server.times["/a"][0], server.times["/b"][0],
              server.times["/private/press"][0]]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert all(gap >= 1.95 for gap in gaps), gaps  # Crawl-delay: 2, also after robots.txt itself


def test_a_huge_crawl_delay_is_capped_by_the_settings(server):
    server.route("/robots.txt", page("User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain"))
    server.route("/a", page("<p>a</p>"))
    server.route("/b", page("<p>b</p>"))
    with Fetcher(replace(FAST, max_crawl_delay=0.5)) as fetcher:
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/b"))
    assert 0.45 <= server.times["/b"][0] - server.times["/a"][0] < 3


def test_crawl_delay_is_not_applied_when_robots_are_off(server):
    server.route("/robots.txt", page("User-agent: *\nCrawl-delay: 5\n", content_type="text/plain"))
    server.route("/a", page("<p>a</p>"))
    with Fetcher(replace(FAST, respect_robots=False)) as fetcher:
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/a"))
    first, second = server.times["/a"]
    assert second - first < 2 and server.hits["/robots.txt"] == 0


def test_the_fetcher_exposes_the_sitemap_lines(server):
    server.route("/robots.txt", page("User-agent: *\nDisallow:\nSitemap: /maps/index.xml\n", content_type="text/plain"))
    with Fetcher(FAST) as fetcher:
        assert fetcher.robots_rules(server.url("/any/page")).sitemaps == (server.url("/maps/index.xml"),)
        fetcher.robots_rules(server.url("/other"))
    assert server.hits["/robots.txt"] == 1
