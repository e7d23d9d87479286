# cython: language_level=3
"""The block scorer's raw rows (``scorer_features.python_raw_rows``) computed with typed loops: the same list
of ``RawRow``, the same floats bit for bit (the same operations on the same values, in the same order), the
same keys in the same order in every dict. The per-page sums sit in C arrays; the per-parent signals (the
elements above a block) are read once per parent, as in the Python. Pages whose parts do not line up (blocks
not numbered by position, fewer verdicts or decisions than blocks, a kept index off the page) go to the
Python function, which defines what happens then."""
from libc.math cimport log1p
from libc.stdlib cimport calloc, free
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM

from cleaner.deadline import NO_DEADLINE
from cleaner.html.decisions import CAPTION_REACH, _ends_with_credit, caption_markup
from cleaner.html.scorer_features import (NUMERIC_NAMES, SHARE_LEVELS, WINDOW, RawRow,
                                          _SENTENCE_ENDS, python_raw_rows, row_categories,
                                          tags_above)

# How often (in blocks) the deadline is checked: a check is a Python call; 16 blocks take a few microseconds.
DEADLINE_STRIDE = 16
DEF N_SIGNALS = 53
if len(NUMERIC_NAMES) != N_SIGNALS or tuple(SHARE_LEVELS) != (1, 2, 3, 5):
    # The signals changed in scorer_features and not here: compiled_module logs this and the Python runs.
    raise ImportError("cleaner.html._scorer_rows is out of date with scorer_features")
cdef Py_ssize_t _WINDOW = WINDOW, _CAPTION_REACH = CAPTION_REACH


cdef struct Sums:
    # Prefix sums over reading order (n + 1 entries each) of visible characters, and of those kept by our
    # extractor, the rules and trafilatura, and of characters times prose score.
    double *length
    double *ours
    double *rules
    double *traf
    double *prose


cdef struct Flags:
    Py_ssize_t *length  # visible characters (0 when hidden)
    char *hidden
    char *ours
    char *traf
    char *rules
    char *skip
    double *prose


cdef inline void _put(tuple row, Py_ssize_t slot, object value):
    Py_INCREF(value)
    PyTuple_SET_ITEM(row, slot, value)


cdef inline str _parent(str path):
    """``path.rsplit("/", 1)[0]``."""
    cdef Py_ssize_t cut = path.rfind("/")
    return path if cut < 0 else path[:cut]


cdef inline str _up(str path):
    """One element up as ``"/".join(path.split("/")[:-1])`` would go: "" once there is no "/" left."""
    cdef Py_ssize_t cut = path.rfind("/")
    return "" if cut < 0 else path[:cut]


cdef str _shape(str path):
    """``_INDEX.sub("", path)``: the path without its ``[digits]`` positions (\\d: any decimal digit)."""
    cdef Py_ssize_t size = len(path), start = 0, at = 0, end
    cdef Py_UCS4 ch
    cdef list pieces
    if path.find("[") < 0:
        return path
    pieces = []
    while at < size:
        ch = path[at]
        if ch == u"[":
            end = at + 1
            while end < size:
                ch = path[end]
                if not ch.isdecimal():
                    break
                end += 1
            if end > at + 1 and end < size and ch == u"]":
                pieces.append(path[start:at])
                start = at = end + 1
                continue
        at += 1
    pieces.append(path[start:])
    return "".join(pieces)


cdef inline bint _within(str path, str container):
    """``decisions.within`` (no container, None or "", holds nothing)."""
    if container is None or len(container) == 0:
        return False
    cdef Py_ssize_t size = len(container)
    if path == container:
        return True
    return len(path) > size and path.startswith(container) and path[size] == "/"


cdef void _release(Sums *sums, Flags *flags):
    free(sums.length); free(sums.ours); free(sums.rules); free(sums.traf); free(sums.prose)
    free(flags.length); free(flags.hidden); free(flags.ours); free(flags.traf); free(flags.rules)
    free(flags.skip); free(flags.prose)


cdef int _allocate(Sums *sums, Flags *flags, Py_ssize_t n) except -1:
    cdef Py_ssize_t m = n + 1
    sums.length = <double *>calloc(m, sizeof(double)); sums.ours = <double *>calloc(m, sizeof(double))
    sums.rules = <double *>calloc(m, sizeof(double)); sums.traf = <double *>calloc(m, sizeof(double))
    sums.prose = <double *>calloc(m, sizeof(double))
    flags.length = <Py_ssize_t *>calloc(m, sizeof(Py_ssize_t)); flags.hidden = <char *>calloc(m, 1)
    flags.ours = <char *>calloc(m, 1); flags.traf = <char *>calloc(m, 1); flags.rules = <char *>calloc(m, 1)
    flags.skip = <char *>calloc(m, 1); flags.prose = <double *>calloc(m, sizeof(double))
    if not (sums.length and sums.ours and sums.rules and sums.traf and sums.prose and flags.length and
            flags.hidden and flags.ours and flags.traf and flags.rules and flags.skip and flags.prose):
        raise MemoryError()
    return 0


