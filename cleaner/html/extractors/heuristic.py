"""Our own extractor: find the element that holds most of the page's prose, keep its content blocks.

Readability-style: every prose block votes for its ancestors (the parent fully, farther ones less);
the best-scored element is the article container. Blocks inside it that the classifier calls content
are kept; a few strong prose blocks just outside it (a lead above the container) are kept too.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.classify import SHORT_LENGTH, Verdict
from cleaner.html.decisions import common_steps, is_caption, within
from cleaner.lexicon import reading_length
from cleaner.html.ancestry import ancestor_paths, totals_up_the_tree
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label
from cleaner.html.extractors.candidate import Candidate

#: Weight of a block's vote for its n-th ancestor (parent first). Readability gives 1, 1/2, then 1/(3n);
#: we keep votes for farther ancestors a little higher because modern pages wrap each paragraph.
ANCESTOR_WEIGHTS = (1.0, 0.7, 0.45, 0.3, 0.2, 0.15)
#: A block votes only when it reads as prose at least this much (see classify.prose_score).
MIN_VOTING_PROSE = 0.5
#: Prose outside the container is kept when it is this long and this prose-like (leads, intros), above the
#: container or in a sibling of it. Far below it such prose is a site blurb or another article's summary:
#: keeping it there too cost the fast preset 0.010 F1 on aeb-dev and 0.003 on readability.
OUTSIDE_MIN_LENGTH = 250
OUTSIDE_MIN_PROSE = 0.75
#: A sibling of the container scoring this share of it is another part of the same article, as Readability
#: takes siblings above 0.2 of the top score. 0.3 left the later sections of three split articles out
#: (fast preset, readability set); 0.2 changed nothing else on the benchmark pages.
SIBLING_SHARE = 0.2
#: Siblings each holding this share of the core's voting text (in characters, however deep below) are parts
#: too, when there are at least MIN_MASS_PARTS of them: the steps of a how-to, each wrapped five levels deep,
#: get little of the decayed votes. 0.2 to 0.4 gave the same result on the benchmark pages, 0.1 took in
#: boilerplate; one such sibling alone is as often a company blurb as a part of the article.
SIBLING_MASS_SHARE = 0.3
MIN_MASS_PARTS = 2
#: How many levels up a block's characters count towards an element's text mass (deeper than any climb).
MASS_REACH = 12
#: How far up the container may widen to take in sibling parts.
MAX_CLIMB = 3
#: Our extractor is confident when its container holds this share of the page's prose, and the page has
#: at least this much prose. Chosen on the benchmark pages (see ``is_confident``); 0.8 lost 0.003 F1.
CONFIDENT_PROSE_SHARE = 0.9
CONFIDENT_PROSE_CHARS = 300
#: A listing is made of content and teaser blocks of at least a few words, and holds enough text to read.
LISTING_LABELS = frozenset({None, Label.RELATED})
MIN_LISTING_ITEM_WORDS = 4
MIN_LISTING_CHARS = 300
#: Only paragraphs vote, as in Readability: a list of long teasers must not out-vote the article.
VOTING_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE})
#: How many levels above a block its table cell may be (<td><div><p>text): a cell holds a little markup;
#: deeper, the "cell" is a layout table holding a page region.
MAX_CELL_DEPTH = 3
#: A linked list item inside the container with this many words and some unlinked text is kept (see
#: _annotated_link_item). On the benchmark pages 4 to 8 words and 0.9 to 0.95 gave the same result;
#: lists of related headlines are linked whole (1.0) and stay out.
MIN_ANNOTATED_ITEM_WORDS = 6
MAX_ANNOTATED_ITEM_LINK_DENSITY = 0.95
#: Longest run of short unkept blocks between two kept paragraphs that is taken in (see _sandwiched): a
#: subheading with its kicker. On the benchmark pages 2 caught less, 3 and 5 the same, so the smaller.
MAX_SANDWICH_RUN = 3


def find_container(segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> tuple[str, str]:
    """The element holding most of the page's prose. A page with no block that reads as prose (a short
    note, a list of items) lets every unlabelled block vote instead, so it does not come back empty.
    Returns the container widened to sibling parts, and the best-scored element itself."""
    found = _best_voted(segments, verdicts, MIN_VOTING_PROSE, VOTING_KINDS)
    return found if found[0] else _best_voted(segments, verdicts, 0.0, frozenset(BlockKind))


def _best_voted(segments: Sequence[Segment], verdicts: Sequence[Verdict], min_prose: float,
                kinds: frozenset[BlockKind]) -> tuple[str, str]:
    scores: dict[str, float] = defaultdict(float)
    mass: dict[str, int] = defaultdict(int)  # characters of voting text anywhere below each element
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is not None or verdict.prose < min_prose or segment.kind not in kinds \
                or is_caption(segment):  # a gallery's fifty captions must not out-vote the article
            continue
        vote = 1.0 + min(3.0, segment.length / 100) + segment.text.count(",") * 0.1
        ancestors = ancestor_paths(segment.path, max(len(ANCESTOR_WEIGHTS), MASS_REACH))
        for weight, ancestor in zip(ANCESTOR_WEIGHTS, ancestors):
            scores[ancestor] += vote * weight
        for ancestor in ancestors[:MASS_REACH]:
            mass[ancestor] += segment.length
    if not scores:
        return "", ""
    best, best_score = max(scores.items(), key=lambda item: (item[1], item[0].count("/")))
    return _widen_to_parts(best, best_score, scores, mass), best


def _widen_to_parts(best: str, best_score: float, scores: dict[str, float], mass: dict[str, int]) -> str:
    """Climb to an ancestor (at most MAX_CLIMB levels up) that holds another part scoring at least
    SIBLING_SHARE of the best, or MIN_MASS_PARTS parts each holding SIBLING_MASS_SHARE of its text: an article
    split over several <section>s, list items or deeply wrapped steps is one container."""
    children: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for path, score in scores.items():
        children[path.rsplit("/", 1)[0]].append((path, score))
    on_path, core_mass = best, mass[best]
    for _ in range(MAX_CLIMB):
        if on_path.count("/") <= 2:
            break
        parent = on_path.rsplit("/", 1)[0]
        siblings = [(path, score) for path, score in children[parent] if path != on_path]
        if any(score >= SIBLING_SHARE * best_score for _, score in siblings) \
                or sum(mass[path] >= SIBLING_MASS_SHARE * core_mass for path, _ in siblings) >= MIN_MASS_PARTS:
            best = parent
        on_path = parent
    return best


def find_listing(segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> str:
    """The element holding most teaser text (headlines and summaries of other pages), on a page without
    an article; "" when the page has too little of it to be a listing."""
    scores: dict[str, float] = defaultdict(float)
    total = 0
    for segment, verdict in zip(segments, verdicts):
        if verdict.label not in LISTING_LABELS or segment.hidden or segment.words < MIN_LISTING_ITEM_WORDS:
            continue
        total += segment.length
        # only the ancestors that get a weight: all of them cost the square of the depth (bench/fuzz.py case
        # 56654, 970 blocks 1,000 levels down: 6.5 s)
        for weight, ancestor in zip(ANCESTOR_WEIGHTS[1:], ancestor_paths(segment.path, len(ANCESTOR_WEIGHTS))[1:]):
            scores[ancestor] += segment.length * weight
    if total < MIN_LISTING_CHARS or not scores:
        return ""
    return max(scores.items(), key=lambda item: (item[1], item[0].count("/")))[0]


def _sandwiched(segments: Sequence[Segment], verdicts: Sequence[Verdict], container: str,
                kept: set[int]) -> set[int]:
    """Short unlabelled blocks inside the container between two kept blocks (subheadings set as bold
    paragraphs, "Step 1", a one-line aside) belong to the article, as jusText's context pass decides.
    A run of up to MAX_SANDWICH_RUN short blocks counts too when it sits between two long kept blocks, the
    first of them not a heading (a headline's byline and date sit between the headline and the text)."""
    inside = [s.index for s in segments if container and within(s.path, container)]
    added = set()
    for before, here, after in zip(inside, inside[1:], inside[2:]):
        if here not in kept and before in kept and after in kept and verdicts[here].label is None \
                and not segments[here].hidden:
            added.add(here)
    run: list[int] = []
    after_text = False  # the last long block was kept text
    for here in inside:
        segment, verdict = segments[here], verdicts[here]
        if verdict.label is not None or segment.hidden:
            after_text, run = False, []
        elif reading_length(segment.text) < SHORT_LENGTH:
            if here not in kept:
                run.append(here)  # kept short blocks neither join nor break the run
        else:
            if here in kept and after_text and len(run) <= MAX_SANDWICH_RUN:
                added.update(run)
            after_text, run = here in kept and segment.kind is not BlockKind.HEADING, []
    return added


def _in_table_cell(segment: Segment, container: str) -> bool:
    """A block inside a cell of a table that itself lies inside the container: a cell's text wrapped in a
    <p> or <div> is a row of data like any other, not a short paragraph."""
    depth = segment.path.count("/") - container.count("/")
    return any(a.tag in ("td", "th") for a in segment.ancestors[:min(depth, MAX_CELL_DEPTH + 1)])


def _annotated_link_item(segment: Segment, verdict: Verdict, container: str) -> bool:
    """A list item inside the container that link density alone called navigation, but which is long and
    partly unlinked: a citation ("^ Smith, J. (2009). "Title". Publisher. Retrieved ..."), a changelog entry
    ("Bug 1677080 – Fullscreen window is affected ..."). A menu's items are short and wholly linked."""
    return verdict.rule == "link-density" and segment.kind is BlockKind.LIST and within(segment.path, container) \
        and segment.words >= MIN_ANNOTATED_ITEM_WORDS and segment.link_density < MAX_ANNOTATED_ITEM_LINK_DENSITY


def _beside(path: str, container: str) -> bool:
    """A block in a sibling of the container (a second part of the article the votes did not widen to)."""
    return container.count("/") + 1 - common_steps(path, container) <= 1


def prose_inside(segments: Sequence[Segment], verdicts: Sequence[Verdict], container: str) -> tuple[float, int]:
    """The share of the page's voting prose (in characters) that lies inside the container, and its total."""
    total = inside = 0
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is None and verdict.prose >= MIN_VOTING_PROSE and segment.kind in VOTING_KINDS:
            total += segment.length
            if container and within(segment.path, container):
                inside += segment.length
    return (inside / total if total else 0.0), total


def is_confident(candidate: Candidate) -> bool:
    """Whether our container holds nearly all the page's prose, on a page with enough of it: then a second
    opinion rarely changes the result (on the benchmark pages it changed page F1 by under 0.003 on average
    where this holds, and it holds on about 70% of them)."""
    return candidate.prose_share >= CONFIDENT_PROSE_SHARE and candidate.prose_chars >= CONFIDENT_PROSE_CHARS


#: When the best-voted container holds less than this share of the page's voting prose, the page spreads its
#: text over parts that no single part speaks for (a service page's sections, the answers of a Q&A page, a
#: listing's entries): the container becomes the deepest element below <body> holding GATHER_SHARE of it.
SCATTERED_SHARE = 0.5
GATHER_SHARE = 0.8


def gather_parts(segments: Sequence[Segment], verdicts: Sequence[Verdict], container: str) -> str:
    """The container, or the element holding GATHER_SHARE of the page's voting prose when the container holds
    under SCATTERED_SHARE of it (see SCATTERED_SHARE); never <body> or <html> themselves."""
    share, total = prose_inside(segments, verdicts, container)
    if not container or not total or share >= SCATTERED_SHARE:
        return container
    by_parent: dict[str, int] = defaultdict(int)
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is None and verdict.prose >= MIN_VOTING_PROSE and segment.kind in VOTING_KINDS:
            by_parent[segment.path[:segment.path.rfind("/")]] += segment.length
    totals = totals_up_the_tree(by_parent)  # once up the tree: linear in the depth (deep pages, bench/fuzz.py)
    gathered = max((p for p, n in totals.items() if n >= GATHER_SHARE * total and p.count("/") > 2),
                   key=lambda p: p.count("/"), default="")
    return gathered if gathered and within(container, gathered) else container


def extract_heuristic(segments: Sequence[Segment], verdicts: Sequence[Verdict],
                      deadline: Deadline = NO_DEADLINE) -> Candidate:
    voted, core = find_container(segments, verdicts)
    deadline.check()
    container = gather_parts(segments, verdicts, voted)
    first = next((s.index for s in segments if within(s.path, container)), len(segments))
    kept: set[int] = set()
    for segment, verdict in zip(segments, verdicts):
        deadline.check()
        if verdict.label is not None and not _annotated_link_item(segment, verdict, container):
            continue
        if container and within(segment.path, container):
            # reading_length: twenty Chinese characters are a sentence, as long as sixty Latin letters
            if reading_length(segment.text) >= SHORT_LENGTH or verdict.prose >= 0.3 \
                    or segment.kind is not BlockKind.PARAGRAPH or _in_table_cell(segment, container):
                kept.add(segment.index)
        elif segment.length >= OUTSIDE_MIN_LENGTH and verdict.prose >= OUTSIDE_MIN_PROSE \
                and (segment.index < first or _beside(segment.path, container)):
            kept.add(segment.index)
    kept |= _sandwiched(segments, verdicts, container, kept)
    # The confidence is the voted container's: a gathered one holds the prose by construction, and on such pages
    # trafilatura's second opinion is worth its cost (taking the gathered container alone cost readability 0.006).
    share, chars = prose_inside(segments, verdicts, voted)
    return Candidate("heuristic", frozenset(kept), container, core, prose_share=share, prose_chars=chars)
