"""The ASGI application of ``cleaner serve``: ``create_app(config)`` returns a Starlette app.

Endpoints: ``POST /extract``, ``POST /extract-url``, ``POST /clean-text``, ``GET /health``,
``GET /openapi.json``, and the page at ``/`` for people. Every answer is JSON (the page excepted);
errors are ``{"error": code, "message": ...}`` with a 4xx/5xx status (see ``problems.py``).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cleaner import __version__
from cleaner.errors import CleanerError
from cleaner.fetch.fetcher import Fetcher, FetcherLike, extract_url
from cleaner.html.pipeline import extract
from cleaner.server import home
from cleaner.server.config import ServiceConfig
from cleaner.server.inputs import PageRequest, html_request, json_request, require_json
from cleaner.server.limits import WorkLimiter, read_body
from cleaner.server.openapi import openapi_schema
from cleaner.server.problems import Problem, problem_of
from cleaner.text.pipeline import clean_text
from cleaner.types import Document

log = logging.getLogger(__name__)


class Service:
    """The state one app holds: its settings, worker threads and fetcher."""

    def __init__(self, config: ServiceConfig, fetcher: FetcherLike | None = None) -> None:
        self.config = config
        self.limiter = WorkLimiter(max_active=config.max_active, max_waiting=config.max_waiting,
                                   time_limit=config.time_limit)
        self._own_fetcher = Fetcher(config.fetch_settings()) if fetcher is None else None
        self.fetcher: FetcherLike = fetcher or self._own_fetcher  # type: ignore[assignment]

    def close(self) -> None:
        self.limiter.close()
        if self._own_fetcher is not None:
            self._own_fetcher.close()

    async def document(self, work: Callable[..., Document], *args: object) -> Document:
        """Run ``work`` under the limits; library errors become their HTTP answer."""
        try:
            return await self.limiter.run(work, *args)
        except CleanerError as exc:
            raise problem_of(exc) from exc

    # -- the three kinds of work, run in a worker thread ------------------------------------------

    def extract_html(self, page: PageRequest) -> Document:
        return extract(page.content, url=page.url, options=page.options)

    def extract_from_url(self, page: PageRequest) -> Document:
        return extract_url(str(page.content), options=page.options, fetcher=self.fetcher)

    def clean(self, page: PageRequest) -> Document:
        return clean_text(str(page.content), url=page.url, options=page.options)


def document_response(document: Document) -> JSONResponse:
    return JSONResponse(document.to_dict())


def create_app(config: ServiceConfig | None = None, *, fetcher: FetcherLike | None = None) -> Starlette:
    """The service's ASGI app. ``fetcher`` replaces the guarded fetcher built from ``config`` (tests)."""
    service = Service(config or ServiceConfig(), fetcher)
    limit = service.config.max_body_bytes

    async def extract_endpoint(request: Request) -> Response:
        body = await read_body(request, limit)
        page = html_request(request, body, service.config.options)
        return document_response(await service.document(service.extract_html, page))

    async def extract_url_endpoint(request: Request) -> Response:
        require_json(request)
        page = json_request(await read_body(request, limit), "url", service.config.options)
        return document_response(await service.document(service.extract_from_url, page))

    async def clean_text_endpoint(request: Request) -> Response:
        require_json(request)
        page = json_request(await read_body(request, limit), "text", service.config.options)
        return document_response(await service.document(service.clean, page))

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "in_flight": service.limiter.in_flight})

    async def schema(request: Request) -> Response:
        return JSONResponse(openapi_schema())

    async def page(request: Request) -> Response:
        if request.method == "GET":
            return home.page_response(home.render_page(None))
        return await home.answer_form(request, service)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        service.close()

    routes = [
        Route("/", page, methods=["GET", "POST"]),
        Route("/extract", extract_endpoint, methods=["POST"]),
        Route("/extract-url", extract_url_endpoint, methods=["POST"]),
        Route("/clean-text", clean_text_endpoint, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", schema, methods=["GET"]),
    ]
    handlers = {Problem: problem_response, HTTPException: http_error, Exception: unexpected_error}
    return Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)  # type: ignore[arg-type]


async def problem_response(request: Request, exc: Exception) -> Response:
    problem = exc if isinstance(exc, Problem) else Problem(500, "internal", "internal error")
    return JSONResponse(problem.body(), status_code=problem.status, headers=problem.headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (404 unknown path, 405 wrong method) in the same JSON shape as ours."""
    status = getattr(exc, "status_code", 500)
    return JSONResponse({"error": "http_error", "message": str(getattr(exc, "detail", ""))}, status_code=status,
                        headers=getattr(exc, "headers", None))


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"error": "internal", "message": "internal error"}, status_code=500)