cdef bint _mark(char *marks, object indexes, Py_ssize_t n):
    """Set ``marks[i]`` for each ``i`` of ``indexes``; False when one is not a block of the page."""
    cdef Py_ssize_t i
    for index in indexes:
        if not isinstance(index, int):
            return False
        i = index
        if i < 0 or i >= n:
            return False
        marks[i] = 1
    return True


cdef bint _read_flags(page, Flags *flags, Py_ssize_t n, object skip):
    """The per-block values the sums and rows read; False when the page's parts do not line up."""
    cdef Py_ssize_t k = 0
    for segment in page.segments:
        if segment.index != k:
            return False
        flags.hidden[k] = bool(segment.hidden)
        flags.length[k] = 0 if flags.hidden[k] else len(segment.text)
        k += 1
    k = 0
    for verdict in page.verdicts:
        flags.prose[k] = verdict.prose
        k += 1
    k = 0
    for decision in page.decisions:
        flags.rules[k] = bool(decision.keep)
        k += 1
    for index in skip:  # as ``segment.index in skip``: what is not a block's index skips nothing
        if isinstance(index, int) and 0 <= index < n:
            flags.skip[<Py_ssize_t>index] = 1
    return _mark(flags.ours, page.heuristic.kept, n) and _mark(flags.traf, page.trafilatura.kept, n)


cdef void _prefix(Sums *sums, Flags *flags, Py_ssize_t n):
    """``scorer_features._context``'s sums: the same additions in the same order."""
    cdef Py_ssize_t k, size
    for k in range(n):
        size = flags.length[k]
        sums.length[k + 1] = sums.length[k] + size
        sums.ours[k + 1] = sums.ours[k] + size * flags.ours[k]
        sums.traf[k + 1] = sums.traf[k] + size * flags.traf[k]
        sums.rules[k + 1] = sums.rules[k] + size * flags.rules[k]
        sums.prose[k + 1] = sums.prose[k] + size * flags.prose[k]


def raw_rows(page, deadline=NO_DEADLINE, skip=frozenset()):
    """``scorer_features.python_raw_rows``, compiled."""
    cdef Sums sums
    cdef Flags flags
    cdef Py_ssize_t n = len(page.segments)
    if len(page.verdicts) != n or len(page.decisions) != n:
        return python_raw_rows(page, deadline, skip)
    sums.length = sums.ours = sums.rules = sums.traf = sums.prose = NULL
    flags.length = NULL
    flags.hidden = flags.ours = flags.traf = flags.rules = flags.skip = NULL
    flags.prose = NULL
    try:
        _allocate(&sums, &flags, n)
        if not _read_flags(page, &flags, n, skip):
            return python_raw_rows(page, deadline, skip)
        _prefix(&sums, &flags, n)
        return _rows(page, deadline, &sums, &flags, n)
    finally:
        _release(&sums, &flags)


cdef class _Page:
    """The per-page tables the rows read (``scorer_features.python_raw_rows``' locals)."""
    cdef tuple segments, verdicts, decisions
    cdef list parents, shapes
    cdef dict chars, links, shape_counts, runs, shape_chars, texts, groups
    cdef tuple numbers  # the page's own signals (``_page_numbers``)
    cdef object total  # the page's visible characters, or 1 (an int, as ``x or 1`` gives) when there are none
    cdef double total_value
    cdef str container, core, trafilatura_core
    cdef object asked


