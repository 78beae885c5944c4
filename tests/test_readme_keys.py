"""The README's key table is the one generated from the command registry (and stays so)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_keys_table", ROOT / "tools" / "gen_keys_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_key_table_is_current(qapp) -> None:  # type: ignore[no-untyped-def]
    tool = _tool()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = tool.generate_table()
    assert tool.replace_between_markers(readme, table) == readme, (
        "README.md key table is out of date: run python3 tools/gen_keys_table.py"
    )
    for needle in ("`Ctrl+K`", "`?`", "`F6`", "`F9`", "`F10`", "`F11`", "`Ctrl+L`"):
        assert needle in table


def test_generator_is_rerunnable_and_needs_the_markers(tmp_path: Path) -> None:
    tool = _tool()
    text = "# Title\n\n<!-- KEYS-START -->\nold table\n<!-- KEYS-END -->\n\nafter\n"
    once = tool.replace_between_markers(text, "NEW\n")
    assert once == "# Title\n\n<!-- KEYS-START -->\nNEW\n<!-- KEYS-END -->\n\nafter\n"
    assert tool.replace_between_markers(once, "NEW\n") == once
    with pytest.raises(ValueError):
        tool.replace_between_markers("no markers here", "NEW\n")
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert tool.main(["--readme", str(readme), "--check"]) == 1
    assert tool.main(["--readme", str(readme)]) == 0
    assert tool.main(["--readme", str(readme), "--check"]) == 0
    assert "after" in readme.read_text(encoding="utf-8")
