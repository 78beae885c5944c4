"""Pages that follow the voice: turning to the spoken sentence or word, unless the reader
has paged away.

:class:`PageFollower` turns the page when the voice moves past it. When the reader turns
pages themselves it stops following, and starts again once the voice is back in view
(or a step command moves the voice). Engines that report no words (speech-dispatcher)
say a sentence that runs over the page's end without telling when they reach the next
page; the follower then turns at the moment the voice should get there, from the pace
measured on the sentences spoken so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from reader.ui.speech.ports import SpokenPage
    from reader.ui.speech.script import Sentence

SECONDS_PER_CHARACTER = 0.07
"""Pace assumed before any sentence was timed: about 14 characters a second at the normal
rate (175 words a minute), halved or doubled at the ends of the rate scale."""


class PageFollower(QObject):
    """Keeps the spoken text on screen (see the module docstring)."""

    def __init__(
        self,
        page: SpokenPage,
        voice_at: Callable[[], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self._voice_at = voice_at
        self.following = True
        self._turning = False
        self._pace: float | None = None
        self._started: tuple[int, float] | None = None  # (sentence start, time)
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.timeout.connect(self._timed_turn)
        self._turn_to: int | None = None
        page.position_changed.connect(self._page_moved)

    def follow(self, offset: int) -> None:
        """Show the page holding ``offset`` if the reader follows the voice."""
        if not self.following:
            return
        start, end = self.page.visible_range()
        if start <= offset < end:
            return
        self._turning = True
        try:
            self.page.go_to(offset)
        finally:
            self._turning = False

    def _page_moved(self, _offset: int) -> None:
        """The reader turned the page: follow again only when the voice is in view."""
        at = self._voice_at()
        if self._turning or at is None:
            return
        start, end = self.page.visible_range()
        self.following = start <= at < end

    # --- timed turns for engines without word reports ----------------------------------

    def sentence_started(self, sentence: Sentence, rate: float, *, words: bool) -> None:
        """The engine began ``sentence``: time a turn if it runs over the page's end and
        the engine will not report the words that get there."""
        self.cancel()
        self._started = (sentence.start, time.monotonic())
        if words:
            return
        _start, end = self.page.visible_range()
        if not sentence.start < end < sentence.end:
            return
        shown = sentence.display.display_index(end) - sentence.display_start
        pace = self._pace if self._pace is not None else SECONDS_PER_CHARACTER * 2.0 ** (-rate)
        self._turn_to = end
        self._turn.start(max(0, round(shown * pace * 1000)))

    def sentence_finished(self, sentence: Sentence) -> None:
        """The engine finished ``sentence``: learn the voice's pace from it."""
        self.cancel()
        started = self._started
        self._started = None
        if started is None or started[0] != sentence.start or len(sentence.text) < 20:
            return
        pace = (time.monotonic() - started[1]) / len(sentence.text)
        self._pace = pace if self._pace is None else 0.7 * self._pace + 0.3 * pace

    def cancel(self) -> None:
        """Forget a timed turn (the voice paused, stopped or moved)."""
        self._turn.stop()
        self._turn_to = None

    def reset_pace(self) -> None:
        """The rate changed: measure the pace again."""
        self._pace = None

    def _timed_turn(self) -> None:
        offset, self._turn_to = self._turn_to, None
        if offset is not None:
            self.follow(offset)


__all__ = ["SECONDS_PER_CHARACTER", "PageFollower"]
