"""Our extractor: the container holding most prose, its content blocks, split parts, confidence."""
from __future__ import annotations

from cleaner.html.classify import classify
from cleaner.html.extractors.candidate import Candidate
import cleaner.html.extractors.heuristic as heuristic
from cleaner.html.extractors.heuristic import (ancestor_paths, extract_heuristic, find_container, find_listing,
                                               is_confident, within)

from factories import PROSE, find, segments_of

MENU = '<div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/n">News</a></li></ul></div>'


def run(body: str) -> tuple[list, Candidate]:
    segments = segments_of(body)
    return segments, extract_heuristic(segments, classify(segments, "en"))


def paras(n: int, tag: str = "First") -> str:
    return "".join(f"<p>{PROSE} {tag} {i}.</p>" for i in range(n))


def test_paths_and_within() -> None:
    assert ancestor_paths("/html/body/div[2]/p[3]") == ["/html/body/div[2]", "/html/body", "/html"]
    assert within("/html/body/div[2]/p", "/html/body/div[2]")
    assert not within("/html/body/div[20]/p", "/html/body/div[2]")


def test_container_holds_the_article_and_menus_stay_out() -> None:
    segments, candidate = run(f'{MENU}<div class="story">{paras(3)}</div><div class="sidebar"><p>Other</p></div>')
    story = find(segments, "First 0").path.rsplit("/", 1)[0]
    assert candidate.container == story
    assert candidate.kept == {find(segments, f"First {i}").index for i in range(3)}


def test_labelled_blocks_inside_the_container_are_not_kept() -> None:
    segments, candidate = run(f'<div class="story">{paras(2)}<div class="ad-slot"><p>Ad</p></div>{paras(1, "More")}</div>')
    assert find(segments, "Ad").index not in candidate.kept
    assert find(segments, "More 0").index in candidate.kept


def test_article_split_into_parts_is_one_container() -> None:
    body = f'<div class="story"><section><div>{paras(3)}</div></section><div class="ad"><p>Ad</p></div>' \
           f'<section><div>{paras(2, "Second")}</div></section></div>'
    segments, candidate = run(body)
    part_one = find(segments, "First 0").path.rsplit("/", 1)[0]
    assert candidate.core == part_one  # the best-scored part ...
    assert candidate.container == part_one.rsplit("/", 2)[0]  # ... widened to the element holding both
    assert find(segments, "Second 1").index in candidate.kept


def test_strong_lead_outside_the_container_is_kept() -> None:
    lead = f"{PROSE} This is the lead."
    segments, candidate = run(f'<div class="intro"><p>{lead}</p></div><div class="story">{paras(4)}</div>')
    assert find(segments, "the lead").index in candidate.kept


def test_page_without_prose_lets_every_block_vote() -> None:
    segments = segments_of("<div><ul><li>Eggs</li><li>Milk</li><li>Bread</li></ul></div>")
    container, _ = find_container(segments, classify(segments, "en"))
    assert container
    candidate = extract_heuristic(segments, classify(segments, "en"))
    assert candidate.kept == {0, 1, 2}


def test_confident_when_the_container_holds_nearly_all_prose() -> None:
    _, candidate = run(f'{MENU}<div class="story">{paras(3)}</div>')
    assert candidate.prose_share == 1.0 and candidate.prose_chars >= 500
    assert is_confident(candidate)


def test_not_confident_when_prose_is_split_between_regions() -> None:
    deep = "<div><div><div><div>{}</div></div></div></div>"  # too far apart to be parts of one article
    _, candidate = run(deep.format(paras(3)) + deep.format(paras(1, "B")))
    assert 0.7 < candidate.prose_share < 0.9 and not is_confident(candidate)


def test_not_confident_on_a_short_page() -> None:
    _, candidate = run("<div><p>Just one short note here.</p></div>")
    assert not is_confident(candidate)


def test_run_of_short_subheadings_between_paragraphs_is_kept() -> None:
    body = f'<div class="story">{paras(2)}<p>Budget figures</p><p>Road repairs</p>{paras(2, "After")}</div>'
    segments, candidate = run(body)
    assert find(segments, "Budget figures").index in candidate.kept
    assert find(segments, "Road repairs").index in candidate.kept


def test_short_unspaced_lines_vote_for_the_article_and_are_kept() -> None:
    # A blog written in short Chinese lines (27 characters each, no final punctuation) beside a comment list of
    # as many items: the lines read as prose, so the article is the container, and the short lines in it are kept.
    line = "營區內除了露營民宿餐飲賞楓項目還多了許多原木飾品這是我們的最愛"
    article = "".join(f"<p>{line}{i}</p>" for i in range(12)) + "<p>晚餐準備了砂鍋魚頭</p>" + f"<p>{line}</p>"
    comments = "".join(f"<li>留言{i} 好美 讚</li>" for i in range(12))
    segments, candidate = run(f"<div><div>{article}</div></div><div><ul>{comments}</ul></div>")
    assert candidate.container == find(segments, line).path.rsplit("/", 1)[0]
    assert find(segments, "晚餐準備了").index in candidate.kept
    assert find(segments, "留言1").index not in candidate.kept


def test_byline_run_below_the_headline_is_not_taken_in() -> None:
    body = f'<div class="story"><h1>{"A headline long enough to count as a long block of the page"}</h1>' \
           f'<div>Ruth Okafor, Staff</div><div>Published 10:02 AM</div>{paras(3)}</div>'
    segments, candidate = run(body)
    assert find(segments, "Ruth Okafor").index not in candidate.kept
    assert find(segments, "Published").index not in candidate.kept


