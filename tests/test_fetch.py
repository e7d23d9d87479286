"""The fetcher against a real HTTP server on 127.0.0.1 (see fetch_server.py); nothing touches the internet."""
from __future__ import annotations

import random
import socket
import sys
import threading
import time
import tracemalloc
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests

import cleaner
import cleaner.html.from_url
from cleaner import (
    ConnectError, DNSError, FetchTimeoutError, HTTPStatusError, InvalidURLError, NotHTMLError,
    RobotsBlockedError, TooLargeError, TooManyRedirectsError,
)
from cleaner.fetch.fetcher import FetchResult, Fetcher, FetchSettings, fetch
from cleaner.html.from_url import extract_url
from cleaner.fetch.robots import RobotsAnswer, RobotsCache
from cleaner.fetch.retry import backoff_seconds, is_retryable_status, retry_after_seconds
from fetch_server import (  # noqa: F401 - ``server`` is a fixture
    MB, drip, gzip_bomb, hang, page, redirect, reset_mid_body, send, sequence, server, slow, zeros,
)

#: Settings that keep each test short: tiny backoff, no politeness delay unless a test wants one.
FAST = FetchSettings(connect_timeout=2, read_timeout=2, deadline=10, retries=3, backoff=0.05,
                     max_retry_wait=5, min_host_delay=0, max_per_host=4)
ARTICLE = "<html><head><title>T</title></head><body><p>Hello café</p></body></html>"


def get(url: str, settings: FetchSettings = FAST, **kwargs: object) -> FetchResult:
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(url, **kwargs)


# -- retries --------------------------------------------------------------------------------------

def test_429_with_retry_after_is_fetched_after_about_the_wait(server):
    url = server.route("/busy", sequence(page("slow down", status=429, headers={"Retry-After": "1"}), page(ARTICLE)))
    result = get(url)
    first, second = server.times["/busy"]
    assert result.status == 200 and b"Hello" in result.body
    assert 0.9 <= second - first < 3.0


def test_503_twice_then_200_succeeds(server):
    url = server.route("/flaky", sequence(page("down", status=503), page("down", status=503), page(ARTICLE)))
    assert get(url).status == 200
    assert server.hits["/flaky"] == 3


def test_5xx_that_never_recovers_fails_after_the_retries(server):
    url = server.route("/down", page("down", status=503))
    with pytest.raises(HTTPStatusError) as info:
        get(url)
    assert info.value.status == 503 and info.value.url == url
    assert server.hits["/down"] == FAST.retries + 1


def test_client_errors_are_not_retried(server):
    url = server.url("/missing")
    with pytest.raises(HTTPStatusError) as info:
        get(url)
    assert info.value.status == 404
    assert server.hits["/missing"] == 1


def test_retry_after_longer_than_the_cap_is_not_waited_for(server):
    url = server.route("/later", page("later", status=429, headers={"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(HTTPStatusError):
        get(url)
    assert time.monotonic() - started < 2
    assert server.hits["/later"] == 1


def test_connection_reset_in_the_middle_of_the_body_is_retried(server):
    body = ARTICLE.encode() * 200
    url = server.route("/reset", sequence(reset_mid_body(body, 1000), page(body)))
    result = get(url)
    assert result.body == body
    assert server.hits["/reset"] == 2


def test_connection_reset_every_time_is_a_connect_error(server):
    url = server.route("/always-reset", reset_mid_body(b"x" * 5000, 100))
    with pytest.raises(ConnectError):
        get(url)
    assert server.hits["/always-reset"] == FAST.retries + 1


@pytest.mark.parametrize("value, seconds", [("7", 7.0), (" 0 ", 0.0), ("soon", None), ("", None)])
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_retry_after_as_http_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=5), usegmt=True), now=now) == 5.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=5), usegmt=True), now=now) == 0.0


@pytest.mark.parametrize("status, retry", [(429, True), (500, True), (503, True), (501, False), (404, False), (200, False)])
def test_which_statuses_are_retried(status, retry):
    assert is_retryable_status(status) is retry


def test_backoff_doubles_with_jitter_and_stays_under_the_cap():
    rng = random.Random(1)
    waits = [backoff_seconds(attempt, base=1.0, cap=5.0, rng=rng) for attempt in range(5)]
    for attempt, wait in enumerate(waits):
        full = min(5.0, 2.0 ** attempt)
        assert full / 2 <= wait <= full


# -- time and size limits -------------------------------------------------------------------------

