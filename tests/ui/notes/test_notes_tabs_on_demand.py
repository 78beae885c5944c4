"""The notes panel builds its four tabs only when they are first needed.

A first start keeps the panel hidden: it still gives the page its notes, ribbon, menu
and keyboard selection, but its tabs (and their modules, some 3 MB) wait until the
panel is shown or something asks for a tab, and then show exactly what tabs built at
once would show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fakes import menu_action
from notes_support import (
    OpenWindow,
    chapter_text,
    close,
    point_in,
    window_factory,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTreeWidgetItem
from settle import settle

from reader.store.drafts import Draft
from reader.ui.notes.panel import NotesPanel
from reader.ui.notes.rows import LINES_ROLE
from reader.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]  # the checkout (its reader package)
SIZE = (700, 500)
TITLES = [
    ("&Contents", ""),
    ("&Bookmarks", ""),
    ("&Highlights", "Highlights and notes"),
    ("&Search", ""),
]

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints",
    "does not support raise",  # a note's tooltip
)


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A shown window over a temp store (see notes_support); its notes dock stays hidden."""
    yield from window_factory(qtbot, tmp_path)


def _book(tmp_path: Path, name: str = "fog.txt", chapters: int = 3) -> Path:
    path = tmp_path / name
    path.write_text(chapter_text(chapters, 30), encoding="utf-8")
    return path


def _text(window: MainWindow) -> str:
    book = window.session.book
    assert book is not None
    return book.text


def _tab_bar(panel: NotesPanel) -> list[tuple[str, str]]:
    return [(panel.tabText(i), panel.tabToolTip(i)) for i in range(panel.count())]


