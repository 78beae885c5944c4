"""The Settings dialog (Ctrl+,): Reading, Behaviour, Statistics and Keys pages.

Nothing waits for an OK button: every change is stored at once (``Store.settings``)
and applied at once to the window through its
:class:`~reader.ui.dialogs.ports.SettingsHost` (the reading style, the live key
bindings, the status line, the reading statistics).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.layout.style import ReadingStyle
from reader.store.db import StoreError
from reader.ui.common.behaviour import (
    HIDE_AUTHOR_NOTES_SETTING,
    ITALICS_REPAIR_SETTING,
    REOPEN_LAST_BOOK_SETTING,
    SHOW_TIME_LEFT_SETTING,
    SINGLE_INSTANCE_SETTING,
)
from reader.ui.dialogs.keys_page import KeysPage
from reader.ui.dialogs.ports import ExtraSettingsPages
from reader.ui.dialogs.reading_page import ReadingPage, page_passage
from reader.ui.dialogs.stats_page import StatisticsPage

if TYPE_CHECKING:
    from reader.ui.dialogs.ports import SettingsHost

BEHAVIOUR_SETTINGS = (
    (
        REOPEN_LAST_BOOK_SETTING,
        "reopenLastBook",
        "Reopen the last book when Quire starts",
        "Started without files, Quire opens the book you were reading, at your page.",
    ),
    (
        SINGLE_INSTANCE_SETTING,
        "singleInstance",
        "Open files in the running window",
        "Opening a file while Quire runs shows it in the window you have (from the next start).",
    ),
    (
        SHOW_TIME_LEFT_SETTING,
        "showTimeLeft",
        "Show the time left in the chapter",
        "The status line estimates the minutes left from your reading pace, as measured by "
        "the reading statistics.",
    ),
    (
        ITALICS_REPAIR_SETTING,
        "italicsRepair",
        "Repair lost italics",
        'Words run together where a story lost its italics ("chokingAlaric") are shown '
        "apart, the stressed word in italics. Book Settings can change it for one book.",
    ),
    (
        HIDE_AUTHOR_NOTES_SETTING,
        "hideAuthorNotes",
        "Fold author's notes",
        "Each author's note shows as one line, \"Author's note — show\"; click it or press "
        "O to read it. Book Settings can change it for one book.",
    ),
)
"""``(setting key, object name, label, explanation)``; every one defaults to on but those in
:data:`BEHAVIOUR_DEFAULTS`."""
BEHAVIOUR_DEFAULTS = {HIDE_AUTHOR_NOTES_SETTING: False}
"""Behaviour settings that default to off."""


class BehaviourPage(QWidget):
    """On/off behaviour settings, each stored the moment it is toggled."""

    def __init__(self, host: SettingsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("behaviourPage")
        self.host = host
        self.checks: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for key, name, label, explanation in BEHAVIOUR_SETTINGS:
            check = QCheckBox(label, self)
            check.setObjectName(name)
            check.setChecked(bool(self._get(key)))
            check.toggled.connect(lambda on, k=key: self._set(k, on))
            note = QLabel(explanation, self)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(check)
            layout.addWidget(note)
            self.checks[key] = check
        layout.addStretch(1)

    def _get(self, key: str) -> bool:
        try:
            return bool(self.host.store.settings.get(key, BEHAVIOUR_DEFAULTS.get(key, True)))
        except StoreError:  # an unreadable setting shows its default; writing it reports
            return BEHAVIOUR_DEFAULTS.get(key, True)

    def _set(self, key: str, on: bool) -> None:
        self.host.writes.now_or_later(
            lambda s: s.settings.set(key, bool(on)),
            done=lambda _none: self.host.apply_behaviour(),  # it reads what was stored
            failed=lambda error: self.host.show_message(str(error)),
        )


class SettingsDialog(QDialog):
    """Reading, Behaviour, Statistics and Keys pages in tabs, with a Close button.

    ``parent`` defaults to ``host`` when the host is a widget (the window).
    """

    PAGES = ("reading", "behaviour", "statistics", "keys")

    def __init__(self, host: SettingsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else _widget(host))
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.host = host

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.reading = ReadingPage(host.reading_style(), self, page_passage(host.view))
        self.reading.style_changed.connect(self._apply_style)
        self.behaviour = BehaviourPage(host, self)
        self.statistics = StatisticsPage(host, self)
        self.keys = KeysPage(host.registry, host.writes, self, on_error=host.show_message)
        self.tabs.addTab(self.reading, "&Reading")
        self.tabs.addTab(self.behaviour, "&Behaviour")
        self.tabs.addTab(self.statistics, "S&tatistics")
        self.tabs.addTab(self.keys, "&Keys")
        self.pages = list(self.PAGES)
        """Page names in tab order: the four above, then the host's own (Read Aloud)."""
        if isinstance(host, ExtraSettingsPages):
            for name, title, page in host.extra_settings_pages(self):
                self.tabs.addTab(page, title)
                self.pages.append(name)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        close.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 560)

    def _apply_style(self, style: ReadingStyle) -> None:
        self.host.set_reading_style(style)

    def show_page(self, page: str) -> None:
        """Switch to ``"reading"``, ``"behaviour"``, ``"statistics"``, ``"keys"`` or one of
        the host's pages (``"read_aloud"``); an unknown name shows the first page."""
        self.tabs.setCurrentIndex(self.pages.index(page) if page in self.pages else 0)

    def done(self, result: int) -> None:
        """Stop the preview's layout work before the dialog goes away."""
        self.reading.preview.set_book(None)
        super().done(result)


def _widget(host: object) -> QWidget | None:
    return host if isinstance(host, QWidget) else None


def open_settings_dialog(
    host: SettingsHost, page: str = "reading", *, parent: QWidget | None = None
) -> SettingsDialog:
    """Open the Settings dialog over ``parent`` (default: the host window), window-modal,
    returning at once; an open one is reused."""
    parent = parent if parent is not None else _widget(host)
    existing = parent.findChild(SettingsDialog) if parent is not None else None
    if existing is not None and existing.isVisible():
        existing.show_page(page)
        existing.activateWindow()
        return existing
    dialog = SettingsDialog(host, parent)
    dialog.show_page(page)
    dialog.open()
    return dialog


__all__ = [
    "BEHAVIOUR_DEFAULTS",
    "BEHAVIOUR_SETTINGS",
    "HIDE_AUTHOR_NOTES_SETTING",
    "ITALICS_REPAIR_SETTING",
    "REOPEN_LAST_BOOK_SETTING",
    "SHOW_TIME_LEFT_SETTING",
    "SINGLE_INSTANCE_SETTING",
    "BehaviourPage",
    "SettingsDialog",
    "open_settings_dialog",
]
