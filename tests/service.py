"""Runs the service (``cleaner.server``) under uvicorn on 127.0.0.1, on a free port, in a thread of the
test process (so resolver stubs and connect guards of the test apply to it), and stops it after."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
import uvicorn

from cleaner.fetch.fetcher import FetcherLike
from cleaner.server.app import create_app
from cleaner.server.config import ServiceConfig

#: Seconds the server gets to start or to stop.
START_STOP_SECONDS = 10.0


@dataclass(frozen=True)
class RunningService:
    url: str

    def post(self, path: str, **kwargs: object) -> requests.Response:
        return _session().post(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return _session().get(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # straight to 127.0.0.1, whatever proxy the environment names
    return session


@contextmanager
def running_service(config: ServiceConfig | None = None, *, fetcher: FetcherLike | None = None
                    ) -> Iterator[RunningService]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(config, fetcher=fetcher), log_level="warning",
                                           lifespan="on", timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_STOP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.02)
    try:
        yield RunningService(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(START_STOP_SECONDS)
        listener.close()
