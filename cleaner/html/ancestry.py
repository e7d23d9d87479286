"""What an element says it is, read once per distinct set of attributes: its tag, the tokens of its
class, id and similar attributes, its role (``AncestorInfo``); and the element paths blocks are placed by.
Segmentation records an ``AncestorInfo`` for each element above a block; classification reads them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

#: Attributes whose words say what an element is.
TOKEN_ATTRIBUTES = ("class", "id", "itemprop", "aria-label", "data-component", "data-testid")
#: Class names that carry the article's taxonomy (WordPress and most CMSs print them on the article).
TAXONOMY_PREFIXES = ("category-", "tag-", "tags-", "cat-", "topic-", "categories-", "post_tag-", "section-")
_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")
#: ``_TOKEN_SPLIT`` without its camelCase split: the same pieces for a name without capitals, found faster.
_SEPARATORS = re.compile(r"[\s_\-:./]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True)
class AncestorInfo:
    """One element on the way from the page root to a block: its tag, class/id tokens and role."""

    tag: str
    tokens: tuple[str, ...]
    role: str = ""
    element_id: str = ""
    element_class: str = ""

    @property
    def description(self) -> str:
        """The element as a reason names it, e.g. ``<ul class="menu">``."""
        attrs = [f'{name}="{" ".join(value.split())[:40]}"' for name, value in
                 (("id", self.element_id), ("class", self.element_class), ("role", self.role)) if value]
        return f"<{self.tag}{' ' + ' '.join(attrs) if attrs else ''}>"


#: Attributes read for an element's AncestorInfo, in the order of its cache key.
_INFO_ATTRIBUTES = (*TOKEN_ATTRIBUTES, "role")
_INFO_SLOT = {name: slot for slot, name in enumerate(_INFO_ATTRIBUTES)}
NO_VALUES: tuple[str | None, ...] = (None,) * len(_INFO_ATTRIBUTES)


def totals_up_the_tree(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` by element path, each also added to every ancestor of its element (up to ``/html``).
    Each element passes its total to its parent once, deepest first: writing out every path's ancestors
    instead costs the square of the depth per path (minutes on a page 1,000 levels deep; bench/fuzz.py)."""
    totals = dict(counts)
    by_depth: dict[int, list[str]] = {}
    for path in totals:
        by_depth.setdefault(path.count("/"), []).append(path)
    for depth in range(max(by_depth, default=1), 1, -1):
        for path in by_depth.get(depth, ()):
            parent = path[:path.rfind("/")]
            if parent not in totals:
                by_depth.setdefault(depth - 1, []).append(parent)
            totals[parent] = totals.get(parent, 0) + totals[path]
    return totals


def ancestor_paths(path: str, limit: int | None = None) -> list[str]:
    """'/html/body/div[2]/p[3]' -> ['/html/body/div[2]', '/html/body', '/html'], nearest first; only the
    ``limit`` nearest when given (all of them cost the square of the depth on a very deep page)."""
    parts = path.split("/")
    last = 1 if limit is None else max(1, len(parts) - 1 - limit)
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, last, -1)]


def cached_info(tag: str, values: tuple[str | None, ...], cache: dict[tuple, AncestorInfo]) -> AncestorInfo:
    key = (tag, values)
    info = cache.get(key)
    if info is None:
        role, element_id, element_class = values[-1], values[1], values[0]
        info = cache[key] = AncestorInfo(tag, _values_tokens(values[:-1]), (role or "").lower(),
                                         element_id or "", element_class or "")
    return info


def element_tokens(element: etree._Element) -> tuple[str, ...]:
    """Lower-case tokens of an element's class, id, role, aria-label and itemprop."""
    return _values_tokens(tuple(element.get(name) for name in TOKEN_ATTRIBUTES))


def _values_tokens(values: tuple[str | None, ...]) -> tuple[str, ...]:
    present = [value for value in values if value]
    if len(present) == 1:
        return _value_tokens(present[0])  # the common case: a class alone, or an id alone
    tokens: list[str] = []
    for value in present:
        tokens.extend(_value_tokens(value))
    return tuple(dict.fromkeys(tokens))


@lru_cache(maxsize=16384)  # class names repeat across a site's pages; a pure function of its argument
def _value_tokens(value: str) -> tuple[str, ...]:
    """The distinct tokens of one attribute value, in order."""
    tokens: list[str] = []
    for name in value.split():
        lower = name.lower()
        if lower.startswith(TAXONOMY_PREFIXES):
            continue  # "category-kit-reviews", "tag-comments": what the article is about, not what the box is
        if lower != name:
            tokens.extend(t.lower() for t in _TOKEN_SPLIT.split(name) if t)
        elif name.isalnum():
            tokens.append(name)  # nothing to split on: no separator, no capital for a camelCase split
            continue
        else:  # no capital, so no camelCase split: the pieces are the separators' (and already lower case)
            tokens.extend(t for t in _SEPARATORS.split(name) if t)
        tokens.append(lower)  # whole class names too ("post-content")
    return tuple(dict.fromkeys(tokens))


def read_attributes(items: list[tuple[str, str]]) -> tuple[tuple[str | None, ...], bool]:
    """The AncestorInfo attribute values of an element and whether it is hidden, in one pass over its
    attributes (reading them one by one by name costs several times more)."""
    values: list[str | None] = [None] * len(_INFO_ATTRIBUTES)
    hidden = False
    for name, value in items:
        slot = _INFO_SLOT.get(name)
        if slot is not None:
            values[slot] = value
        elif name == "hidden" or (name == "aria-hidden" and value == "true") or \
                (name == "style" and value and _HIDDEN_STYLE.search(value)):
            hidden = True
    return tuple(values), hidden


def ancestor_path(path: str, distance: int) -> str:
    """The path of the element ``distance`` levels above the block at ``path`` (0: the block itself)."""
    return path.rsplit("/", distance)[0] if distance else path


def disclosed_ids(root: etree._Element) -> frozenset[str]:
    """Ids of the elements that a control on the page opens (``aria-controls``): the panels of tabs and
    accordions, hidden until a click. They are read as visible and judged like any block; a menu that a
    button opens is still a menu to the classifier."""
    return frozenset(i for value in root.xpath("//@aria-controls") for i in str(value).split())
