"""``--learn-templates``: a first pass over the inputs learns each site's repeated blocks; the batch then
cleans with them.

Only documents with a URL take part (WARC records): the pipeline applies templates by the page's site,
which a bare file does not have. URL lists are not fetched twice for this (politeness), so they are
cleaned without templates.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from typing import TYPE_CHECKING

from cleaner.options import Options
from cleaner.batch.inputs import iter_tasks
from cleaner.batch.units import Unit, UnitKind
from cleaner.batch.work import load_bytes

if TYPE_CHECKING:
    from cleaner.template_learning import TemplateCounts

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
    from cleaner.template_learning import count_templates

    try:
        counts = count_templates(pages_with_urls(units), options=options)
    except Exception as exc:  # a page that breaks learning must not stop the batch: clean without templates
        log.warning("learning templates failed, cleaning without them: %s: %s", type(exc).__name__, exc)
        return None
    return decided(counts)


def count_unit(unit: Unit, *, options: Options) -> TemplateCounts:
    """The first pass of a distributed batch, on one unit: its counts, merged with the others' later.
    A page is counted once within its unit (the same page in two input files counts twice)."""
    from cleaner.template_learning import TemplateCounts, count_templates

    try:
        return count_templates(pages_with_urls([unit]), options=options)
    except Exception as exc:  # noqa: BLE001 - this unit is left out of learning, the batch goes on
        log.warning("learning templates from %s failed, left out: %s: %s", unit.id, type(exc).__name__, exc)
        return TemplateCounts()


def learn_from_counts(counts: Iterable[TemplateCounts]) -> object | None:
    """The templates of the units' counts, merged in the order given (the order of the units)."""
    from cleaner.template_learning import TemplateCounts

    return decided(reduce(TemplateCounts.merge, counts, TemplateCounts()))


def decided(counts: TemplateCounts) -> object | None:
    templates = counts.templates()
    if not templates.sites:
        log.warning("--learn-templates: no page with a URL (WARC records) to learn from; cleaning without templates")
        return None
    return templates
