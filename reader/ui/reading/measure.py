"""The page's measure: how wide the page keeps itself, and when two pages do not fit.

:class:`PageMeasure` is a base of :class:`~reader.ui.reading.view.ReadingView`. The page
can hold a minimum width that gives the minimum measure (the window then narrows the
panes beside it, not the page), and says when "Two pages: On" shows one page because two
columns would not fit (its tooltip says why).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from reader.layout.geometry import MIN_MEASURE_CHARS, PageGeometry, min_page_width, page_geometry
from reader.ui.reading.note_folding import NoteFolding
from reader.ui.reading.page_marks import SPREAD_REFUSED_TIP

if TYPE_CHECKING:
    from reader.layout.style import ReadingStyle


class PageMeasure(NoteFolding):
    """The page's minimum width and refused spreads (see the module docstring)."""

    if TYPE_CHECKING:
        _style: ReadingStyle
        _painted_once: bool
        first_painted: SignalInstance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._holds_measure = False

    def hold_measure(self, on: bool = True) -> None:
        """Keep the page at least as wide as the minimum measure needs (the window then
        narrows the panes beside it rather than the page). Measuring needs the fonts, so
        at start-up it waits for the first paint."""
        self._holds_measure = on
        if self._painted_once:
            self._follow_measure()
        else:
            self.first_painted.connect(self._follow_measure)

    def _follow_measure(self) -> None:
        if not self._holds_measure:
            return
        screen = self.screen()
        room = screen.availableGeometry().width() if screen is not None else 1280
        self.setMinimumWidth(math.ceil(min(min_page_width(self._style), max(480, room * 0.6))))

    def spread_refused(self) -> bool:
        """True while "Two pages: On" shows one page because two columns would not fit."""
        geom = self._geom or page_geometry(self._style, self.width(), self.height())
        return geom.spread_refused

    def _update_spread_tip(self, geom: PageGeometry) -> None:
        tip = SPREAD_REFUSED_TIP.format(chars=MIN_MEASURE_CHARS) if geom.spread_refused else ""
        self.spread_refused_tip = tip
