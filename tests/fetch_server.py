"""A real threaded HTTP server on 127.0.0.1 for the fetch tests, and a pytest fixture that runs it.

Routes are small functions ``(handler) -> None`` that write a whole answer; the builders below make
the misbehaving servers the tests need (hanging, resetting, gzip bombs, ...). Large bodies are
generated lazily, chunk by chunk, so the server holds next to nothing in memory.
"""
from __future__ import annotations

import random
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]
CHUNK = b"\0" * 65536
MB = 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: no pooled-connection surprises

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        local: LocalServer = self.server.owner  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        local.record(self, path)
        try:
            local.routes.get(path, not_found)(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size limit, timeout)
        finally:
            local.leave(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up and sockets reset on purpose are part of the tests


class LocalServer:
    """A threaded HTTP server with a route table and a record of what it was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.raw_paths: list[str] = []
        self.agents: list[str] = []
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.max_in_flight: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()
        self.stopping = threading.Event()
        self._in_flight: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Route) -> str:
        self.routes[path] = handler
        return self.url(path)

    def record(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        with self._lock:
            self.hits[path] += 1
            self.times.setdefault(path, []).append(time.monotonic())
            self.raw_paths.append(handler.path)
            self.agents.append(handler.headers.get("User-Agent", ""))
            self.headers.setdefault(path, []).append({k.lower(): v for k, v in handler.headers.items()})
            self._in_flight[path] += 1
            self.max_in_flight[path] = max(self.max_in_flight[path], self._in_flight[path])

    def leave(self, path: str) -> None:
        with self._lock:
            self._in_flight[path] -= 1

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    local = LocalServer()
    local.start()
    yield local
    local.stop()


# -- route builders -------------------------------------------------------------------------------

def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(headers or {})}
    if "Date" in headers:
        handler.send_response_only(status)  # without the automatic Date, so the route's own is the only one
    else:
        handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def not_found(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 404, b"<html><body>not found</body></html>")


def page(body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
         headers: dict[str, str] | None = None) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda h: send(h, status, data, {"Content-Type": content_type, **(headers or {})})


def validated(body: bytes | str, etag: str, headers: dict[str, str] | None = None,
              content_type: str = "text/html; charset=utf-8") -> Route:
    """A page with an ETag that answers 304 (no body) to a request whose If-None-Match names it."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def handle(handler: BaseHTTPRequestHandler) -> None:
        extra = {"ETag": etag, "Date": formatdate(usegmt=True), **(headers or {})}
        if etag in (handler.headers.get("If-None-Match") or ""):
            handler.send_response_only(304)
            for name, value in extra.items():
                handler.send_header(name, value)
            handler.end_headers()
            return
        send(handler, 200, data, {"Content-Type": content_type, **extra})

    return handle


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", {"Location": location})


def sequence(*routes: Route) -> Route:
    """The n-th request gets the n-th route; the last one answers every later request."""
    counter = iter(range(10**9))
    lock = threading.Lock()

    def handle(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            index = min(next(counter), len(routes) - 1)
        routes[index](handler)

    return handle


def hang(handler: BaseHTTPRequestHandler) -> None:
    """Accept the request and never answer (until the server stops)."""
    handler.server.owner.stopping.wait(timeout=30)  # type: ignore[attr-defined]


def slow(seconds: float, then: Route) -> Route:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(handler)

    return handle


def _stream(handler: BaseHTTPRequestHandler, pieces: Iterable[bytes], headers: dict[str, str]) -> None:
    """Send a body of unknown length, delimited by closing the connection (HTTP/1.0 style)."""
    handler.send_response(200)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    owner: LocalServer = handler.server.owner  # type: ignore[attr-defined]
    path = urlsplit(handler.path).path
    for piece in pieces:
        handler.wfile.write(piece)
        owner.bytes_sent[path] += len(piece)


def zeros(total: int, content_type: str = "text/html") -> Route:
    """``total`` bytes of body, made lazily from one shared 64 KiB chunk."""
    return lambda h: _stream(h, (CHUNK for _ in range(total // len(CHUNK))), {"Content-Type": content_type})


def gzip_bomb(inflated: int) -> Route:
    """A gzip body that inflates to ``inflated`` bytes at about 100:1, compressed on the fly.

    Each MiB holds 10 KiB of incompressible bytes and zeros for the rest, so 1 GiB inflated is about
    10 MiB on the wire, like the bomb the issue describes.
    """
    noise = random.Random(0).randbytes(10 * 1024)
    block = noise + b"\0" * (MB - len(noise))

    def pieces() -> Iterator[bytes]:
        compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip container
        for _ in range(inflated // MB):
            yield compressor.compress(block) + compressor.flush(zlib.Z_SYNC_FLUSH)
        yield compressor.flush()

    return lambda h: _stream(h, pieces(), {"Content-Type": "text/html", "Content-Encoding": "gzip"})


def reset_mid_body(full: bytes, sent_before_reset: int) -> Route:
    """Promise ``len(full)`` bytes, send a part, then reset the connection (TCP RST)."""
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(full)))
        handler.end_headers()
        handler.wfile.write(full[:sent_before_reset])
        handler.wfile.flush()
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    return handle


def drip(every: float, byte_count: int) -> Route:
    """Send one byte every ``every`` seconds: never silent long enough for a read timeout."""
    def pieces() -> Iterator[bytes]:
        for _ in range(byte_count):
            time.sleep(every)
            yield b"x"

    return lambda h: _stream(h, pieces(), {"Content-Type": "text/html"})
