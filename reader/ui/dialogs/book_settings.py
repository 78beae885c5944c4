"""The "Book settings" dialog: encoding and paragraph-mode overrides, title and author, and
whether lost italics are repaired and author's notes folded in this book.

The preview shows the first page of the reading text as the chosen overrides
parse it. Parsing runs on a background thread, debounced, over at most the
first :data:`PREVIEW_BYTES` of the file, so even a 300 MB book previews at once
and the dialog never freezes. Choices are saved per book with
``Library.set_overrides`` by :func:`apply_book_settings`, which also reopens the
book if it is the one on screen.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.store.models import BookRecord
from reader.text.book import Book, ParagraphMode
from reader.text.errors import BookError

if TYPE_CHECKING:
    from reader.ui.dialogs.ports import BookSettingsHost

PREVIEW_BYTES: Final = 2 * 1024 * 1024
PREVIEW_CHARS: Final = 2500
DEBOUNCE_MS: Final = 200

ENCODINGS: Final[tuple[tuple[str, str], ...]] = (
    ("utf-8", "Unicode (UTF-8)"),
    ("utf-16-le", "Unicode (UTF-16, little-endian)"),
    ("utf-16-be", "Unicode (UTF-16, big-endian)"),
    ("utf-32-le", "Unicode (UTF-32, little-endian)"),
    ("utf-32-be", "Unicode (UTF-32, big-endian)"),
    ("gb18030", "Chinese Simplified (GB18030 / GBK)"),
    ("cp950", "Chinese Traditional (Big5 / CP950)"),
    ("cp932", "Japanese (Shift_JIS / CP932)"),
    ("euc-jp", "Japanese (EUC-JP)"),
    ("iso2022_jp", "Japanese (ISO-2022-JP)"),
    ("cp949", "Korean (EUC-KR / CP949)"),
    ("iso2022_kr", "Korean (ISO-2022-KR)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8-r", "Cyrillic (KOI8-R)"),
    ("koi8-u", "Ukrainian (KOI8-U)"),
    ("cp866", "Cyrillic (DOS 866)"),
    ("cp855", "Cyrillic (DOS 855)"),
    ("iso8859-5", "Cyrillic (ISO 8859-5)"),
    ("mac-cyrillic", "Cyrillic (Mac)"),
    ("cp1252", "Western (Windows-1252)"),
    ("iso8859-1", "Western (ISO 8859-1)"),
    ("iso8859-15", "Western (ISO 8859-15)"),
    ("mac-roman", "Western (Mac Roman)"),
    ("cp1250", "Central European (Windows-1250)"),
    ("iso8859-2", "Central European (ISO 8859-2)"),
    ("cp1253", "Greek (Windows-1253)"),
    ("iso8859-7", "Greek (ISO 8859-7)"),
    ("cp1254", "Turkish (Windows-1254)"),
    ("iso8859-9", "Turkish (ISO 8859-9)"),
    ("cp1255", "Hebrew (Windows-1255)"),
    ("iso8859-8", "Hebrew (ISO 8859-8)"),
    ("cp1256", "Arabic (Windows-1256)"),
    ("iso8859-6", "Arabic (ISO 8859-6)"),
    ("cp1257", "Baltic (Windows-1257)"),
    ("cp1258", "Vietnamese (Windows-1258)"),
    ("cp874", "Thai (Windows-874)"),
    ("cp437", "DOS (CP437)"),
)
"""Encodings offered besides "Automatic": (Python codec name, what the reader sees)."""

PARAGRAPH_MODES: Final[tuple[tuple[ParagraphMode, str], ...]] = (
    (ParagraphMode.LINE, "One line per paragraph"),
    (ParagraphMode.BLANK, "Blank line between paragraphs"),
    (ParagraphMode.WRAPPED, "Hard-wrapped lines (join them)"),
    (ParagraphMode.INDENTED, "Indented first lines (print style)"),
)
"""Paragraph modes offered besides "Automatic", with human names."""

ENCODING_METHODS: Final[dict[str, str]] = {
    "bom": "detected from its byte-order mark",
    "utf-8": "detected (the file is valid UTF-8)",
    "chardet": "detected from the text",
    "fallback": "a guess (detection was unsure)",
    "empty": "the file is empty",
}
"""How an encoding was decided (``EncodingReport.method``), in the reader's words."""


@dataclass(frozen=True)
class BookChoices:
    """What the reader chose in the dialog (None = automatic / no override)."""

    encoding: str | None
    paragraph_mode: str | None
    title: str | None
    author: str | None
    italics_repair: bool | None = None
    """Repair lost italics in this book: None follows Settings ▸ Behaviour."""
    hide_author_notes: bool | None = None
    """Fold this book's author's notes: None follows Settings ▸ Behaviour."""


@dataclass(frozen=True)
class PreviewResult:
    """One finished preview parse."""

    generation: int
    text: str
    detail: str
    error: str = ""


