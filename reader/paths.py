"""Every per-user path in one place.

The data folder comes from platformdirs (app name ``Quire``) unless overridden
as a whole by ``--basedir DIR`` or the ``QUIRE_HOME`` environment variable.
Qt-free, so the CLI and the store can use it.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from reader import APP_ID, APP_NAME
from reader.text.digests import sha1


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
    def log_file(self) -> Path:
        """Unexpected errors with their tracebacks (rotated: ``quire.log.1``, ``.2``, ``.3``)."""
        return self.base / "quire.log"

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
        # reader.text.digests: no OpenSSL loaded for this one name on every start
        digest = sha1(str(self.base.resolve()).encode("utf-8")).hexdigest()[:12]
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
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        # platformdirs' XDG rule, without importing it (~8 ms on the way to the first page)
        data = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(data) / APP_NAME
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_paths(basedir: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for ``--basedir`` if given, else the default per-user folder."""
    base = Path(basedir).expanduser() if basedir else default_base()
    return Paths(base.absolute())


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words ("a regular file", "a named pipe (FIFO)", …)."""
    if stat.S_ISREG(mode):
        return "a regular file"
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def not_a_regular_file(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` must not be opened: it exists and is not a regular file. Else None.

    Follows symlinks (a link to ``/dev/zero`` is a device). Only ``stat`` —
    never ``open`` — so a FIFO or a device can never block the caller. A path
    that does not exist, or cannot be looked at, gives None: opening it will
    then report the real error.
    """
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # opening it reports the real error
        return None
    if stat.S_ISREG(st.st_mode):
        return None
    return f"{os.fspath(path)} is {file_kind(st.st_mode)}, not a regular file"


def open_regular_file(path: str | os.PathLike[str], flags: int, mode: int = 0o600) -> int:
    """``os.open`` that never blocks on, and never returns, anything but a regular file.

    Opens with ``O_NONBLOCK`` (a FIFO without a writer, or a device, cannot
    hold it up), checks with ``fstat`` that it got a regular file — no race
    with a file swapped in between — and then makes the descriptor blocking.
    Raises ``OSError`` (``EINVAL`` with the reason) otherwise.
    """
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = file_kind(st.st_mode)
            raise OSError(22, f"{os.fspath(path)} is {kind}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def move_aside_special(path: Path) -> str | None:
    """A FIFO, device or folder where a small settings file belongs (it would block the
    read): rename it aside — nothing is deleted — and say so. None when all is well."""
    problem = not_a_regular_file(path)
    if problem is None:
        return None
    import time

    aside = path.with_name(f"{path.name}.not-a-file-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
    except OSError as err:
        return f"{problem}, and it could not be moved aside ({err.strerror or err})."
    return f"{problem}: moved it aside as {aside.name}; the window starts with its default size."
