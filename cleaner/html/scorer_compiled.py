"""The scorer's trees compiled into one Python function, built once per process from the model file.

Walking 60 trees node by node over a row of several hundred columns (most of them zero: one per class token
of the vocabulary) cost more than the rest of the pipeline's work on a block. The compiled function reads a
block's raw signals directly (``RawRow.numeric`` by position, ``RawRow.categories`` by name, only the values
the trees split on) and adds up the trees as nested conditional expressions, which CPython evaluates without
a loop or a list per block. The source is generated from numbers and names of the model file alone (each
written with ``repr``), so no text of the file is ever run as code.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from cleaner.html.scorer_features import NUMERIC_NAMES

#: The log-odds of a block, from its numeric signals and its categorical ones.
LogOdds = Callable[[Sequence[float], Mapping[str, Mapping[str, float]]], float]
_EMPTY: Mapping[str, float] = {}


def compile_trees(columns: Sequence[str], base: float, trees: Sequence[Sequence[Sequence[float]]]) -> LogOdds:
    """The trees (nodes ``[column, threshold, left, right, value]`` or ``[value]``, over ``columns``) as one
    function of a raw row. The model's numeric columns must be today's signals (``load_model`` checks)."""
    categories: dict[str, str] = {}

    def column(index: int) -> str:
        if index < len(NUMERIC_NAMES):
            return f"n[{index}]"
        category, _, value = columns[index].partition(":")
        local = categories.setdefault(category, f"c{len(categories)}")
        return f"{local}.get({value!r}, 0.0)"

    def node(nodes: Sequence[Sequence[float]], n: int) -> str:
        here = nodes[n]
        if len(here) == 1:
            return repr(float(here[0]))
        test = f"{column(int(here[0]))} <= {float(here[1])!r}"
        return f"({node(nodes, int(here[2]))} if {test} else {node(nodes, int(here[3]))})"

    body = " + ".join([repr(float(base)), *(node(tree, 0) for tree in trees)])
    lines = ["def log_odds(n, c):", "    get = c.get"]
    lines += [f"    {local} = get({category!r}, EMPTY)" for category, local in categories.items()]
    lines.append(f"    return {body}")
    namespace: dict[str, object] = {"EMPTY": _EMPTY}
    exec(compile("\n".join(lines), "<cleaner scorer trees>", "exec"), namespace)  # noqa: S102 - see module doc
    return namespace["log_odds"]  # type: ignore[return-value]
