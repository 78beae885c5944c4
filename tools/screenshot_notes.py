"""Screenshots of author's notes and repaired lost italics (docs/author-note.png,
docs/folded-note.png, docs/italics-repair.png).

Usage (under a display, e.g. ``xvfb-run -a python3 tools/screenshot_notes.py BOOK OUTDIR``):
opens BOOK (a fan-fiction text with an author's note and a glued word, such as
``alaric_leaving.txt``) in a throw-away data folder and saves the three pictures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main() -> int:
    """Open the book, show its first note open and folded and its first repair; save PNGs."""
    book_path, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # this checkout's reader, not an installed one
        sys.path.insert(0, root)
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.layout.note_folds import NoteFolds
    from reader.paths import resolve_paths
    from reader.store.db import open_store

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    paths = resolve_paths(Path(tempfile.mkdtemp(prefix="quire-shot-")))
    paths.ensure()
    store = open_store(paths.database)
    window = build_window(store, paths)
    window.resize(1100, 820)
    window.show()
    window.library_dock.setVisible(False)
    window.notes_dock.setVisible(False)
    if not window.open_path(str(book_path)):
        print("could not open", book_path, file=sys.stderr)
        return 1
    view = window.view
    book = view.book()
    assert book is not None

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    def shoot(name: str) -> None:
        settle()
        window.grab().save(str(out / name))
        print("saved", out / name)

    if book.glued_words:
        view.go_to(book.glued_words[0].start)
        shoot("italics-repair.png")
    if book.author_notes:
        note = book.author_notes[0]
        view.go_to(note.start)
        shoot("author-note.png")
        view.set_note_folds(NoteFolds(hidden=True))
        shoot("folded-note.png")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
