"""threads: the posts of a discussion thread are its content, though forum markup names them comments;
reader comments under an article stay comments. Small pages of our own, checked through extract()."""
from __future__ import annotations

import pytest

import cleaner
from cleaner import Label, Options
from cleaner.html.parse import parse_html
from cleaner.html.threads import declares_discussion

PRESETS = ["balanced", "fast", "precision"]
REPLIES = ["I had the same trouble with my sourdough starter last winter; moving the jar next to the boiler "
           "fixed it within a week, and the loaves rose properly again.",
           "Try feeding it twice a day with a mix of rye and white flour. Rye wakes a sleepy starter up faster "
           "than anything else I have tried in twenty years of baking.",
           "Check the water too. Our tap water is heavily chlorinated, so I leave a jug out overnight before I "
           "use it for the starter, and that made a real difference.",
           "Patience helps. Mine took almost three weeks before it doubled reliably, and now it is the most "
           "dependable thing in my kitchen, far more than the oven."]
QUESTION = ("My starter has stopped rising since the weather turned cold. It bubbles a little after feeding but "
            "never doubles, and the bread comes out dense. What am I doing wrong?")


def forum(posts: str, head: str = "") -> str:
    return (f"<html><head><title>Starter stopped rising - Baking Forum</title>{head}</head><body>"
            '<header class="site-header"><nav class="menu"><a href="/">Forums</a> <a href="/latest">Latest</a>'
            "</nav></header>"
            f'<main><h1>Starter stopped rising</h1><div class="thread">{posts}</div></main>'
            '<footer><p>Baking Forum runs on volunteer time. Be kind to each other.</p></footer></body></html>')


def discourse_like() -> str:
    """The opening post unnamed, the replies marked itemprop="comment", the page declared a discussion."""
    first = (f'<div class="topic-body" itemprop="mainEntity" itemscope itemtype="https://schema.org/DiscussionForumPosting">'
             f'<div class="post-meta"><span class="creator">doughboy</span> <time>March 3, 2026</time></div>'
             f'<div class="post"><p>{QUESTION}</p></div></div>')
    replies = "".join(f'<div class="topic-body" itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
                      f'<div class="post-meta"><span class="creator">baker{i}</span> <time>March {4 + i}, 2026</time>'
                      f'</div><div class="post"><p>{text}</p></div></div>' for i, text in enumerate(REPLIES))
    return forum(first + replies)


def every_post_a_comment() -> str:
    """Forum software that names every post a comment, the opening one too, and declares nothing."""
    posts = "".join(f'<article class="ipsComment"><aside class="author">member{i}</aside>'
                    f'<div class="comment-content"><p>{text}</p></div></article>'
                    for i, text in enumerate([QUESTION, *REPLIES]))
    return forum(posts)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("page", [discourse_like, every_post_a_comment])
def test_the_posts_of_a_thread_are_its_content(page, preset: str) -> None:
    document = cleaner.extract(page(), options=Options.from_preset(preset))
    assert document.ok
    assert "What am I doing wrong?" in document.text
    assert all(reply.split(";")[0].split(".")[0] in document.text for reply in REPLIES)
    assert "Latest" not in document.text and "volunteer time" not in document.text


def test_a_thread_shipped_in_noscript_comes_back() -> None:
    """Forum software that renders with scripts prints the thread for crawlers inside <noscript>."""
    html = discourse_like().replace("<main>", '<div id="app"></div><noscript><main>').replace("</main>",
                                                                                            "</main></noscript>")
    document = cleaner.extract(html)
    assert document.ok and "What am I doing wrong?" in document.text
    assert "rye and white flour" in document.text


def test_reader_comments_under_an_article_stay_comments() -> None:
    article = "".join(f"<p>Paragraph {k}: {QUESTION.replace('?', '.')} The answer, our baker explains, is "
                      f"warmth, time and a little rye flour in every feed.</p>" for k in range(6))
    comments = "".join(f'<li class="comment"><div class="comment-content"><p>{text}</p></div></li>'
                       for text in REPLIES)
    html = (f"<html><head><title>Why your starter stopped rising</title></head><body><main><article>"
            f"<h1>Why your starter stopped rising</h1>{article}</article>"
            f'<section id="comments"><h2>4 comments</h2><ol class="comment-list">{comments}</ol></section>'
            "</main></body></html>")
    document = cleaner.extract(html)
    assert "Paragraph 5:" in document.text and "rye and white flour" not in document.text
    assert any(r.label is Label.COMMENTS and "rye and white flour" in r.text for r in document.removed)


def test_declared_discussions_are_read_from_json_ld_and_microdata() -> None:
    ld = '<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "x"}</script>'
    assert declares_discussion(parse_html(f"<html><head>{ld}</head><body><p>x</p></body></html>"))
    assert declares_discussion(parse_html(discourse_like()))
    assert not declares_discussion(parse_html(every_post_a_comment()))


def test_the_thread_region_checks_the_time_limit() -> None:
    # Every ancestor of every post is counted (the square of the depth per post): on a page nested 1,000 deep
    # this ran 2 s past a 2 s limit (bench/fuzz.py case 24698), so it checks the limit per post.
    from cleaner.deadline import Deadline, TimeLimitReached
    from cleaner.html.classify import classify
    from cleaner.html.segment import segment_page
    from cleaner.html.threads import thread_region

    segments = segment_page(parse_html(every_post_a_comment()))
    verdicts = classify(segments, "en")
    assert thread_region(segments, verdicts, False)
    with pytest.raises(TimeLimitReached):
        thread_region(segments, verdicts, False, Deadline.start(0))
