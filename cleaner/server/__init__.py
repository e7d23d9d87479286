"""``cleaner serve``: the library as an HTTP service (the optional extra ``cleaner[server]``).

``create_app(ServiceConfig(...))`` returns the ASGI app; ``cleaner serve`` runs it with uvicorn.
``create_app`` is imported on first use, so the CLI can read ``cleaner.server.config`` (and say what is
missing) on an install without the extra.
"""
from __future__ import annotations

from typing import Any

from cleaner.server.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from cleaner.server.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
