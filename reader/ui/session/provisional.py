"""Items shown before the library has saved them: provisional ids, and what waits for the real ones.

A new highlight or bookmark appears on the page at once, while its write may
still be waiting for a library locked by another program. Until the library
gives it its id it carries a negative provisional one; changes the reader
makes to it meanwhile (a note, a colour, deleting it) wait here and run with
the real id once it is known — or fail with the write's error.
"""

from __future__ import annotations

from collections.abc import Callable

Action = Callable[[int], object]
Failure = Callable[[BaseException], object]


class Provisional:
    """Provisional ids (negative), their real ids once saved, and the actions waiting for them."""

    def __init__(self) -> None:
        self._next = -1
        self._real: dict[int, int] = {}
        self._errors: dict[int, BaseException] = {}
        self._waiting: dict[int, list[tuple[Action, Failure]]] = {}

    def new_id(self) -> int:
        """A fresh provisional id (negative, never reused in this session)."""
        item_id, self._next = self._next, self._next - 1
        return item_id

    @staticmethod
    def is_provisional(item_id: int) -> bool:
        """True for an id that is not the library's."""
        return item_id < 0

    def real_id(self, item_id: int) -> int | None:
        """The library's id for ``item_id`` (itself when it is one); None while unsaved."""
        if item_id >= 0:
            return item_id
        return self._real.get(item_id)

    def error(self, item_id: int) -> BaseException | None:
        """Why the item with provisional ``item_id`` could not be saved (None: no failure)."""
        return self._errors.get(item_id)

    def when_saved(self, item_id: int, action: Action, failed: Failure) -> None:
        """Run ``action(real_id)`` now if ``item_id`` is saved, else once it is (or ``failed``)."""
        real = self.real_id(item_id)
        if real is not None:
            action(real)
        elif item_id in self._errors:
            failed(self._errors[item_id])
        else:
            self._waiting.setdefault(item_id, []).append((action, failed))

    def saved(self, item_id: int, real: int) -> None:
        """The item was saved with id ``real``: run what waited for it."""
        self._real[item_id] = real
        for action, _failed in self._waiting.pop(item_id, []):
            action(real)

    def failed(self, item_id: int, error: BaseException) -> None:
        """The item could not be saved: tell what waited for it."""
        self._errors[item_id] = error
        for _action, failed in self._waiting.pop(item_id, []):
            failed(error)

    def retried(self, item_id: int) -> None:
        """The item is being written again: forget its failure (what comes next waits again)."""
        self._errors.pop(item_id, None)


__all__ = ["Provisional"]
