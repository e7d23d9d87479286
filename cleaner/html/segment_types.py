"""What segmentation produces (``Segment``) and the tag vocabulary it reads the tree with: shared by the
pure-Python walk (``segment_python``) and the compiled one (``_segment_compiled``), which must agree."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cleaner.html.ancestry import AncestorInfo
from cleaner.types import BlockKind

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul caption html".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas head select option "
    "textarea input audio video map link meta title".split()
)
#: Form controls: a block that holds one is a control's label (a sort bar, a filter); not a hidden input, nor a
#: disabled one (a task list's checkbox in documentation is display).
CONTROL_TAGS = frozenset({"select", "input", "textarea"})
#: The same without <noscript>: for a page whose text is only there (see ``segment_page``).
SKIP_TAGS_OPEN_NOSCRIPT = SKIP_TAGS - {"noscript"}
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
#: Hidden elements are reported with at most this much of their text (a hidden mega-menu can be huge).
MAX_HIDDEN_TEXT = 2000
#: Interactive elements whose text counts like link text (a share "button" is as navigational as a link).
LINK_LIKE_TAGS = frozenset({"a", "button"})
#: Tags that can be read as one block: a list item or table row, when it holds no nested blocks.
ROW_TAGS = frozenset(("li", "tr", "dt", "dd"))
#: Descendants that make a row or item a container rather than one atomic block, when they hold text.
NESTED_BLOCKS = frozenset(("p", "div", "table", "ul", "ol", "blockquote", "pre", "section", "article", *HEADING_TAGS))


def block_text(raw: str, in_pre: bool) -> tuple[str, int]:
    """A block's text and word count from its raw text: preformatted text keeps its lines, other text has its
    whitespace collapsed (str.split() and the regex \\s agree on what whitespace is; split/join is several
    times faster). Both walks call this, so they normalise alike."""
    if in_pre:
        text = raw.strip("\n ")
        return text, len(text.split())
    split = raw.split()
    return " ".join(split), len(split)


@dataclass(frozen=True)
class Segment:
    """A block of the page with the signals the classifier needs. ``index`` is its reading order."""

    index: int
    tag: str
    kind: BlockKind
    text: str
    path: str
    link_chars: int
    ancestors: tuple[AncestorInfo, ...]  # nearest first, the block's own element included
    heading_level: int = 0
    group: int = -1  # list or table this item/row belongs to, by element id; -1 when none
    group_tag: str = ""
    cells: tuple[str, ...] = ()
    inside_form: bool = False
    words: int = field(default=0)
    hidden: bool = False  # text of a hidden element: reported as removed, never kept
    holds_control: bool = False  # the block holds a form control (CONTROL_TAGS): a sort bar, a filter

    # Cached on first use (in the instance's __dict__, which a frozen dataclass leaves writable to
    # cached_property): the stages after segmentation read these thousands of times a page.
    @cached_property
    def length(self) -> int:
        return len(self.text)

    @cached_property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / self.length) if self.text else 0.0
