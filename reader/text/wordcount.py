"""A book's length in words (or, for Chinese and Japanese, characters), in little memory.

``len(text.split())`` over a 50 MB book builds a list of ten million strings: about
700 MB at its peak, for one number. :func:`reading_length` counts the same thing a
few tens of kilobytes at a time.
"""

from __future__ import annotations

from reader.text import rx
from reader.text.book import Book

__all__ = ["reading_length"]

_CHUNK = 1 << 16
"""Characters split at a time: a chunk's list of words is ~11 MB per million characters
of English, held at once (a first open's peak); smaller chunks count as fast."""
_SPACE = rx.lazy_stdlib(r"\s+")


def _cut(text: str, pos: int, end: int) -> int:
    """A chunk end at or after ``pos`` that splits no word (a whitespace character)."""
    if pos >= end:
        return end
    while pos < end and not text[pos].isspace():
        pos += 1
    return pos


def reading_length(book: Book) -> tuple[int, str]:
    """The length of ``book``'s reading range (front and back matter and author's notes
    left out): words as runs of non-white-space characters, or, for CJK books,
    non-white-space characters — ``(count, "words")`` or ``(count, "chars")``, exactly
    ``len(text.split())`` and ``sum(map(len, text.split()))`` of the reading text without
    its notes."""
    lo, hi = book.reading_range()
    count = 0
    pos = lo
    for note in book.notes_between(lo, hi):
        count += _count(book, pos, max(pos, note.start))
        pos = max(pos, note.end)
    count += _count(book, pos, hi)
    return count, "chars" if book.cjk else "words"


def _count(book: Book, lo: int, hi: int) -> int:
    """Words (or CJK characters) in ``book.text[lo:hi]``, :data:`_CHUNK` at a time."""
    text = book.text
    count = 0
    pos = lo
    while pos < hi:
        end = _cut(text, min(hi, pos + _CHUNK), hi)
        chunk = text[pos:end]
        if book.cjk:
            count += len(chunk) - sum(m.end() - m.start() for m in _SPACE.finditer(chunk))
        else:
            count += len(chunk.split())
        pos = end
    return count
