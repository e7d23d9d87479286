"""Extractors: each looks at the page's blocks and proposes the set it believes is the article (a
``candidate.Candidate``): ``heuristic`` is our own, ``trafilatura_adapter`` runs trafilatura on the same tree."""
