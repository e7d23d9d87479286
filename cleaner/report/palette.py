"""One colour per label, and one for kept blocks: the report's legend, blocks and tests share them."""
from __future__ import annotations

from cleaner.blocks import Label

#: The class and legend name of kept blocks (not a ``Label``: labels name what was removed).
KEPT = "kept"
KEPT_COLOUR = "#2e7d32"

#: Strong, mutually distinct colours (mostly the Tableau 10 set, which was designed to be told apart,
#: with darker picks for the labels beyond ten); the label's name is always printed beside its colour.
LABEL_COLOURS: dict[Label, str] = {
    Label.NAVIGATION: "#1f77b4",
    Label.SEARCH: "#17becf",
    Label.SPONSOR: "#d62728",
    Label.HEADER: "#8c564b",
    Label.FOOTER: "#7f7f7f",
    Label.COOKIE_NOTICE: "#bcbd22",
    Label.SHARE: "#e377c2",
    Label.RELATED: "#9467bd",
    Label.COMMENTS: "#ff7f0e",
    Label.NEWSLETTER: "#ad1457",
    Label.DUPLICATE: "#3949ab",
    Label.OTHER: "#263238",
}

#: How far a block's background is mixed toward white: light enough for black text to read well.
TINT_WHITE_SHARE = 0.86


def tint(colour: str, white_share: float = TINT_WHITE_SHARE) -> str:
    """``colour`` (``#rrggbb``) mixed with white."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * white_share):02x}" for c in channels)


def css_class(label: Label | None) -> str:
    """The CSS class of a label's blocks and legend entry (``kept`` for kept blocks)."""
    return KEPT if label is None else f"l-{label.value}"


def colour_of(label: Label | None) -> str:
    return KEPT_COLOUR if label is None else LABEL_COLOURS[label]
