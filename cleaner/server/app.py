"""The ASGI application of ``cleaner serve``: ``create_app(config)`` returns a Starlette app.

Endpoints: ``POST /extract``, ``POST /extract-url``, ``POST /clean-text``, ``GET /health``,
``GET /openapi.json``, and the page at ``/`` for people. Every answer is JSON (the page excepted);
errors are ``{"error": code, "message": ...}`` with a 4xx/5xx status (see ``problems.py``).
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cleaner.version import __version__
from cleaner.fetch.fetcher import FetcherLike
from cleaner.server import home
from cleaner.server.config import ServiceConfig
from cleaner.server.service import Service
from cleaner.server.inputs import html_request, json_request, require_json
from cleaner.server.limits import read_body
from cleaner.server.openapi import openapi_schema
from cleaner.server.problems import Problem
from cleaner.types import Document

log = logging.getLogger(__name__)


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
