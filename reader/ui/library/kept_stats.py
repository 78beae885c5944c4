"""Keeping a removed book's reading statistics for undo.

The store deletes a book's page views with the book (they cascade), so removing a
book and undoing it would lose its statistics. :func:`keep_stats` reads them
before the removal; :func:`put_back_stats` writes them back to the restored
entry (the same id, or the entry the book was merged into).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.store.stats_models import PageView

__all__ = ["KeptStats", "keep_stats", "put_back_stats"]


@dataclass(frozen=True)
class KeptStats:
    """One book's statistics as they were when it was removed."""

    views: list[PageView]
    finished: int | None
    """When it was first finished (epoch seconds), if it was."""
    text_length: int | None


def keep_stats(store: Store, book_id: int) -> KeptStats | None:
    """Read book ``book_id``'s statistics before it is removed (None when it has none).

    Raises ``StoreError`` when they cannot be read (the removal should then wait)."""
    stats = store.stats
    views = stats.views(book_id)
    figures = stats.book_stats(book_id)
    finished = int(figures.finished.timestamp()) if figures and figures.finished else None
    if not views and finished is None:
        return None
    length = next((b.text_length for b in stats.library_books() if b.id == book_id), None)
    return KeptStats(views, finished, length)


def put_back_stats(store: Store, kept: KeptStats, book_id: int) -> None:
    """Write ``kept`` back as the statistics of ``book_id`` (views already there are kept).

    Raises ``StoreError`` when the library cannot be written."""
    views = [replace(v, book_id=book_id) for v in kept.views]
    store.stats.add_views(
        views,
        finished={book_id: kept.finished} if kept.finished is not None else None,
        text_lengths={book_id: kept.text_length} if kept.text_length else None,
    )
