"""The package version, in a module of its own so that the fetcher's user agent and the CLI read it
without importing the whole public API (kept equal to pyproject.toml's version)."""

__version__ = "0.1.0"
