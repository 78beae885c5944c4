"""Versions of a story: what recognises a re-downloaded file and what it added.

A story re-downloaded with new chapters is a new file (new size, new book key). The
library finds its entry by the story URL of its header, or else by title, author and
the *opening* of its text: a digest of the first :data:`OPENING_CHARS` characters after
the story header (whitespace runs made one space), which is the start of the first
chapter — the header's dates, word and chapter counts change from version to version,
the first chapter does not. The digest does not depend on chapter detection or the
reader's chapter rules, so the library's light import (which reads only the head of a
file) computes the same one.

A :class:`Fingerprint` stored with the entry (column ``first_chapter``) adds where that
opening starts and how long the text after it is. Comparing the stored fingerprint
with a new version's gives how far the old text moved (the header grew or shrank: the
reading position moves with it) and which chapters start beyond the old text's end —
the new ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.text import digests, rx

__all__ = [
    "OPENING_CHARS",
    "Fingerprint",
    "fingerprint",
    "new_chapters",
    "opening_digest",
    "opening_start",
]

OPENING_CHARS = 2_000
"""Characters of the opening (whitespace collapsed) the digest covers."""
TRAILER_SLACK = 400
"""A chapter starting this close before the old text's end is still new (the old
version's closing lines, e.g. FanFicFare's ``End file.``, are gone in the new one)."""

_SPACE = rx.lazy_stdlib(r"\s+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A version of a story: the digest of its opening, where the opening starts in the
    text, and how many characters follow from there to the end."""

    digest: str
    start: int
    span: int

    def encode(self) -> str:
        """The stored form (``digest:start:span``)."""
        return f"{self.digest}:{self.start}:{self.span}"

    @classmethod
    def decode(cls, value: str) -> Fingerprint | None:
        """The fingerprint stored as ``value`` (None for '' or anything malformed)."""
        parts = value.split(":")
        if len(parts) != 3 or not parts[0]:
            return None
        try:
            start, span = int(parts[1]), int(parts[2])
        except ValueError:
            return None
        return cls(parts[0], start, span) if start >= 0 and span >= 0 else None


def opening_start(text: str, header_end: int | None) -> int:
    """Where the opening begins: after the story header (when there is one), past blank
    space."""
    pos = max(0, min(header_end or 0, len(text)))
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def opening_digest(text: str, start: int, *, complete: bool = True) -> str:
    """The digest of the opening of ``text`` from ``start``; '' when there is too little
    text to tell stories apart, or (``complete`` False: ``text`` is only the head of the
    file) when the head ends before the opening does."""
    window = text[start : start + 4 * OPENING_CHARS]
    flat = _SPACE.sub(" ", window).strip()[:OPENING_CHARS]
    if len(flat) < OPENING_CHARS and not complete:
        return ""
    if len(flat) < 200:
        return ""
    return digests.sha1(flat.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def fingerprint(text: str, header_end: int | None) -> Fingerprint | None:
    """The fingerprint of a whole text (None when it is too short to have one)."""
    start = opening_start(text, header_end)
    digest = opening_digest(text, start)
    if not digest:
        return None
    return Fingerprint(digest, start, len(text) - start)


def new_chapters(
    old: Fingerprint, new: Fingerprint, chapter_offsets: Sequence[int]
) -> tuple[int, int | None]:
    """How many of the new version's chapters (their offsets, in order) are new, and the
    offset of the first new one: those starting past the old version's text."""
    if old.digest != new.digest:
        return 0, None
    limit = new.start + old.span - TRAILER_SLACK
    fresh = [o for o in chapter_offsets if o >= max(limit, new.start + 1)]
    if not fresh or new.span <= old.span:
        return 0, None
    return len(fresh), fresh[0]
