"""What a request asks for: its JSON body or raw HTML, validated into plain values (400 when malformed)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from cleaner.options import Options, Preset
from cleaner.server.problems import Problem

JSON_TYPES = ("application/json",)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def is_json(request: Request) -> bool:
    return media_type(request) in JSON_TYPES or media_type(request).endswith("+json")


def parse_json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise Problem(400, "bad_json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise Problem(400, "bad_json", "the JSON body must be an object")
    return value


def string_field(data: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise Problem(400, "missing_field", f"the field {name!r} is required")
        return None
    if not isinstance(value, str):
        raise Problem(400, "bad_field", f"the field {name!r} must be a string")
    return value


def options_for(preset: str | None, default: Options) -> Options:
    if preset is None:
        return default
    try:
        return Options.from_preset(Preset(preset))
    except ValueError:
        raise Problem(400, "bad_field", f"unknown preset {preset!r}; choose from {[p.value for p in Preset]}") from None


@dataclass(frozen=True)
class PageRequest:
    """HTML to extract (``/extract``), a URL to fetch (``/extract-url``) or text to clean (``/clean-text``)."""

    content: str | bytes
    url: str | None
    options: Options


def require_json(request: Request) -> None:
    if not is_json(request):
        raise Problem(415, "unsupported_media_type", "send a JSON object (Content-Type: application/json)")


def json_request(body: bytes, field: str, default: Options) -> PageRequest:
    """A JSON body ``{field: ..., "url": ..., "preset": ...}``."""
    data = parse_json_object(body)
    content = string_field(data, field, required=True)
    return PageRequest(content, string_field(data, "url"), options_for(string_field(data, "preset"), default))


def html_request(request: Request, body: bytes, default: Options) -> PageRequest:
    """``/extract``: JSON ``{"html": ..., "url": ...}``, or the HTML itself as the body (``?url=`` gives the URL)."""
    if is_json(request):
        return json_request(body, "html", default)
    params = request.query_params
    return PageRequest(body, params.get("url"), options_for(params.get("preset"), default))
