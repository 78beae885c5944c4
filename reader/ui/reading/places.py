"""Back and Forward: where the reader was before each jump, per book, while Quire runs.

A *jump* is any move that is not a page turn: a chapter, the contents, a search
hit, a bookmark or highlight, Go To, the scrubber, the first or last page.
:class:`PlaceHistory` keeps, for every book opened in this session, the places
left by jumps (Back) and the places Back left (Forward), as a browser does:
a new jump after going back forgets the Forward list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_PLACES = 100
"""Places kept per book and direction (the oldest are forgotten)."""


@dataclass
class _Trail:
    back: list[int] = field(default_factory=list)
    forward: list[int] = field(default_factory=list)


class PlaceHistory:
    """The Back and Forward lists of every book read in this session (by book key)."""

    def __init__(self) -> None:
        self._trails: dict[str, _Trail] = {}

    def _trail(self, book: str) -> _Trail:
        trail = self._trails.get(book)
        if trail is None:
            trail = self._trails[book] = _Trail()
        return trail

    def jumped(self, book: str, left: int) -> None:
        """The reader jumped away from source offset ``left`` (the top of the page left)."""
        trail = self._trail(book)
        if not trail.back or trail.back[-1] != left:
            trail.back.append(left)
            del trail.back[:-MAX_PLACES]
        trail.forward.clear()

    def back(self, book: str, here: int) -> int | None:
        """The place to go Back to from ``here`` (None: nothing to go back to)."""
        trail = self._trail(book)
        if not trail.back:
            return None
        place = trail.back.pop()
        trail.forward.append(here)
        del trail.forward[:-MAX_PLACES]
        return place

    def forward(self, book: str, here: int) -> int | None:
        """The place to go Forward to from ``here`` (None: nothing ahead)."""
        trail = self._trail(book)
        if not trail.forward:
            return None
        place = trail.forward.pop()
        trail.back.append(here)
        del trail.back[:-MAX_PLACES]
        return place

    def can_go(self, book: str, step: int) -> bool:
        """True when Back (``step`` < 0) or Forward (> 0) has somewhere to go."""
        trail = self._trails.get(book)
        if trail is None:
            return False
        return bool(trail.back if step < 0 else trail.forward)


__all__ = ["MAX_PLACES", "PlaceHistory"]
