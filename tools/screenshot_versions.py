"""Screenshots of chapter rules and updated stories (for the docs and for looking).

Usage (under a display, e.g. ``xvfb-run -a python3 tools/screenshot_versions.py docs``)::

    python3 tools/screenshot_versions.py OUT_DIR

Writes ``chapter-rules.png`` (the Chapter Rules dialog over a web novel whose chapters
the parser does not find, a pattern typed, its contents preview), ``story-new-chapters.png``
(the library row of a story an update brought two chapters to) and
``story-update-bar.png`` (the offer above the page when it is opened). It uses a
throw-away data folder, so the real library is never touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

NOVEL = "The Jade Staircase\n\nby Lan Wei\n\n" + "\n\n".join(
    f"~ Volume One · Step {i} ~\n\n"
    + " ".join(
        f"The staircase climbed past the {w} gate, and the disciple counted every stone."
        for w in ("first", "second", "third", "fourth", "fifth", "sixth")
    )
    for i in range(1, 31)
)


def _story(n: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "text"))
    from test_story_versions import story

    return story(n)


def main() -> int:
    """Make the three screenshots in the folder given."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs").resolve()
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # this checkout's reader, not an installed one
        sys.path.insert(0, root)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store
    from reader.ui.dialogs.chapter_rules import ChapterRulesDialog

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    base = Path(tempfile.mkdtemp(prefix="quire-shot-"))
    paths = resolve_paths(base)
    paths.ensure()
    window = build_window(open_store(paths.database), paths)
    window.resize(1200, 800)
    window.show()

    def pump(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    novel = base / "jade_staircase.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    window.open_path(str(novel))
    pump(600)
    book = window.session.book
    assert book is not None
    dialog = ChapterRulesDialog("The Jade Staircase", book, [], window)
    dialog.pattern_edit.setText(r"^~ Volume One · Step \d+ ~$")
    dialog.show()
    pump(1200)
    dialog.grab().save(str(out / "chapter-rules.png"))
    dialog.reject()

    old = base / "the_long_road.txt"
    old.write_text(_story(3), encoding="utf-8")
    window.open_path(str(old))
    pump(600)
    window.session.close_book()
    window.open_path(str(novel))
    old.unlink()
    new = base / "the_long_road (1).txt"
    new.write_text(_story(5), encoding="utf-8")
    pane = window.library_pane()
    assert pane is not None
    pane.add_paths([str(new)])
    for _ in range(50):
        pump(200)
        if not pane.is_importing():
            break
    pane.set_sort("title")
    pane.show_library(focus=False)
    pump(600)
    window.grab().save(str(out / "story-new-chapters.png"))
    window.open_path(str(new))
    pump(800)
    window.grab().save(str(out / "story-update-bar.png"))
    window.close()
    window.shutdown()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
