# cython: language_level=3
"""The compiled walk from tree to blocks: the same Segments as ``segment_python.python_segment_tree``, read from
libxml2's nodes directly (lxml's public C API) instead of through an ``_Element`` proxy per element.

Most of the pure walk's time goes to lxml's Python API (a proxy per element, ``.items()``, ``.text``, ``.tail``),
not to the interpreter, so this module keeps the walk's logic line for line and changes how the tree is read:

- nodes are visited as ``etree.iterwalk`` visits them: elements and entity references (comments and processing
  instructions are not visited, so their tails are not read, as in the pure walk); iteratively, by the nodes'
  parent and sibling pointers, so depth costs no C stack;
- text and tails come from lxml's own ``textOf``/``tailOf``, attribute values from ``attributeValue`` (the
  functions behind ``.text``, ``.tail`` and ``.items()``), so they are the same strings;
- libxml2 functions are never called directly: lxml links its own libxml2, which this module cannot see;
- no node pointer outlives the call: the caller's root ``_Element`` keeps the document alive during the walk,
  and what is kept (groups by node address) is dropped when the walk ends.

What is rare and intricate goes back to the pure walk's Python helpers on a proxy (a hidden element's text).
"""
cimport cython
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.string cimport strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes.tree cimport (XML_ATTRIBUTE_NODE, XML_CDATA_SECTION_NODE, XML_ELEMENT_NODE, XML_ENTITY_REF_NODE,
                                 XML_TEXT_NODE, XML_XINCLUDE_END, XML_XINCLUDE_START, xmlAttr, xmlNode)


from cleaner.deadline import NO_DEADLINE
from cleaner.html.ancestry import (_HIDDEN_STYLE, _INFO_ATTRIBUTES, NO_VALUES, TAXONOMY_PREFIXES, AncestorInfo,
                                   _value_tokens)
from cleaner.html.segment_python import _leading_text, python_segment_tree
from cleaner.html.segment_types import (BLOCK_TAGS, CONTROL_TAGS, HEADING_TAGS, LINK_LIKE_TAGS, MAX_HIDDEN_TEXT,
                                        NESTED_BLOCKS, ROW_TAGS, SKIP_TAGS, SKIP_TAGS_OPEN_NOSCRIPT, Segment,
                                        block_text)
from cleaner.types import BlockKind

cetree.import_lxml__etree()

#: Events between two deadline checks: one event costs well under a microsecond, a check a Python call.
DEADLINE_EVERY = 32

cdef object PARAGRAPH = BlockKind.PARAGRAPH
cdef object HEADING = BlockKind.HEADING
cdef object CODE = BlockKind.CODE
cdef object TABLE = BlockKind.TABLE
cdef object LIST = BlockKind.LIST
cdef object QUOTE = BlockKind.QUOTE
#: The AncestorInfo attributes' names as bytes, in the order of their slots (``ancestry._INFO_ATTRIBUTES``).
cdef tuple INFO_NAMES = tuple(name.encode() for name in _INFO_ATTRIBUTES)
cdef Py_ssize_t INFO_SLOTS = len(_INFO_ATTRIBUTES)


cdef inline bint _visited(xmlNode* c_node) noexcept nogil:
    """The nodes ``etree.iterwalk`` reports (with its default tag filter): elements and entity references."""
    return c_node.type == XML_ELEMENT_NODE or c_node.type == XML_ENTITY_REF_NODE


cdef inline xmlNode* _first_child(xmlNode* c_node) noexcept nogil:
    cdef xmlNode* c_child
    if c_node.type != XML_ELEMENT_NODE:  # an entity reference's children are its declaration, never walked
        return NULL
    c_child = c_node.children
    while c_child is not NULL and not _visited(c_child):
        c_child = c_child.next
    return c_child


cdef inline xmlNode* _next_sibling(xmlNode* c_node) noexcept nogil:
    c_node = c_node.next
    while c_node is not NULL and not _visited(c_node):
        c_node = c_node.next
    return c_node


