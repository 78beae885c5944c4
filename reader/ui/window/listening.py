"""The window's side of read aloud: building it on first use, and what listening changes.

:class:`ReadAloudHost` is a part of :class:`~reader.ui.window.main_window.MainWindow`:
read aloud (:mod:`reader.ui.speech`) is built the first time one of its commands or
its settings page is used — never at start-up — and while it speaks the window
leaves the saved position and the reading pace alone (page turns are listening).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from reader.ui.reading.status import StatusLine
    from reader.ui.reading.view import ReadingView
    from reader.ui.speech.controller import ReadAloud
    from reader.ui.window.speech import ReadAloudWindow
    from reader.ui.window.stats_wiring import WindowStats


class ReadAloudHost:
    """Mixin of the main window for read aloud (see the module docstring). The window
    declares the ``listening_changed(bool)`` signal it emits."""

    listening_changed: SignalInstance
    _read_aloud: ReadAloud | None = None
    _listening = False
    _central_layout: QVBoxLayout
    view: ReadingView
    status_line: StatusLine
    stats_ui: WindowStats

    def read_aloud(self) -> ReadAloud:
        """Read aloud, built on first use (its bar goes under the page)."""
        if self._read_aloud is None:
            from reader.ui.window.speech import install_read_aloud

            self._read_aloud = install_read_aloud(cast("ReadAloudWindow", self))
        return self._read_aloud

    def read_aloud_if_loaded(self) -> ReadAloud | None:
        """Read aloud if it was used, else None (nothing is built)."""
        return self._read_aloud

    def set_listening(self, listening: bool) -> None:
        """Read aloud started or stopped: while it speaks, page turns are listening — the
        saved position is left alone, and the statistics count the pages as listening
        (never as reading, so the reading pace stays the reader's own)."""
        if listening != self._listening:
            self._listening = listening
            self.stats_ui.set_listening(listening)
            self.listening_changed.emit(listening)

    def is_listening(self) -> bool:
        """True while read aloud speaks (or is paused in the middle)."""
        return self._listening

    def add_under_page(self, widget: QWidget) -> None:
        """Put ``widget`` (the read-aloud bar) in the column under the page."""
        self._central_layout.addWidget(widget)

    def extra_settings_pages(self, parent: QWidget) -> list[tuple[str, str, QWidget]]:
        """Pages the Settings dialog adds after its own: ``(name, tab title, page)``."""
        from reader.ui.window.speech import read_aloud_settings_page

        page = read_aloud_settings_page(self.read_aloud(), parent)
        return [("read_aloud", "Read &Aloud", page)]

    def stop_read_aloud(self) -> None:
        """Stop reading aloud (saving its position in the book it read), if it runs."""
        if self._read_aloud is not None:
            self._read_aloud.stop()

    def shutdown_read_aloud(self) -> None:
        """Stop reading aloud for good (the window closes)."""
        if self._read_aloud is not None:
            self._read_aloud.shutdown()


__all__ = ["ReadAloudHost"]
