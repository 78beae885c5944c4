"""Every per-user path in one place.

The data folder comes from platformdirs (app name ``Quire``) unless overridden
as a whole by ``--basedir DIR`` or the ``QUIRE_HOME`` environment variable.
Qt-free, so the CLI and the store can use it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from reader import APP_ID, APP_NAME


@dataclass(frozen=True)
class Paths:
    """The per-user folders and files Quire reads and writes."""

    base: Path
    """Root of all per-user data."""

    @property
    def data_dir(self) -> Path:
        """Where the library database lives."""
        return self.base

    @property
    def database(self) -> Path:
        """The SQLite store (library, progress, notes, settings)."""
        return self.base / "library.db"

    @property
    def cache_dir(self) -> Path:
        """Disposable caches (parsed-book structure keyed by book key)."""
        return self.base / "cache"

    @property
    def qsettings_file(self) -> Path:
        """Window geometry and dock state (Qt's QSettings, INI format)."""
        return self.base / "window.ini"

    def socket_name(self) -> str:
        """Per-user, per-basedir name of the single-instance local socket."""
        digest = hashlib.sha1(str(self.base.resolve()).encode("utf-8")).hexdigest()[:12]
        uid = os.getuid() if hasattr(os, "getuid") else 0
        return f"{APP_ID}-{uid}-{digest}"

    def ensure(self) -> None:
        """Create the folders if they do not exist yet."""
        self.base.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)


def default_base() -> Path:
    """The data folder when nothing overrides it: ``QUIRE_HOME`` or platformdirs."""
    env = os.environ.get("QUIRE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_paths(basedir: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for ``--basedir`` if given, else the default per-user folder."""
    base = Path(basedir).expanduser() if basedir else default_base()
    return Paths(base.absolute())
