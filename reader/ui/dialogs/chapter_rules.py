"""Chapter rules: the per-book rules dialog with a live preview of the contents, Legado
import, and marking the line at a place as a chapter (or not).

The dialog edits a list of :class:`~reader.text.chapter_rules.ChapterRule`; the preview
applies the list (with the pattern being typed) to the book as parsed without rules, on
a background thread a moment after the last change (only the newest result is shown).
Saving replaces the book's stored rules in one write and reopens the book, which is then
parsed with them. Everything from the book (chapter titles, lines, rule names) is shown
as plain text.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.store.base import StoreError
from reader.text.book import ParagraphMode
from reader.text.chapter_rules import (
    MAX_LINE_CHARS,
    MAX_RULES,
    ChapterRule,
    RuleError,
    apply_rules,
    compile_rule,
    line_at,
    line_key,
)
from reader.text.errors import BookError
from reader.text.legado import LegadoRule, parse_legado_rules

if TYPE_CHECKING:
    from pathlib import Path

    from reader.text.book import Book
    from reader.ui.dialogs.ports import ChapterRulesHost

_MODES = frozenset(m.value for m in ParagraphMode)

PREVIEW_DELAY_MS = 300
"""The preview is recomputed this long after the last change."""
PREVIEW_ROWS = 2_000
"""At most this many contents entries are listed in the preview."""


@dataclass(frozen=True, slots=True)
class PreviewResult:
    """The contents a list of rules gives: titles, how many, and what went wrong."""

    generation: int
    titles: list[str]
    count: int
    problems: list[str]


class _PreviewRunner(QObject):
    """Applies rules to the book on a background thread; only the newest result counts."""

    ready = Signal(object)

    def __init__(self, book: Book, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self._generations = itertools.count(1)
        self.latest = 0
        self._threads: list[threading.Thread] = []

    def request(self, rules: Sequence[ChapterRule]) -> int:
        """Start a preview of ``rules``; returns its generation number."""
        generation = next(self._generations)
        self.latest = generation
        thread = threading.Thread(
            target=self._run, args=(generation, tuple(rules)), daemon=True, name="rulesPreview"
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return generation

    def _run(self, generation: int, rules: tuple[ChapterRule, ...]) -> None:
        try:
            outcome = apply_rules(self.book, rules)
            chapters = outcome.book.chapters
            titles = [c.title for c in chapters[:PREVIEW_ROWS]]
            result = PreviewResult(generation, titles, len(chapters), outcome.problems)
        except Exception as err:  # a preview must never take the dialog down
            result = PreviewResult(generation, [], 0, [f"Preview failed: {err}"])
        if generation == self.latest:
            with contextlib.suppress(RuntimeError):  # the dialog closed and was deleted
                self.ready.emit(result)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for running previews (the dialog is closing)."""
        for thread in self._threads:
            thread.join(timeout)


