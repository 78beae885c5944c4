"""Read aloud in the real window: one key on the page, the bar, the menus, the saved position,
the Settings page, and Qt's speech module kept out of start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QPushButton, QToolButton
from settle import settle
from speech_support import MOCK, WAIT_MS

import reader.ui.window.speech as window_speech
from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.dialogs.settings_dialog import SettingsDialog
from reader.ui.speech.controller import PAUSED, SPEAKING, STOPPED
from reader.ui.speech.settings import SETTINGS_KEY
from reader.ui.speech.settings_page import ReadAloudPage
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[3]
BOOK = "\n\n".join(
    f"Chapter {c}\n\n"
    + "\n\n".join(
        f"Paragraph {c}.{p} begins here. The fog came pouring in at every chink. "
        f"Scrooge sat in his counting-house."
        for p in range(30)
    )
    for c in range(1, 3)
)


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A shown window with a small book open; read aloud uses Qt's mock engine (a test's
    choice: the window itself always asks for the platform's engine)."""
    real = window_speech.read_aloud_context
    monkeypatch.setattr(
        window_speech, "read_aloud_context", lambda w: replace(real(w), engine=MOCK)
    )
    paths = Paths(tmp_path / "quire")
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(760, 620)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    path = tmp_path / "carol.txt"
    path.write_text(BOOK, encoding="utf-8")
    assert win.open_path(str(path))
    yield win
    win.close()
    win.shutdown()


def _progress(window: MainWindow) -> int | None:
    record = window.session.record
    assert record is not None
    window.session.flush()
    settle(window)  # the position is written in the background
    progress = window.store.annotations.get_progress(record.id)
    return None if progress is None else progress.offset


def test_r_reads_the_page_aloud_and_shift_r_saves_where_it_stopped(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    listening: list[bool] = []
    window.listening_changed.connect(listening.append)
    window.view.go_to(BOOK.index("Paragraph 1.10"))
    saved_before = _progress(window)
    page_start = window.view.visible_range()[0]
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_R)
    controller = window.read_aloud()
    assert controller.state() == SPEAKING and listening == [True]
    first = controller.current()
    assert first is not None and first.start >= page_start
    assert window.view.speech_marks()[0][:2] == (first.start, first.end)
    bar = window.findChild(QToolButton, "speechPlayPause").parentWidget()
    assert bar.isVisible() and "Reading aloud" in bar.label.text()
    names = {b.accessibleName() for b in bar.findChildren(QToolButton)}
    assert names == {
        "Previous sentence",
        "Pause reading aloud",
        "Next sentence",
        "Stop reading aloud",
    }
    for _ in range(40):  # pages turn with the voice; nothing is saved meanwhile
        QTest.keyClick(window.view, Qt.Key.Key_Period)
    last = controller.current()
    assert last is not None and last.start > window.view.visible_range()[0] > page_start
    assert _progress(window) == saved_before
    QTest.keyClick(window.view, Qt.Key.Key_R)
    assert (
        controller.state() == PAUSED
        and "Resume" in bar.buttons["speech.play_pause"].accessibleName()
    )
    QTest.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert controller.state() == STOPPED and listening == [True, False]
    assert not bar.isVisible() and window.view.speech_marks() == []
    assert _progress(window) == last.start  # the last sentence spoken is the reading position
    start, end = window.view.visible_range()
    assert start <= last.start < end


def test_keys_menu_and_sleep_timer_check_marks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    registry = window.registry
    for name in ("speech.play_pause", "speech.stop", "speech.next_sentence",
                 "speech.previous_sentence", "speech.paragraph_forward",
                 "speech.paragraph_back", "speech.faster", "speech.slower",
                 "speech.sleep_timer"):  # fmt: skip
        assert registry.get(name).menu == "Read Aloud" and registry.keys_for(name), name
    assert window.read_aloud_if_loaded() is None  # nothing built before first use
    assert window.actions_by_name["speech.sleep.off"].isChecked()
    QTest.keyClick(window.view, Qt.Key.Key_T)
    controller = window.read_aloud()
    assert controller.sleep_choice() == "15"
    assert window.actions_by_name["speech.sleep.15"].isChecked()
    registry.run("speech.sleep.chapter")
    assert controller.sleep_choice() == "chapter"
    assert window.actions_by_name["speech.sleep.chapter"].isChecked()
    QTest.keyClick(window.view, Qt.Key.Key_Equal)
    assert controller.settings().rate == pytest.approx(0.1)
    QTest.keyClick(window.view, Qt.Key.Key_Minus)
    assert controller.settings().rate == pytest.approx(0.0)
    QTest.keyClick(window.view, Qt.Key.Key_R)
    QTest.keyClick(window.view, Qt.Key.Key_Greater, Qt.KeyboardModifier.ShiftModifier)
    current = controller.current()
    assert current is not None and current.index == 0  # the next paragraph's start
    registry.run("speech.stop")


def test_opening_another_book_stops_and_saves_in_the_first(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first_record = window.session.record
    assert first_record is not None
    window.registry.run("speech.play_pause")
    window.registry.run("speech.next_sentence")
    spoken = window.read_aloud().current()
    assert spoken is not None
    other = tmp_path / "other.txt"
    other.write_text("Another book. It has two sentences.\n", encoding="utf-8")
    assert window.open_path(str(other))
    assert window.read_aloud().state() == STOPPED and not window.is_listening()
    # The position is written by the background writer; wait for it to land.
    def saved() -> bool:
        progress = window.store.annotations.get_progress(first_record.id)
        return progress is not None and progress.offset == spoken.start

    qtbot.waitUntil(saved, timeout=WAIT_MS)


def test_settings_page_lists_voices_and_stores_choices(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_settings("read_aloud")
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    page = dialog.tabs.currentWidget()
    assert isinstance(page, ReadAloudPage)
    combo = page.findChild(QComboBox, "speechVoice")
    qtbot.waitUntil(lambda: combo.count() > 1, timeout=WAIT_MS)
    names = [combo.itemData(i) for i in range(1, combo.count())]
    assert names == ["Mary", "Charly", "Bob", "Anne"]  # the mock's English, en_US first
    combo.setCurrentIndex(combo.findData(names[-1]))
    stored = window.store.settings.get(SETTINGS_KEY)
    assert stored["voices"] == {"en": names[-1]}
    notes = page.findChild(QCheckBox, "skipAuthorNotes")
    notes.setChecked(False)
    assert window.store.settings.get(SETTINGS_KEY)["skip_author_notes"] is False
    listen = page.findChild(QPushButton, "speechTest")
    assert listen.isEnabled()
    engine = window.read_aloud().engine
    assert engine is not None
    said: list[str] = []
    engine.tts.say = said.append  # type: ignore[method-assign]
    listen.click()  # tries the voice on the page's first sentence
    assert said == [window.read_aloud().sample_text()] == ["Chapter 1"]
    del engine.tts.say
    window.registry.run("speech.play_pause")
    assert engine.tts.voice().name() == names[-1]
    window.registry.run("speech.stop")
    dialog.close()


def test_qt_speech_is_not_loaded_at_start_up(tmp_path: Path) -> None:
    script = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
paths = Paths(__import__("pathlib").Path({str(tmp_path / "q")!r}))
paths.ensure()
window = build_window(open_store(paths.database), paths)
window.show()
app.processEvents()
before = "PySide6.QtTextToSpeech" in sys.modules
window.read_aloud()  # the controller and its bar: still no speech module
middle = "PySide6.QtTextToSpeech" in sys.modules
window.shutdown()
print(json.dumps([before, middle]))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, False]
