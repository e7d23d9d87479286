"""The OpenAPI 3.1 description of the service, served at ``/openapi.json``.

Written by hand: five endpoints, two of which take either JSON or raw HTML, read from a size-limited
stream; a framework generating it from models (FastAPI and pydantic) would not see those bodies.
"""
from __future__ import annotations

from typing import Any

from cleaner.version import __version__
from cleaner.options import Preset
from cleaner.types import BlockKind, Label, Status

NULLABLE_STRING = {"type": ["string", "null"]}
PRESET = {"type": "string", "enum": [p.value for p in Preset],
          "description": "extraction preset; the service's default when left out"}

DOCUMENT = {
    "type": "object",
    "description": "the same fields as Document.to_json() of the library",
    "required": ["text", "title", "metadata", "blocks", "removed", "status", "encoding"],
    "properties": {
        "text": {"type": "string"},
        "title": NULLABLE_STRING,
        "metadata": {"type": "object", "properties": {
            **{name: NULLABLE_STRING for name in ("url", "title", "author", "date", "sitename", "language",
                                                   "description")},
            "tags": {"type": "array", "items": {"type": "string"}}}},
        "blocks": {"type": "array", "items": {"type": "object", "required": ["kind", "text"], "properties": {
            "kind": {"type": "string", "enum": [k.value for k in BlockKind]}, "text": {"type": "string"},
            "path": {"type": "string"}, "level": {"type": "integer"},
            "items": {"type": "array", "items": {"type": "string"}},
            "rows": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            "ordered": {"type": "boolean"}}}},
        "removed": {"type": "array", "items": {"type": "object",
                                               "required": ["label", "reason", "text", "path", "rule"],
                                               "properties": {
            "label": {"type": "string", "enum": [label.value for label in Label]},
            "reason": {"type": "string"}, "text": {"type": "string"}, "path": {"type": "string"},
            "rule": {"type": "string"}}}},
        "status": {"type": "string", "enum": [s.value for s in Status]},
        "encoding": NULLABLE_STRING,
    },
}

ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}

ERRORS = {
    "400": "malformed JSON, a missing or mistyped field, an invalid URL",
    "403": "the URL resolves to a loopback, private, link-local, multicast or reserved address",
    "413": "the body is over the size limit",
    "415": "the body is not JSON where JSON is required",
    "422": "the URL could not be fetched (DNS, connection, HTTP error status, not HTML ...)",
    "500": "extraction failed on this page (a bug: please report it)",
    "503": "too many requests in progress (see Retry-After)",
    "504": "the request ran over the time limit",
}


#: What ``/extract-url`` accepts (anything else is answered 400): an absolute http(s) URL with a host.
HTTP_URL = {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]+(/\S*)?$",
            "examples": ["https://example.org/news/1"]}


def _json_body(field: str, description: str) -> dict[str, Any]:
    content = HTTP_URL if field == "url" else {"type": "string"}
    return {"type": "object", "required": [field], "properties": {
        field: {**content, "description": description},
        **({} if field == "url" else {"url": {**NULLABLE_STRING, "description": "the page's URL, for metadata"}}),
        "preset": PRESET}}


def _operation(summary: str, request: dict[str, Any], errors: tuple[str, ...]) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "the document", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}}}
    for code in errors:
        responses[code] = {"description": ERRORS[code], "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"summary": summary, "requestBody": {"required": True, "content": request}, "responses": responses}


def openapi_schema() -> dict[str, Any]:
    common = ("400", "413", "500", "503", "504")
    html_query = [{"name": "url", "in": "query", "required": False, "schema": {"type": "string"},
                   "description": "the page's URL when the body is raw HTML"},
                  {"name": "preset", "in": "query", "required": False, "schema": PRESET}]
    extract = _operation("The article of an HTML page, and every removed block with its label and reason", {
        "application/json": {"schema": _json_body("html", "the page's HTML")},
        "text/html": {"schema": {"type": "string"}}}, common)
    extract["parameters"] = html_query
    return {
        "openapi": "3.1.0",
        "info": {"title": "cleaner", "version": __version__,
                 "description": "Strip web boilerplate: the main article, its metadata, and every removed "
                                "block labelled with what it was and why."},
        "paths": {
            "/extract": {"post": extract},
            "/extract-url": {"post": _operation("Fetch a URL and extract its article", {
                "application/json": {"schema": _json_body("url", "an http(s) URL")}},
                ("400", "403", "413", "415", "422", "500", "503", "504"))},
            "/clean-text": {"post": _operation("Clean text that was already scraped (no HTML)", {
                "application/json": {"schema": _json_body("text", "the scraped text")}},
                ("400", "413", "415", "500", "503", "504"))},
            "/health": {"get": {"summary": "Liveness", "responses": {"200": {
                "description": "the service is up", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status", "version"],
                    "properties": {"status": {"const": "ok"}, "version": {"type": "string"},
                                   "in_flight": {"type": "integer"}}}}}}}}},
        },
        "components": {"schemas": {"Document": DOCUMENT, "Error": ERROR}},
    }
