"""``cleaner serve``: the service is started on 127.0.0.1 and every endpoint is exercised over HTTP."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cleaner
from cleaner.fetch.settings import MB, FetchResult
from cleaner.server.config import ServiceConfig
from fetch_server import LocalServer, page, redirect, server  # noqa: F401 - ``server`` is a fixture
from net_stubs import loopback_only, resolve_stub  # noqa: F401 - ``loopback_only`` is a fixture
from service import RunningService, running_service

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/source.html"))
NEWS = ROOT / "fixtures" / "pages" / "news-article" / "source.html"
TEXT = (ROOT / "fixtures" / "text" / "scraped-harbour.txt").read_text(encoding="utf-8")
URL = "https://example.org/news/1"


@pytest.fixture(scope="module")
def service() -> RunningService:
    with running_service(ServiceConfig(max_active=2)) as running:
        yield running


def expected(html: bytes, url: str | None = URL) -> dict:
    return cleaner.extract(html, url=url).to_dict()


def test_health(service: RunningService) -> None:
    answer = service.get("/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["version"] == cleaner.__version__


def test_openapi_describes_every_endpoint(service: RunningService) -> None:
    schema = service.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/extract", "/extract-url", "/clean-text", "/health"}
    document = schema["components"]["schemas"]["Document"]
    assert set(document["properties"]) == set(cleaner.extract(NEWS.read_bytes()).to_dict())


def test_extract_raw_html_body(service: RunningService) -> None:
    html = NEWS.read_bytes()
    answer = service.post("/extract", params={"url": URL}, data=html, headers={"Content-Type": "text/html"})
    assert answer.status_code == 200
    assert answer.json() == expected(html)


def test_extract_json_body_with_preset(service: RunningService) -> None:
    html = NEWS.read_bytes()
    answer = service.post("/extract", json={"html": html.decode("utf-8"), "url": URL, "preset": "fast"})
    assert answer.status_code == 200
    assert answer.json() == cleaner.extract(html.decode("utf-8"), url=URL,
                                            options=cleaner.Options.from_preset("fast")).to_dict()


def test_clean_text(service: RunningService) -> None:
    answer = service.post("/clean-text", json={"text": TEXT, "url": URL})
    assert answer.status_code == 200
    assert answer.json() == cleaner.clean_text(TEXT, url=URL).to_dict()
    assert answer.json()["removed"]


def test_a_body_over_the_limit_is_413(service: RunningService) -> None:
    body = b"<p>" + b"x" * (20 * MB) + b"</p>"
    answer = service.post("/extract", data=body, headers={"Content-Type": "text/html"})
    assert answer.status_code == 413
    assert answer.json()["error"] == "too_large"


def test_a_streamed_body_without_length_over_the_limit_is_413(service: RunningService) -> None:
    def chunks():  # chunked transfer encoding: no Content-Length to judge by
        for _ in range(21):
            yield b"x" * MB

    answer = service.post("/clean-text", data=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413


@pytest.mark.parametrize("path", ["/extract", "/extract-url", "/clean-text"])
@pytest.mark.parametrize("body", [b'{"html": ', b"\xff\xfe{}", b"[1, 2]", b'"just a string"'])
def test_malformed_json_is_400(service: RunningService, path: str, body: bytes) -> None:
    answer = service.post(path, data=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad_json"


@pytest.mark.parametrize("path, body, error", [
    ("/clean-text", {"url": URL}, "missing_field"),
    ("/clean-text", {"text": 42}, "bad_field"),
    ("/extract", {"html": "<p>x</p>", "preset": "fastest"}, "bad_field"),
    ("/extract-url", {"url": "ftp://example.org/file"}, "invalid_url"),
    ("/extract-url", {"url": "not a url"}, "invalid_url"),
])
def test_invalid_fields_are_400(service: RunningService, path: str, body: dict, error: str) -> None:
    answer = service.post(path, json=body)
    assert answer.status_code == 400
    assert answer.json()["error"] == error


def test_json_endpoints_want_json(service: RunningService) -> None:
    answer = service.post("/clean-text", data=TEXT.encode("utf-8"), headers={"Content-Type": "text/plain"})
    assert answer.status_code == 415


def test_unknown_paths_and_methods_answer_json(service: RunningService) -> None:
    assert service.get("/nowhere").status_code == 404
    assert service.get("/extract").status_code == 405
    assert service.get("/nowhere").json()["error"] == "http_error"


def test_a_url_to_loopback_is_refused_by_default(service: RunningService, server: LocalServer) -> None:
    target = server.route("/private", page("<p>internal</p>"))
    answer = service.post("/extract-url", json={"url": target})
    assert answer.status_code == 403
    assert answer.json()["error"] == "blocked_address"
    assert "loopback" in answer.json()["message"]
    assert server.hits["/private"] == 0


def test_a_redirect_to_a_private_address_is_refused(server: LocalServer, monkeypatch: pytest.MonkeyPatch,
                                                    loopback_only: list[object]) -> None:
    """The service may reach the test server (its one allowed network), which redirects to a name that
    resolves to 10.x: refused at resolution, with no packet sent there (``loopback_only``)."""
    resolve_stub(monkeypatch, {"intranet.example.com": ["10.11.12.13"]})
    start = server.route("/go", redirect("http://intranet.example.com/admin"))
    with running_service(ServiceConfig(allowed_networks=("127.0.0.1/32",))) as service:
        answer = service.post("/extract-url", json={"url": start})
    assert answer.status_code == 403
    assert "10.11.12.13" in answer.json()["message"]
    assert server.hits["/go"] == 1


def test_allow_private_fetches_local_pages(server: LocalServer) -> None:
    html = NEWS.read_bytes()
    target = server.route("/article", page(html))
    with running_service(ServiceConfig(allow_private=True)) as service:
        answer = service.post("/extract-url", json={"url": target})
    assert answer.status_code == 200
    assert answer.json() == expected(html, url=target)


def test_fifty_concurrent_requests_are_all_answered_correctly(service: RunningService) -> None:
    pages = [path.read_bytes() for path in PAGES]
    wanted = [expected(html) for html in pages]
    text_wanted = cleaner.clean_text(TEXT, url=URL).to_dict()

    def call(n: int) -> tuple[int, dict, dict]:
        if n % 5 == 4:
            answer = service.post("/clean-text", json={"text": TEXT, "url": URL})
            return answer.status_code, answer.json(), text_wanted
        html = pages[n % len(pages)]
        answer = service.post("/extract", params={"url": URL}, data=html, headers={"Content-Type": "text/html"})
        return answer.status_code, answer.json(), wanted[n % len(pages)]

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(call, range(50)))
    assert [status for status, _, _ in results] == [200] * 50
    assert all(got == want for _, got, want in results)


class SleepingFetcher:
    """A fetcher that takes ``seconds`` and then returns a page (no network at all)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = threading.Event()

    def fetch(self, url: str, *, html_only: bool = False) -> FetchResult:
        self.started.set()
        time.sleep(self.seconds)
        body = b"<html><body><p>A page that came slowly, but came in the end, with a sentence.</p></body></html>"
        return FetchResult(url=url, final_url=url, status=200, headers={"content-type": "text/html"}, body=body,
                           encoding="utf-8", encoding_method="http", elapsed=self.seconds)