cdef _Page _tables(page, Sums *sums, Flags *flags, Py_ssize_t n):
    cdef _Page tables = _Page.__new__(_Page)
    cdef Py_ssize_t k
    cdef list parents = [], shapes = []
    cdef dict by_parent = {}, shape_counts = {}, shape_parents = {}, shape_chars = {}, texts = {}, groups = {}
    cdef str path, parent, shape
    cdef list found
    tables.segments, tables.verdicts = tuple(page.segments), tuple(page.verdicts)
    tables.decisions = tuple(page.decisions)
    for k in range(n):
        segment = tables.segments[k]
        path = segment.path
        parent, shape = _parent(path), _shape(path)
        parents.append(parent)
        shapes.append(shape)
        shape_counts[shape] = shape_counts.get(shape, 0) + 1
        group = segment.group
        if group >= 0:
            groups[group] = groups.get(group, 0) + 1
        if flags.hidden[k]:
            continue
        found = by_parent.get(parent)
        if found is None:
            by_parent[parent] = [flags.length[k], segment.link_chars, path.count("/")]
        else:
            found[0] += flags.length[k]
            found[1] += segment.link_chars
        shape_parents.setdefault(shape, set()).add(parent)
        shape_chars[shape] = shape_chars.get(shape, 0) + flags.length[k]
        text = segment.text
        texts[text] = texts.get(text, 0) + 1
    tables.parents, tables.shapes, tables.shape_counts, tables.shape_chars = parents, shapes, shape_counts, shape_chars
    tables.texts, tables.groups = texts, groups
    tables.runs = {shape: len(found_parents) for shape, found_parents in shape_parents.items()}
    _element_totals(tables, by_parent)
    tables.total = sums.length[n] or 1
    tables.total_value = tables.total
    tables.container, tables.core = page.heuristic.container, page.heuristic.core
    tables.trafilatura_core = page.trafilatura_core
    tables.asked = float(page.trafilatura.available)
    tables.numbers = _page_numbers(page, tables, sums, flags, n)
    return tables


cdef void _element_totals(_Page tables, dict by_parent):
    """``scorer_features._element_totals``: characters and link characters under each element up to the
    deepest of SHARE_LEVELS above some visible block."""
    cdef dict chars = {}, links = {}
    cdef str path
    cdef Py_ssize_t step, levels
    for path, totals in by_parent.items():
        length, link_chars, levels = totals
        for step in range(min(5, levels)):
            chars[path] = chars.get(path, 0) + length
            links[path] = links.get(path, 0) + link_chars
            path = _parent(path)
    tables.chars, tables.links = chars, links


cdef tuple _page_numbers(page, _Page tables, Sums *sums, Flags *flags, Py_ssize_t n):
    cdef double total = tables.total_value, ours = sums.ours[n], traf = sums.traf[n], shared
    cdef long long both = 0, links = 0
    cdef Py_ssize_t k
    for index in page.heuristic.kept & page.trafilatura.kept:
        both += flags.length[<Py_ssize_t>index]
    for k in range(n):
        if not flags.hidden[k]:
            links += tables.segments[k].link_chars
    shared = ours + traf - both
    if not shared > 1:
        shared = 1
    return (log1p(n), log1p(total), page.heuristic.prose_share, ours / total, sums.rules[n] / total,
            traf / total, both / shared, links / total)


cdef tuple _above(segment, str path, _Page tables):
    """``scorer_features._above``: the shares of the elements above, whether one of them is caption markup,
    and their tags and tokens weighted by nearness; the same for every block of a parent."""
    cdef str up1, up2, up3, up5
    ancestors = segment.ancestors
    tags, tokens = tags_above(ancestors)
    up1 = _up(path)
    up2 = _up(up1)
    up3 = _up(up2)
    up5 = _up(_up(up3))
    chars, links, total = tables.chars, tables.links, tables.total
    shares = (chars.get(up1, 0) / total, chars.get(up2, 0) / total, chars.get(up3, 0) / total,
              chars.get(up5, 0) / total,
              links.get(up2, 0) / chars[up2] if chars.get(up2, 0) else 0.0,
              links.get(up5, 0) / chars[up5] if chars.get(up5, 0) else 0.0)
    return shares, caption_markup(ancestors[1:_CAPTION_REACH]), tags, tokens


cdef tuple _ancestry(str parent, tuple here, own, dict merged):
    """``scorer_features._ancestry``: the tags and tokens above with the block's own element's (weight 1)."""
    if own is None:
        return here[2], here[3]
    key = (parent, id(own))
    found = merged.get(key)
    if found is None:
        tags, tokens = dict(here[2]), dict(here[3])
        tags[own.tag] = 1.0
        for token in own.tokens:
            tokens[token] = 1.0
        if own.role:
            tokens[f"role={own.role}"] = 1.0
        found = merged[key] = (tags, tokens)
    return found


cdef void _own_counts(str text, Py_ssize_t *commas, Py_ssize_t *digits):
    """``text.count(",")`` and the count of the characters 0-9, in one pass."""
    cdef Py_UCS4 ch
    commas[0] = digits[0] = 0
    for ch in text:
        if ch == u",":
            commas[0] += 1
        elif u"0" <= ch <= u"9":
            digits[0] += 1


