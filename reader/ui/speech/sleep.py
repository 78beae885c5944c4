"""The read-aloud sleep timer: stop after 15, 30 or 60 minutes, or at the end of the chapter.

Qt-free: :class:`SleepTimer` is told the time (the controller's clock, which a test
fakes) and where reading is; the controller asks it, at every sentence and once a
second, whether to stop.
"""

from __future__ import annotations

from collections.abc import Callable

SLEEP_CHOICES = ("off", "15", "30", "60", "chapter")
"""Sleep timer settings: off, minutes, or the end of the chapter."""
SLEEP_TITLES = {
    "off": "Off",
    "15": "15 Minutes",
    "30": "30 Minutes",
    "60": "60 Minutes",
    "chapter": "End of Chapter",
}


class SleepTimer:
    """One sleep timer setting and, once reading runs, its deadline or chapter end."""

    def __init__(self) -> None:
        self.choice = "off"
        self._deadline: float | None = None
        self._chapter_end: int | None = None
        self._due = False

    def set(self, choice: str) -> None:
        """Choose ``off``, ``15``, ``30``, ``60`` or ``chapter`` (not yet counting)."""
        if choice not in SLEEP_CHOICES:
            raise ValueError(f"unknown sleep timer {choice!r}")
        self.choice = choice
        self._deadline = None
        self._chapter_end = None
        self._due = False

    def next_choice(self) -> str:
        """The setting after this one: off → 15 → 30 → 60 → end of chapter → off."""
        i = SLEEP_CHOICES.index(self.choice)
        return SLEEP_CHOICES[(i + 1) % len(SLEEP_CHOICES)]

    def arm(self, now: float, chapter_end: Callable[[], int | None]) -> None:
        """Start counting: minutes from ``now``, or up to ``chapter_end()``."""
        self._deadline = None
        self._chapter_end = None
        self._due = False
        if self.choice in ("15", "30", "60"):
            self._deadline = now + int(self.choice) * 60
        elif self.choice == "chapter":
            self._chapter_end = chapter_end()

    def remaining(self, now: float) -> float | None:
        """Seconds left on a minutes timer (None when off or set to the chapter end)."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - now)

    def expired(self, now: float) -> bool:
        """True once a minutes timer has run out (then it stays so: :attr:`due`)."""
        remaining = self.remaining(now)
        if remaining is not None and remaining <= 0:
            self._due = True
        return self._due

    def stops_before(self, offset: int) -> bool:
        """True when reading must stop before a sentence starting at ``offset``."""
        return self._due or (self._chapter_end is not None and offset >= self._chapter_end)

    def status(self, now: float) -> str:
        """How the bar shows it: ``sleep in 14:32``, ``sleep at chapter end`` or ''."""
        remaining = self.remaining(now)
        if remaining is not None:
            minutes, seconds = divmod(int(remaining + 0.999), 60)
            return f"sleep in {minutes}:{seconds:02d}"
        return "sleep at chapter end" if self.choice == "chapter" else ""


__all__ = ["SLEEP_CHOICES", "SLEEP_TITLES", "SleepTimer"]