class ChapterRulesDialog(QDialog):
    """A book's chapter rules: list, add a pattern (or a Legado rule), remove, preview."""

    preview_updated = Signal()
    """The preview shows the contents for the current rules (for tests and status)."""

    def __init__(
        self,
        title: str,
        book: Book,
        rules: Sequence[ChapterRule],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chapterRulesDialog")
        self.setWindowTitle(f"Chapter Rules — {title}")
        self.resize(640, 560)
        self._rules: list[ChapterRule] = list(rules)
        self._legado: list[LegadoRule] = []

        self.rule_list = QListWidget(self)
        self.rule_list.setObjectName("ruleList")
        self.rule_list.setAccessibleName("Rules of this book")
        self.remove_button = QPushButton("&Remove Rule", self)
        self.remove_button.setObjectName("removeRule")
        self.remove_button.clicked.connect(self.remove_selected)
        self.rule_list.currentRowChanged.connect(self._sync_buttons)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.rule_list)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_selected)

        self.pattern_edit = QLineEdit(self)
        self.pattern_edit.setObjectName("patternEdit")
        self.pattern_edit.setPlaceholderText(r"A regular expression, e.g. ^~ Part \d+ ~$")
        self.pattern_edit.setAccessibleName("Pattern")
        self.pattern_edit.textChanged.connect(self._pattern_changed)
        self.pattern_edit.returnPressed.connect(self.add_pattern)
        self.add_button = QPushButton("&Add Rule", self)
        self.add_button.setObjectName("addRule")
        self.add_button.clicked.connect(self.add_pattern)
        self.legado_combo = QComboBox(self)
        self.legado_combo.setObjectName("legadoRules")
        self.legado_combo.setAccessibleName("Imported Legado rules")
        self.legado_combo.setEnabled(False)
        self.legado_combo.addItem("(import a Legado rules file first)")
        self.legado_combo.activated.connect(self._legado_chosen)
        self.import_button = QPushButton("&Import Legado Rules…", self)
        self.import_button.setObjectName("importLegado")
        self.import_button.clicked.connect(self.import_legado_dialog)
        self.message = QLabel(self)
        self.message.setObjectName("ruleMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        self.preview = QListWidget(self)
        self.preview.setObjectName("contentsPreview")
        self.preview.setAccessibleName("Contents with these rules")
        self.preview_label = QLabel("Contents with these rules:", self)
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.pattern_edit, 1)
        row.addWidget(self.add_button)
        legado_row = QHBoxLayout()
        legado_row.addWidget(self.legado_combo, 1)
        legado_row.addWidget(self.import_button)
        form = QFormLayout()
        for text, buddy, fields in (
            ("&Pattern:", self.pattern_edit, row),
            ("&Legado:", self.legado_combo, legado_row),
        ):
            label = QLabel(text, self)
            label.setBuddy(buddy)
            form.addRow(label, fields)
        list_row = QHBoxLayout()
        list_row.addWidget(self.rule_list, 1)
        list_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Rules of this book (lines are named by their text):", self))
        layout.addLayout(list_row, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 2)
        layout.addWidget(buttons)

        self._runner = _PreviewRunner(book, self)
        self._runner.ready.connect(self._show_preview, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.finished.connect(self._closing)
        self._fill_list()
        self.refresh_preview()

    def _closing(self, _result: int) -> None:
        self._timer.stop()
        self._runner.wait()

    # --- the rules -----------------------------------------------------------------------

    def rules(self) -> list[ChapterRule]:
        """The rules as the dialog has them now."""
        return list(self._rules)

    def _fill_list(self) -> None:
        self.rule_list.clear()
        for rule in self._rules:
            self.rule_list.addItem(rule.describe())
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.remove_button.setEnabled(self.rule_list.currentRow() >= 0)

    def add_pattern(self) -> bool:
        """Add the typed pattern as a rule; False (with the reason shown) when it is unusable."""
        pattern = self.pattern_edit.text()
        try:
            compile_rule(pattern)
        except RuleError as err:
            self.message.setText(str(err))
            return False
        if len(self._rules) >= MAX_RULES:
            self.message.setText(f"A book can have at most {MAX_RULES} rules.")
            return False
        rule = ChapterRule("pattern", pattern=pattern)
        if rule not in self._rules:
            self._rules.append(rule)
        self.pattern_edit.clear()
        self._fill_list()
        self.rule_list.setCurrentRow(self._rules.index(rule))
        self.message.setText("")
        self.schedule_preview()
        return True

    def remove_selected(self) -> None:
        """Remove the rule selected in the list."""
        row = self.rule_list.currentRow()
        if 0 <= row < len(self._rules):
            del self._rules[row]
            self._fill_list()
            self.rule_list.setCurrentRow(min(row, len(self._rules) - 1))
            self.schedule_preview()

    # --- Legado --------------------------------------------------------------------------

    def import_legado_dialog(self) -> None:
        """Choose a Legado rules file (JSON) and offer its rules."""
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import Legado Rules", "", "Legado rules (*.json);;All files (*)"
        )
        if path:
            self.import_legado(path)

    def import_legado(self, path: str) -> bool:
        """Read the Legado rules in ``path`` into the Legado list; False (with a message)
        when the file cannot be used."""
        name = os.path.basename(path)
        try:
            with open(path, "rb") as fh:
                data = fh.read(4_000_001)
            rules, notes = parse_legado_rules(data)
        except OSError as err:
            self.message.setText(f"Could not read {name}: {err.strerror or err}")
            return False
        except RuleError as err:
            self.message.setText(str(err))
            return False
        self._legado = rules
        self.legado_combo.clear()
        for rule in rules:
            label = rule.name if rule.enabled else f"{rule.name} (off in Legado)"
            self.legado_combo.addItem(label)
        self.legado_combo.setEnabled(True)
        said = f"{len(rules)} Legado rules read from {name}; choose one to try it."
        if notes:
            said += f" {len(notes)} left out: {notes[0]}"
        self.message.setText(said)
        return True

    def _legado_chosen(self, index: int) -> None:
        if 0 <= index < len(self._legado):
            self.pattern_edit.setText(self._legado[index].pattern)

    # --- the preview ---------------------------------------------------------------------

    def _pattern_changed(self, _text: str) -> None:
        self.schedule_preview()

    def schedule_preview(self) -> None:
        """Recompute the preview a moment after the last change."""
        self._timer.start()

    def _previewed_rules(self) -> list[ChapterRule]:
        rules = list(self._rules)
        typed = self.pattern_edit.text()
        if typed.strip():
            rules.append(ChapterRule("pattern", pattern=typed))
        return rules

    def refresh_preview(self) -> None:
        """Start computing the contents for the current rules (and the typed pattern)."""
        self._timer.stop()
        typed = self.pattern_edit.text()
        if typed.strip():
            try:
                compile_rule(typed)
                self.message.setText("")
            except RuleError as err:
                self.message.setText(str(err))
        self.preview_label.setText("Contents with these rules: working…")
        self._runner.request(self._previewed_rules())

    def _show_preview(self, result: PreviewResult) -> None:
        if result.generation != self._runner.latest:
            return
        self.preview.clear()
        self.preview.addItems(result.titles)
        more = (
            f" (the first {len(result.titles):,} shown)"
            if result.count > len(result.titles)
            else ""
        )
        self.preview_label.setText(
            f"Contents with these rules: {result.count:,} entries{more}"
            if result.count
            else "Contents with these rules: no chapters"
        )
        if result.problems and not self.message.text():
            self.message.setText(result.problems[0])
        self.preview_updated.emit()


