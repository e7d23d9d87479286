"""The state one service holds, and the three kinds of work it runs in worker threads."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from cleaner.errors import CleanerError
from cleaner.fetch.fetcher import Fetcher, FetcherLike
from cleaner.html.from_url import extract_url
from cleaner.html.pipeline import extract
from cleaner.server.config import ServiceConfig
from cleaner.server.inputs import PageRequest
from cleaner.server.limits import WorkLimiter
from cleaner.server.problems import Problem, problem_of
from cleaner.text.pipeline import clean_text
from cleaner.types import Document, Status


class Service:
    """The state one app holds: its settings, worker threads and fetcher."""

    def __init__(self, config: ServiceConfig, fetcher: FetcherLike | None = None) -> None:
        self.config = config
        self.limiter = WorkLimiter(max_active=config.max_active, max_waiting=config.max_waiting,
                                   time_limit=config.time_limit)
        self._own_fetcher = Fetcher(config.fetch_settings()) if fetcher is None else None
        self.fetcher: FetcherLike = fetcher or self._own_fetcher  # type: ignore[assignment]

    def close(self) -> None:
        self.limiter.close()
        if self._own_fetcher is not None:
            self._own_fetcher.close()

    async def document(self, work: Callable[[PageRequest], Document], page: PageRequest) -> Document:
        """Run ``work`` under the limits; library errors become their HTTP answer. The library gets what is
        left of the request's time limit when the work starts (``Options.time_limit``), so it stops the
        work itself when the client is answered 504, rather than running on in its thread."""
        received = time.monotonic()

        def bounded() -> Document:
            left = max(0.0, self.config.time_limit - (time.monotonic() - received))
            return work(within_time(page, left))

        try:
            document = await self.limiter.run(bounded)
        except CleanerError as exc:
            raise problem_of(exc) from exc
        if document.status is Status.TIME_LIMIT:
            raise Problem(504, "time_limit", f"the request took longer than {self.config.time_limit:g} s")
        return document

    # -- the three kinds of work, run in a worker thread ------------------------------------------

    def extract_html(self, page: PageRequest) -> Document:
        return extract(page.content, url=page.url, options=page.options)

    def extract_from_url(self, page: PageRequest) -> Document:
        return extract_url(str(page.content), options=page.options, fetcher=self.fetcher)

    def clean(self, page: PageRequest) -> Document:
        return clean_text(str(page.content), url=page.url, options=page.options)


def within_time(page: PageRequest, seconds: float) -> PageRequest:
    """The request with its options' time limit at most ``seconds``."""
    limit = page.options.time_limit
    if limit is not None and limit <= seconds:
        return page
    return replace(page, options=replace(page.options, time_limit=seconds))