cdef inline xmlNode* _following(xmlNode* c_node, xmlNode* c_top, bint descend) noexcept nogil:
    """The node after ``c_node`` in document order below ``c_top`` (its first child when ``descend``), or NULL."""
    if descend and c_node.children is not NULL:
        return c_node.children
    while c_node.next is NULL:
        c_node = c_node.parent
        if c_node is NULL or c_node is c_top:
            return NULL
    return c_node.next


cdef inline bint _ascii_space(unsigned char byte) noexcept nogil:
    """The ASCII characters ``str.isspace`` counts: space, \t \n \v \f \r and \x1c to \x1f."""
    return byte == 32 or 9 <= byte <= 13 or 28 <= byte <= 31


cdef bint _blank_text(xmlNode* c_node) noexcept nogil:
    """Whether the text that lxml reads from ``c_node`` on (``.text`` from the first child, ``.tail`` from the next
    sibling: the text and CDATA nodes up to the first other node, XInclude markers skipped) is ASCII whitespace
    or nothing. Such text is never read into an empty block, so no string need be made for it."""
    cdef const unsigned char* byte
    while c_node is not NULL:
        if c_node.type == XML_TEXT_NODE or c_node.type == XML_CDATA_SECTION_NODE:
            byte = <const unsigned char*>c_node.content
            if byte is not NULL:
                while byte[0] != 0:
                    if not _ascii_space(byte[0]):
                        return False
                    byte += 1
        elif c_node.type != XML_XINCLUDE_START and c_node.type != XML_XINCLUDE_END:
            return True
        c_node = c_node.next
    return True


cdef inline bint _plain(xmlNode* c_node) noexcept nogil:
    """No namespace URI: lxml's tag is the bare name, which is what the tag sets and tag tests compare."""
    return c_node.ns is NULL or c_node.ns.href is NULL


cdef inline bint _named(xmlNode* c_node, const char* name) noexcept nogil:
    """An element whose lxml tag is ``name`` exactly (``iterancestors(name)`` matches the same ones)."""
    return c_node.type == XML_ELEMENT_NODE and _plain(c_node) and c_node.name is not NULL \
        and strcmp(<const char*>c_node.name, name) == 0


@cython.no_gc  # holds no reference back to what holds it: no cycle for the collector to find
@cython.freelist(64)
cdef class _Tag:
    """What the walk needs to know of one tag name, worked out once per walk: the flags read with lxml's tag
    (``element.tag``) and those read with its lower case (``AncestorInfo.tag``), as the pure walk reads them."""
    cdef str tag, lower
    cdef bint skip, control, html, pre, nested, td_th  # by lxml's tag
    cdef int heading  # by lxml's tag
    cdef bint block, row, link_like, form, br_hr, cell  # by the lower-case tag
    cdef object plain_info  # the AncestorInfo of the tag without attributes, once asked for

    def __init__(self, str tag, skip_tags):
        self.tag, self.lower = tag, tag.lower()
        self.skip, self.control, self.html = tag in skip_tags, tag in CONTROL_TAGS, tag == "html"
        self.pre, self.nested, self.td_th = tag == "pre", tag in NESTED_BLOCKS, tag in ("td", "th")
        self.heading = HEADING_TAGS.get(tag, 0)
        lower = self.lower
        self.block, self.row, self.link_like = lower in BLOCK_TAGS, lower in ROW_TAGS, lower in LINK_LIKE_TAGS
        self.form, self.br_hr, self.cell = lower == "form", lower in ("br", "hr"), lower in ("td", "th")
        self.plain_info = None


