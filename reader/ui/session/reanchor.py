"""Re-anchoring a book's notes in its (new) text, planned on the GUI thread, written as one job.

:func:`plan_reanchor` reads the stored anchors and works out where each one
goes now (nothing is written); :meth:`ReanchorPlan.apply` is the job that
stores the outcome, run by the ui's :class:`~reader.ui.common.writes.Writes`
(so a busy library never holds the window up). Until that job has landed,
:meth:`ReanchorPlan.placed` gives the new places of what the store still has
at the old ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.store.models import Annotation, Bookmark
from reader.text.anchor import reanchor_annotation, reanchor_bookmark

if TYPE_CHECKING:
    from reader.store.db import Store


@dataclass
class ReanchorPlan:
    """Where re-anchoring puts a book's highlights and bookmarks (by id)."""

    annotations: dict[int, Annotation] = field(default_factory=dict)
    bookmarks: dict[int, Bookmark] = field(default_factory=dict)
    checked: int = 0
    lost: int = 0
    """How many could not be placed (kept as ``not_found``, never dropped)."""

    def __bool__(self) -> bool:
        return bool(self.annotations or self.bookmarks)

    def apply(self, store: Store) -> None:
        """The write job: store every new place (inside the caller's transaction)."""
        notes = store.annotations
        for a in self.annotations.values():
            if a.status == "ok":
                notes.move_annotation(
                    a.id, a.start, a.end, "ok", quote=a.quote, prefix=a.prefix, suffix=a.suffix
                )
            else:
                notes.move_annotation(a.id, a.start, a.end, "not_found")
        for b in self.bookmarks.values():
            if b.status == "ok":
                notes.move_bookmark(b.id, b.offset, "ok", quote=b.quote, prefix=b.prefix)
            else:
                notes.move_bookmark(b.id, b.offset, "not_found")

    def placed(
        self, annotations: list[Annotation], bookmarks: list[Bookmark]
    ) -> tuple[list[Annotation], list[Bookmark]]:
        """``annotations`` and ``bookmarks`` as read from the store, at their planned places."""
        anns = [self.annotations.get(a.id, a) for a in annotations]
        marks = [self.bookmarks.get(b.id, b) for b in bookmarks]
        anns.sort(key=lambda a: (a.start, a.end, a.id))
        marks.sort(key=lambda b: (b.offset, b.id))
        return anns, marks


def plan_reanchor(store: Store, book_id: int, text: str, *, force: bool = False) -> ReanchorPlan:
    """Where the notes of book ``book_id`` go in ``text`` (reads only).

    Without ``force`` only anchors whose quote is no longer at their offsets are
    looked at (cheap when nothing changed); with it, every one is.
    """
    plan = ReanchorPlan()
    notes = store.annotations
    for a in notes.annotations(book_id):
        if not force and a.status == "ok" and text[a.start : a.end] == a.quote:
            continue
        plan.checked += 1
        new = reanchor_annotation(text, a)  # a copy: placed, or marked not_found
        plan.lost += new.status != "ok"
        plan.annotations[a.id] = new
    for b in notes.bookmarks(book_id):
        if not force and b.status == "ok" and text.startswith(b.quote, b.offset):
            continue
        plan.checked += 1
        moved = reanchor_bookmark(text, b)
        plan.lost += moved.status != "ok"
        plan.bookmarks[b.id] = moved
    return plan


__all__ = ["ReanchorPlan", "plan_reanchor"]
