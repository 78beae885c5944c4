#!/usr/bin/env python3
"""Write the README's key table from the command registry (re-runnable).

Builds the real main window (offscreen, over a throw-away store) so every
registered command is listed, and replaces the text between
``<!-- KEYS-START -->`` and ``<!-- KEYS-END -->`` in README.md.

    python3 tools/gen_keys_table.py           # update README.md
    python3 tools/gen_keys_table.py --check   # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "<!-- KEYS-START -->"
END = "<!-- KEYS-END -->"


def generate_table() -> str:
    """The Markdown key table for the registry of a freshly built main window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.paths import Paths
    from reader.store.db import open_store
    from reader.ui.commands.key_help import key_table_markdown

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="quire-keys-") as tmp:
        paths = Paths(Path(tmp))
        paths.ensure()
        window = build_window(open_store(paths.database), paths)
        try:
            # Keys as the defaults give them: the temp store has no overrides.
            return key_table_markdown(window.registry)
        finally:
            window.shutdown()
            window.deleteLater()
            app.processEvents()


def replace_between_markers(text: str, table: str) -> str:
    """``text`` with the part between the markers replaced by ``table`` (ValueError if absent)."""
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"README.md needs the markers {START} and {END}, in that order")
    return text[: start + len(START)] + "\n" + table + text[end:]


def main(argv: list[str] | None = None) -> int:
    """Update (or with ``--check`` verify) the key table in README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    parser.add_argument("--readme", type=Path, default=README, help="README file to update")
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    try:
        updated = replace_between_markers(current, generate_table())
    except ValueError as err:
        print(f"gen_keys_table: {err}", file=sys.stderr)
        return 2
    if args.check:
        if updated != current:
            print("README.md key table is out of date: run python3 tools/gen_keys_table.py")
            return 1
        return 0
    if updated != current:
        args.readme.write_text(updated, encoding="utf-8")
        print(f"updated {args.readme}")
    else:
        print(f"{args.readme} is already current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