@cython.no_gc  # holds no reference back to what holds it: no cycle for the collector to find
@cython.freelist(64)
cdef class _PathNode:
    """``segment_python._Node``: an element's place among its siblings, its path written once the walk is done."""
    cdef _PathNode parent
    cdef str tag
    cdef int position
    cdef dict siblings, children
    cdef str path

    cdef str resolve(self):
        cdef list chain = []
        cdef _PathNode node = self
        while node.path is None:
            chain.append(node)
            node = node.parent
        cdef str path = node.path
        for node in reversed(chain):
            step = f"{node.tag}[{node.position}]" if node.siblings[node.tag] > 1 else node.tag
            path = node.path = f"{path}/{step}"
        return path


cdef _PathNode _path_node(_PathNode parent, str tag, int position, dict siblings, str path):
    cdef _PathNode node = _PathNode.__new__(_PathNode)
    node.parent, node.tag, node.position, node.siblings, node.children, node.path = \
        parent, tag, position, siblings, None, path
    return node


@cython.no_gc  # holds no reference back to what holds it: no cycle for the collector to find
@cython.freelist(64)
cdef class _Owner:
    """An open element that owns the block being read (a <p>, a <li>): its node, tag, path node and how many
    elements were open up to and including it (a block's ancestors start at its owner)."""
    cdef size_t address
    cdef _Tag tag
    cdef _PathNode node
    cdef Py_ssize_t depth


cdef tuple _reversed_prefix(list stack, Py_ssize_t depth):
    """``tuple(reversed(stack[:depth]))`` without the intermediate list."""
    cdef tuple result = PyTuple_New(depth)
    cdef Py_ssize_t i
    for i in range(depth):
        item = stack[depth - 1 - i]
        Py_INCREF(item)
        PyTuple_SET_ITEM(result, i, item)
    return result


cdef bint _inside(list stack, Py_ssize_t depth, Py_ssize_t last, tuple tags):
    """Whether one of the ``last`` nearest of the first ``depth`` open elements has a tag in ``tags``."""
    cdef Py_ssize_t i
    for i in range(max(0, depth - last), depth):
        if stack[i].tag in tags:
            return True
    return False


cdef inline bint _separator(Py_UCS4 ch) noexcept:
    """``ancestry._SEPARATORS`` within a class name (whitespace cannot be there: names are split on it)."""
    return ch == u'_' or ch == u'-' or ch == u':' or ch == u'.' or ch == u'/'


cdef inline bint _ascii_lower(Py_UCS4 ch) noexcept:
    return u'a' <= ch <= u'z'


cdef inline bint _ascii_upper(Py_UCS4 ch) noexcept:
    return u'A' <= ch <= u'Z'


cdef int _add_pieces(list tokens, str name, bint camel) except -1:
    """The non-empty pieces of an ASCII ``name`` between separators, lower-cased, and with ``camel`` also
    between a lower-case letter and a capital (``ancestry._TOKEN_SPLIT``; ``_SEPARATORS`` without it)."""
    cdef Py_ssize_t start = 0, i, n = len(name)
    cdef Py_UCS4 ch
    for i in range(n):
        ch = name[i]
        if _separator(ch):
            if i > start:
                tokens.append(name[start:i].lower())
            start = i + 1
        elif camel and i > start and _ascii_upper(ch) and _ascii_lower(name[i - 1]):
            tokens.append(name[start:i].lower())
            start = i
    if n > start:
        tokens.append(name[start:n].lower())
    return 0


cdef tuple _ascii_value_tokens(str value):
    """``ancestry._value_tokens`` for an ASCII value, where letters, case and separators are ASCII's: the same
    tokens in the same order, without the cache (a page's ids and classes are mostly its own)."""
    cdef list tokens = []
    cdef str name, lower
    cdef Py_UCS4 ch
    cdef bint alnum
    for name in value.split():
        lower = name.lower()
        if lower.startswith(TAXONOMY_PREFIXES):
            continue  # what the article is about, not what the box is
        if lower != name:
            _add_pieces(tokens, name, True)
        else:
            alnum = True
            for ch in name:
                if not (_ascii_lower(ch) or u'0' <= ch <= u'9'):  # no capitals here: lower == name
                    alnum = False
                    break
            if alnum:
                tokens.append(name)
                continue
            _add_pieces(tokens, name, False)
        tokens.append(lower)
    return tuple(dict.fromkeys(tokens))


