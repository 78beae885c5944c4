"""Settings ▸ Statistics: recording on or off, the idle limit, the daily goal, clearing.

Every change is stored at once (``store.stats``) and applied to the window
through :meth:`~reader.ui.dialogs.ports.SettingsHost.apply_behaviour` (the
recorder's settings and the goal ring in the status line). "Clear Statistics…"
runs the window's ``stats.clear`` command, which asks what to clear.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import StoreError
from reader.store.stats_models import DEFAULT_IDLE_LIMIT_SECONDS

if TYPE_CHECKING:
    from reader.ui.dialogs.ports import SettingsHost

__all__ = ["MAX_GOAL_MINUTES", "StatisticsPage"]

MAX_GOAL_MINUTES = 600
MAX_IDLE_MINUTES = 60


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    return label


class StatisticsPage(QWidget):
    """The reading statistics settings (see the module docstring)."""

    def __init__(self, host: SettingsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsPage")
        self.host = host
        stats = host.store.stats
        enabled, idle, goal = True, DEFAULT_IDLE_LIMIT_SECONDS, None
        try:
            enabled, idle = stats.recording_enabled(), stats.idle_limit()
            goal = stats.goal_minutes()
        except StoreError as err:  # shown with the defaults; a change will try to store again
            host.show_message(str(err))

        self.recording = QCheckBox("&Record reading statistics", self)
        self.recording.setObjectName("statsRecording")
        self.recording.setChecked(enabled)
        self.idle = QSpinBox(self)
        self.idle.setObjectName("statsIdleLimit")
        self.idle.setRange(1, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" min")
        self.idle.setValue(max(1, round(idle / 60)))
        self.goal = QSpinBox(self)
        self.goal.setObjectName("statsGoal")
        self.goal.setRange(0, MAX_GOAL_MINUTES)
        self.goal.setSingleStep(5)
        self.goal.setSuffix(" min a day")
        self.goal.setSpecialValueText("No goal")
        self.goal.setValue(goal or 0)
        self.clear = QPushButton("&Clear Statistics…", self)
        self.clear.setObjectName("statsClear")

        form = QFormLayout()
        form.addRow(self.recording)
        form.addRow(
            _note(
                "Quire notes each page you read and how long it stays on screen while "
                "the window is in front; pages turned by read aloud count as listening.",
                self,
            )
        )
        form.addRow("&Idle limit for one page:", self.idle)
        form.addRow(_note("A page left open longer than this counts as only this long.", self))
        form.addRow("Daily reading &goal:", self.goal)
        form.addRow(
            _note("Shown as a line on the daily chart and a ring in the status line.", self)
        )
        row = QHBoxLayout()
        row.addWidget(self.clear)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(
            _note(
                "Your reading statistics stay on this computer, in Quire's library file; "
                "nothing is sent anywhere. Clearing keeps reading positions, bookmarks "
                "and notes.",
                self,
            )
        )
        layout.addLayout(row)
        layout.addStretch(1)

        self.recording.toggled.connect(
            lambda on: self._store(lambda: stats.set_recording_enabled(on))
        )
        self.idle.valueChanged.connect(lambda m: self._store(lambda: stats.set_idle_limit(m * 60)))
        self.goal.valueChanged.connect(lambda m: self._store(lambda: stats.set_goal_minutes(m)))
        self.clear.clicked.connect(lambda: host.registry.run("stats.clear"))

    def _store(self, write: Callable[[], None]) -> None:
        try:
            write()
        except StoreError as err:
            self.host.show_message(str(err))
        self.host.apply_behaviour()