def test_over_the_concurrency_limit_is_503() -> None:
    fetcher = SleepingFetcher(1.5)
    config = ServiceConfig(max_active=1, max_waiting=0)
    with running_service(config, fetcher=fetcher) as service, ThreadPoolExecutor(1) as pool:
        first = pool.submit(service.post, "/extract-url", json={"url": URL})
        assert fetcher.started.wait(10)
        second = service.post("/extract", data=b"<p>hello</p>", headers={"Content-Type": "text/html"})
        assert second.status_code == 503
        assert second.headers["Retry-After"] == "1"
        assert first.result().status_code == 200


def test_over_the_time_limit_is_504_and_the_slot_is_held_until_the_work_ends() -> None:
    fetcher = SleepingFetcher(1.5)
    with running_service(ServiceConfig(time_limit=0.3), fetcher=fetcher) as service:
        answer = service.post("/extract-url", json={"url": URL})
        assert answer.status_code == 504
        assert answer.json()["error"] == "time_limit"
        assert service.get("/health").json()["in_flight"] == 1
        deadline = time.monotonic() + 10
        while service.get("/health").json()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.get("/health").json()["in_flight"] == 0


def test_the_page_for_people(service: RunningService) -> None:
    form = service.get("/")
    assert form.status_code == 200
    assert "script-src" not in form.headers["Content-Security-Policy"]  # default-src 'none' covers it
    assert "default-src 'none'" in form.headers["Content-Security-Policy"]
    assert '<form method="post"' in form.text
    hostile = NEWS.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.title='PWNED'</script><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></body>")
    answer = service.post("/", data={"url": URL, "html": hostile, "preset": "balanced"})
    assert answer.status_code == 200
    assert '<iframe sandbox="" title="explain report" srcdoc="' in answer.text
    assert "<script" not in answer.text.lower()
    assert "Vietnam" in answer.text


def test_the_page_for_people_says_what_is_missing(service: RunningService) -> None:
    answer = service.post("/", data={"url": "", "html": ""})
    assert answer.status_code == 400
    assert "paste a URL or some HTML" in answer.text


def test_a_slow_page_over_the_time_limit_is_504_and_the_work_stops_itself() -> None:
    # The service hands what is left of its time limit to the library, which stops the extraction itself:
    # the worker thread's slot is free soon after the 504, not when the page would have been done.
    from generated_pages import slow_page

    with running_service(ServiceConfig(time_limit=0.5)) as service:
        answer = service.post("/extract", data=slow_page(20_000).encode(), headers={"Content-Type": "text/html"})
        assert answer.status_code == 504
        assert answer.json()["error"] == "time_limit"
        freed_by = time.monotonic() + 2.0  # the page takes several seconds without the limit
        while service.get("/health").json()["in_flight"] and time.monotonic() < freed_by:
            time.sleep(0.05)
        assert service.get("/health").json()["in_flight"] == 0