cdef tuple _tokens_of(str value, dict cache):
    """The value's tokens, once per walk (a class repeats on many elements of a page, with several tags)."""
    tokens = cache.get(value)
    if tokens is None:
        tokens = cache[value] = _ascii_value_tokens(value) if value.isascii() else _value_tokens(value)
    return <tuple>tokens


cdef tuple _values_tokens(tuple values, Py_ssize_t count, dict cache):
    """``ancestry._values_tokens`` of the first ``count`` values (the token attributes, not the role)."""
    cdef list present = [values[i] for i in range(count) if values[i]]
    if len(present) == 1:
        return _tokens_of(present[0], cache)
    cdef list tokens = []
    for value in present:
        tokens.extend(_tokens_of(value, cache))
    return tuple(dict.fromkeys(tokens))


cdef object _cached_info(str tag, tuple values, dict cache, dict tokens_cache):
    """``ancestry.cached_info``, with the tokens read here."""
    key = (tag, values)
    info = cache.get(key)
    if info is None:
        role, element_id, element_class = values[INFO_SLOTS - 1], values[1], values[0]
        info = cache[key] = AncestorInfo(tag, _values_tokens(values, INFO_SLOTS - 1, tokens_cache), (role or "").lower(),
                                         element_id or "", element_class or "")
    return info


def values_tokens(tuple values) -> tuple:
    """The tokens of an element's AncestorInfo values (for tests: the same as ``ancestry._values_tokens``)."""
    return _values_tokens(values, len(values), {})


cdef frozenset _disclosed_ids(xmlNode* c_root):
    """``ancestry.disclosed_ids``: the ids named by ``aria-controls`` attributes anywhere in the root's document
    (``//@aria-controls`` is read from the document's top), in document order."""
    cdef xmlNode* c_top = <xmlNode*>c_root.doc if c_root.doc is not NULL else c_root
    cdef xmlNode* c_node = c_top.children
    cdef xmlAttr* c_attr
    cdef list ids = []
    while c_node is not NULL:
        if c_node.type == XML_ELEMENT_NODE:
            c_attr = c_node.properties
            while c_attr is not NULL:
                if c_attr.ns is NULL and c_attr.name is not NULL \
                        and strcmp(<const char*>c_attr.name, b"aria-controls") == 0:
                    ids.extend(cetree.attributeValue(c_node, c_attr).split())
                c_attr = c_attr.next
        c_node = _following(c_node, c_top, c_node.type == XML_ELEMENT_NODE)
    return frozenset(ids)


cdef bint _has_words(object text):
    """Text that is not whitespace alone (``text and not text.isspace()``)."""
    return text is not None and len(<str>text) > 0 and not (<str>text).isspace()


