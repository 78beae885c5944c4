"""Settings ▸ Statistics: recording on or off, the idle limit and the daily goal are stored
and applied at once (the goal ring in the status line), and Clear asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from stats_support import ALICE, IGNORED, MakeWindow, local_noon

from reader.store.stats_models import Kind, PageView
from reader.ui.dialogs.settings_dialog import open_settings_dialog

pytestmark = pytest.mark.qt_log_ignore(*IGNORED)


def test_statistics_settings_are_stored_and_applied(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    record = window.session.record
    assert record is not None
    now = local_noon(0)
    views = [PageView(record.id, 0, 1000, now - 3600 + 60 * i, 60, Kind.READING, 200)
             for i in range(12)]  # fmt: skip
    window.store.stats.add_views(views)
    ring = window.status_line.goal
    assert not ring.isVisibleTo(window)  # no goal yet
    dialog = open_settings_dialog(window, "statistics")
    page = dialog.statistics
    assert dialog.tabs.currentWidget() is page
    assert page.recording.isChecked() and page.idle.value() == 5 and page.goal.value() == 0
    assert page.goal.text() == "No goal"

    page.goal.setValue(30)
    assert window.store.stats.goal_minutes() == 30
    assert ring.isVisibleTo(window) and ring.fraction == pytest.approx(12 / 30)
    assert ring.toolTip() == "Today: 12 min of your daily goal of 30 min."
    page.goal.setValue(10)
    assert ring.fraction == 1.0 and ring.toolTip().endswith("— reached.")
    page.goal.setValue(0)
    assert window.store.stats.goal_minutes() is None and not ring.isVisibleTo(window)

    page.idle.setValue(2)
    assert window.store.stats.idle_limit() == 120
    assert window.stats_ui.recording.recorder.idle_limit == 120
    page.recording.setChecked(False)
    assert not window.store.stats.recording_enabled()
    assert not window.stats_ui.recording.recorder.enabled
    page.recording.setChecked(True)
    assert window.stats_ui.recording.recorder.enabled

    asked: list[str] = []

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, cancel)
            return
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, cancel)
    page.clear.click()
    assert asked == ["Delete reading statistics?"]
    assert window.store.stats.count() == 12  # cancelled: nothing deleted
    dialog.close()
