"""Pins the public API: the names users import from ``cleaner``, and the exception tree.

Adding or removing a public name is a deliberate act: update ``PUBLIC_NAMES`` in the same commit.
"""
from __future__ import annotations

import inspect

import cleaner
from cleaner import errors

PUBLIC_NAMES = {
    # values and options
    "Block", "BlockKind", "Document", "Label", "Metadata", "Options", "Preset", "RemovedBlock", "Status",
    "__version__",
    # whether the compiled segment walk is loaded (a bool)
    "accelerated",
    # functions
    "clean_text", "extract", "extract_url", "fetch", "learn_templates",
    # templates
    "TemplateMatch", "Templates",
    # fetching
    "FetchResult", "FetchSettings", "Fetcher",
    # errors
    "BatchError", "BlockedAddressError", "CleanerError", "ConnectError", "DNSError", "ExtractionError", "FetchError",
    "FetchTimeoutError", "HTTPStatusError", "InputError", "InvalidURLError", "NotHTMLError",
    "RobotsBlockedError", "TemplateError", "TooLargeError", "TooManyRedirectsError",
}


def test_all_is_pinned() -> None:
    actual = set(cleaner.__all__)
    assert actual == PUBLIC_NAMES, (
        f"added: {sorted(actual - PUBLIC_NAMES)}, removed: {sorted(PUBLIC_NAMES - actual)}; "
        "update PUBLIC_NAMES if the change is deliberate")


def test_all_has_no_repeats() -> None:
    assert len(cleaner.__all__) == len(set(cleaner.__all__))


def test_every_public_name_exists() -> None:
    missing = [name for name in cleaner.__all__ if not hasattr(cleaner, name)]
    assert not missing


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from cleaner import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(cleaner.__all__)


def public_exceptions() -> list[type[BaseException]]:
    objects = (getattr(cleaner, name) for name in cleaner.__all__)
    return [obj for obj in objects if inspect.isclass(obj) and issubclass(obj, BaseException)]


def test_every_public_exception_derives_from_cleaner_error() -> None:
    exceptions = public_exceptions()
    assert cleaner.CleanerError in exceptions
    strays = [exc.__name__ for exc in exceptions if not issubclass(exc, cleaner.CleanerError)]
    assert not strays


def test_every_error_class_is_public_and_documented() -> None:
    """Each class in cleaner/errors.py is exported and drawn in the module docstring's tree."""
    classes = [obj for _, obj in inspect.getmembers(errors, inspect.isclass)
               if issubclass(obj, errors.CleanerError) and obj.__module__ == errors.__name__]
    assert classes
    assert not [c.__name__ for c in classes if c.__name__ not in cleaner.__all__]
    assert not [c.__name__ for c in classes if c.__name__ not in (errors.__doc__ or "")]


def test_version_is_a_string() -> None:
    assert isinstance(cleaner.__version__, str) and cleaner.__version__
