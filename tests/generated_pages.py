"""Generated pages for the hardening tests: varied, deterministic from a seed, offline.

``news_page(seed)`` builds an article page with the usual boilerplate around it (menus, a cookie banner,
share bars, related links, comments, a footer) in varied markup and class names, so that many different
rules and both extractors are exercised. ``slow_page(target_blocks)`` builds a page made to take long: many
thousands of blocks nested in sidebars, tables and lists, each with long class names to tokenise.
"""
from __future__ import annotations

import random

WORDS = ("harbour", "council", "winter", "market", "bridge", "river", "station", "library", "teacher", "garden",
         "budget", "storm", "village", "festival", "museum", "orchard", "lantern", "letter", "school", "road")
GLUE = ("the", "and", "of", "to", "in", "that", "was", "for", "with", "on", "which", "after", "before", "as")
BOILERPLATE = (
    ("nav", "main-menu", "Home News Sport Weather About Contact"),
    ("div", "cookie-banner", "We use cookies to improve your experience. Accept all cookies"),
    ("div", "share-bar social", "Share on Facebook Share on Twitter Email"),
    ("aside", "related-stories", "Related stories: More from the council"),
    ("div", "newsletter-signup", "Sign up for our newsletter to get the news every morning"),
    ("footer", "site-footer", "Copyright 2026 Example Media. All rights reserved."),
    ("div", "ad-slot advert", "Advertisement"),
)


def sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) if i % 2 else rng.choice(GLUE) for i in range(words)]
    return " ".join(picked).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 5)))


def _body(rng: random.Random, seed: int) -> str:
    parts = [f"<h1>The {rng.choice(WORDS)} story number {seed}</h1>"]
    for _ in range(rng.randint(3, 12)):
        kind = rng.random()
        if kind < 0.6:
            parts.append(f"<p>{paragraph(rng)}</p>")
        elif kind < 0.7:
            parts.append(f"<h2>{sentence(rng, 4)}</h2>")
        elif kind < 0.8:
            items = "".join(f"<li>{sentence(rng, rng.randint(3, 10))}</li>" for _ in range(rng.randint(2, 6)))
            parts.append(f"<ul>{items}</ul>")
        elif kind < 0.87:
            rows = "".join("<tr>" + "".join(f"<td>{rng.choice(WORDS)} {rng.randint(1, 99)}</td>" for _ in range(3))
                           + "</tr>" for _ in range(rng.randint(2, 5)))
            parts.append(f"<table>{rows}</table>")
        elif kind < 0.93:
            parts.append(f"<blockquote><p>{paragraph(rng)}</p></blockquote>")
        else:
            parts.append(f"<pre><code>x = {rng.randint(1, 9)}\nprint(x)</code></pre>")
    return "".join(parts)


def news_page(seed: int) -> str:
    """One article page with boilerplate around it; the same seed gives the same page."""
    rng = random.Random(seed)
    wrapper = rng.choice(("article", "div class='post-content'", "main", "div id='story-body'", "section"))
    close = wrapper.split()[0]
    around = rng.sample(BOILERPLATE, rng.randint(2, len(BOILERPLATE)))
    before = "".join(f"<{tag} class='{cls}'>{text}</{tag}>" for tag, cls, text in around[: len(around) // 2])
    after = "".join(f"<{tag} class='{cls}'>{text}</{tag}>" for tag, cls, text in around[len(around) // 2:])
    comments = ""
    if rng.random() < 0.3:
        comments = "<div id='comments'>" + "".join(
            f"<div class='comment'><p>{sentence(rng, 10)}</p></div>" for _ in range(rng.randint(1, 4))) + "</div>"
    lang = rng.choice(("en", "en-GB", "", "en-us"))
    return (f"<!DOCTYPE html><html lang='{lang}'><head><title>Story {seed} | Example News</title>"
            f"<meta property='og:site_name' content='Example News'></head><body>{before}"
            f"<{wrapper}>{_body(rng, seed)}</{close}>{comments}{after}</body></html>")


def slow_page(target_blocks: int = 60_000, seed: int = 0) -> str:
    """A page built to be slow: ``target_blocks`` short linked blocks in nested boxes with long, unique class
    names (tokenised one by one), interleaved with prose, so every stage has a lot to do."""
    rng = random.Random(seed)
    boxes = []
    for n in range(target_blocks // 10):
        cls = f"box-{n} sidebar-widget-{n % 97} teaserCard{n} related-{rng.choice(WORDS)}-{n}"
        items = "".join(f"<li class='item-{n}-{i}'><a href='/p/{n}/{i}'>{rng.choice(WORDS)} {i}</a> "
                        f"{rng.choice(GLUE)} {rng.choice(WORDS)}</li>" for i in range(8))
        boxes.append(f"<div class='{cls}'><h3>{sentence(rng, 3)}</h3><ul>{items}</ul><p>{sentence(rng, 12)}</p></div>")
    return f"<html><head><title>Slow</title></head><body><main>{''.join(boxes)}</main></body></html>"
