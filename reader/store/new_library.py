"""Creating a new library file on a background thread while the start-up goes on.

On a reader's first start the library file does not exist yet. Creating it (WAL
mode, the whole schema, the first commit) takes some 20 ms, nearly all of it in
SQLite and the file system, which run without Python's global lock: started before
PySide6 is imported, it is done by the time the window asks for the store, and the
window then opens an existing file (under a millisecond).

Nothing here reports errors: the start-up's own :func:`reader.store.db.open_store`
runs afterwards in any case and says what went wrong, with the message the reader
sees.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reader.store.db import StoreError, open_store


class NewLibrary:
    """A library file being created on its own thread (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        """``path``: where the library file will be; its folder is created too."""
        self.path = path
        self.notices: list[str] = []
        """What creating it had to tell the reader (e.g. a file moved aside)."""
        self._thread = threading.Thread(target=self._create, name="quire-new-library", daemon=True)

    def start(self) -> NewLibrary:
        """Begin creating the file; returns self."""
        self._thread.start()
        return self

    def wait(self, timeout: float = 10.0) -> list[str]:
        """Wait (at most ``timeout`` seconds) until the file is made; its notices."""
        self._thread.join(timeout)
        return list(self.notices)

    def _create(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            store = open_store(self.path)
        except (StoreError, OSError):
            return  # the start-up's own open_store meets it again and tells the reader
        self.notices = list(store.notices)
        store.close()
