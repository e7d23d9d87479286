"""Which compiled parts of the core are loaded: the extensions built at install (setup.py) when a C compiler
was there, unless the environment variable ``CLEANER_PURE_PYTHON`` is ``1`` when they are first asked for.
Each compiled module has a pure-Python counterpart with the same results."""
from __future__ import annotations

import importlib
import logging
import os
from types import ModuleType

logger = logging.getLogger(__name__)


def pure_python_requested() -> bool:
    """``CLEANER_PURE_PYTHON`` is set to something other than empty or ``0``."""
    return os.environ.get("CLEANER_PURE_PYTHON", "") not in ("", "0")


def compiled_module(name: str) -> ModuleType | None:
    """The compiled module ``name``, or None when it is not built, turned off, or built against other
    libraries (then logged: the pure-Python path runs, with the same results)."""
    if pure_python_requested():
        return None
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None
    except (ImportError, ValueError) as exc:  # built against another lxml or Python: its C structures differ
        logger.warning("%s not loaded (%s); using the pure-Python path", name, exc)
        return None