def read_head(path: str, limit: int = PREVIEW_BYTES) -> bytes:
    """The first ``limit`` bytes of ``path``, cut at a line break if it was cut at all."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) <= limit:
        return data
    data = data[:limit]
    cut = data.rfind(b"\n")
    if cut > 0:
        cut += 1
        if b"\x00" in data[:512] and cut % 2:  # UTF-16: whole code units
            cut += 1
        data = data[:cut]
    return data


def first_page_text(book: Book, limit: int = PREVIEW_CHARS) -> str:
    """The first ``limit`` or so characters of the reading text, paragraph by paragraph.

    Uses :func:`reader.text.render.render_block` (not the shared display cache), so it
    is safe on a background thread, and shows what the page will (page numbers and
    banners left out, emphasis and quotes as on the page).
    """
    from reader.text.render import render_block

    start, _end = book.reading_range()
    first = max(0, book.blocks.index_at(start))
    parts: list[str] = []
    size = 0
    for i in range(first, len(book.blocks)):
        shown = render_block(book, i).text
        if not shown.strip():
            continue
        parts.append(shown)
        size += len(shown)
        if size >= limit:
            break
    return "\n\n".join(parts)


def parse_preview(
    data: bytes, name: str, encoding: str | None, mode: str | None
) -> tuple[str, str]:
    """(first page text, one-line detail) of ``data`` read with the given overrides.

    Raises BookError when the bytes are not a book with these choices.
    """
    from reader.text.parse import parse_bytes

    paragraph_mode = ParagraphMode(mode) if mode else None
    book = parse_bytes(data, file_name=name, encoding=encoding, paragraph_mode=paragraph_mode)
    report = book.encoding
    label = dict(ENCODINGS).get(report.name)
    detail = f"Encoding: {label or report.name}"
    how = ENCODING_METHODS.get(report.method, "")
    if how:
        detail += f" — {how}"
    if report.replaced_bytes:
        detail += f"; {report.replaced_bytes:,} bytes could not be decoded (shown as �)"
    mode_name = dict(PARAGRAPH_MODES).get(book.paragraph_mode, book.paragraph_mode.value)
    detail += f".\nParagraphs: {mode_name.lower()}"
    if paragraph_mode is None and book.paragraph_reason:
        # The reason reads "evidence: conclusion"; the conclusion is the mode just named.
        evidence = book.paragraph_reason.rsplit(": ", 1)[0].rstrip(".")
        detail += f" — {evidence[:1].lower()}{evidence[1:]}"
    return first_page_text(book), detail + "."


class _PreviewRunner(QObject):
    """Runs preview parses on a background thread; only the newest result is delivered."""

    ready = Signal(object)

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._data: bytes | None = None
        self._generations = itertools.count(1)
        self.latest = 0
        self._threads: list[threading.Thread] = []

    def request(self, encoding: str | None, mode: str | None) -> int:
        """Start a parse for these choices; returns its generation number."""
        generation = next(self._generations)
        self.latest = generation
        thread = threading.Thread(
            target=self._run, args=(generation, encoding, mode), daemon=True, name="bookPreview"
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return generation

    def _run(self, generation: int, encoding: str | None, mode: str | None) -> None:
        name = os.path.basename(self.path)
        try:
            if self._data is None:
                self._data = read_head(self.path)
            if generation != self.latest:
                return
            text, detail = parse_preview(self._data, name, encoding, mode)
            result = PreviewResult(generation, text, detail)
        except OSError as err:
            result = PreviewResult(generation, "", "", f"Could not read the file: {err.strerror}")
        except BookError as err:
            result = PreviewResult(generation, "", "", str(err))
        except Exception as err:  # a preview must never take the dialog down
            result = PreviewResult(generation, "", "", f"Preview failed: {err}")
        self.ready.emit(result)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for running parses (the dialog is closing)."""
        for thread in self._threads:
            thread.join(timeout)


