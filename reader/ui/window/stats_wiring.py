"""The window's reading statistics: recording from its page, time left and the goal ring in
its status line, and the Statistics view with its import, export and clear commands.

:class:`WindowStats` is built by the main window. It connects the page's
``page_changed`` to the :class:`~reader.ui.stats.recording.RecordingController`
(which watches the window's activity itself), gives the status line its
:class:`~reader.ui.reading.ports.TimeLeftSource`, and opens the Statistics view
(whose module, and QtCharts with it, is imported on first use only). Read aloud
connects its ``listening_changed(bool)`` to :meth:`WindowStats.set_listening`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import shiboken6

from reader.ui.reading.status import format_duration
from reader.ui.stats.ports import StatsContext
from reader.ui.stats.recording import RecordingController

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from reader.layout.style import ReadingStyle, Theme
    from reader.paths import Paths
    from reader.store.db import Store
    from reader.ui.reading.status import StatusLine
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.book_session import BookSession
    from reader.ui.stats.view import StatisticsView

__all__ = ["StatsHost", "WindowStats", "goal_text"]


class StatsHost(Protocol):
    """The parts of the main window the statistics use (the main window fits it)."""

    @property
    def store(self) -> Store:
        """The library the statistics live in."""
        ...

    @property
    def paths(self) -> Paths:
        """Per-user folders (the parse cache)."""
        ...

    @property
    def view(self) -> ReadingView:
        """The page whose pages are recorded."""
        ...

    @property
    def session(self) -> BookSession:
        """The open book and its library record."""
        ...

    @property
    def status_line(self) -> StatusLine:
        """Where time left and the goal ring show."""
        ...

    def as_widget(self) -> QMainWindow:
        """The window itself (watched for activity; dialogs open over it)."""
        ...

    def reading_style(self) -> ReadingStyle:
        """The style in use (its theme colours the charts)."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


def goal_text(goal_minutes: int, today_seconds: int) -> str:
    """The goal ring's tooltip: ``"Today: 12 min of your 30 min reading goal"``."""
    done = format_duration(today_seconds) if today_seconds >= 30 else "nothing yet"
    met = " — reached" if today_seconds >= goal_minutes * 60 else ""
    return f"Today: {done} of your daily goal of {goal_minutes} min{met}."


class WindowStats:
    """Reading statistics for one main window (see the module docstring)."""

    def __init__(self, window: StatsHost) -> None:
        self.window = window
        widget = window.as_widget()
        self.recording = RecordingController(
            window.store, window.view, window.session, window, watch=widget, parent=widget
        )
        """Page views from the window's page into the store."""
        self._view: StatisticsView | None = None
        window.view.page_changed.connect(self.recording.page_shown)
        window.status_line.time_source = self.recording.time_left
        self.recording.figures_changed.connect(self._figures_changed)

    def set_listening(self, listening: bool) -> None:
        """Read aloud started or stopped (connect ``listening_changed(bool)`` here)."""
        self.recording.set_listening(listening)

    def context(self) -> StatsContext:
        """What the Statistics view and its commands get from the window."""
        window = self.window
        return StatsContext(
            store=window.store,
            open_book=window.session,
            messages=window,
            theme=self._theme,
            parent=window.as_widget,
            flush=self.recording.flush,
            cache_dir=window.paths.cache_dir,
            hold_writes=self.recording.hold_writes,
        )

    def _theme(self) -> Theme:
        return self.window.reading_style().colours()

    # --- figures in the status line ----------------------------------------------------

    def _figures_changed(self) -> None:
        status = self.window.status_line
        status.refresh()
        goal = self.recording.goal()
        if goal is None:
            status.goal.set_progress(None)
        else:
            text = goal_text(goal.goal_minutes, goal.today_seconds)
            status.goal.set_progress(goal.fraction, text)

    def apply_settings(self) -> None:
        """The reader changed the statistics settings (recording, idle limit, goal)."""
        self.recording.apply_settings()

    def data_changed(self) -> None:
        """Statistics were imported or cleared: status figures and an open view follow."""
        self.recording.time_left.refresh()
        self._figures_changed()
        view = self.statistics_view()
        if view is not None and view.isVisible():
            view.reload()

    # --- the view and its commands -----------------------------------------------------

    def statistics_view(self) -> StatisticsView | None:
        """The Statistics view when it was opened and still exists."""
        view = self._view
        return view if view is not None and shiboken6.isValid(view) else None

    def show_view(self) -> StatisticsView:
        """Open the Statistics view (built on first use), or bring it to the front."""
        from reader.ui.stats.view import StatisticsView

        view = self.statistics_view()
        if view is None:
            view = StatisticsView(self.context(), self.data_changed, self.window.as_widget())
            self._view = view
        view.open_view()
        return view

    def import_koreader(self) -> None:
        """Ask for KOReader's statistics.sqlite3 and import it (reporting what matched)."""
        from reader.ui.stats.manage import import_koreader_dialog

        import_koreader_dialog(self.context(), self.data_changed)

    def export(self) -> None:
        """Ask for a file and export every statistic to it (CSV or JSON)."""
        from reader.ui.stats.manage import export_dialog

        export_dialog(self.context())

    def clear(self) -> None:
        """Ask whether to clear this book's statistics or all, then clear them."""
        from reader.ui.stats.manage import clear_dialog

        clear_dialog(self.context(), self.data_changed)

    def shutdown(self) -> None:
        """Write what was recorded (before the store closes) and close the view."""
        view = self.statistics_view()
        if view is not None:
            view.close()
        self.recording.shutdown()
