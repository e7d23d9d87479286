"""The fetching path: polite HTTP with retries, size limits, robots.txt, caching and per-host delays."""
