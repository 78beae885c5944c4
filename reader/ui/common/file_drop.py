"""Accepting local files and folders dropped on a widget (the window and the library pane)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent


def dropped_local_paths(mime: QMimeData | None) -> list[str]:
    """Local file and folder paths in a drag's MIME data (remote URLs are left out)."""
    if mime is None or not mime.hasUrls():
        return []
    files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return [f for f in files if f]


def _accept_local(event: QDragMoveEvent) -> None:
    if dropped_local_paths(event.mimeData()):
        event.acceptProposedAction()
    else:
        event.ignore()


class FileDropTarget:
    """Mixin for a ``QWidget``: accepts drags carrying local files, hands drops to
    :meth:`paths_dropped`. List it before the Qt base class; call ``setAcceptDrops(True)``.
    """

    def paths_dropped(self, paths: list[str]) -> None:
        """Do what the widget does with dropped files (open them, add them…)."""
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files and folders."""
        _accept_local(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting local files while they move over the widget."""
        _accept_local(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped local paths to :meth:`paths_dropped`."""
        paths = dropped_local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.paths_dropped(paths)
