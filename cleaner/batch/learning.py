"""``--learn-templates``: a first pass over the inputs learns each site's repeated blocks; the batch then
cleans with them.

Only documents with a URL take part (WARC records): the pipeline applies templates by the page's site,
which a bare file does not have. URL lists are not fetched twice for this (politeness), so they are
cleaned without templates.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from cleaner.options import Options
from cleaner.batch.inputs import iter_tasks
from cleaner.batch.units import Unit, UnitKind
from cleaner.batch.work import load_bytes

log = logging.getLogger(__name__)


def pages_with_urls(units: Sequence[Unit]) -> Iterator[tuple[str, bytes]]:
    """``(url, bytes)`` of every readable document that has a URL; broken ones are left to the second pass."""
    for unit in units:
        if unit.kind is UnitKind.URLS:
            continue
        for task in iter_tasks(unit):
            if not task.url:
                continue
            try:
                yield task.url, load_bytes(task)
            except Exception as exc:  # noqa: BLE001 - the cleaning pass records it as a failure
                log.debug("not learning from %s: %s", task.source, exc)


def learn_from_units(units: Sequence[Unit], *, options: Options) -> object | None:
    """The templates learned from the inputs, or None when there is nothing to learn from."""
    from cleaner.template_learning import learn_templates

    try:
        templates = learn_templates(pages_with_urls(units), options=options)
    except Exception as exc:  # a page that breaks learning must not stop the batch: clean without templates
        log.warning("learning templates failed, cleaning without them: %s: %s", type(exc).__name__, exc)
        return None
    if not templates.sites:
        log.warning("--learn-templates: no page with a URL (WARC records) to learn from; cleaning without templates")
        return None
    return templates