# --- saving ---------------------------------------------------------------------------------


def save_rules(host: ChapterRulesHost, book_id: int, new: Sequence[ChapterRule]) -> None:
    """Store ``new`` as the rules of book ``book_id`` (one write) and reopen it when it is
    open."""

    def reopen(_none: object) -> None:
        record = host.session.record
        if record is not None and record.id == book_id:
            host.session.flush()
            host.open_path(record.path)

    host.writes.now_or_later(
        lambda s: s.chapter_rules.set_rules(book_id, new),
        done=reopen,
        failed=lambda error: host.show_message(str(error)),
    )


def edit_chapter_rules(
    host: ChapterRulesHost, parent: QWidget | None, cache_dir: Path | None
) -> ChapterRulesDialog | None:
    """Open the rules dialog for the open book (modal); saves and reopens on Save.

    Returns the dialog after it closed (None when no book from the library is open)."""
    book, record = host.session.book, host.session.record
    if book is None or record is None:
        host.show_message("Open a book from the library to edit its chapter rules.")
        return None
    book_id = record.id
    try:
        old = host.store.chapter_rules.rules(book_id)
    except StoreError as err:
        host.show_message(str(err))
        return None
    base = book
    if old:  # the preview starts from the book as parsed without rules
        from reader.text.parse import load_book

        mode = record.paragraph_mode_override
        try:
            base = load_book(
                record.path,
                encoding=record.encoding_override or None,
                paragraph_mode=ParagraphMode(mode) if mode in _MODES else None,
                cache_dir=cache_dir,
            )
        except BookError as err:
            host.show_message(str(err))
            return None
    dialog = ChapterRulesDialog(record.display_title, base, [r.rule for r in old], parent)
    if dialog.exec():
        new = dialog.rules()
        if new != [r.rule for r in old]:
            save_rules(host, book_id, new)
    return dialog


def mark_line(host: ChapterRulesHost, offset: int, chapter: bool) -> bool:
    """Make the line of the open book at ``offset`` a chapter (``chapter``) or not one,
    as a rule of the book; False (with a message) when there is nothing to mark."""
    book, record = host.session.book, host.session.record
    if book is None or record is None:
        host.show_message("Open a book from the library to mark its chapters.")
        return False
    start, end = line_at(book.text, offset)
    line = line_key(book.text[start:end])
    if not line:
        host.show_message("There is no line of text there to mark.")
        return False
    if len(line) > MAX_LINE_CHARS:
        host.show_message("That line is too long to be a chapter heading.")
        return False
    rule = ChapterRule("mark" if chapter else "unmark", line=line)
    book_id = record.id
    try:
        old = host.store.chapter_rules.rules(book_id)
    except StoreError as err:
        host.show_message(str(err))
        return False
    opposite = [r for r in old if r.rule.kind != "pattern" and r.rule.line == line]
    new = [r.rule for r in old if r not in opposite] + [rule]
    save_rules(host, book_id, new)
    return True


__all__ = [
    "PREVIEW_DELAY_MS",
    "ChapterRulesDialog",
    "PreviewResult",
    "edit_chapter_rules",
    "mark_line",
    "save_rules",
]
