"""Which author's notes are folded, and how a note's label and fold line read.

A :class:`NoteFolds` is a frozen value the page hands its typesetter: whether the
reader hides author's notes in this book, and which notes they opened since. A folded
note is laid out as one line — "Author's note — show" — whose every character maps to
the note's start (its end to the note's end), so positions stay exact offsets; the
note's other blocks show nothing. An open note gets a small label line above it
("AUTHOR'S NOTE", "CHAPTER SUMMARY", "END NOTES"), mapped to its start the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.layout.lines import flat_offsets
from reader.text.book import AuthorNote, BlockKind, Book, Display
from reader.text.notes import note_label

FOLD_LINK = "show"
"""The word of a folded note's line that reads as a link (underlined)."""
FOLD_SUFFIX = " — " + FOLD_LINK
"""What a folded note's line says after its label."""

__all__ = [
    "FOLD_LINK",
    "FOLD_SUFFIX",
    "NoteFolds",
    "fold_text",
    "label_text",
    "labelled",
    "note_of",
]


@dataclass(frozen=True, slots=True)
class NoteFolds:
    """Whether author's notes are folded, and the notes (by start offset) opened anyway."""

    hidden: bool = False
    opened: frozenset[int] = field(default_factory=frozenset)

    def folded(self, note: AuthorNote) -> bool:
        """True when ``note`` shows as its one-line fold."""
        return self.hidden and note.start not in self.opened

    def opening(self, note: AuthorNote) -> NoteFolds:
        """These folds with ``note`` opened."""
        return NoteFolds(self.hidden, self.opened | {note.start})


def label_text(note: AuthorNote) -> str:
    """The small label over an open note ("AUTHOR’S NOTE")."""
    return note_label(note.kind).replace("'", "’").upper()


def fold_text(note: AuthorNote) -> str:
    """The one line a folded note shows ("Author’s note — show")."""
    return note_label(note.kind).replace("'", "’") + FOLD_SUFFIX


def note_of(book: Book, index: int, kind: BlockKind, start: int) -> tuple[AuthorNote | None, bool]:
    """The author's note block ``index`` (of ``kind``, starting at ``start``) belongs to,
    and whether it is the note's first block."""
    if kind != BlockKind.AUTHOR_NOTE:
        return None, False
    found = book.notes_between(start, start + 1)
    if not found:
        return None, False
    note = found[0]
    return note, book.blocks.index_at(note.start) == index


def labelled(shown: Display, label: str, start: int) -> Display:
    """``shown`` with ``label`` before it, every label character mapped to ``start``."""
    n = len(label)
    offsets = flat_offsets(start, start, n)[:-1]
    offsets.extend(shown.offsets)
    italic = tuple((a + n, b + n) for a, b in shown.italic)
    return Display(label + shown.text, offsets, (), italic)
