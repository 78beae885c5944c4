"""The layers hold: import-linter's contracts (pyproject.toml) are kept, nothing in ``reader``
imports itself in a circle, and layout imports no widgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Protocol

from required import require_module

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = (
    "Layers: app over ui over layout and store (independent of each other) over text",
    "text and store never import Qt",
    "the Qt-free parts of the start-up and desktop integration never import Qt",
    "ui: the window composes the feature packages, which share session and common",
    "ui feature packages are independent, but for the edges listed",
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _modules(package: str) -> list[str]:
    folder = ROOT / package.replace(".", "/")
    return sorted(f"{package}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__")


def test_import_linter_contracts_are_kept() -> None:
    require_module("importlinter")
    # Run in the worktree (cwd first on sys.path), without a cache folder.
    result = _run(
        "from importlinter.cli import lint_imports\n"
        "raise SystemExit(lint_imports("
        "config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for name in CONTRACTS:
        assert f"{name} KEPT" in output, output
    assert "BROKEN" not in output
    # The contracts name these packages; a typo would make them check nothing.
    assert {"reader.text.parse", "reader.store.db"} <= set(_modules("reader.text")) | set(
        _modules("reader.store")
    )


class Graph(Protocol):
    """The part of grimp's ``ImportGraph`` the cycle finder uses."""

    def find_modules_directly_imported_by(self, module: str) -> set[str]:
        """Modules ``module`` imports itself."""
        ...


def _cycles(graph: Graph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    imports = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in sorted(imports[m]):
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            component = []
            while True:
                n = stack.pop()
                on_stack.discard(n)
                component.append(n)
                if n == m:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    class Edges:
        def find_modules_directly_imported_by(self, module: str) -> set[str]:
            return set(edges[module])

    assert _cycles(Edges(), {"a", "b", "c", "d"}) == [["a", "b", "c"]]


def test_no_import_circles_in_reader() -> None:
    grimp = require_module("grimp")
    import reader

    assert Path(reader.__file__).resolve().parent == ROOT / "reader"  # this worktree's copy
    graph = grimp.build_graph("reader", cache_dir=None)
    modules = set(graph.modules)
    assert "reader.ui.window.main_window" in modules and "reader.text.parse" in modules
    assert _cycles(graph, modules) == []


def test_layout_imports_no_widgets() -> None:
    # import-linter names external packages only by their top level (PySide6), so this
    # rule about one Qt module is checked by importing every layout module.
    modules = _modules("reader.layout")
    assert "reader.layout.typeset" in modules
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('PySide6.QtWidgets' in sys.modules)\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
