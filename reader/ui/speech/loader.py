"""The speech engine of read aloud, loaded once on first need, and shared by whoever waits.

:class:`EngineSlot` holds the :class:`~reader.ui.speech.engine.Engine` once
:func:`~reader.ui.speech.engine.load_engine` has made it (possibly on a worker thread),
hands it to everyone who asked meanwhile (play, the settings page's voice list), and
forgets it after it failed, so the next use loads a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from reader.ui.speech.engine import Engine
    from reader.ui.speech.ports import EngineChoice

Use = Callable[["Engine | None", str], None]
"""Called with the engine and '', or with None and the message saying why there is none."""


class EngineSlot(QObject):
    """The engine, or the loading of it (see the module docstring)."""

    loaded = Signal(object)
    """A new engine was made (before the waiting callers get it)."""

    def __init__(self, choice: EngineChoice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.engine: Engine | None = None
        self._loading = False
        self._waiting: list[Use] = []

    def loading(self) -> bool:
        """True while the engine is being made."""
        return self._loading

    def get(self, use: Use) -> None:
        """Call ``use`` with the engine: now if it is loaded, else once it is (loading it)."""
        if self.engine is not None:
            use(self.engine, "")
            return
        self._waiting.append(use)
        if self._loading:
            return
        from reader.ui.speech.engine import load_engine

        self._loading = True
        load_engine(self.choice, self._done, self)

    def _done(self, engine: Engine | None, message: str) -> None:
        self._loading = False
        if engine is not None:
            self.engine = engine
            self.loaded.emit(engine)
        waiting, self._waiting = self._waiting, []
        for use in waiting:
            use(self.engine, "" if self.engine is not None else message)

    def drop(self) -> None:
        """Forget the engine (it failed); the next :meth:`get` loads another."""
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.stop()
            engine.deleteLater()


__all__ = ["EngineSlot"]
