"""The module graph of `generator`, read statically: no import cycle, no upward import.

Every module of the package is parsed (nothing is imported) and its imports resolved
to the modules of the package they name. Two kinds of import are told apart:

- top-level imports (module body, also inside a top-level `try` or `if`) run when the
  module is imported: these must not form a cycle;
- imports inside a function run when it is called. Some are lazy on purpose (the
  command line imports the pipeline only when a command runs, the engine imports
  Dask only when asked for it), so they are left out of the cycle check; they still
  count for the layering, since a model that imports a stage when validating still
  depends on it.

Imports under `if TYPE_CHECKING:` never run and count for neither.

Layers: the models are the bottom (they import only each other and the error and
clock helpers); the pipeline stages (load, expand, route, render, images, write,
sitemaps, check) never import the commands above them (cli, build, serve, deploy).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MODEL_DEPENDENCIES = ("generator.models", "generator.errors", "generator.clock")
"""What the models may import from the package."""
STAGES = ("load", "expand", "route", "render", "images", "write", "sitemaps", "check")
COMMANDS = ("cli", "build", "serve", "deploy")
"""Modules and packages that run stages; no stage imports them."""


@dataclass
class Graph:
    """Module name → the package's modules it imports, at the top level and lazily."""

    top: dict[str, set[str]] = field(default_factory=dict)
    lazy: dict[str, set[str]] = field(default_factory=dict)

    def runtime(self, module: str) -> set[str]:
        return self.top[module] | self.lazy[module]


def module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(body: list[ast.stmt], top: bool = True) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """(import statement, whether it runs at import time), in `body` and below."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, top
        elif isinstance(node, ast.If) and is_type_checking(node):
            yield from imports(node.orelse, top)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from imports(list(ast.iter_child_nodes(node)), top=False)  # type: ignore[arg-type]
        else:
            yield from imports(list(ast.iter_child_nodes(node)), top)  # type: ignore[arg-type]


def targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules an import statement of `module` loads by name."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        named = ".".join([*base, node.module] if node.module else base)
    else:
        named = node.module or ""
    found = set()
    for alias in node.names:
        submodule = f"{named}.{alias.name}"
        found.add(submodule if submodule in known else named)
    return found & known


def module_graph() -> Graph:
    files = module_files()
    known = set(files)
    graph = Graph()
    for module, path in files.items():
        graph.top[module], graph.lazy[module] = set(), set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, top in imports(tree.body):
            found = targets(node, module, path.name == "__init__.py", known) - {module}
            (graph.top if top else graph.lazy)[module] |= found
    return graph


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == f"generator.{name}" or module.startswith(f"generator.{name}.") for name in names)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return module_graph()


def test_the_graph_is_read(graph: Graph):
    """The reading finds the imports it is meant to: absolute, relative, of a package's
    submodule by `from . import`, lazy ones, and none under TYPE_CHECKING."""
    assert {"generator.route", "generator.load", "generator.plan"} <= graph.top["generator.build"]
    assert "generator.load.prune" in graph.top["generator.plan"]
    assert "generator.render.pages" in graph.top["generator.dependencies.kinds"]
    assert "generator.build" in graph.lazy["generator.serve"]
    assert "generator.dependencies.graph" not in graph.runtime("generator.dependencies.declaration")
    assert len(graph.top) > 100


def test_no_import_cycle(graph: Graph):
    assert cycles(graph.top) == []


def test_the_cycle_finder_finds_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_models_import_only_models(graph: Graph):
    upward = {
        (module, target)
        for module in graph.top
        if within(module, ("models",))
        for target in graph.runtime(module)
        if not any(target == allowed or target.startswith(f"{allowed}.") for allowed in MODEL_DEPENDENCIES)
    }
    assert upward == set()


def test_stages_do_not_import_commands(graph: Graph):
    upward = {
        (module, target)
        for module in graph.top
        if within(module, STAGES)
        for target in graph.runtime(module)
        if within(target, COMMANDS)
    }
    assert upward == set()
