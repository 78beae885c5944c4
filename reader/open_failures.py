"""Many files that could not be opened, summarised for one message (Qt-free).

When a hand-over, a drop or File ▸ Open brings many files and some fail, the
window shows one short line ("4,000 files could not be opened (No such file:
4,000) — details…") with the full list behind a button, instead of joining
every message into one that covers the page. :func:`summarise_open_failures`
builds both from the ``(path, message)`` pairs the window collected.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MAX_REASONS = 3
"""Most distinct reasons named in the summary line (the rest are "other reasons")."""


@dataclass(frozen=True)
class FailureSummary:
    """What to show: one line for the message bar and, behind a button, every failure."""

    text: str
    """One line: the message itself for one failure, a count with the main reasons for more."""
    details: list[str]
    """One line per failed file, in the order given (empty for a single failure)."""

    @property
    def has_details(self) -> bool:
        """True when there is a list to show behind a "Details…" button."""
        return bool(self.details)


def reason_of(path: str, message: str) -> str:
    """The reason in ``message`` without the file's name (so equal reasons group together).

    ``"No such file: /books/a.txt"`` → ``"No such file"``; ``"a.txt is a folder,
    not a file"`` → ``"is a folder, not a file"``.
    """
    reason = message
    # The whole path if the message names it, else the file's name (never both: the name
    # "a folder" must not be cut out of "/books/a folder is a folder, not a file").
    for name in (path, os.path.basename(path)):
        if name and name in reason:
            reason = reason.replace(name, "")
            break
    reason = " ".join(reason.split()).strip(" :,-—")
    return reason or message.strip() or "unknown error"


def detail_line(path: str, message: str) -> str:
    """One line of the details list: the message, with the path if it does not name it."""
    message = " ".join(message.split())
    if path and path in message:
        return message
    return f"{path}: {message}" if message else path


def summarise_open_failures(failures: Sequence[tuple[str, str]]) -> FailureSummary | None:
    """The message for files that could not be opened; None when nothing failed.

    ``failures`` are ``(path, message)`` pairs, ``message`` being the reader's
    one-line text (e.g. a ``BookError``'s). One failure is shown as it is;
    more are counted, with their most common reasons::

        4,000 files could not be opened (No such file: 3,998; is not a regular file: 2).
    """
    if not failures:
        return None
    if len(failures) == 1:
        path, message = failures[0]
        return FailureSummary(" ".join(message.split()) or f"Could not open {path}", [])
    reasons = Counter(reason_of(path, message) for path, message in failures)
    common = reasons.most_common(MAX_REASONS)
    parts = [f"{reason}: {count:,}" for reason, count in common]
    rest = len(failures) - sum(count for _reason, count in common)
    if rest:
        parts.append(f"other reasons: {rest:,}")
    text = f"{len(failures):,} files could not be opened ({'; '.join(parts)})."
    return FailureSummary(text, [detail_line(path, message) for path, message in failures])
