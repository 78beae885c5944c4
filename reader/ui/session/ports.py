"""What the open-book session needs from the rest of the window, as small protocols.

:class:`~reader.ui.session.annotation_session.AnnotationSession` is built from
a store, an :class:`OpenBook` (the book on screen and its library record), a
:class:`Page` (where it puts highlights and search hits) and a
:class:`~reader.ui.common.ports.MessageSink`. The window passes its
``BookSession``, its reading view and itself; a test can pass plain objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reader.store.models import BookRecord
    from reader.text.book import Book


class OpenBook(Protocol):
    """The book on screen and its library entry (None when none / not in the library)."""

    @property
    def book(self) -> Book | None:
        """The book shown now."""
        ...

    @property
    def record(self) -> BookRecord | None:
        """Its library record (None: it could not be recorded, nothing can be saved)."""
        ...


class Page(Protocol):
    """The page on screen, as far as notes and search marks are concerned."""

    @property
    def position_changed(self) -> SignalInstance:
        """Emitted with the new top offset after every turn or jump."""
        ...

    def position(self) -> int:
        """Source offset at the top of the page."""
        ...

    def visible_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` of the text on screen."""
        ...

    def set_decorations(self, ranges: list[tuple[int, int, str]]) -> None:
        """Marks to paint under the text: ``(start, end, colour name)``."""
        ...


__all__ = ["OpenBook", "Page"]
