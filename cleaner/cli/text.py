"""``cleaner text [FILE ...|-] [--format txt|md|json] [--explain] [--templates FILE | --learn-templates]
[--save-templates OUT]``.

Cleans text that a scraper already dumped. Given several files, it learns the blocks they share (the
site's template) and removes them from each. ``--templates FILE`` applies what an earlier run saved
and is only ever read; ``--save-templates OUT`` writes what this run learned (whole or not at all).
"""
from __future__ import annotations

import argparse
import json
import sys

from cleaner.cli.common import EXIT_USAGE, emit, explain, read_input, render, report_status, usage_for_a_terminal

FORMATS = ("txt", "md", "json")
#: Site key of files given without ``--site``: they are taken as pages of one site.
DEFAULT_SITE = "files"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("text", help="clean already-scraped text (files or stdin); learn site templates")
    parser.add_argument("sources", nargs="*", metavar="FILE",
                        help="text files, or - for stdin (the default when stdin is a pipe); several files are "
                             "pages of one site")
    parser.add_argument("--url", help="the page's URL (one input), or the site's URL for several")
    parser.add_argument("--site", help=f"site key of the inputs for templates (default: the URL's host or {DEFAULT_SITE!r})")
    parser.add_argument("--format", "-f", choices=FORMATS, default="txt")
    parser.add_argument("--explain", action="store_true", help="list each removed block with its label and reason (stderr)")
    parser.add_argument("--templates", metavar="FILE",
                        help="site templates to apply (JSON saved by --save-templates); read, never written")
    parser.add_argument("--learn-templates", action="store_true",
                        help="learn templates across the inputs (implied for several inputs without --templates)")
    parser.add_argument("--save-templates", metavar="OUT",
                        help="learn templates across the inputs and write them to OUT (JSON)")
    # No --preset, --comments or --captions: they steer the HTML path; clean_text has nothing they would change.
    parser.set_defaults(func=run, usage=parser.format_usage())


def _site(args: argparse.Namespace) -> str:
    from cleaner.templates import Templates

    return args.site or (Templates.site_key(args.url) if args.url else DEFAULT_SITE)


def _templates(args: argparse.Namespace, texts: list[str]):
    from cleaner.template_learning import learn_templates
    from cleaner.templates import Templates

    if args.templates:
        return Templates.load(args.templates)
    if not (args.learn_templates or args.save_templates or len(texts) > 1):
        return None
    templates = learn_templates([(_site(args), text) for text in texts])
    if args.save_templates:
        templates.save(args.save_templates)
    return templates


def run(args: argparse.Namespace) -> int:
    if not args.sources:
        if usage_for_a_terminal(args):
            return EXIT_USAGE
        args.sources = ["-"]
    if args.templates and (args.learn_templates or args.save_templates):
        print("cleaner: error: --templates applies saved templates; learning (--learn-templates, "
              "--save-templates) cannot be combined with it", file=sys.stderr)
        return EXIT_USAGE
    from cleaner.decode import decode_bytes
    from cleaner.errors import InputError
    from cleaner.text.pipeline import clean_text, is_html_document

    texts = [decode_bytes(read_input(source)).text for source in args.sources]
    for source, text in zip(args.sources, texts):
        if is_html_document(text):
            raise InputError(f"{source} is an HTML page, not scraped text; try: cleaner extract {source}")
    templates = _templates(args, texts)
    url = args.url or (_site(args) if templates is not None else None)
    documents = [clean_text(text, url=url, templates=templates) for text in texts]
    if args.format == "json" and len(documents) > 1:
        emit(json.dumps([{"source": s, **d.to_dict()} for s, d in zip(args.sources, documents)],
                        ensure_ascii=False, indent=2))
    for source, document in zip(args.sources, documents):
        if len(documents) > 1 and args.format != "json":
            emit(f"==> {source} <==")
        if len(documents) == 1 or args.format != "json":
            emit(render(document, args.format))
        if args.explain:
            print((f"==> {source} <==\n" if len(documents) > 1 else "") + explain(document), file=sys.stderr)
    return max((report_status(d) for d in documents), default=0)
