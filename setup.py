"""The compiled core, built when Cython and a C compiler are there: the segment walk
(cleaner/html/_segment_compiled.pyx), the scorer's trees (cleaner/html/_trees.pyx) and the scorer's rows
(cleaner/html/_scorer_rows.pyx).

Everything else is in pyproject.toml. Without a compiler the install still succeeds, with a warning, and
``cleaner.accelerated`` is False: the pure-Python walk gives the same results, more slowly.
"""
from __future__ import annotations

import warnings

from setuptools import setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing: the extension only makes the walk faster."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - no compiler, no Python headers, a Cython error: all optional
            warnings.warn(f"cleaner: compiled walk not built ({exc}); the pure-Python walk will be used")

    def build_extension(self, ext) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001 - see run()
            warnings.warn(f"cleaner: {ext.name} not built ({exc}); the pure-Python walk will be used")


def extensions() -> list:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError as exc:
        warnings.warn(f"cleaner: compiled walk not built ({exc}); the pure-Python walk will be used")
        return []
    from setuptools import Extension

    walk = Extension("cleaner.html._segment_compiled", ["cleaner/html/_segment_compiled.pyx"],
                     include_dirs=lxml.get_include())
    trees = Extension("cleaner.html._trees", ["cleaner/html/_trees.pyx"])
    rows = Extension("cleaner.html._scorer_rows", ["cleaner/html/_scorer_rows.pyx"])
    try:
        return cythonize([walk, trees, rows], compiler_directives={"language_level": "3"}, quiet=True)
    except Exception as exc:  # noqa: BLE001 - a Cython error leaves the pure-Python walk
        warnings.warn(f"cleaner: compiled walk not built ({exc}); the pure-Python walk will be used")
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
