"""Checks of the public functions' argument types: a wrong type is the caller's ``TypeError``, raised before
any work, never an ``ExtractionError`` wrapping whatever broke later."""
from __future__ import annotations

from cleaner.options import Options


def check_optional_str(name: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")


def check_options(options: object) -> Options | None:
    if options is not None and not isinstance(options, Options):
        hint = " (Options.from_preset(name) builds them from a preset name)" if isinstance(options, str) else ""
        raise TypeError(f"options must be cleaner.Options or None, not {type(options).__name__}{hint}")
    return options


def check_templates(templates: object) -> None:
    """Templates are anything with ``site_key`` and ``match`` (``cleaner.Templates``); a file name is not."""
    if templates is None or (callable(getattr(templates, "match", None))
                             and callable(getattr(templates, "site_key", None))):
        return
    hint = " (Templates.load(path) reads a saved file)" if isinstance(templates, str) else ""
    raise TypeError(f"templates must be cleaner.Templates or None, not {type(templates).__name__}{hint}")