class BookSettingsDialog(QDialog):
    """Per-book encoding, paragraph mode, title and author, with a live first-page preview."""

    preview_updated = Signal()
    """The preview shows the result for the current choices (for tests and status)."""

    def __init__(
        self,
        record: BookRecord,
        parent: QWidget | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bookSettingsDialog")
        self.setWindowTitle(f"Book Settings — {record.display_title}")
        self.record = record
        self.cache_dir = cache_dir
        self.resize(560, 560)

        self.title_edit = QLineEdit(record.display_title, self)
        self.title_edit.setPlaceholderText(record.title)
        self.author_edit = QLineEdit(record.display_author, self)
        self.author_edit.setPlaceholderText(record.author)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.addItem("Automatic", None)
        for codec, label in ENCODINGS:
            self.encoding_combo.addItem(label, codec)
        self.mode_combo = QComboBox(self)
        self.mode_combo.addItem("Automatic", None)
        for mode, label in PARAGRAPH_MODES:
            self.mode_combo.addItem(label, mode.value)
        self._select(self.encoding_combo, record.encoding_override)
        self._select(self.mode_combo, record.paragraph_mode_override)
        self.italics_combo = _choice_combo(
            self, "italicsRepair", ("Repair them", "Leave as written"), record.italics_repair
        )
        self.notes_combo = _choice_combo(
            self, "authorNotes", ("Fold to one line", "Show in full"), record.hide_author_notes
        )

        file_label = QLabel(self)
        file_label.setTextFormat(Qt.TextFormat.PlainText)
        file_label.setText(record.path)
        file_label.setWordWrap(True)
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("previewDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("bookPreview")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("Reading the first page…")

        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Author:", self.author_edit)
        form.addRow("File:", file_label)
        form.addRow("&Encoding:", self.encoding_combo)
        form.addRow("&Paragraphs:", self.mode_combo)
        form.addRow("&Lost italics:", self.italics_combo)
        form.addRow("Author's &notes:", self.notes_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview of the first page:", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(buttons)

        self._runner = _PreviewRunner(record.path, self)
        self._runner.ready.connect(self._on_preview)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.update_preview)
        self.encoding_combo.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.preview_error = ""
        self.update_preview()

    @staticmethod
    def _select(combo: QComboBox, value: str | None) -> None:
        if not value:
            combo.setCurrentIndex(0)
            return
        i = combo.findData(value)
        if i < 0:  # an override set elsewhere (e.g. another codec alias): keep it
            combo.addItem(value, value)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def set_encoding(self, codec: str | None) -> None:
        """Choose an encoding (None = automatic); the preview follows."""
        self._select(self.encoding_combo, codec)

    def set_paragraph_mode(self, mode: ParagraphMode | str | None) -> None:
        """Choose a paragraph mode (None = automatic); the preview follows."""
        value = mode.value if isinstance(mode, ParagraphMode) else mode
        self._select(self.mode_combo, value)

    def update_preview(self) -> None:
        """Parse again with the current choices (in the background)."""
        self._debounce.stop()
        self.detail_label.setText("Reading…")
        self._runner.request(self.encoding_combo.currentData(), self.mode_combo.currentData())

    def _on_preview(self, result: PreviewResult) -> None:
        if result.generation != self._runner.latest:
            return  # the choices changed since this parse started
        self.preview_error = result.error
        if result.error:
            self.preview.setPlainText("")
            self.detail_label.setText(result.error)
        else:
            self.preview.setPlainText(result.text)
            self.detail_label.setText(result.detail)
        self.preview_updated.emit()

    def preview_text(self) -> str:
        """The text the preview shows now."""
        return self.preview.toPlainText()

    def choices(self) -> BookChoices:
        """The reader's choices; a title or author equal to the detected one is no override."""
        title = self.title_edit.text().strip()
        author = self.author_edit.text().strip()
        return BookChoices(
            encoding=self.encoding_combo.currentData(),
            paragraph_mode=self.mode_combo.currentData(),
            title=title if title and title != self.record.title else None,
            author=author if author != self.record.author else None,
            italics_repair=self.italics_combo.currentData(),
            hide_author_notes=self.notes_combo.currentData(),
        )

    def set_italics_repair(self, on: bool | None) -> None:
        """Choose whether lost italics are repaired in this book (None: as in Settings)."""
        self.italics_combo.setCurrentIndex(self.italics_combo.findData(on))

    def set_author_notes_hidden(self, hidden: bool | None) -> None:
        """Choose whether this book's author's notes are folded (None: as in Settings)."""
        self.notes_combo.setCurrentIndex(self.notes_combo.findData(hidden))

    def done(self, result: int) -> None:
        """Close; wait for a preview still parsing so no thread outlives the dialog."""
        self._debounce.stop()
        self._runner.wait()
        super().done(result)


def _choice_combo(
    parent: QWidget, name: str, labels: tuple[str, str], value: bool | None
) -> QComboBox:
    """An "As in Settings / on / off" choice for a per-book switch (data None/True/False)."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItem("As in Settings", None)
    combo.addItem(labels[0], True)
    combo.addItem(labels[1], False)
    combo.setCurrentIndex(combo.findData(value))
    return combo


def apply_book_settings(
    host: BookSettingsHost,
    record: BookRecord,
    choices: BookChoices,
    *,
    saved: Callable[[BookRecord], object] | None = None,
) -> BookRecord | None:
    """Save ``choices`` for ``record`` and, if it is the open book, reopen it with them.

    The write goes through ``host.writes``: the updated record is returned when it
    was saved at once, else None (``saved(updated)`` runs once it is, and a failure
    is reported through ``host.show_message``).
    """
    book_id = record.id
    done: list[BookRecord] = []

    def reopen(updated: BookRecord) -> None:
        done.append(updated)
        session = host.session
        if session.record is not None and session.record.id == book_id:
            session.flush()
            host.open_path(updated.path)
        if saved is not None:
            saved(updated)

    host.writes.now_or_later(
        lambda s: s.library.set_overrides(
            book_id,
            encoding=choices.encoding,
            paragraph_mode=choices.paragraph_mode,
            title=choices.title,
            author=choices.author,
            italics_repair=choices.italics_repair,
            hide_author_notes=choices.hide_author_notes,
        ),
        done=reopen,
        failed=lambda error: host.show_message(str(error)),
    )
    return done[0] if done else None


__all__ = [
    "ENCODINGS",
    "PARAGRAPH_MODES",
    "BookChoices",
    "BookSettingsDialog",
    "apply_book_settings",
    "first_page_text",
    "parse_preview",
    "read_head",
]
