"""The fetching path: polite HTTP with retries, size limits, robots.txt, an HTTP cache and per-host
delays (``fetcher``), and the URLs of a site's sitemaps and feeds (``discover``)."""
