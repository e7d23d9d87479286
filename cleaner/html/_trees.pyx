# cython: language_level=3, cdivision=True
"""The scorer's trees evaluated in C: the compiled counterpart of ``scorer_compiled.compile_trees`` and
``compile_contributions``, with the same floats.

A block's row becomes a dense vector of the model's columns (numeric signals by position, categorical values
by the model's column of ``category:value``, absent ones 0.0, which is what the generated Python reads for a
value missing from the row), then each tree is walked node by node. The sums run in the same order as the
generated expressions (base, then tree after tree; a contribution is ``(so far + child) - parent``), so the
results are the same doubles.
"""
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.object cimport PyObject
from libc.stdlib cimport calloc, free, malloc


cdef class CompiledTrees:
    """The trees of a model (nodes ``[column, threshold, left, right, value]`` or ``[value]``) over ``columns``
    whose first ``numeric`` are numeric signals. Callable objects with the signatures of the generated code:
    ``log_odds(n, c)`` and ``contributions(n, c)``."""

    cdef int numeric, columns, nodes, trees
    cdef double base
    cdef int *feature  # per node: the column it splits on, -1 for a leaf
    cdef double *threshold
    cdef int *left
    cdef int *right
    cdef double *value  # the node's value (a leaf's output; an inner node's for contributions)
    cdef int *roots
    cdef dict column_of  # category -> {value: column}

    def __cinit__(self):
        self.feature = self.left = self.right = self.roots = NULL
        self.threshold = self.value = NULL

    def __init__(self, columns, int numeric, double base, trees):
        cdef int n = 0, t, k, offset
        self.numeric, self.columns, self.base = numeric, len(columns), base
        self.trees = len(trees)
        self.nodes = sum(len(tree) for tree in trees)
        self.feature = <int *> malloc(max(1, self.nodes) * sizeof(int))
        self.left = <int *> malloc(max(1, self.nodes) * sizeof(int))
        self.right = <int *> malloc(max(1, self.nodes) * sizeof(int))
        self.threshold = <double *> malloc(max(1, self.nodes) * sizeof(double))
        self.value = <double *> malloc(max(1, self.nodes) * sizeof(double))
        self.roots = <int *> malloc(max(1, self.trees) * sizeof(int))
        if not (self.feature and self.left and self.right and self.threshold and self.value and self.roots):
            raise MemoryError()
        self.column_of = {}
        for k in range(numeric, self.columns):
            category, _, name = columns[k].partition(":")
            self.column_of.setdefault(category, {})[name] = k
        offset = 0
        for t, tree in enumerate(trees):
            self.roots[t] = offset
            for node in tree:
                if len(node) == 1:
                    self.feature[n], self.value[n] = -1, float(node[0])
                    self.left[n] = self.right[n] = -1
                    self.threshold[n] = 0.0
                else:
                    self.feature[n], self.threshold[n] = int(node[0]), float(node[1])
                    self.left[n], self.right[n] = offset + int(node[2]), offset + int(node[3])
                    self.value[n] = float(node[4])
                    # Children after their parent (scorer_compiled.check_trees): every walk ends at a leaf.
                    if not (0 <= self.feature[n] < self.columns and n < self.left[n] < offset + len(tree)
                            and n < self.right[n] < offset + len(tree)):
                        raise ValueError("a tree node points outside its tree or the model's columns")
                n += 1
            offset += len(tree)

    def __dealloc__(self):
        free(self.feature)
        free(self.left)
        free(self.right)
        free(self.threshold)
        free(self.value)
        free(self.roots)

    cdef double *_dense(self, n, dict c) except NULL:
        """The row as a vector of the model's columns (the caller frees it)."""
        cdef double *x = <double *> calloc(max(1, self.columns), sizeof(double))
        cdef int k
        if x == NULL:
            raise MemoryError()
        cdef Py_ssize_t at = 0, inner
        cdef PyObject *category
        cdef PyObject *found
        cdef PyObject *name
        cdef PyObject *weight
        cdef PyObject *known
        cdef PyObject *column
        try:
            for k in range(min(self.numeric, len(n))):
                x[k] = n[k]
            # Borrowed references throughout: the row's dicts are not changed during the call.
            while PyDict_Next(c, &at, &category, &found):
                known = PyDict_GetItem(self.column_of, <object> category)
                if known == NULL or not isinstance(<object> found, dict):
                    continue
                inner = 0
                while PyDict_Next(<object> found, &inner, &name, &weight):
                    column = PyDict_GetItem(<object> known, <object> name)
                    if column != NULL:
                        x[<int> <object> column] = <double> <object> weight
        except BaseException:
            free(x)
            raise
        return x

    cdef inline int _next(self, int node, double *x) noexcept nogil:
        return self.left[node] if x[self.feature[node]] <= self.threshold[node] else self.right[node]

    def log_odds(self, n, dict c):
        """base + the leaf of every tree, summed in order."""
        cdef double *x = self._dense(n, c)
        cdef double z = self.base
        cdef int t, node
        for t in range(self.trees):
            node = self.roots[t]
            while self.feature[node] >= 0:
                node = self._next(node, x)
            z += self.value[node]
        free(x)
        return z

    def contributions(self, n, dict c):
        """Per column split on along the row's paths, the sum of (child's value - node's value)."""
        cdef double *x = self._dense(n, c)
        cdef double *moved = <double *> calloc(max(1, self.columns), sizeof(double))
        cdef int *order = <int *> malloc(max(1, self.columns) * sizeof(int))
        cdef char *seen = <char *> calloc(max(1, self.columns), sizeof(char))
        cdef int t, k, node, child, column, found = 0
        if moved == NULL or order == NULL or seen == NULL:
            free(x)
            free(moved)
            free(order)
            free(seen)
            raise MemoryError()
        for t in range(self.trees):
            node = self.roots[t]
            while self.feature[node] >= 0:
                child = self._next(node, x)
                column = self.feature[node]
                moved[column] = moved[column] + self.value[child] - self.value[node]
                if not seen[column]:
                    seen[column] = 1
                    order[found] = column
                    found += 1
                node = child
        result = {order[k]: moved[order[k]] for k in range(found)}
        free(x)
        free(moved)
        free(order)
        free(seen)
        return result
