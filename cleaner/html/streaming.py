"""Content that a server streamed after the page: put where the page's scripts put it.

React's streaming server rendering (the default of Next.js's app router) sends a page's shell first, with an
empty ``<template id="B:n">`` (a boundary still loading) or ``<template id="P:n">`` (a placeholder) where a
part goes, and sends the part later, at the end of the body, in a ``<div hidden id="S:n">``. An inline script
(``$RC("B:n", "S:m")``, ``$RS("S:m", "P:n")``) then moves the part into place. A reader with scripts sees the
article where the template was; without them, the article is a hidden block after the footer. On the 1,497
wcxb-dev pages, 37 stream this way, from many sites; on one the whole article is streamed.

Each streamed part replaces its template, visible, as the scripts would do. The scripts' calls say which
part goes where; where the calls are in a file of their own, the part goes to the placeholder, then the
boundary, of its own number (React numbers them together).
"""
from __future__ import annotations

import re

import lxml.html

from cleaner.html.tree_edit import replace_keeping_tail

#: The runtime's calls in inline scripts: $RC(boundary, segment) and $RS(segment, placeholder).
_COMPLETE_BOUNDARY = re.compile(r"""\$RC\(\s*["']([BP]:\w+)["']\s*,\s*["'](S:\w+)["']""")
_COMPLETE_SEGMENT = re.compile(r"""\$RS\(\s*["'](S:\w+)["']\s*,\s*["']([BP]:\w+)["']""")
_TEMPLATE_ID = re.compile(r"[BP]:\w+\Z")
_SEGMENT_ID = re.compile(r"S:(\w+)\Z")


def place_streamed_parts(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The tree with every streamed part (``<div hidden id="S:n">``) in place of its template, visible."""
    templates = {t.get("id"): t for t in root.iter("template") if _TEMPLATE_ID.match(t.get("id") or "")}
    if not templates:
        return root
    parts = {div.get("id"): div for div in root.iter("div")
             if div.get("hidden") is not None and _SEGMENT_ID.match(div.get("id") or "")}
    if not parts:
        return root
    targets = _targets(root, parts, templates)
    for part_id, part in parts.items():
        template = templates.get(targets.get(part_id, ""))
        if template is None or template.getparent() is None or _inside(template, part):
            continue
        del part.attrib["hidden"]
        replace_keeping_tail(template, part)
    return root


def _targets(root: lxml.html.HtmlElement, parts: dict[str, lxml.html.HtmlElement],
             templates: dict[str, lxml.html.HtmlElement]) -> dict[str, str]:
    """Per streamed part, the id of the template it replaces: from the scripts' calls, else by number."""
    targets: dict[str, str] = {}
    for script in root.iter("script"):
        code = script.text or ""
        if "$R" not in code:
            continue
        targets.update((part, template) for template, part in _COMPLETE_BOUNDARY.findall(code))
        targets.update(_COMPLETE_SEGMENT.findall(code))
    for part_id in parts:
        if part_id not in targets:
            number = part_id[2:]
            targets[part_id] = next((t for t in (f"P:{number}", f"B:{number}") if t in templates), "")
    return targets


def _inside(element: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` lies within ``ancestor`` (a part cannot replace a template inside itself)."""
    return any(a is ancestor for a in element.iterancestors())
