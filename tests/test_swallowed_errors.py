"""Errors are seen: in the ui and the composition root, a handler that swallows an exception
(neither uses it nor raises) says why in a comment on its line, and none catches everything
without one."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[Path]:
    """The ui, desktop integration and the top-level modules (app, cli, recovery, logs …)."""
    return [
        *sorted((ROOT / "reader" / "ui").rglob("*.py")),
        *sorted((ROOT / "reader" / "desktop").rglob("*.py")),
        *sorted((ROOT / "reader").glob("*.py")),
    ]


def _comment_lines(source: str) -> set[int]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {tok.start[0] for tok in tokens if tok.type == tokenize.COMMENT}


def _uses(node: ast.AST, name: str | None) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Raise):
            return True
        if name is not None and isinstance(sub, ast.Name) and sub.id == name:
            return True
    return False


def swallowing_handlers(source: str) -> list[int]:
    """Line numbers of handlers that swallow an exception without a comment saying why."""
    comments = _comment_lines(source)
    bad: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler):
            body = ast.Module(body=node.body, type_ignores=[])
            swallowed = not _uses(body, node.name)
            first = node.body[0].lineno
            explained = bool({node.lineno, first} & comments)
            if swallowed and not explained:
                bad.append(node.lineno)
        elif isinstance(node, ast.withitem):
            call = node.context_expr
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute | ast.Name)
                and (getattr(call.func, "attr", None) or getattr(call.func, "id", None))
                == "suppress"
                and call.lineno not in comments
            ):
                bad.append(call.lineno)
    return sorted(bad)


def test_checker_finds_an_unexplained_swallow() -> None:
    source = (
        "import contextlib\n"
        "try:\n    x = 1\nexcept ValueError:\n    pass\n"
        "try:\n    x = 1\nexcept ValueError:  # a reason\n    pass\n"
        "try:\n    x = 1\nexcept ValueError as err:\n    print(err)\n"
        "with contextlib.suppress(OSError):\n    x = 2\n"
    )
    assert swallowing_handlers(source) == [4, 14]


def test_every_swallowed_exception_says_why() -> None:
    files = _files()
    assert any(f.name == "main_window.py" for f in files)
    found = {
        str(f.relative_to(ROOT)): lines
        for f in files
        if (lines := swallowing_handlers(f.read_text(encoding="utf-8")))
    }
    assert found == {}
