"""The package's layout, read from the source with ``ast`` (nothing is imported):

- no import cycle between modules, counting imports inside functions too (a late import that dodges a
  cycle at load time is still a cycle in the design);
- each layer imports only the layers below it (shared modules never reach into a path, the paths never
  reach into batch or the CLI);
- subpackage ``__init__`` files hold a docstring only, so importing one module never loads its siblings;
- no module over MAX_MODULE_LINES, no function over MAX_FUNCTION_LINES (argparse parser setup excepted);
- the README's module map lists every module, and only those.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleaner"
README = ROOT / "README.md"

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: Which layer each module belongs to, by dotted-name prefix; the longest matching prefix wins.
LAYER_OF_PREFIX = {
    "cleaner": "api",  # the package's __init__ (the public API) and __main__
    "cleaner.__main__": "api",
    "cleaner.errors": "shared", "cleaner.types": "shared", "cleaner.blocks": "shared",
    "cleaner.options": "shared", "cleaner.render": "shared", "cleaner.lexicon": "shared",
    "cleaner.shared_signals": "shared", "cleaner.decode": "shared", "cleaner.atomic": "shared",
    "cleaner.compression": "shared", "cleaner.templates": "shared", "cleaner.version": "shared",
    "cleaner.arguments": "shared",
    "cleaner.sanitize": "shared", "cleaner.deadline": "shared", "cleaner.interrupt": "shared", "cleaner.caches": "shared",
    "cleaner.fetch.settings": "shared",  # the fetch settings are part of Options
    "cleaner.fetch": "fetch",
    "cleaner.html": "html",
    "cleaner.text": "text",
    "cleaner.template_learning": "paths",  # learning templates reads pages through both paths
    "cleaner.batch": "batch",
    "cleaner.cli": "cli",
    "cleaner.report": "shared",  # the explain report reads only the block values; Document.explain_html calls it
    "cleaner.dask": "batch",  # clean_bag: the batch's records from a Dask bag
    "cleaner.server": "service",  # cleaner serve: the library behind HTTP
}
#: The layers each layer may import (itself included). The HTML path may fetch (``extract_url``);
#: the fetcher knows nothing of extraction; the two extraction paths do not know each other.
ALLOWED_LAYERS = {
    "shared": {"shared"},
    "fetch": {"shared", "fetch"},
    "text": {"shared", "text"},
    "html": {"shared", "fetch", "html"},
    "paths": {"shared", "html", "text", "paths"},
    "batch": {"shared", "fetch", "html", "text", "paths", "batch"},
    "service": {"shared", "fetch", "html", "text", "paths", "service"},
    "cli": {"shared", "fetch", "html", "text", "paths", "batch", "service", "cli"},
    "api": {"shared", "fetch", "html", "text", "paths", "batch", "service", "cli", "api"},
}


@dataclass(frozen=True)
class Module:
    name: str  # dotted: cleaner.html.segment; a package is named by its __init__: cleaner.html
    path: Path
    tree: ast.Module
    lines: int

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load_modules() -> dict[str, Module]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        modules[_module_name(path)] = Module(_module_name(path), path, ast.parse(source, str(path)),
                                             len(source.splitlines()))
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    base = base if module.is_package else base[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: Module, known: set[str]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its body (functions included).
    ``from cleaner.html import segment`` imports the module ``cleaner.html.segment``; ``from cleaner import
    extract`` imports the package ``cleaner`` itself (its __init__)."""
    found: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
    found.discard(module.name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = load_modules()
    return {name: imports_of(module, set(modules)) for name, module in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def layer_of(name: str) -> str:
    prefixes = [p for p in LAYER_OF_PREFIX if name == p or name.startswith(p + ".")]
    return LAYER_OF_PREFIX[max(prefixes, key=len)]


def is_parser_setup(module: Module, function: ast.FunctionDef) -> bool:
    """An argparse table in the CLI: a function of cleaner/cli whose every statement (docstring aside)
    calls ``add_argument``, ``add_parser``, ``add_argument_group``, ``add_mutually_exclusive_group`` or
    ``set_defaults``, or assigns the result of one."""
    if not module.name.startswith("cleaner.cli"):
        return False
    setup_calls = {"add_argument", "add_parser", "add_argument_group", "add_mutually_exclusive_group",
                   "set_defaults", "add_subparsers", "ArgumentParser"}
    body = function.body[1:] if ast.get_docstring(function) else function.body
    for statement in body:
        if isinstance(statement, ast.Return) and isinstance(statement.value, (ast.Name, type(None))):
            continue  # ``return parser``
        value = getattr(statement, "value", None)
        call = value if isinstance(value, ast.Call) else None
        func = call.func if call else None
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in setup_calls:
            return False
    return True


def long_functions() -> list[str]:
    found = []
    for module in load_modules().values():
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and not is_parser_setup(module, node):
                    found.append(f"{module.path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    return found


# -- the graph reader itself ----------------------------------------------------------------------

def _fake(name: str, source: str, package: bool = False) -> Module:
    path = ROOT / Path(*name.split(".")) / "__init__.py" if package else ROOT / (name.replace(".", "/") + ".py")
    return Module(name, path, ast.parse(source), len(source.splitlines()))


def test_imports_are_read_at_any_depth_and_resolved_to_modules():
    known = {"cleaner", "cleaner.types", "cleaner.html", "cleaner.html.segment", "cleaner.html.parse"}
    module = _fake("cleaner.html.parse", "from cleaner.types import Label\n"
                                         "def f():\n    from cleaner.html import segment\n"
                                         "    from . import segment\n    import cleaner\n")
    assert imports_of(module, known) == {"cleaner.types", "cleaner.html.segment", "cleaner"}


def test_a_cycle_is_found_and_a_chain_is_not():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_parser_setup_is_recognised_only_in_the_cli():
    source = ("def register(subparsers):\n    '''doc'''\n    parser = subparsers.add_parser('x')\n"
              "    parser.add_argument('--y')\n    parser.set_defaults(func=run)\n")
    function = ast.parse(source).body[0]
    assert is_parser_setup(_fake("cleaner.cli.x", source), function)
    assert not is_parser_setup(_fake("cleaner.html.x", source), function)
    other = ast.parse("def run(args):\n    parser.add_argument('--y')\n    return extract(args)\n").body[0]
    assert not is_parser_setup(_fake("cleaner.cli.x", ""), other)


# -- the package ----------------------------------------------------------------------------------

def test_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_each_layer_imports_only_the_layers_it_may():
    wrong = [f"{name} ({layer_of(name)}) imports {target} ({layer_of(target)})"
             for name, targets in import_graph().items() for target in sorted(targets)
             if layer_of(target) not in ALLOWED_LAYERS[layer_of(name)]]
    assert wrong == []


def test_subpackage_inits_hold_a_docstring_only():
    for module in load_modules().values():
        if module.is_package and module.name != "cleaner":
            body = module.tree.body
            assert len(body) == 1 and ast.get_docstring(module.tree), module.path


@pytest.mark.parametrize("module", load_modules().values(), ids=lambda m: m.name)
def test_module_length(module: Module):
    assert module.lines <= MAX_MODULE_LINES, f"{module.path} has {module.lines} lines"


def test_function_length():
    assert long_functions() == []


def map_entries(readme: str) -> set[str]:
    """The paths in the README's module map: rows of the table under '### Module map' that start with a
    backquoted path (``cleaner/html/segment.py``; a subpackage as ``cleaner/html/``)."""
    section = readme.split("### Module map", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `(cleaner/[\w/.]*)` \|", section, flags=re.M))


def test_readme_module_map_matches_the_tree():
    listed = map_entries(README.read_text(encoding="utf-8"))
    present = set()
    for module in load_modules().values():
        relative = module.path.relative_to(ROOT)
        subpackage = module.is_package and module.name != "cleaner"  # its __init__ is a docstring only
        present.add(f"{relative.parent.as_posix()}/" if subpackage else relative.as_posix())
    assert sorted(present - listed) == [], "modules missing from the README's module map"
    assert sorted(listed - present) == [], "README's module map lists modules that do not exist"
