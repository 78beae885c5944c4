"""Desktop integration: single instance over a local socket, menu entry and icons.

Not widgets, so not under ``reader.ui``:

- :mod:`reader.desktop.protocol` — the hand-over wire format and its strict
  validation (Qt-free, shared by both ends);
- :mod:`reader.desktop.ipc_client` — a second ``quire FILE`` hands its files to
  the running window (Qt-free on POSIX: it runs before any heavy import);
- :mod:`reader.desktop.ipc_server` — the running window's end (QtCore): what clients
  may send and what they are answered, and the paths passed on in batches; its
  connections come from :mod:`reader.desktop.ipc_posix` (an ``AF_UNIX`` socket and
  ``QSocketNotifier``, no QtNetwork) or, on Windows, :mod:`reader.desktop.ipc_windows`
  (``QLocalServer``);
- :mod:`reader.desktop.install` — the ``.desktop`` entry, AppStream metainfo and
  ``quire --install-desktop`` (Qt-free).

This package imports nothing itself, so importing the client stays cheap.
"""