def test_short_cells_of_a_table_inside_the_article_are_kept() -> None:
    table = "<table><tr><td><p>Entity status</p></td><td><p>completed</p></td></tr>" \
            "<tr><td><div>success</div></td><td><div>failed</div></td></tr></table>"
    segments, candidate = run(f'<div class="story">{paras(2)}{table}{paras(2, "After")}</div>')
    assert {find(segments, t).index for t in ("Entity status", "completed", "success", "failed")} <= candidate.kept


def test_short_paragraphs_of_a_layout_table_cell_holding_the_article_need_context() -> None:
    body = f'<table><tr><td>{paras(3)}<p>Menu</p><p>Catalogue</p></td></tr></table>'
    segments, candidate = run(body)
    assert find(segments, "Catalogue").index not in candidate.kept


def test_strong_prose_far_below_the_container_is_not_kept() -> None:
    blurb = f"{PROSE} The site's own blurb."
    body = f'<div class="page"><div class="main"><div class="story">{paras(4)}</div></div></div>' \
           f'<div class="bottom"><div><p>{blurb}</p></div></div>'
    segments, candidate = run(body)
    assert find(segments, "own blurb").index not in candidate.kept


def test_strong_prose_beside_the_container_is_kept() -> None:
    part = f"{PROSE} The second part."
    segments, candidate = run(f'<div class="story"><div>{paras(4)}</div><div><p>{part}</p></div></div>')
    assert find(segments, "second part").index in candidate.kept


def test_citations_in_a_list_inside_the_article_are_kept_though_linked() -> None:
    cites = "".join(f'<li>^ Smith (2009). <a href="/{i}">"The budget of the town and its schools, part {i}"</a>.</li>'
                    for i in range(3))
    menu = '<li><a href="/a">About the town council</a></li><li><a href="/b">Contact the town council</a></li>'
    segments, candidate = run(f'<div class="story">{paras(3)}<ol>{cites}</ol><ul>{menu}</ul></div>')
    assert find(segments, "part 1").index in candidate.kept
    assert find(segments, "About the town").index not in candidate.kept  # wholly linked: a link list


def test_a_smaller_later_section_of_the_article_widens_the_container() -> None:
    body = f'<div class="story"><section><div>{paras(8)}</div></section><section><div>{paras(3, "Later")}</div></section></div>'
    segments, candidate = run(body)
    assert find(segments, "Later 1").index in candidate.kept


DEEP = "<span><span><div><div><div><span>{}</span></div></div></div></span></span>"


def test_deeply_wrapped_steps_are_parts_of_the_article() -> None:
    steps = "".join(DEEP.format(paras(1, f"Step{i}")) for i in range(3))
    segments, candidate = run(f'<article><div><div><div>{paras(3)}</div></div></div>{steps}</article>')
    assert {find(segments, f"Step{i} 0").index for i in range(3)} <= candidate.kept


def test_one_deeply_wrapped_blurb_beside_the_article_stays_out() -> None:
    blurb = DEEP.format("<p>About us: we are a global provider of solutions, with offices in many countries "
                        "around the world, serving customers, partners and investors since many years.</p>")
    segments, candidate = run(f'<article><div><div><div>{paras(3)}</div></div></div>{blurb}</article>')
    assert find(segments, "About us").index not in candidate.kept


def test_a_page_of_sections_deeply_wrapped_is_gathered_whole() -> None:
    """A service page spreads its text over sections, each wrapped deep in layout boxes: no single section
    holds half the prose, so the container is the element that holds most of it."""
    wrap = '<div class="wrap"><div class="row"><div class="col"><div class="card"><div class="inner">{}</div></div></div></div></div>'
    sections = "".join(f"<section>{wrap.format(paras(2, f'Section {i}'))}</section>" for i in range(4))
    segments, candidate = run(f'{MENU}<main>{sections}</main><footer><p>Harbour Accounts Ltd.</p></footer>')
    assert all(find(segments, f"Section {i} 1.").index in candidate.kept for i in range(4))
    assert candidate.container == "/html/body/main" and candidate.prose_share < 0.5
    assert find(segments, "Harbour Accounts").index not in candidate.kept


def test_an_article_holding_most_prose_is_not_widened() -> None:
    segments, candidate = run(f'<div class="story">{paras(6)}</div><div class="aside">{paras(1, "Other")}</div>')
    assert candidate.container == find(segments, "First 0.").path.rsplit("/", 1)[0]


def test_a_listing_is_found_reading_only_the_ancestors_that_weigh(monkeypatch) -> None:
    # Every ancestor of a block 1,000 levels down costs the square of the depth; 970 such blocks took 6.5 s
    # (bench/fuzz.py case 56654). Only the nearest ones get a weight, and only they are read.
    cards = "".join(f'<div class="card"><p>{PROSE} Card {i}.</p></div>' for i in range(8))
    segments = segments_of("<div>" * 900 + f'<div class="grid">{cards}</div>' + "</div>" * 900)
    verdicts = classify(segments, "en")
    asked = []
    real = heuristic.ancestor_paths
    monkeypatch.setattr(heuristic, "ancestor_paths", lambda path, limit=None: asked.append(limit) or real(path, limit))
    grid = find(segments, "Card 0").path.rsplit("/", 2)[0]
    assert find_listing(segments, verdicts) == grid
    assert asked and None not in asked
