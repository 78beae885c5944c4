"""The Search tab: a query field, options, and hits listed with their context as they are found.

The book is searched on a worker thread (:class:`~reader.ui.notes.search_worker.SearchRunner`);
each batch of hits is appended to the list and marked on the page, so the
first results show while a large book is still being searched. A new query
or another book cancels the search under way. Result rows are painted by
:class:`HitDelegate` from plain-text pieces (context, match in bold, context):
book text is never interpreted as markup.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QHideEvent, QKeyEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.text.search import SearchHit, SearchOptions
from reader.ui.common.plain import plain_tooltip
from reader.ui.notes.bookmarks import claim_list_keys
from reader.ui.notes.rows import PlaceholderList
from reader.ui.notes.search_worker import MAX_HITS, SearchRunner

if TYPE_CHECKING:
    from reader.ui.session.annotation_session import AnnotationSession

HIT_ROLE = Qt.ItemDataRole.UserRole
CHAPTER_ROLE = Qt.ItemDataRole.UserRole + 1
START_TEXT = (
    "Type a word or phrase to find it in this book.\n\n"
    "Capitals and accents are ignored unless you ask; n and Shift+N step through the hits."
)
NOTHING_TEXT = "Nothing found for “{query}”."
TYPING_DELAY_MS = 300
REGEX_TIMEOUT_S = 2.0
"""A regular expression taking longer than this on one chunk is stopped with a message."""

_Index = QModelIndex | QPersistentModelIndex
_COMMAND_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class HitsModel(QAbstractListModel):
    """The hits of one search, appended batch by batch."""

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hits: list[SearchHit] = []
        self.starts: list[int] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of hits (a flat list)."""
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Plain context text (display, accessibility), the chapter, or the hit itself."""
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.context
        if role == CHAPTER_ROLE:
            return self.session.chapter_of(hit.start)
        if role == Qt.ItemDataRole.ToolTipRole:
            chapter = self.session.chapter_of(hit.start)
            return plain_tooltip(f"{chapter}\n{hit.context}" if chapter else hit.context)
        if role == HIT_ROLE:
            return hit
        return None

    def clear(self) -> None:
        """Drop every hit."""
        self.beginResetModel()
        self.hits = []
        self.starts = []
        self.endResetModel()

    def append(self, batch: list[SearchHit]) -> None:
        """Add a batch of hits (in text order, after the ones already there)."""
        if not batch:
            return
        n = len(self.hits)
        self.beginInsertRows(QModelIndex(), n, n + len(batch) - 1)
        self.hits.extend(batch)
        self.starts.extend(h.start for h in batch)
        self.endInsertRows()


def elide_left_words(fm: QFontMetrics, text: str, width: int) -> str:
    """The end of ``text`` that fits in ``width`` pixels, starting at a whole word after "…".

    ``QFontMetrics.elidedText`` cuts anywhere ("…ngest girl."); a reader wants
    the context to start at a word. Text without spaces (CJK) is cut anywhere.
    """
    if fm.horizontalAdvance(text) <= width:
        return text
    cut = fm.elidedText(text, Qt.TextElideMode.ElideLeft, width)
    kept = cut[1:] if cut.startswith("…") else cut  # the characters that fit
    start = len(text) - len(kept)
    if start > 0 and not text[start - 1].isspace() and " " in kept.rstrip():
        space = kept.find(" ")
        kept = kept[space + 1 :]
    return "…" + kept.lstrip() if kept.strip() else ""


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as: chapter (small, muted) over ``before`` **match** ``after``, plain text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Two lines of text plus padding."""
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw the row with the style's selection background and bolded match."""
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        style = option.widget.style() if option.widget is not None else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.highlightedText().color() if selected else palette.text().color()
        rect = option.rect.adjusted(6, 4, -6, -4)
        normal = QFont(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        fm, fm_bold = QFontMetrics(normal), QFontMetrics(bold)
        line = fm.height()
        painter.save()
        chapter = str(index.data(CHAPTER_ROLE) or "")
        muted = palette.placeholderText().color() if not selected else colour
        small = QFont(option.font)
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 6.0))
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(small).elidedText(chapter, Qt.TextElideMode.ElideRight, rect.width()),
        )
        before, match, after = hit.context_before, hit.match_text, hit.context_after
        width = rect.width()
        match_w = min(fm_bold.horizontalAdvance(match), int(width * 0.6))
        match = fm_bold.elidedText(match, Qt.TextElideMode.ElideRight, match_w + 1)
        match_w = fm_bold.horizontalAdvance(match)
        before_room = max((width - match_w) * 2 // 5, 0)
        before = elide_left_words(fm, before, before_room)
        y = rect.top() + line
        x = rect.left()
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.setPen(colour)
        for text, font, metrics in ((before, normal, fm), (match, bold, fm_bold)):
            painter.setFont(font)
            w = metrics.horizontalAdvance(text)
            painter.drawText(QRect(x, y, w + 1, line), flags, text)
            x += w
        painter.setFont(normal)
        rest = max(rect.right() - x, 0)
        painter.drawText(
            QRect(x, y, rest, line), flags, fm.elidedText(after, Qt.TextElideMode.ElideRight, rest)
        )
        painter.restore()


class SearchTab(QWidget):
    """The query field, options, status line and streaming result list; see the module docstring.

    The hit jumped to is counted ("3 of 180", also as ``hit_shown`` for the page).
    Closing the search (hiding the tab or its panel) clears its marks from the page;
    ``n`` brings them back. Esc in the field clears the query (then, on an empty
    field, goes back to the page); text typed in the result list goes to the field.
    """

    jump_requested = Signal(int)
    hit_shown = Signal(str)
    """A hit was jumped to: "3 of 180"."""

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = SearchRunner(self)
        self.runner.hits_found.connect(self._on_hits)
        self.runner.finished.connect(self._on_finished)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search this book")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search this book")
        self.field.returnPressed.connect(self.search_now)
        self.field.textChanged.connect(self._typed)
        self.field.installEventFilter(self)
        self.match_case = QCheckBox("Match &case", self)
        self.whole_word = QCheckBox("&Whole word", self)
        self.use_regex = QCheckBox("Regular e&xpression", self)
        for box, name in (
            (self.match_case, "matchCase"),
            (self.whole_word, "wholeWord"),
            (self.use_regex, "useRegex"),
        ):
            box.setObjectName(name)
            box.toggled.connect(lambda _on: self.search_now())
        self.status = QLabel("", self)
        self.status.setObjectName("searchStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.model = HitsModel(session, self)
        self.list = PlaceholderList(self)
        self.list.setObjectName("searchResults")
        self.list.set_placeholder(START_TEXT)
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Search results")
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activated)
        claim_list_keys(self.list)
        self.list.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.timeout_s = REGEX_TIMEOUT_S
        self._current = -1
        self._count = 0
        self._marked = False

        # Two rows, so that the panel can be narrow beside a page that keeps its measure.
        options = QGridLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(self.match_case, 0, 0)
        options.addWidget(self.whole_word, 0, 1)
        options.addWidget(self.use_regex, 1, 0, 1, 2)
        options.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

    # --- searching ----------------------------------------------------------------------

    def options(self) -> SearchOptions:
        """The search the field and check boxes describe."""
        return SearchOptions(
            query=self.field.text(),
            case_sensitive=self.match_case.isChecked(),
            whole_word=self.whole_word.isChecked(),
            regex=self.use_regex.isChecked(),
            max_hits=MAX_HITS,
            timeout_s=self.timeout_s,
        )

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> None:
        """Start searching for the field's text (cancelling a search under way)."""
        self._timer.stop()
        self.runner.cancel()
        self.model.clear()
        self._current = -1
        self._count = 0
        self.session.set_search_hits(self.model.hits)
        self.session.set_current_hit(None)
        self._marked = True
        opts = self.options()
        book = self.session.book
        self.list.set_placeholder(START_TEXT if not opts.query.strip() else "")
        if not opts.query.strip():
            self.status.setText("")
            return
        if book is None:
            self.status.setText("Open a book to search it.")
            return
        self.status.setText("Searching…")
        self.runner.start(book, opts)

    def book_changed(self) -> None:
        """Another book is on screen: drop the old results and search it for the same text."""
        self.runner.cancel()
        if self.field.text().strip():
            self.search_now()
        else:
            self.model.clear()
            self._current = -1
            self.status.setText("")
            self.list.set_placeholder(START_TEXT)

    def _on_hits(self, batch: list[SearchHit]) -> None:
        self.model.append(batch)
        self._count = len(self.model.hits)
        self.status.setText(f"Searching… {_results(self._count)}")
        if self._marked:
            self.session.set_search_hits(self.model.hits)

    def _on_finished(self, count: int, error: str, _timed_out: bool) -> None:
        if error:
            found = (
                f" ({_results(len(self.model.hits))} before it stopped)" if self.model.hits else ""
            )
            self.status.setText(error + found)
            return
        text = _results(len(self.model.hits))
        if not self.model.hits:
            self.list.set_placeholder(
                NOTHING_TEXT.format(query=" ".join(self.field.text().split()))
            )
        if len(self.model.hits) >= MAX_HITS:
            text = f"{text} (stopped after {MAX_HITS:,})"
        if 0 <= self._current < len(self.model.hits):
            text = self.counter()
        self.status.setText(text)

    def is_running(self) -> bool:
        """True while a search is under way."""
        return self.runner.is_running()

    def shutdown(self) -> None:
        """Stop the worker thread (the window is closing)."""
        self._timer.stop()
        self.runner.shutdown()

    # --- moving between hits ------------------------------------------------------------

    def focus_field(self) -> None:
        """Put the cursor in the query field, its text selected."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def current_row(self) -> int:
        """The row of the hit last jumped to (-1: none)."""
        return self._current

    def current_hit(self) -> tuple[int, int] | None:
        """Source ``[start, end)`` of the hit jumped to last (None: none)."""
        if 0 <= self._current < len(self.model.hits):
            hit = self.model.hits[self._current]
            return hit.start, hit.end
        return None

    def counter(self) -> str:
        """Which hit is shown, of how many: "3 of 180" ('' before the first jump)."""
        if not 0 <= self._current < len(self.model.hits):
            return ""
        total = len(self.model.hits)
        more = "+" if self.is_running() or total >= MAX_HITS else ""
        return f"{self._current + 1:,} of {total:,}{more}"

    def go_to_row(self, row: int) -> None:
        """Jump to hit ``row`` and select it in the list."""
        if not 0 <= row < len(self.model.hits):
            return
        self._current = row
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        hit = self.model.hits[row]
        if not self._marked:  # closed and opened again with n: the marks come back
            self._marked = True
            self.session.set_search_hits(self.model.hits)
        self.session.set_current_hit((hit.start, hit.end))
        self.jump_requested.emit(hit.start)
        counter = self.counter()
        if not self.is_running():
            self.status.setText(counter)
        self.hit_shown.emit(counter)

    def clear_marks(self) -> None:
        """Take the search's marks off the page (the hits stay listed; n marks them again)."""
        if self._marked:
            self._marked = False
            self.session.set_search_hits(())
            self.session.set_current_hit(None)

    def hideEvent(self, event: QHideEvent) -> None:
        """Closing the search (its tab or panel hidden) clears its marks from the page."""
        super().hideEvent(event)
        if not event.spontaneous():
            self.clear_marks()

    def showEvent(self, event: QShowEvent) -> None:
        """Opening the search again shows its hits on the page again."""
        super().showEvent(event)
        if not self._marked and self.model.hits:
            self._marked = True
            self.session.set_search_hits(self.model.hits)
            self.session.set_current_hit(self.current_hit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the field clears the query first; text typed in the results goes to the field."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.field and event.key() == Qt.Key.Key_Escape and self.field.text():
            self.field.clear()
            self.search_now()
            return True
        text = event.text()
        plain = not event.modifiers() & _COMMAND_MODS
        if watched is self.list and plain and text.strip() and text.isprintable():
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.field.end(False)
            self.field.insert(text)
            return True
        return super().eventFilter(watched, event)

    def step(self, direction: int) -> bool:
        """``n`` (1) / ``N`` (-1): the next / previous hit from the one shown or the page."""
        hits = self.model.hits
        if not hits:
            if not self.field.text().strip():
                self.session.messages.show_message(
                    "Nothing to find: press / to search.", error=False
                )
            return False
        view = self.session.page
        lo, hi = view.visible_range()
        cur = self._current
        if 0 <= cur < len(hits) and lo <= hits[cur].start < max(hi, lo + 1):
            row = cur + direction
        elif direction > 0:
            row = bisect.bisect_left(self.model.starts, view.position())
        else:
            row = bisect.bisect_left(self.model.starts, lo) - 1
        self.go_to_row(row % len(hits))
        return True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.go_to_row(index.row())


def _results(n: int) -> str:
    return "1 result" if n == 1 else f"{n:,} results"


__all__ = ["HitDelegate", "HitsModel", "SearchTab"]