cdef class _Walker:
    """The state of one walk (``segment_python._Walk`` and ``_Builder`` in one): the open elements' AncestorInfos,
    path nodes and tags, the elements that own a block, the counters of link, form and atomic-row depth, and
    the rows of the blocks found, which become Segments once every path can be written."""
    cdef object root, doc, skip_tags
    cdef xmlNode* c_root
    cdef bint reveal, control
    cdef frozenset disclosed
    cdef str root_path
    cdef list rows, parts, stack, nodes, open_tags, owners
    cdef dict groups, info_cache, tokens_cache, tags
    cdef Py_ssize_t link_chars, link_depth, form_depth, atomic_depth

    def __init__(self, root, skip_tags, bint reveal, frozenset disclosed):
        self.root, self.doc, self.skip_tags = root, cetree.documentOrRaise(root), skip_tags
        self.c_root = (<cetree._Element>root)._c_node
        self.reveal, self.control, self.disclosed = reveal, False, disclosed
        self.root_path = root.getroottree().getpath(root)
        self.rows, self.parts, self.stack, self.nodes, self.open_tags, self.owners = [], [], [], [], [], []
        self.groups, self.info_cache, self.tokens_cache, self.tags = {}, {}, {}, {}
        self.link_chars = self.link_depth = self.form_depth = self.atomic_depth = 0

    cdef list walk(self, deadline):
        """Every element once, parents before children, by the nodes' own links (no recursion, no C stack)."""
        cdef xmlNode* c_node = self.c_root
        cdef xmlNode* c_next
        cdef Py_ssize_t events = 0
        check = None if deadline.seconds is None else deadline.check
        if check is not None:
            check()
        cdef bint entered = self._start(c_node)
        while True:
            if check is not None:
                events += 1
                if events >= DEADLINE_EVERY:
                    events = 0
                    check()
            if entered:
                c_next = _first_child(c_node)
                if c_next is not NULL:
                    c_node = c_next
                    entered = self._start(c_node)
                    continue
                self._end(c_node)
            # c_node is closed: on to its next sibling, closing each parent that has none after it
            while c_node is not self.c_root:
                c_next = _next_sibling(c_node)
                if c_next is not NULL:
                    c_node = c_next
                    break
                c_node = c_node.parent
                self._end(c_node)
            else:
                return self.finish()
            entered = self._start(c_node)

    cdef list finish(self):
        return [Segment(row[0], row[1], row[2], row[3], (<_PathNode>row[4]).resolve(), *row[5:]) for row in self.rows]

    cdef int _text(self, object text) except -1:
        """Text between tags joins the block being read (whitespace alone only once the block has text)."""
        if text is None or len(<str>text) == 0 or (not self.parts and (<str>text).isspace()):
            return 0
        self.parts.append(text)
        if self.link_depth > 0:
            self.link_chars += len((<str>text).strip())
        return 0

    cdef int _tail(self, xmlNode* c_node) except -1:
        """The tail of a node that closes (or is skipped) joins the block being read."""
        if self.parts or not _blank_text(c_node.next):
            self._text(cetree.tailOf(c_node))
        return 0

    cdef _Tag _tag_of(self, xmlNode* c_node):
        """The element's _Tag, by its name's address (libxml2 keeps one copy of each name per document)."""
        cdef object key = <size_t>c_node.name
        if not _plain(c_node):
            key = (key, <size_t>c_node.ns.href)
        tag = self.tags.get(key)
        if tag is None:
            tag = self.tags[key] = _Tag(cetree.namespacedName(c_node), self.skip_tags)
        return <_Tag>tag

    cdef bint _start(self, xmlNode* c_node) except -1:
        """An element opens (``_Walk.start``): skipped when hidden (its text reported), else entered. Reads the
        text that follows: the element's own, or a skipped one's tail. Returns whether it was entered."""
        cdef bint hidden = False
        cdef _PathNode parent, node
        if c_node.type != XML_ELEMENT_NODE:  # an entity reference: no tag, skipped, its tail read
            self._tail(c_node)
            return False
        cdef _Tag tag = self._tag_of(c_node)
        if c_node is self.c_root:
            node = _path_node(None, tag.tag, 1, {tag.tag: 1}, self.root_path)
        else:  # counted among its siblings with the same tag
            parent = <_PathNode>self.nodes[-1]
            if parent.children is None:  # made on the first child: most elements have none
                parent.children = {}
            position = parent.children.get(tag.tag, 0) + 1
            parent.children[tag.tag] = position
            node = _path_node(parent, tag.tag, position, parent.children, None)
        info = None
        if tag.skip:
            hidden = True
            if tag.control and cetree.attributeValueFromNsName(c_node, NULL, <const unsigned char*>b"type") != "hidden" \
                    and cetree.attributeValueFromNsName(c_node, NULL, <const unsigned char*>b"disabled") is None:
                self.control = True
        else:
            info = self._info(c_node, tag, &hidden)
        if hidden and not tag.html and c_node is not self.c_root and not (self.reveal and info is not None) \
                and not (info is not None and self.disclosed and cetree.attributeValueFromNsName(
                    c_node, NULL, <const unsigned char*>b"id") in self.disclosed):
            self._skip(c_node, node, info)
            self._tail(c_node)
            return False
        if info is None:
            info = self._info(c_node, tag, &hidden)
        self._enter(c_node, tag, node, info)
        if self.parts or not _blank_text(c_node.children):
            self._text(cetree.textOf(c_node))
        return True

    cdef object _info(self, xmlNode* c_node, _Tag tag, bint* hidden):
        """The element's AncestorInfo (``cached_info``); sets ``hidden`` when its attributes hide it."""
        if c_node.properties is NULL:
            if tag.plain_info is None:
                tag.plain_info = _cached_info(tag.lower, NO_VALUES, self.info_cache, self.tokens_cache)
            return tag.plain_info
        return _cached_info(tag.lower, self._read_attributes(c_node, hidden), self.info_cache, self.tokens_cache)

    cdef tuple _read_attributes(self, xmlNode* c_node, bint* hidden):
        """``ancestry.read_attributes`` over the node's attributes (a namespaced one matches no name there)."""
        cdef list values = [None] * INFO_SLOTS
        cdef xmlAttr* c_attr = c_node.properties
        cdef const char* name
        cdef Py_ssize_t slot, i
        while c_attr is not NULL:
            if c_attr.type == XML_ATTRIBUTE_NODE and c_attr.name is not NULL \
                    and (c_attr.ns is NULL or c_attr.ns.href is NULL):
                name = <const char*>c_attr.name
                slot = -1
                for i in range(INFO_SLOTS):
                    if strcmp(name, <const char*>(<bytes>INFO_NAMES[i])) == 0:
                        slot = i
                        break
                if slot >= 0:
                    values[slot] = cetree.attributeValue(c_node, c_attr)
                elif strcmp(name, b"hidden") == 0:
                    hidden[0] = True
                elif strcmp(name, b"aria-hidden") == 0:
                    if cetree.attributeValue(c_node, c_attr) == "true":
                        hidden[0] = True
                elif strcmp(name, b"style") == 0:
                    value = cetree.attributeValue(c_node, c_attr)
                    if value and _HIDDEN_STYLE.search(value):
                        hidden[0] = True
            c_attr = c_attr.next
        return tuple(values)

    cdef int _skip(self, xmlNode* c_node, _PathNode node, info) except -1:
        """A hidden element's text becomes a block of its own (a skipped tag's is left out)."""
        cdef _Owner owner
        if info is not None and self.atomic_depth == 0 and self.owners:
            owner = <_Owner>self.owners[-1]
            self._flush(owner, owner.depth)
            text = _leading_text(cetree.elementFactory(self.doc, c_node), MAX_HIDDEN_TEXT)
            if text:
                ancestors = (info,) + _reversed_prefix(self.stack, len(self.stack))
                self.rows.append((len(self.rows), info.tag, PARAGRAPH, text, node, 0, ancestors, 0, -1, "", (),
                                  False, len(text.split()), True, False))
        return 0

    cdef int _enter(self, xmlNode* c_node, _Tag tag, _PathNode node, info) except -1:
        """A visible element (``_Walk._enter``): a block tag closes the block being read and owns the next one,
        unless inside an atomic row, where everything is inline; links and forms are counted."""
        cdef _Owner owner
        if tag.block and self.atomic_depth == 0:
            if self.owners:
                owner = <_Owner>self.owners[-1]
                self._flush(owner, owner.depth)
            owner = _Owner.__new__(_Owner)
            owner.address, owner.tag, owner.node, owner.depth = <size_t>c_node, tag, node, len(self.stack) + 1
            self.owners.append(owner)
            if tag.row and self._is_atomic(c_node):
                self.atomic_depth = 1
        elif self.atomic_depth:
            if tag.block:
                self.atomic_depth += 1
            if tag.cell and self.parts:
                self.parts.append(" | ")
        self.stack.append(info)
        self.nodes.append(node)
        self.open_tags.append(tag)
        if tag.link_like:
            self.link_depth += 1
        elif tag.form:
            self.form_depth += 1
        elif tag.br_hr and self.parts:
            self.parts.append("\n" if self.owners and (<_Owner>self.owners[-1]).tag.pre else " ")
        return 0

    cdef int _end(self, xmlNode* c_node) except -1:
        """An element closes (``_Walk.end``): the block it owns ends with it. Reads its tail (not the root's:
        nothing after the root is read into a block)."""
        cdef _Tag tag = <_Tag>self.open_tags[-1]
        cdef _Owner owner
        if tag.link_like:
            self.link_depth -= 1
        elif tag.form:
            self.form_depth -= 1
        if self.owners and (<_Owner>self.owners[-1]).address == <size_t>c_node:
            owner = <_Owner>self.owners[-1]
            self._flush(owner, len(self.stack))
            self.owners.pop()
            self.atomic_depth = 0
        elif self.atomic_depth and tag.block:
            self.atomic_depth -= 1
        self.stack.pop()
        self.nodes.pop()
        self.open_tags.pop()
        if c_node is not self.c_root:
            self._tail(c_node)
        return 0

    cdef int _flush(self, _Owner owner, Py_ssize_t depth) except -1:
        """Close the block being read, if it has text, as owned by ``owner`` with the first ``depth`` open
        elements as its ancestors (``_Walk._flush`` and ``_Builder.flush``)."""
        if self.parts:
            self._add_block(owner, depth)
            self.link_chars = 0
        self.control = False
        return 0

    cdef int _add_block(self, _Owner owner, Py_ssize_t depth) except -1:
        raw = "".join(self.parts)
        del self.parts[:]
        cdef _Tag tag = owner.tag
        cdef bint in_pre = tag.pre or _inside(self.stack, depth, 3, ("pre", "code"))
        text, words = block_text(raw, in_pre)
        if not text:
            return 0
        kind, group, group_tag, cells = self._kind_of(owner, depth, in_pre)
        self.rows.append((len(self.rows), tag.tag, kind, text, owner.node, min(self.link_chars, len(text)),
                          _reversed_prefix(self.stack, depth), tag.heading, group, group_tag, cells,
                          self.form_depth > 0, words, False, self.control))
        return 0

    cdef tuple _kind_of(self, _Owner owner, Py_ssize_t depth, bint in_pre):
        """``segment_python._kind_of``: the block's kind, and for a row or an item its table or list."""
        cdef _Tag tag = owner.tag
        cdef xmlNode* c_owner = <xmlNode*>owner.address
        cdef xmlNode* c_up
        if tag.heading:
            return HEADING, -1, "", ()
        if in_pre:
            return CODE, -1, "", ()
        if tag.tag == "tr":
            c_up = c_owner.parent  # the nearest <table> above, as iterancestors("table") finds it
            while c_up is not NULL and c_up.type == XML_ELEMENT_NODE and not _named(c_up, b"table"):
                c_up = c_up.parent
            if c_up is not NULL and c_up.type != XML_ELEMENT_NODE:
                c_up = NULL
            return TABLE, self._group(<size_t>c_up), "table", self._cells(c_owner)
        if tag.tag in ("li", "dt", "dd"):
            c_up = c_owner.parent  # getparent(): an element, or none
            if c_up is not NULL and c_up.type != XML_ELEMENT_NODE:
                c_up = NULL
            return LIST, self._group(<size_t>c_up), self._tag_of(c_up).tag if c_up is not NULL else "ul", ()
        if _inside(self.stack, depth, 4, ("blockquote",)):
            return QUOTE, -1, "", ()
        return PARAGRAPH, -1, "", ()

    cdef object _group(self, size_t address):
        """The group number of a table or list, numbered as first met (0 stands for none, like ``None``)."""
        group = self.groups.get(address)
        if group is None:
            group = self.groups[address] = len(self.groups)
        return group

    cdef tuple _cells(self, xmlNode* c_row):
        """The row's <td>/<th> children's text, whitespace collapsed (``text_content()``)."""
        cdef list cells = []
        cdef xmlNode* c_cell = c_row.children
        while c_cell is not NULL:
            if _named(c_cell, b"td") or _named(c_cell, b"th"):
                cells.append(" ".join(self._text_content(c_cell).split()))
            c_cell = c_cell.next
        return tuple(cells)

    cdef str _text_content(self, xmlNode* c_top):
        """libxml2's string value of an element (what ``text_content()`` returns): its descendant text and CDATA
        nodes in order. An entity reference's text is the entity's: then lxml is asked."""
        cdef list pieces = []
        cdef xmlNode* c_node = c_top.children
        while c_node is not NULL:
            if c_node.type == XML_TEXT_NODE or c_node.type == XML_CDATA_SECTION_NODE:
                if c_node.content is not NULL:
                    pieces.append(<bytes>c_node.content)
            elif c_node.type == XML_ENTITY_REF_NODE:
                return cetree.elementFactory(self.doc, c_top).text_content()
            c_node = _following(c_node, c_top, True)
        return b"".join(pieces).decode("utf-8")

    cdef bint _nested(self, xmlNode* c_node) except -1:
        return c_node.type == XML_ELEMENT_NODE and self._tag_of(c_node).nested

    cdef bint _is_atomic(self, xmlNode* c_row) except -1:
        """``segment_python._is_atomic`` for a row tag: no text inside a nested block anywhere below the row.
        One walk over the row's subtree counting the nested blocks open around each text."""
        cdef Py_ssize_t inside = 0
        cdef xmlNode* c_node = _first_child(c_row)
        cdef xmlNode* c_next
        while c_node is not NULL:
            inside += self._nested(c_node)
            if inside and _has_words(self._start_text(c_node)):
                return False
            c_next = _first_child(c_node)
            if c_next is not NULL:
                c_node = c_next
                continue
            while True:  # c_node ends, then each parent without a next sibling, up to the row
                inside -= self._nested(c_node)
                if inside and _has_words(cetree.tailOf(c_node)):
                    return False
                c_next = _next_sibling(c_node)
                if c_next is not NULL:
                    c_node = c_next
                    break
                c_node = c_node.parent
                if c_node is c_row:
                    return True
        return True

    cdef object _start_text(self, xmlNode* c_node):
        """What ``.text`` gives at a node's start event: an element's text, an entity reference's ``&name;``."""
        if c_node.type == XML_ENTITY_REF_NODE:
            return "&" + cetree.pyunicode(c_node.name) + ";"
        return cetree.textOf(c_node)


def compiled_segment_tree(root, deadline=NO_DEADLINE, open_noscript=False, reveal_hidden=False):
    """All text blocks of the page in reading order, with their ancestors' tokens; ``open_noscript`` reads the
    content of <noscript> elements as well, ``reveal_hidden`` reads hidden elements as visible. The same
    Segments as ``segment_python.python_segment_tree``; a root that is not an element goes to that walk."""
    if not isinstance(root, cetree._Element) or (<cetree._Element>root)._c_node is NULL \
            or (<cetree._Element>root)._c_node.type != XML_ELEMENT_NODE:
        return python_segment_tree(root, deadline, open_noscript, reveal_hidden)
    walker = _Walker(root, SKIP_TAGS_OPEN_NOSCRIPT if open_noscript else SKIP_TAGS, reveal_hidden,
                     _disclosed_ids((<cetree._Element>root)._c_node))
    return (<_Walker>walker).walk(deadline)
