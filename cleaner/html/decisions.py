"""The decision about one block, shared by the stages that make and revise it."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.html.ancestry import AncestorInfo
from cleaner.html.segment import Segment
from cleaner.types import Label

#: Labels whose explicit markup overrides an extractor keeping a block: these widgets are never article.
OVERRIDING_LABELS = frozenset({Label.COOKIE_NOTICE, Label.SPONSOR, Label.NEWSLETTER, Label.SHARE, Label.SEARCH,
                               Label.NAVIGATION, Label.COMMENTS, Label.RELATED})


@dataclass(frozen=True)
class Decision:
    """Whether a block is kept, and if not, its label; the rule that decided and why."""

    index: int
    keep: bool
    label: Label | None
    rule: str
    reason: str


def within(path: str, container: str) -> bool:
    return bool(container) and (path == container or path.startswith(container + "/"))


def common_steps(first: str, second: str) -> int:
    """How many leading steps two element paths share ('/html/body/div' has 4, the empty first one included)."""
    common = 0
    for a, b in zip(first.split("/"), second.split("/")):
        if a != b:
            break
        common += 1
    return common


#: Class tokens of caption and photo-credit boxes; a few levels up at most, so that a page wrapper
#: named "media" does not make everything a caption.
CAPTION_TOKENS = frozenset({"caption", "captions", "figcaption", "photo", "photo-caption", "image-caption",
                            "wp-caption", "wp-caption-text", "credit", "credits", "photo-credit"})
#: Class tokens of slideshows: a run of pictures with their captions, usually other stories ("news in
#: pictures"), that even ``recall``, which keeps the article's own captions, leaves out.
GALLERY_TOKENS = frozenset({"gallery", "slideshow", "carousel", "lightbox"})
CAPTION_REACH = 6
#: Either kind of box: one ``isdisjoint`` test, which stops at the first shared token and builds no set.
_CAPTION_OR_GALLERY_TOKENS = CAPTION_TOKENS | GALLERY_TOKENS


#: A caption's closing photo credit: "(Image: Getty)", "(Photo: Jane Doe/Reuters)", "(AP Photo/Alan Diaz,
#: File)". Read in the last CREDIT_TAIL characters of a block of at most MAX_CREDITED_CAPTION characters.
_CREDIT_END = re.compile(r"\((?:image|images|photo|photos|picture|pictures|credit|foto|bild|imagen)\s*:[^()]{1,60}\)"
                         r"\s*$|\((?:AP|AFP|EPA|Reuters|Getty)\b[^()]{0,10}\b(?:photo|images?)\b[^()]{0,60}\)\s*$",
                         re.I)
CREDIT_TAIL = 90
MAX_CREDITED_CAPTION = 400


def is_caption(segment: Segment, markup_above: bool | None = None) -> bool:
    """A caption or photo credit: in a <figure>/<figcaption> or a box whose class names a caption or a
    slideshow, or a short block that ends with a photo credit (when the markup says nothing).
    ``markup_above``: ``caption_markup`` of the elements above the block's own, when the caller has read it
    once for all the blocks of a parent."""
    if markup_above is None:
        markup_above = caption_markup(segment.ancestors[1:CAPTION_REACH])
    return segment.tag == "figcaption" or markup_above or caption_markup(segment.ancestors[:1]) \
        or _ends_with_credit(segment.text)


def caption_markup(ancestors: Sequence[AncestorInfo]) -> bool:
    """One of these elements is a figure or a box whose class names a caption or a slideshow."""
    return any(a.tag in ("figure", "figcaption") or not _CAPTION_OR_GALLERY_TOKENS.isdisjoint(a.tokens)
               for a in ancestors)


#: A slideshow with at least this many blocks of text is a feature of its own ("business news in pictures",
#: fifty pictures with their stories), not the article's pictures, which come a handful at a time. On the
#: benchmark pages the article's own slideshows hold 2 to 5 blocks and the galleries of other stories over 100.
MIN_FEATURE_GALLERY_BLOCKS = 12


def gallery_of(segment: Segment) -> str:
    """The path of the slideshow box (see GALLERY_TOKENS) holding a block, or '' when there is none."""
    for steps, ancestor in enumerate(segment.ancestors[:CAPTION_REACH]):
        if not GALLERY_TOKENS.isdisjoint(ancestor.tokens):
            return segment.path.rsplit("/", steps)[0] if steps else segment.path
    return ""


def feature_galleries(segments: Sequence[Segment]) -> frozenset[str]:
    """The slideshow boxes of the page that hold MIN_FEATURE_GALLERY_BLOCKS blocks or more."""
    counts = Counter(gallery_of(s) for s in segments)
    counts.pop("", None)
    return frozenset(path for path, count in counts.items() if count >= MIN_FEATURE_GALLERY_BLOCKS)


def _ends_with_credit(text: str) -> bool:
    return len(text) <= MAX_CREDITED_CAPTION and text.endswith(")") and bool(_CREDIT_END.search(text[-CREDIT_TAIL:]))
