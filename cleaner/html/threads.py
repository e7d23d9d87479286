"""Discussion threads: pages whose posts are the content although their markup names them comments.

Forum software marks every reply (often every post) as a comment: ``itemprop="comment"``, ``class="ipsComment"``,
``class="comment_text"``. Under an article those are reader comments, and the classifier labels them so. On a
thread they are what the page is for. A page is read as a thread when its comment region holds nearly all of its
prose (no article stands outside it), or, on a page that declares itself a forum discussion (schema.org
``DiscussionForumPosting``), when the comments hold a fair share of it. The posts then become content; what the
markup names otherwise (menus, the reply form, "Reply" buttons) stays as it was.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.ancestry import ancestor_paths
from cleaner.html.classify import Verdict
from cleaner.html.decisions import within
from cleaner.html.segment import Segment
from cleaner.types import Label

#: The rule of a comment-labelled block read as a post of the thread.
THREAD_RULE = "thread-post"
#: schema.org types that declare a forum discussion (JSON-LD ``@type`` or microdata ``itemtype``). A Q&A page
#: (``QAPage``) is left out: its answers are content and are not named comments; its comments are comments.
THREAD_TYPES = re.compile(r"DiscussionForumPosting")
#: Blocks that count as prose here (as in markup.region_prose): long enough and prose-like.
PROSE_MIN_LENGTH, PROSE_MIN_SCORE = 80, 0.5
#: A thread's comment region holds at least this much prose (a few posts' worth), so that two comments under
#: a short note do not make a thread.
MIN_THREAD_PROSE = 300
#: Without a declared type, the unlabelled prose outside the comment region must be at most this share of the
#: comment prose, and the unlabelled prose inside it less than the comment prose: an article with many comments
#: keeps its text outside the comment section. On the tune pages, threads whose posts are all named comments
#: sit at 0-0.06 (a subreddit's sidebar), articles with long comment sections at 0.3 and more; a short article
#: under thirty comments (tests/test_page_kinds.py) at 0.18. A shop's reviews with no description sit at 0.07.
MAX_OUTSIDE_SHARE = 0.1
#: On a page declared a forum discussion, the comments need only hold this share of the page's prose: the
#: opening post is often not named a comment and may be the longest post (tune threads: 0.4-1.0).
MIN_DECLARED_SHARE = 0.3
#: The comment region is the deepest element holding this share of the comment prose blocks (counted, not
#: measured: one post quoting a long log must not make a region of its own).
REGION_SHARE = 0.9
#: Rules whose COMMENTS label comes from the markup of the post (or its neighbours), not from its wording:
#: an interface phrase ("Reply", "Leave a comment") stays a widget.
POST_RULES = frozenset({"markup", "neighbours", "heading-of-section"})
#: The values of every ``itemtype`` below the root (compiled XPath runs in C, ``iterfind`` in Python).
_ITEMTYPES = etree.XPath(".//*/@itemtype", smart_strings=False)


def declares_discussion(root: etree._Element) -> bool:
    """Whether the page declares a forum discussion in its JSON-LD or microdata (see THREAD_TYPES)."""
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text and THREAD_TYPES.search(script.text):
            return True
    return any(THREAD_TYPES.search(value) for value in _ITEMTYPES(root))


def _is_prose(segment: Segment, verdict: Verdict) -> bool:
    return not segment.hidden and segment.length >= PROSE_MIN_LENGTH and verdict.prose >= PROSE_MIN_SCORE


def _is_post(segment: Segment, verdict: Verdict) -> bool:
    return verdict.label is Label.COMMENTS and verdict.rule in POST_RULES and not segment.hidden


def thread_region(segments: Sequence[Segment], verdicts: Sequence[Verdict], declared: bool,
                  deadline: Deadline = NO_DEADLINE) -> str:
    """The element holding the thread's posts, or "" when the page is not a thread (see the module's note).
    Every ancestor of every post is counted: the square of the depth per post, so the time limit is checked
    per post (bench/fuzz.py case 24698: a page nested 1,000 deep ran 2 s past it here)."""
    counts: dict[str, int] = {}
    comment_prose = blocks = 0
    for segment, verdict in deadline.watch(zip(segments, verdicts)):
        if _is_post(segment, verdict) and _is_prose(segment, verdict):
            comment_prose += segment.length
            blocks += 1
            for path in ancestor_paths(segment.path):
                counts[path] = counts.get(path, 0) + 1
    if comment_prose < MIN_THREAD_PROSE:
        return ""
    region = max((p for p, n in counts.items() if n >= REGION_SHARE * blocks), key=lambda p: p.count("/"))
    inside = outside = 0
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is None and _is_prose(segment, verdict):
            if within(segment.path, region):
                inside += segment.length
            else:
                outside += segment.length
    if declared:
        return region if comment_prose >= MIN_DECLARED_SHARE * (comment_prose + inside + outside) else ""
    return region if outside <= MAX_OUTSIDE_SHARE * comment_prose and inside < comment_prose else ""


def mark_thread_posts(segments: Sequence[Segment], verdicts: list[Verdict], declared: bool = False,
                      deadline: Deadline = NO_DEADLINE) -> list[Verdict]:
    """On a thread (see ``thread_region``), the blocks its markup names comments inside the thread's region are
    content; ``declared``: the page declares a forum discussion (``declares_discussion``, or a page-kind hint)."""
    region = thread_region(segments, verdicts, declared, deadline)
    if not region:
        return verdicts
    revised = list(verdicts)
    for segment, verdict in zip(segments, verdicts):
        if _is_post(segment, verdict) and within(segment.path, region):
            revised[segment.index] = Verdict(None, THREAD_RULE, f"a post of a discussion thread, though "
                                             f"{verdict.reason}", prose=verdict.prose)
    return revised
