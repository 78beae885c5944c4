"""What the reading package needs from outside it, as small protocols.

The page widget itself (:class:`~reader.ui.reading.view.ReadingView`) needs
nothing: it is given a book and a style. Its right-click menu
(:class:`~reader.ui.reading.page_menu.PageMenu`) acts on highlights and search,
which belong to the notes panel, and shows and runs window commands; it gets
both through these protocols (the notes panel and the command registry fit them).
The status line shows "time left" from a :class:`TimeLeftSource` (the reading
statistics provide one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from reader.store.models import Annotation


class CommandRunner(Protocol):
    """Runs a named command and says which keys it has (the command registry)."""

    def key_text(self, name: str) -> str:
        """The keys of command ``name`` as the reader sees them ('' when none)."""
        ...

    def run(self, name: str) -> None:
        """Run command ``name`` as if chosen from its menu."""
        ...


class TimeLeftEstimate(Protocol):
    """Time left after the page on screen, at the reader's pace (the statistics give it)."""

    @property
    def chapter_seconds(self) -> float:
        """Seconds to the end of the chapter."""
        ...

    @property
    def book_seconds(self) -> float:
        """Seconds to the end of the book."""
        ...

    @property
    def per_minute(self) -> float:
        """The pace the estimate uses: words (or characters) per minute."""
        ...

    @property
    def unit(self) -> str:
        """``"words"``, or ``"chars"`` for CJK text."""
        ...


class TimeLeftSource(Protocol):
    """Where the status line gets "time left" from (the reading statistics)."""

    def estimate(self, chapter_chars_left: int, percent: float) -> TimeLeftEstimate | None:
        """Time left after a page ``chapter_chars_left`` characters before the chapter's
        end and ``percent`` through the book; None while the reader's pace is unknown."""
        ...


class PageActions(Protocol):
    """What the page menu does with a selection or the highlight under the pointer."""

    def annotations(self) -> Sequence[Annotation]:
        """The open book's highlights (those not placed in this text included)."""
        ...

    def highlight(self, start: int, end: int, color: str) -> object:
        """Highlight source ``[start, end)`` in ``color``."""
        ...

    def highlight_with_note(self, start: int, end: int) -> object:
        """Highlight ``[start, end)`` and open the note editor for it."""
        ...

    def edit_note(self, annotation_id: int) -> object:
        """Open the note editor of a highlight."""
        ...

    def recolour(self, annotation_id: int, color: str) -> None:
        """Give a highlight another colour."""
        ...

    def delete_highlight(self, annotation_id: int) -> None:
        """Delete a highlight (it can be undone)."""
        ...

    def colour_icon(self, color: str) -> QIcon:
        """A small swatch of highlight colour ``color`` for menu items."""
        ...

    def search_for(self, text: str) -> None:
        """Search the book for ``text`` and show the results."""
        ...


__all__ = ["CommandRunner", "PageActions", "TimeLeftEstimate", "TimeLeftSource"]