def test_a_server_that_never_answers_times_out_within_the_bounds(server):
    url = server.route("/hang", hang)
    settings = replace(FAST, read_timeout=0.4, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        get(url, settings)
    assert time.monotonic() - started < settings.deadline + 1.0


def test_a_body_that_trickles_in_is_stopped_by_the_overall_deadline(server):
    url = server.route("/drip", drip(0.1, 100))
    settings = replace(FAST, read_timeout=1, deadline=1, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        get(url, settings)
    assert time.monotonic() - started < 2.5


def _peak_memory_of(call) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_50_mb_body_is_stopped_at_the_limit_without_holding_it(server):
    url = server.route("/big", zeros(50 * MB))
    settings = replace(FAST, max_bytes=2 * MB)

    def fetch_big():
        with pytest.raises(TooLargeError):
            get(url, settings)

    assert _peak_memory_of(fetch_big) < 6 * MB
    assert server.bytes_sent["/big"] < 20 * MB


def test_50_mb_body_is_refused_at_the_default_limit(server):
    url = server.route("/big", zeros(50 * MB))
    with pytest.raises(TooLargeError, match="limit of 20971520"):
        get(url, replace(FAST, max_bytes=FetchSettings().max_bytes))


def test_declared_content_length_over_the_limit_is_refused_before_reading(server):
    url = server.route("/declared", page(b"x" * 5000))
    with pytest.raises(TooLargeError):
        get(url, replace(FAST, max_bytes=1000))


def test_gzip_bomb_is_stopped_at_the_limit_after_decompression(server):
    url = server.route("/bomb", gzip_bomb(1024 * MB))
    settings = replace(FAST, max_bytes=2 * MB)

    def fetch_bomb():
        with pytest.raises(TooLargeError, match="after decompression"):
            get(url, settings)

    assert _peak_memory_of(fetch_bomb) < 8 * MB
    assert server.bytes_sent["/bomb"] < 2 * MB  # the server stopped long before its 10 MB


def test_small_gzip_body_is_decompressed(server):
    import gzip

    url = server.route("/gz", page(gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"}))
    assert get(url).body == ARTICLE.encode()


# -- URLs and redirects ---------------------------------------------------------------------------

def test_redirects_are_followed_and_the_final_url_reported(server):
    server.route("/old", redirect("/new", 301))
    server.route("/new", page(ARTICLE))
    result = get(server.url("/old"))
    assert result.url == server.url("/old") and result.final_url == server.url("/new")
    assert result.status == 200


def test_redirect_loop_fails_cleanly(server):
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    with pytest.raises(TooManyRedirectsError, match="loop") as info:
        get(server.url("/a"))
    assert info.value.url == server.url("/a")


def test_more_than_ten_redirects_fail(server):
    for i in range(12):
        server.route(f"/hop{i}", redirect(f"/hop{i + 1}"))
    with pytest.raises(TooManyRedirectsError, match="more than 10"):
        get(server.url("/hop0"))
    assert server.hits["/hop11"] == 0


def test_redirect_to_file_url_fails_cleanly(server):
    url = server.route("/sneaky", redirect("file:///etc/passwd"))
    with pytest.raises(InvalidURLError, match="non-http"):
        get(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "not a url", "http://", "http://[::1"])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(InvalidURLError):
        fetch(url, settings=FAST)


def test_dns_failure_is_a_dns_error():
    class NoDNS(requests.Session):
        def get(self, url, **kwargs):
            raise requests.ConnectionError(socket.gaierror(-2, "Name or service not known"))

    with Fetcher(FAST, session=NoDNS()) as fetcher, pytest.raises(DNSError):
        fetcher.fetch("http://no-such-host.invalid/")


def test_connection_refused_is_a_connect_error():
    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectError):
        get(f"http://127.0.0.1:{port}/", replace(FAST, retries=1))


# -- content types and charsets -------------------------------------------------------------------

def test_pdf_is_reported_as_not_html(server):
    url = server.route("/doc.pdf", page(b"%PDF-1.4 ...", content_type="application/pdf"))
    result = get(url)
    assert not result.is_html and result.encoding is None and result.encoding_method == "binary"
    with pytest.raises(NotHTMLError) as info:
        get(url, html_only=True)
    assert info.value.content_type == "application/pdf"


def test_extract_url_refuses_pdf_before_extraction(server):
    url = server.route("/doc.pdf", page(b"%PDF-1.4 ...", content_type="application/pdf"))
    with pytest.raises(NotHTMLError):
        extract_url(url, settings=FAST)


def test_latin1_page_with_http_charset_decodes(server):
    url = server.route("/latin1", page(ARTICLE.encode("latin-1"), content_type="text/html; charset=iso-8859-1"))
    result = get(url)
    assert result.encoding_method == "http" and result.http_charset == "iso-8859-1"
    assert "Hello café" in result.text


def test_page_with_only_meta_charset_decodes(server):
    html = '<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>Привет, мир</p></body></html>'
    url = server.route("/cp1251", page(html.encode("windows-1251"), content_type="text/html"))
    result = get(url)
    assert (result.encoding, result.encoding_method) == ("cp1251", "meta")
    assert "Привет, мир" in result.text


# -- politeness -----------------------------------------------------------------------------------

ROBOTS = "User-agent: *\nDisallow: /private\n"


def test_robots_txt_disallow_is_honoured(server):
    server.route("/robots.txt", page(ROBOTS, content_type="text/plain"))
    server.route("/private/page", page(ARTICLE))
    server.route("/public", page(ARTICLE))
    with Fetcher(replace(FAST, respect_robots=True)) as fetcher:
        with pytest.raises(RobotsBlockedError) as info:
            fetcher.fetch(server.url("/private/page"))
        assert fetcher.fetch(server.url("/public")).status == 200
    assert info.value.url == server.url("/private/page")
    assert server.hits["/private/page"] == 0 and server.hits["/robots.txt"] == 1
    assert get(server.url("/private/page")).status == 200  # robots off: fetched


def test_missing_robots_txt_allows_everything(server):
    server.route("/page", page(ARTICLE))
    assert get(server.url("/page"), replace(FAST, respect_robots=True)).status == 200
    assert server.hits["/robots.txt"] == 1


@pytest.mark.parametrize("answer, allowed", [
    (RobotsAnswer(200, ROBOTS.encode()), False), (RobotsAnswer(404, b""), True),
    (RobotsAnswer(503, b""), False), (RobotsAnswer(0, None), True),
])
def test_robots_rules_follow_rfc_9309(answer, allowed):
    asked = []
    robots = RobotsCache(lambda url: asked.append(url) or answer)
    assert robots.rules("http://a.example/private/x").allowed("http://a.example/private/x", "cleaner/1") is allowed
    robots.rules("http://a.example/other")
    assert asked == ["http://a.example/robots.txt"]  # once per host


def test_two_requests_to_one_host_respect_the_minimum_delay(server):
    server.route("/one", page(ARTICLE))
    server.route("/two", page(ARTICLE))
    with Fetcher(replace(FAST, min_host_delay=0.5)) as fetcher:
        fetcher.fetch(server.url("/one"))
        fetcher.fetch(server.url("/two"))
    assert server.times["/two"][0] - server.times["/one"][0] >= 0.45


def test_concurrency_per_host_is_capped(server):
    url = server.route("/slow", slow(0.2, page(ARTICLE)))
    with Fetcher(replace(FAST, max_per_host=1)) as fetcher:
        threads = [threading.Thread(target=fetcher.fetch, args=(url,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.hits["/slow"] == 3 and server.max_in_flight["/slow"] == 1


def test_user_agent_names_cleaner_and_is_configurable(server):
    url = server.route("/ua", page(ARTICLE))
    get(url)
    get(url, replace(FAST, user_agent="my-bot/2"))
    assert server.agents[0] == f"cleaner/{cleaner.__version__} (+https://github.com/cleaner)"
    assert server.agents[1] == "my-bot/2"


# -- proxies --------------------------------------------------------------------------------------

def test_proxy_is_taken_from_the_environment(server, monkeypatch):
    server.route("/via-proxy", page(ARTICLE))
    monkeypatch.setenv("HTTP_PROXY", server.url(""))
    monkeypatch.delenv("NO_PROXY")
    result = get("http://example.invalid/via-proxy", replace(FAST, retries=0))
    assert result.status == 200
    assert server.raw_paths == ["http://example.invalid/via-proxy"]


# -- extract_url ----------------------------------------------------------------------------------

class StaticFetcher:
    """A fake fetcher: answers every URL with one prepared result."""

    def __init__(self, result: FetchResult) -> None:
        self.result = result
        self.asked: list[str] = []

    def fetch(self, url: str, *, html_only: bool = False) -> FetchResult:
        self.asked.append(url)
        return self.result


def _result(content_type: str) -> FetchResult:
    return FetchResult(url="http://a.example/x", final_url="http://a.example/y", status=200,
                       headers={"content-type": content_type}, body=b"<p>caf\xe9</p>",
                       encoding="cp1252", encoding_method="http", elapsed=0.0)


def test_extract_url_passes_final_url_and_http_charset(monkeypatch):
    calls = []
    monkeypatch.setattr(cleaner.html.from_url, "extract", lambda html, **kw: calls.append((html, kw)) or "doc")
    fake = StaticFetcher(_result("text/html; charset=ISO-8859-1"))
    assert extract_url("http://a.example/x", fetcher=fake) == "doc"
    assert fake.asked == ["http://a.example/x"]
    assert calls == [(b"<p>caf\xe9</p>", {"url": "http://a.example/y", "options": None, "templates": None,
                                          "encoding": "ISO-8859-1"})]


def test_extract_url_refuses_non_html_from_a_fake_fetcher():
    with pytest.raises(NotHTMLError):
        extract_url("http://a.example/x", fetcher=StaticFetcher(_result("image/png")))


def test_public_names():
    for name in ("fetch", "Fetcher", "FetchResult", "FetchSettings"):
        assert name in cleaner.__all__ and getattr(cleaner, name) is getattr(sys.modules["cleaner.fetch.fetcher"], name)
    assert "extract_url" in cleaner.__all__ and cleaner.extract_url is cleaner.html.from_url.extract_url