cdef tuple _numeric(Py_ssize_t k, Py_ssize_t n, segment, verdict, tuple here, _Page tables, Sums *sums,
                    Flags *flags):
    """The block's numeric signals, in ``NUMERIC``'s order (``python_raw_rows``' tuple)."""
    cdef tuple row = PyTuple_New(N_SIGNALS)
    cdef str text = segment.text, path = tables.segments[k].path, shape = tables.shapes[k]
    cdef Py_ssize_t words, commas, digits, size = flags.length[k], last = n - 1, slot
    cdef Py_ssize_t before = k - 1 if k > 0 else 0, after = k + 1 if k < last else last
    cdef Py_ssize_t lo = k - _WINDOW if k > _WINDOW else 0, hi = min(n, k + _WINDOW + 1)
    cdef double near = sums.length[hi] - sums.length[lo] - size, total = tables.total_value
    # ``decisions.is_caption``, its cheap tests first (the same answer: none has a side effect)
    cdef bint caption = (segment.tag == "figcaption" or here[1]
                         or (text.endswith(")") and _ends_with_credit(text))
                         or caption_markup(segment.ancestors[:1]))
    words = segment.words or len(text.split())
    words = max(1, words)
    _own_counts(text, &commas, &digits)
    group = segment.group
    values = (log1p(size), log1p(words), segment.link_density, verdict.prose, float(segment.heading_level),
              float(segment.inside_form), float(caption), float(text.rstrip().endswith(_SENTENCE_ENDS)),
              float(verdict.strong), float(verdict.hint is not None), float(path.count("/")), commas / words,
              digits / max(1, len(text)), log1p(tables.groups[group]) if group >= 0 else 0.0,
              float(flags.ours[k]), float(_within(path, tables.container)), float(_within(path, tables.core)),
              float(flags.rules[k]), float(flags.traf[k]), float(_within(path, tables.trafilatura_core)),
              tables.asked,
              float(k > 0 and flags.ours[before]), float(k < last and flags.ours[after]),
              float(k > 0 and flags.rules[before]), float(k < last and flags.rules[after]),
              float(k > 0 and flags.traf[before]), float(k < last and flags.traf[after]),
              tables.verdicts[before].prose if k > 0 else 0.0, tables.verdicts[after].prose if k < last else 0.0)
    for slot in range(29):
        _put(row, slot, values[slot])
    if near > 0:
        windows = ((sums.ours[hi] - sums.ours[lo] - size * flags.ours[k]) / near,
                   (sums.rules[hi] - sums.rules[lo] - size * flags.rules[k]) / near,
                   (sums.traf[hi] - sums.traf[lo] - size * flags.traf[k]) / near,
                   (sums.prose[hi] - sums.prose[lo] - size * flags.prose[k]) / near)
    else:
        windows = (0.0, 0.0, 0.0, 0.0)
    shares = here[0]
    rest = (*windows, *shares, log1p(tables.shape_counts[shape] - 1), log1p(tables.texts[text] - 1),
            k / max(1, last), size / total, log1p(tables.runs[shape] - 1), tables.shape_chars[shape] / total,
            *tables.numbers)
    for slot in range(N_SIGNALS - 29):
        _put(row, 29 + slot, rest[slot])
    return row


cdef list _rows(page, deadline, Sums *sums, Flags *flags, Py_ssize_t n):
    cdef _Page tables = _tables(page, sums, flags, n)
    cdef dict above = {}, merged = {}
    cdef dict page_type = {page.page_type or "none": 1.0}  # one dict for all rows: rows are only read
    cdef list rows = []
    cdef Py_ssize_t k
    cdef str parent
    cdef tuple here
    for k in range(n):
        if k % DEADLINE_STRIDE == 0:
            deadline.check()
        if flags.hidden[k] or flags.skip[k]:
            continue
        segment, verdict, decision = tables.segments[k], tables.verdicts[k], tables.decisions[k]
        parent = tables.parents[k]
        here = above.get(parent)
        if here is None:  # the elements above a block are its siblings' too
            here = above[parent] = _above(segment, segment.path, tables)
        ancestors = segment.ancestors
        numeric = _numeric(k, n, segment, verdict, here, tables, sums, flags)
        tags, tokens = _ancestry(parent, here, ancestors[0] if ancestors else None, merged)
        rows.append(RawRow(k, numeric, row_categories(segment, verdict, decision, tags, tokens, page_type)))
    return rows