def test_a_hidden_panel_serves_the_page_without_building_its_tabs(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    path = _book(tmp_path)
    window, panel = notes_window(path, size=SIZE)
    text = _text(window)
    start = text.index("Paragraph 1.2.")
    earlier = panel.highlight(start, start + 20, "green")
    assert earlier is not None
    panel.session.update(earlier.id, note="an earlier note")
    panel.toggle_bookmark()  # on the first page
    settle(window)
    close(window)

    window, panel = notes_window(path, size=SIZE)  # the next start: notes come from the store
    view = window.view
    assert len(panel.session.annotations()) == 1
    assert not panel.tabs_built()
    assert panel.ribbon.isVisible()  # the first page is bookmarked
    assert [(m.start, m.end, m.note) for m in view.note_marks()] == [
        (start, start + 20, "an earlier note")
    ]
    assert (start, start + 20, "green") in view._decorations.items
    assert panel.show_note_here() is not None

    # The menu over a highlight, with its colour swatches; deleting it.
    menu = panel.page_menu.build_menu(point_in(window, start, start + 20))
    assert not menu_action(menu, "recolour.blue").icon().isNull()
    menu_action(menu, "highlight.delete").trigger()
    assert panel.session.annotations() == [] and view.note_marks() == []

    # The menu over a selection highlights it.
    other = text.index("Paragraph 1.3.")
    view.set_selection((other, other + 9))
    menu = panel.page_menu.build_menu(point_in(window, other, other + 9))
    assert not menu_action(menu, "highlight.pink").icon().isNull()
    menu_action(menu, "highlight.pink").trigger()
    assert [(a.start, a.end, a.color) for a in panel.session.annotations()] == [
        (other, other + 9, "pink")
    ]
    # Recolouring it from the menu.
    menu = panel.page_menu.build_menu(point_in(window, other, other + 9))
    menu_action(menu, "recolour.blue").trigger()
    assert [a.color for a in panel.session.annotations()] == ["blue"]

    # The keyboard selection and the b key.
    for key in ("v", "v", "e", Qt.Key.Key_Return):
        QTest.keyClick(view, key)
    assert len(panel.session.annotations()) == 2
    QTest.keyClick(view, "b")
    assert not panel.ribbon.isVisible() and panel.session.bookmarks() == []
    QTest.keyClick(view, "b")
    assert panel.ribbon.isVisible() and len(panel.session.bookmarks()) == 1

    # The bar shows the titles (and sizes the dock) before the tabs exist.
    assert _tab_bar(panel) == TITLES
    width = panel.sizeHint().width()
    assert not panel.tabs_built()
    panel.contents  # noqa: B018 - built now
    assert _tab_bar(panel) == TITLES
    assert panel.sizeHint().width() == width


_TAB_MODULES = (
    "reader.ui.notes.bookmarks",
    "reader.ui.notes.contents",
    "reader.ui.notes.highlights",
    "reader.ui.notes.rows",
    "reader.ui.notes.search",
    "reader.ui.notes.search_worker",
)

_EXERCISE_HIDDEN_PANEL = f"""
import json, sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

app = QApplication([])
from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store

WATCHED = {(*_TAB_MODULES, "reader.ui.notes.story_info")!r}


def report(panel):
    loaded = [m for m in WATCHED if m in sys.modules]
    print(json.dumps({{"built": panel.tabs_built(), "loaded": loaded}}), flush=True)


paths = Paths(Path(sys.argv[1]))
paths.ensure()
window = build_window(open_store(paths.database), paths)
window.resize(700, 500)
window.show()
window.activateWindow()
while QApplication.activeWindow() is not window:  # the window's keys need it active
    app.processEvents()
assert window.open_path(sys.argv[2])
panel = window.notes_panel()
text = window.session.book.text
start = text.index("Paragraph 1.2.")
ann = panel.highlight(start, start + 20, "green")
panel.session.update(ann.id, note="a note")
QTest.keyClick(window.view, "b")
window.view.set_selection((start + 30, start + 40))
menu = panel.page_menu.build_menu(QPoint(5, 5))
menu.findChild(QMenu, "highlightMenu").findChild(QAction, "highlight.blue").trigger()
for key in ("v", "v", "e", Qt.Key.Key_Return):
    QTest.keyClick(window.view, key)
panel.show_note_here()
for _ in range(10):
    app.processEvents()
assert len(panel.session.annotations()) == 3 and panel.ribbon.isVisible()
report(panel)
window.registry.run("view.notes")  # F10
report(panel)
window.close()
window.shutdown()
"""


def test_a_hidden_panel_loads_no_tab_module_until_it_is_shown(tmp_path: Path) -> None:
    """In a fresh interpreter (this one has loaded them for other tests)."""
    args = [str(tmp_path / "quire"), str(_book(tmp_path))]
    out = subprocess.run(
        [sys.executable, "-c", _EXERCISE_HIDDEN_PANEL, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    hidden, shown = (json.loads(line) for line in out.stdout.splitlines()[-2:])
    assert hidden == {"built": False, "loaded": []}
    assert shown == {"built": True, "loaded": list(_TAB_MODULES)}


def _read_on(window: MainWindow, panel: NotesPanel, other: Path, book: Path) -> None:
    """Open another book, then ``book``: bookmark a page of chapter 2, highlight and note
    words there, delete another highlight (undo can bring it back), read on into chapter 3."""
    assert window.open_path(str(other)), window.current_message()
    assert window.open_path(str(book)), window.current_message()
    chapters = window.session.book.chapters  # type: ignore[union-attr]
    text = _text(window)
    window.view.go_to(text.index("Paragraph 2.5."))
    panel.toggle_bookmark()
    start = text.index("fog", text.index("Paragraph 2.5."))
    kept = panel.highlight(start, start + 3, "green")
    gone = panel.highlight(start + 10, start + 20, "pink")
    assert kept is not None and gone is not None
    panel.session.update(kept.id, note="Fog, always fog.")
    panel.delete_highlight(gone.id)
    window.view.go_to(text.index("Paragraph 3.4."))
    assert chapters[2].offset < window.view.position()
    settle(window)


def _shown_state(panel: NotesPanel) -> dict[str, object]:
    """What the reader sees in the tabs (dates left out: the two windows differ by seconds)."""
    contents, search = panel.contents, panel.search

    def lines(item: QTreeWidgetItem) -> list[tuple[str, str]]:
        return [
            (kind, text.rsplit(" · ", 1)[0] if kind == "meta" else text)
            for kind, text in item.data(0, LINES_ROLE)
        ]

    return {
        "tab bar": _tab_bar(panel),
        "current tab": panel.currentIndex(),
        "contents": [contents.item(i).text(0) for i in range(contents.item_count())],
        "current chapter": contents.current_index(),
        "selected": [item.text(0) for item in contents.tree.selectedItems()],
        "bookmarks": [
            (item.text(0), item.text(1), item.text(2)) for item in panel.bookmarks.items()
        ],
        "highlights": [lines(item) for item in panel.highlights.items()],
        "undo": panel.highlights.undo_button.isEnabled(),
        "search": (search.field.text(), search.status.text(), search.model.rowCount()),
        "focus": type(panel.window().focusWidget()).__name__,
        "focus in contents": panel.window().focusWidget() is contents.tree,
    }


def test_shown_late_the_tabs_show_what_tabs_built_at_once_would(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    other, book = _book(tmp_path, "other.txt", chapters=5), _book(tmp_path)
    states = []
    for eager in (True, False):
        window, panel = notes_window(size=SIZE, base=tmp_path / f"eager-{eager}")
        if eager:
            panel.contents  # noqa: B018 - the tabs are built before anything happens
        _read_on(window, panel, other, book)
        assert panel.tabs_built() is eager
        window.registry.run("view.notes")  # F10: the panel shown, the focus in it
        assert panel.tabs_built() and panel.isVisible()
        state = _shown_state(panel)
        assert state["current chapter"] == 2 and len(state["highlights"]) == 1  # type: ignore[arg-type]
        states.append(state)
    eagerly, lazily = states
    assert lazily == eagerly
    assert lazily["focus in contents"] is True


@pytest.mark.parametrize(
    ("name", "ask"),
    [
        ("dock shown", lambda panel: panel.window().notes_dock.show()),  # a menu, a saved state
        ("contents", lambda panel: panel.contents),
        ("bookmarks", lambda panel: panel.bookmarks),
        ("highlights", lambda panel: panel.highlights),
        ("search", lambda panel: panel.search),
        ("n", lambda panel: panel.step_search(1)),
        ("open search", lambda panel: panel.open_search()),
        ("focus panel", lambda panel: panel.focus_panel()),
        ("search for", lambda panel: panel.search_for("fog")),
        ("edit note", lambda panel: panel.edit_note(panel.session.annotations()[0].id).close()),
    ],
)
def test_asking_for_a_tab_builds_the_tabs_up_to_date(
    notes_window: OpenWindow, tmp_path: Path, name: str, ask: Callable[[NotesPanel], object]
) -> None:
    window, panel = notes_window(_book(tmp_path), size=SIZE)
    text = _text(window)
    window.view.go_to(text.index("Paragraph 2.3."))
    panel.toggle_bookmark()
    start = text.index("Paragraph 2.3.")
    panel.highlight(start, start + 9, "blue")
    assert not panel.tabs_built()

    ask(panel)
    assert panel.tabs_built(), name
    tabs = [panel.contents, panel.bookmarks, panel.highlights, panel.search]
    assert [panel.widget(i) for i in range(panel.count())] == tabs  # no placeholder left
    assert _tab_bar(panel) == TITLES
    assert panel.contents.item_count() == 3 and panel.contents.current_index() == 1
    assert [item.text(0) for item in panel.bookmarks.items()] == ["Chapter 2"]
    assert len(panel.highlights.items()) == 1
    panel.contents.tree.itemActivated.emit(panel.contents.item(2), 0)  # the tabs jump
    lo, hi = window.view.visible_range()
    assert lo <= window.session.book.chapters[2].offset < hi
    if name == "n":
        assert window.current_message() == "Nothing to find: press / to search."
    if name in ("open search", "search for"):
        assert panel.currentWidget() is panel.search and window.notes_dock.isVisible()
    if name == "dock shown":
        assert panel.currentWidget() is panel.contents and panel.contents.isVisible()


def test_drafts_counted_while_hidden_show_when_the_tabs_are_built(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    """The window tells the panel when drafts were saved or discarded (drafts_replay):
    a hidden panel is not built for it, and its Highlights tab counts them when it is."""
    window, panel = notes_window(_book(tmp_path), size=SIZE)
    record = window.session.record
    assert record is not None
    drafts = panel.session.writes.drafts

    def keep(note: str) -> None:
        drafts.save(
            Draft(
                book_key=record.book_key,
                book_title="Fog",
                start=0,
                end=9,
                quote="Chapter 1",
                note=note,
            )
        )

    keep("one")
    panel.refresh_drafts()
    assert not panel.tabs_built()
    button = panel.highlights.drafts_button
    assert not button.isHidden() and button.text() == "Unsaved (1)…"
    keep("two")
    panel.refresh_drafts()
    assert button.text() == "Unsaved (2)…"
