"""A URL to a document: the fetcher brings the page (``cleaner.fetch``), the HTML path extracts it."""
from __future__ import annotations

from cleaner.arguments import check_options, check_templates
from cleaner.fetch.fetcher import check_url
from cleaner.errors import NotHTMLError
from cleaner.fetch.fetcher import FetcherLike, fetch
from cleaner.fetch.settings import FetchSettings
from cleaner.html.pipeline import TemplateMatcher, extract
from cleaner.options import Options
from cleaner.types import Document


def extract_url(url: str, *, options: Options | None = None, templates: TemplateMatcher | None = None,
                settings: FetchSettings | None = None, fetcher: FetcherLike | None = None) -> Document:
    """Fetch ``url`` and extract its article, passing on the final URL and the HTTP charset."""
    check_url(url)
    check_options(options)
    check_templates(templates)
    result = fetch(url, options=options, settings=settings, fetcher=fetcher, html_only=True)
    if not result.is_html:  # a fetcher that does not check content types itself
        raise NotHTMLError(f"not HTML but {result.content_type}", url=url, content_type=result.content_type)
    return extract(result.body, url=result.final_url, options=options, templates=templates,
                   encoding=result.http_charset)
