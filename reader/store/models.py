"""Plain records the store hands out (no SQL, no Qt): books, bookmarks, annotations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class BookRecord:
    """A book in the library: identity, where its file is, and what the reader set for it."""

    id: int
    book_key: str
    """File size + partial MD5 of the current version (see reader.text.identity)."""
    path: str
    title: str
    author: str = ""
    language: str = ""
    size: int = 0
    length: int = 0
    """Words, or characters for CJK books (see ``length_unit``)."""
    length_unit: str = "words"
    added: str = ""
    """ISO-8601 UTC timestamp."""
    last_read: str | None = None
    percent: float = 0.0
    """Reading progress, 0–100."""
    missing: bool = False
    encoding_override: str | None = None
    paragraph_mode_override: str | None = None
    title_override: str | None = None
    author_override: str | None = None
    story: str = ""
    """The story header as JSON (see ``reader.text.story_data.story_from_json``), or ''."""
    fandom: str = ""
    """The story's fandoms, comma-separated ('' for a book that is no story)."""
    rating: str = ""
    story_status: str = ""
    """``complete``, ``wip`` or ''."""
    story_words: int | None = None
    """Words as the story header says (the text itself counts ``length``)."""
    chapters_done: int | None = None
    chapters_planned: int | None = None
    story_updated: str = ""
    """ISO date the story was last updated, as its header says, or ''."""
    series: str = ""
    series_part: int | None = None
    story_url: str = ""
    first_chapter: str = ""
    """The fingerprint of the version of the story read last: the digest of the opening
    of its text, where that starts and how long the text is (``digest:start:span``; see
    ``reader.text.versions``), or ''."""
    new_chapters: int = 0
    """Chapters an updated version of the story added that the reader has not opened yet."""
    first_new_offset: int | None = None
    """Where the first of those new chapters starts in the text (None: none)."""
    italics_repair: bool | None = None
    """Show words glued by lost italics apart: None follows the global setting."""
    hide_author_notes: bool | None = None
    """Fold author's notes to one line: None follows the global setting."""

    @property
    def is_story(self) -> bool:
        """True when the book has a fan-fiction story header."""
        return bool(self.story)

    @property
    def display_title(self) -> str:
        """The title the reader sees: their override, else the detected title."""
        return self.title_override or self.title

    @property
    def display_author(self) -> str:
        """The author the reader sees: their override, else the detected author."""
        return self.author_override or self.author


@dataclass(slots=True)
class Progress:
    """Where the reader is in a book: an offset into its text, and the percent it was."""

    book_id: int
    offset: int
    percent: float
    updated: str


@dataclass(slots=True)
class Bookmark:
    """A bookmark at an offset, anchored by a quote of the text there."""

    id: int
    book_id: int
    offset: int
    quote: str
    """A few dozen characters of text starting at ``offset``."""
    prefix: str
    """Text just before ``offset`` (for re-anchoring)."""
    name: str
    """The reader's name for it (default: chapter title or snippet)."""
    created: str
    status: str = "ok"
    """``ok`` or ``not_found`` (could not be re-anchored in this version of the file)."""


@dataclass(slots=True)
class Annotation:
    """A highlight (optionally with a note) over ``[start, end)``, anchored by its quote."""

    id: int
    book_id: int
    start: int
    end: int
    quote: str
    """The highlighted text exactly as it is in the book's text."""
    prefix: str
    """Up to ~64 characters before ``start``."""
    suffix: str
    """Up to ~64 characters after ``end``."""
    color: str
    """A colour name: ``yellow``, ``green``, ``blue``, ``pink``, ``purple``."""
    note: str
    """The reader's note ('' for a plain highlight)."""
    created: str
    updated: str
    status: str = "ok"
    """``ok`` or ``not_found`` (could not be re-anchored in this version of the file)."""
