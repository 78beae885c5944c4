"""Work deferred until the first frame is on screen."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reader.ui.window import deferred


class _Painted(QObject):
    painted = Signal()


def test_the_painted_frame_is_sent_to_the_screen_before_the_work(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After the first paint the window system is synced first (the frame would wait in
    the connection's buffer while the work runs), then the work runs, once."""
    order: list[str] = []

    class FakeApp:
        @staticmethod
        def instance() -> object:
            return object()

        @staticmethod
        def sync() -> None:
            order.append("sync")

    monkeypatch.setattr(deferred, "QGuiApplication", FakeApp)
    source = _Painted()
    watch = QWidget()
    qtbot.addWidget(watch)
    job = deferred.DeferredInstall(watch, lambda: order.append("work"), source.painted, watch)
    source.painted.emit()
    assert order == []  # not inside the paint
    qtbot.waitUntil(lambda: not job.pending())
    assert order == ["sync", "work"]
    source.painted.emit()
    qtbot.wait(20)
    assert order == ["sync", "work"]
