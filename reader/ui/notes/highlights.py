"""The Highlights & notes tab: every highlight with its note, colour, chapter and date.

Enter or a double-click jumps to it; F2 edits the note; 1–5 recolour; Delete
deletes (Ctrl+Z or the Undo button puts it back); the context menu has all of
these. Highlights that could not be re-anchored after the file changed are
listed under "Not found in this version" and kept. The Export button writes
this book's or the whole library's notes as Markdown or JSON.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import StoreError
from reader.store.export import BookNotes, export_json, export_markdown, notes_for_book
from reader.store.writer import WriteFailed, WriterState
from reader.ui.common.marks import COLORS
from reader.ui.common.plain import plain_tooltip
from reader.ui.notes.bookmarks import (
    NOT_FOUND_TITLE,
    claim_list_keys,
    format_date,
    one_line,
    short_date,
)
from reader.ui.notes.rows import (
    ID_ROLE,
    LINES_ROLE,
    SWATCH_ROLE,
    NoteRowDelegate,
    PlaceholderTree,
    current_row_id,
    tree_rows,
)
from reader.ui.notes.swatches import Swatches, swatch_colour

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.store.models import Annotation, BookRecord
    from reader.ui.notes.note_editor import NoteEditor
    from reader.ui.session.annotation_session import AnnotationSession

EMPTY_TEXT = (
    "No highlights yet.\n\nSelect text with the mouse (or press v and move with the keys), "
    "then press Enter to highlight it, or n to highlight it and add a note."
)
EXPORT_FILTERS = {"md": "Markdown (*.md)", "json": "JSON (*.json)"}


def describe(a: Annotation, chapter: str) -> str:
    """The plain-text row for an annotation: quote, note, then colour · date · chapter."""
    lines = [f"“{one_line(a.quote, 120)}”"]
    if a.note.strip():
        lines.append(f"Note: {one_line(a.note, 200)}")
    # The chapter goes last: a long title is what gets cut off in a narrow panel.
    lines.append(" · ".join(p for p in (a.color, format_date(a.created), chapter) if p))
    return "\n".join(lines)


def row_lines(a: Annotation, chapter: str) -> list[tuple[str, str]]:
    """The painted lines of a highlight row: quote, note, then chapter · date."""
    lines = [("quote", f"“{one_line(a.quote, 400)}”")]
    if a.note.strip():
        lines.append(("note", one_line(a.note, 400)))
    lines.append(("meta", " · ".join(p for p in (chapter, short_date(a.created)) if p)))
    return lines


class HighlightsTab(QWidget):
    """The open book's highlights and notes; see the module docstring."""

    jump_requested = Signal(int)

    def __init__(
        self,
        session: AnnotationSession,
        parent: QWidget | None = None,
        *,
        cache_dir: Path | None = None,
        swatches: Swatches | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.cache_dir = cache_dir
        self.editor: NoteEditor | None = None
        self.swatches = swatches if swatches is not None else Swatches()
        self.tree = PlaceholderTree(self)
        self.tree.setObjectName("highlightsTree")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Highlights and notes")
        self.delegate = NoteRowDelegate(self.tree)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.installEventFilter(self)
        claim_list_keys(self.tree)
        self.tree.set_placeholder(EMPTY_TEXT)

        self.undo_button = QPushButton("&Undo Delete", self)
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.clicked.connect(self.undo)
        # A push button draws its menu arrow beside the text (a tool button's overlaps it).
        self.export_button = QPushButton("E&xport Notes", self)
        self.export_button.setObjectName("exportNotes")
        menu = QMenu(self.export_button)
        for scope, scope_text in (("book", "This Book"), ("library", "Whole Library")):
            for fmt, fmt_text in (("md", "Markdown"), ("json", "JSON")):
                action = menu.addAction(f"{scope_text} as {fmt_text}…")
                action.setObjectName(f"export_{scope}_{fmt}")
                action.triggered.connect(lambda _=False, s=scope, f=fmt: self.export(s, f))
        self.export_button.setMenu(menu)
        self.export_menu = menu
        self.drafts_button = QPushButton(self)
        self.drafts_button.setObjectName("showDrafts")
        self.drafts_button.setToolTip("Highlights and notes the library could not save yet")
        self.drafts_button.clicked.connect(self.show_drafts)
        self.drafts_button.hide()
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 4)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.drafts_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bar)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)
        session.annotations_changed.connect(self.refresh)
        session.drafts_changed.connect(self.refresh_drafts)
        self.refresh()
        self.refresh_drafts()

    # --- list ---------------------------------------------------------------------------

    def colour_icon(self, color: str) -> QIcon:
        """A 14-pixel swatch of highlight colour ``color`` (made once per colour)."""
        return self.swatches.icon(color)

    def refresh(self) -> None:
        """Rebuild the list from the session (keeping the selected highlight)."""
        current = self.current_id()
        self.tree.clear()
        lost: QTreeWidgetItem | None = None
        for a in self.session.annotations():
            found = a.status == "ok"
            if found:
                parent: QTreeWidget | QTreeWidgetItem = self.tree
            else:
                if lost is None:
                    lost = QTreeWidgetItem([NOT_FOUND_TITLE])
                    lost.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent = lost
            chapter = self.session.chapter_of(a.start) if found else ""
            item = QTreeWidgetItem(parent, [describe(a, chapter)])
            item.setData(0, ID_ROLE, a.id)
            item.setIcon(0, self.colour_icon(a.color))
            item.setData(0, LINES_ROLE, row_lines(a, chapter))
            item.setData(0, SWATCH_ROLE, swatch_colour(a.color))
            note = f"\n\nNote: {a.note[:1000]}" if a.note else ""
            item.setToolTip(0, plain_tooltip(a.quote[:1000] + note))
            if a.id == current:
                self.tree.setCurrentItem(item)
        if lost is not None:
            self.tree.addTopLevelItem(lost)
            lost.setExpanded(True)
        self.tree.setRootIsDecorated(lost is not None)
        self.undo_button.setEnabled(self.session.can_undo())

    def items(self) -> list[QTreeWidgetItem]:
        """Every highlight row (not-found ones included), in list order."""
        return tree_rows(self.tree)

    def current_id(self) -> int | None:
        """The id of the selected highlight, if any."""
        return current_row_id(self.tree)

    def _annotation(self, annotation_id: int | None) -> Annotation | None:
        return self.session.annotation(annotation_id) if annotation_id is not None else None

    # --- drafts ---------------------------------------------------------------------------

    def refresh_drafts(self) -> int:
        """Show "Unsaved (N)…" when highlights or notes wait as drafts; returns N."""
        count = len(self.session.writes.drafts.list())
        self.drafts_button.setText(f"Unsaved ({count})…")
        self.drafts_button.setVisible(count > 0)
        return count

    def show_drafts(self) -> QWidget:
        """The unsaved highlights and notes, to save again, copy or discard."""
        from reader.ui.notes.drafts import DraftsDialog

        dialog = DraftsDialog(self.session.writes, self.window())
        dialog.changed.connect(self.session.reload)
        dialog.changed.connect(self.refresh_drafts)
        dialog.open()
        return dialog

    def focus_list(self) -> None:
        """Put the keyboard focus in the list."""
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- actions ------------------------------------------------------------------------

    def jump(self, annotation_id: int) -> None:
        """Show the page of a highlight (not for ones not found in this version)."""
        a = self._annotation(annotation_id)
        if a is not None and a.status == "ok":
            self.jump_requested.emit(a.start)

    def edit_note(self, annotation_id: int) -> NoteEditor | None:
        """Open the note editor for a highlight; the note is saved when the reader accepts."""
        from reader.ui.notes.note_editor import NoteEditor

        a = self._annotation(annotation_id)
        if a is None:
            return None
        if self.editor is not None:
            self.editor.close()
        editor = NoteEditor(a.quote, a.note, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.on_save = lambda text: self._save_note(annotation_id, editor, text)
        editor.destroyed.connect(lambda *_: self._forget(editor))
        self.editor = editor
        # Not modal: while a note waits for a busy library the reader can go on reading.
        editor.setWindowModality(Qt.WindowModality.NonModal)
        editor.show()
        editor.activateWindow()
        return editor

    def _forget(self, editor: object) -> None:
        if self.editor is editor:
            self.editor = None

    def _save_note(self, annotation_id: int, editor: NoteEditor, note: str) -> None:
        """OK in the editor: save the note; the editor closes once it is in the library."""
        session = self.session
        a = self._annotation(annotation_id)
        unsaved = session.provisional.error(annotation_id)
        unchanged = a is not None and note == a.note and editor.draft_id is None
        if unchanged and unsaved is None and session.provisional.real_id(annotation_id) is not None:
            editor.saved()
            return
        writes = session.writes
        editor.saving(writes.state is WriterState.WAITING)
        follow = lambda state: editor.saving(state is WriterState.WAITING)  # noqa: E731
        writes.state_changed.connect(follow)

        def done(_saved: Annotation) -> None:
            writes.state_changed.disconnect(follow)
            if editor.draft_id is not None:
                writes.discard_draft(editor.draft_id)  # the note is saved: its draft goes
            editor.saved()

        def failed(error: BaseException) -> None:
            writes.state_changed.disconnect(follow)
            if isinstance(error, WriteFailed):
                editor.draft_id = error.draft.id
                if error.draft.note != note:  # the highlight's draft: keep the note in it
                    writes.keep_draft(replace(error.draft, note=note))
                self.refresh_drafts()
            editor.failed(str(error))

        if unsaved is not None:
            session.retry_highlight(annotation_id, note, done=done, failed=failed)
        else:
            session.update(
                annotation_id, note=note, done=done, failed=failed, draft_id=editor.draft_id
            )

    def recolour(self, annotation_id: int, color: str) -> None:
        """Give a highlight another colour."""
        self.session.recolour(annotation_id, color)

    def delete(self, annotation_id: int) -> None:
        """Delete a highlight (undo puts it back)."""
        self.session.delete_annotation(annotation_id)

    def undo(self) -> None:
        """Put back the last deleted highlight or bookmark."""
        self.session.undo()

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        value = item.data(0, ID_ROLE)
        if value is not None:
            self.jump(int(value))

    def _context_menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        value = item.data(0, ID_ROLE) if item is not None else None
        if value is None:
            return
        menu = self.build_menu(int(value))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()

    def build_menu(self, annotation_id: int) -> QMenu:
        """The context menu of one highlight: jump, edit note, colour, delete."""
        a = self._annotation(annotation_id)
        menu = QMenu(self)
        go = menu.addAction("&Go To Highlight", lambda: self.jump(annotation_id))
        go.setEnabled(a is not None and a.status == "ok")
        menu.addAction("Edit &Note…\tF2", lambda: self.edit_note(annotation_id))
        colours = menu.addMenu("&Colour")
        for i, color in enumerate(COLORS, 1):
            act = colours.addAction(
                self.colour_icon(color),
                f"&{i} {color.title()}",
                partial(self.recolour, annotation_id, color),
            )
            act.setCheckable(True)
            act.setChecked(a is not None and a.color == color)
        menu.addSeparator()
        menu.addAction("&Delete\tDel", lambda: self.delete(annotation_id))
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F2 edits the note, 1–5 recolour, Delete deletes, Ctrl+Z undoes a delete."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo):
                self.undo()
                return True
            annotation_id = self.current_id()
            if annotation_id is None:
                return False
            key, text = event.key(), event.text()
            if key == Qt.Key.Key_F2:
                self.edit_note(annotation_id)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete(annotation_id)
                return True
            if text in {str(i) for i in range(1, len(COLORS) + 1)}:
                self.recolour(annotation_id, COLORS[int(text) - 1])
                return True
        return False

    # --- export -------------------------------------------------------------------------

    def choose_export_path(self, fmt: str, suggested: str) -> str:
        """Ask where to save an export ('' when the reader cancels)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Notes", suggested, EXPORT_FILTERS[fmt]
        )
        return path

    def export(self, scope: str, fmt: str) -> str | None:
        """Export this book's (``scope`` "book") or every book's notes; returns the file written."""
        record = self.session.record
        if scope == "book" and record is None:
            self.session.messages.show_message("Open a book from the library to export its notes.")
            return None
        stem = _safe_name(record.display_title if scope == "book" and record else "quire-notes")
        folder = os.path.dirname(record.path) if record is not None else os.path.expanduser("~")
        path = self.choose_export_path(fmt, os.path.join(folder, f"{stem} notes.{fmt}"))
        if not path:
            return None
        try:
            entries = self._entries(scope)
            if fmt == "json":
                data = export_json(entries)
            else:
                data = export_markdown(entries) if entries else "*No highlights or notes yet.*\n"
            Path(path).write_text(data, encoding="utf-8")
        except StoreError as err:
            self.session.messages.show_message(str(err))
            return None
        except OSError as err:
            self.session.messages.show_message(f"Could not write {path}: {err.strerror or err}")
            return None
        self.session.messages.show_message(f"Notes exported to {path}", error=False)
        return path

    def _entries(self, scope: str) -> list[BookNotes]:
        store, record, book = self.session.store, self.session.record, self.session.book
        if scope == "book" and record is not None:
            return [notes_for_book(store, record, book.chapters if book is not None else None)]
        entries = []
        for rec in store.library.all_books():
            chapters = (
                book.chapters if record is not None and rec.id == record.id and book else None
            )
            entry = notes_for_book(store, rec, chapters)
            if entry.annotations or entry.bookmarks:
                if entry.chapters is None:
                    entry.chapters = _chapters_of(rec, self.cache_dir, store)
                entries.append(entry)
        return entries


def _chapters_of(record: BookRecord, cache_dir: Path | None, store: Store) -> list | None:
    """The chapters of a library book's file, with the reader's chapter rules (parsed, or
    from the cache); None if unreadable."""
    from reader.text.book import ParagraphMode
    from reader.text.errors import BookError
    from reader.text.parse import load_book

    if not os.path.isfile(record.path):
        return None
    try:
        mode = (
            ParagraphMode(record.paragraph_mode_override)
            if record.paragraph_mode_override
            else None
        )
        book = load_book(
            record.path,
            encoding=record.encoding_override,
            paragraph_mode=mode,
            cache_dir=cache_dir,
            rules=store.chapter_rules.for_parsing(record.id),
        )
    except (BookError, LookupError, OSError, ValueError, StoreError):  # no chapter names
        return None
    return book.chapters


def _safe_name(title: str) -> str:
    """A file-name stem from a title (no path separators or control characters)."""
    cleaned = "".join(c if c.isprintable() and c not in '/\\:*?"<>|' else " " for c in title)
    return " ".join(cleaned.split())[:80] or "notes"


__all__ = ["HighlightsTab", "describe"]
