"""Exporting highlights, notes and bookmarks to Markdown and JSON (panel and command line).

Markdown, per book::

    # Title

    *Author*

    ## Chapter title

    > The highlighted text, its line breaks kept
    > as soft breaks.

    The reader's note.

    *yellow · 2024-05-01 14:03 UTC*

then ``## Not found in this version`` (annotations that could not be re-anchored)
and ``## Bookmarks``. Everything taken from the book or typed by the reader is
escaped, so a quote that starts with ``#`` or ``>`` or ``1.`` stays a quote and the
file parses back to the same text; leading and trailing spaces of a line are
written as ``&#32;``. JSON keeps everything (offsets, quotes, context, colours,
dates, status). No Qt here: ``quire export-notes`` runs without a display.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.store.base import StoreError
from reader.store.models import Annotation, Bookmark, BookRecord

if TYPE_CHECKING:
    from reader.cli import Args
    from reader.store.db import Store
    from reader.text.book import Chapter

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "NOT_FOUND_HEADING",
    "BookNotes",
    "chapter_label",
    "escape_markdown",
    "export_json",
    "export_markdown",
    "notes_for_book",
    "run_export_notes",
]

FORMAT_NAME = "quire-notes"
FORMAT_VERSION = 1
NOT_FOUND_HEADING = "Not found in this version"
BOOKMARKS_HEADING = "Bookmarks"

ChapterSource = Sequence["Chapter"] | Callable[[int], str | None] | None


@dataclass
class BookNotes:
    """One book's notes to export: its record, annotations, bookmarks and how to name chapters.

    ``chapters`` is the book's table of contents (from parsing the file), or a
    function from an offset to a chapter title, or None when the file could not
    be read (then nothing is grouped by chapter).
    """

    book: BookRecord
    annotations: list[Annotation] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    chapters: ChapterSource = None

    def chapter_of(self, offset: int) -> str | None:
        """The chapter title at ``offset``, or None (no chapters, or before the first)."""
        if self.chapters is None:
            return None
        if callable(self.chapters):
            return self.chapters(offset)
        return chapter_label(self.chapters, offset)


def chapter_label(chapters: Sequence[Chapter], offset: int) -> str | None:
    """The title of the chapter holding ``offset``; a nested chapter is named with its part.

    ("BOOK ONE — CHAPTER I"), since chapter numbers often restart in every part.
    """
    starts = [c.offset for c in chapters]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    ch = chapters[i]
    title = " ".join(ch.title.split())
    if ch.level > 1:
        for parent in reversed(chapters[:i]):
            if parent.level < ch.level:
                return f"{' '.join(parent.title.split())} — {title}"
    return title


# ---------------------------------------------------------------- Markdown

_INLINE_RE = re.compile(r"([\\`*_\[\]<>&~|])")
_LINE_START_RE = re.compile(r"^([#>+=-])|^(\d+)([.)])")
_EDGE_SPACE_RE = re.compile(r"^[ \t]+|[ \t]+$")


def _entity(ws: str) -> str:
    return "".join("&#9;" if c == "\t" else "&#32;" for c in ws)


def escape_markdown(line: str) -> str:
    """One line of book or reader text made literal for Markdown.

    Inline markup characters get a backslash; so do characters that would start
    a heading, quote, list or setext underline at the start of the line; leading
    and trailing blanks become ``&#32;``/``&#9;`` so they are neither code
    indentation nor a hard break, and survive a round trip.
    """
    line = _INLINE_RE.sub(r"\\\1", line)
    m = re.match(r"[ \t]*", line)
    lead = m.group() if m else ""
    body = line[len(lead) :]
    body = _LINE_START_RE.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", body, count=1
    )
    line = lead + body
    return _EDGE_SPACE_RE.sub(lambda m: _entity(m.group()), line)


def _one_line(text: str) -> str:
    return escape_markdown(" ".join(text.split()))


def _when(iso: str) -> str:
    """An ISO timestamp as ``2024-05-01 14:03 UTC`` (as is when it cannot be read)."""
    try:
        dt = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso  # an odd stamp from an old or hand-edited library: shown as stored
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
        return dt.strftime("%Y-%m-%d %H:%M UTC")
    return dt.strftime("%Y-%m-%d %H:%M")


def _annotation_md(a: Annotation) -> list[str]:
    lines = [">" if not ln else "> " + escape_markdown(ln) for ln in a.quote.split("\n")]
    out = [*lines, ""]
    note = a.note.strip("\n")
    if note.strip():
        out += [escape_markdown(ln) if ln.strip() else "" for ln in note.split("\n")]
        out.append("")
    meta = f"{a.color} · {_when(a.created)}"
    if a.updated and _when(a.updated) != _when(a.created):
        meta += f" · edited {_when(a.updated)}"
    out += [f"*{escape_markdown(meta)}*", ""]
    return out


def _book_md(entry: BookNotes) -> list[str]:
    book = entry.book
    out = [f"# {_one_line(book.display_title) or 'Untitled'}", ""]
    if book.display_author.strip():
        out += [f"*{_one_line(book.display_author)}*", ""]
    found = [a for a in entry.annotations if a.status != "not_found"]
    lost = [a for a in entry.annotations if a.status == "not_found"]
    current: str | None = None
    for a in sorted(found, key=lambda a: (a.start, a.end, a.id)):
        label = entry.chapter_of(a.start)
        if label is not None and label != current:
            out += [f"## {_one_line(label)}", ""]
        current = label if label is not None else current
        out += _annotation_md(a)
    if lost:
        out += [f"## {NOT_FOUND_HEADING}", ""]
        for a in lost:
            out += _annotation_md(a)
    if entry.bookmarks:
        out += [f"## {BOOKMARKS_HEADING}", ""]
        for b in sorted(entry.bookmarks, key=lambda b: (b.offset, b.id)):
            where = entry.chapter_of(b.offset) if b.status != "not_found" else None
            parts = [f"**{_one_line(b.name) or 'Bookmark'}**"]
            if where:
                parts.append(_one_line(where))
            if b.quote.strip():
                parts.append(f"“{_one_line(b.quote)}…”")
            parts.append(escape_markdown(_when(b.created)))
            if b.status == "not_found":
                parts.append("not found in this version")
            out.append("- " + " · ".join(parts))
        out.append("")
    if not entry.annotations and not entry.bookmarks:
        out += ["*No highlights, notes or bookmarks.*", ""]
    return out


def export_markdown(entries: list[BookNotes]) -> str:
    """The notes of ``entries`` as one Markdown document (see the module docstring)."""
    lines: list[str] = []
    for entry in entries:
        lines += _book_md(entry)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- JSON


def _annotation_json(entry: BookNotes, a: Annotation) -> dict[str, Any]:
    return {
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "color": a.color,
        "note": a.note,
        "created": a.created,
        "updated": a.updated,
        "chapter": entry.chapter_of(a.start) if a.status != "not_found" else None,
        "status": a.status,
    }


def _bookmark_json(entry: BookNotes, b: Bookmark) -> dict[str, Any]:
    return {
        "offset": b.offset,
        "quote": b.quote,
        "prefix": b.prefix,
        "name": b.name,
        "created": b.created,
        "chapter": entry.chapter_of(b.offset) if b.status != "not_found" else None,
        "status": b.status,
    }


def export_json(entries: list[BookNotes], *, exported: str | None = None) -> str:
    """The notes of ``entries`` as a ``quire-notes`` JSON document (version 1)."""
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": exported or datetime.now(UTC).isoformat(timespec="seconds"),
        "books": [
            {
                "title": e.book.display_title,
                "author": e.book.display_author,
                "book_key": e.book.book_key,
                "path": e.book.path,
                "annotations": [
                    _annotation_json(e, a)
                    for a in sorted(e.annotations, key=lambda a: (a.start, a.end, a.id))
                ],
                "bookmarks": [
                    _bookmark_json(e, b)
                    for b in sorted(e.bookmarks, key=lambda b: (b.offset, b.id))
                ],
            }
            for e in entries
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- command line


class ExportError(Exception):
    """The export cannot be done; ``str()`` is a one-line message."""


def _chapters_of(
    path: str, book: BookRecord, cache_dir: Path | None, store: Store | None = None
) -> ChapterSource:
    """The chapters of the book's file (with the reader's chapter rules, from ``store``),
    or None when it cannot be read or parsed."""
    from reader.text.book import ParagraphMode
    from reader.text.errors import BookError
    from reader.text.parse import load_book

    mode = None
    if book.paragraph_mode_override:
        try:
            mode = ParagraphMode(book.paragraph_mode_override)
        except ValueError:
            mode = None  # an override this version doesn't know: detect the mode instead
    try:
        rules = store.chapter_rules.for_parsing(book.id) if store is not None else ()
        parsed = load_book(
            path,
            encoding=book.encoding_override,
            paragraph_mode=mode,
            cache_dir=cache_dir,
            rules=rules,
        )
    except (BookError, LookupError, OSError, StoreError):
        return None  # chapters only label the export; the notes are exported without them
    return parsed.chapters


def notes_for_book(store: Store, book: BookRecord, chapters: ChapterSource = None) -> BookNotes:
    """A :class:`BookNotes` for ``book`` from the store (chapters as given)."""
    return BookNotes(
        book=book,
        annotations=store.annotations.annotations(book.id),
        bookmarks=store.annotations.bookmarks(book.id),
        chapters=chapters,
    )


def _find_book(store: Store, file: str) -> tuple[BookRecord, bool]:
    """The library entry for ``file`` (by book key, then by path) and whether it is readable."""
    from reader.text.identity import book_key_of_file

    path = os.path.abspath(file)
    readable = os.path.isfile(path)
    book = None
    if readable:
        try:
            book = store.library.find_by_key(book_key_of_file(path))
        except OSError:
            readable = False  # unreadable now: found by path below, exported without chapters
    if book is None:
        book = store.library.find_by_path(path)
    if book is None:
        if not os.path.exists(path):
            raise ExportError(f"No such file: {file}")
        raise ExportError(f"{file} is not in the Quire library (open it in Quire first)")
    return book, readable


def _collect(store: Store, files: list[str], cache_dir: Path | None) -> list[BookNotes]:
    if files:
        book, readable = _find_book(store, files[0])
        path = os.path.abspath(files[0]) if readable else book.path
        chapters = _chapters_of(path, book, cache_dir, store) if os.path.isfile(path) else None
        return [notes_for_book(store, book, chapters)]
    entries: list[BookNotes] = []
    for book in store.library.all_books():
        entry = notes_for_book(store, book)
        if not entry.annotations and not entry.bookmarks:
            continue
        if os.path.isfile(book.path):
            entry.chapters = _chapters_of(book.path, book, cache_dir, store)
        entries.append(entry)
    return entries


def _write(data: str, output: str | None) -> None:
    if output is None or output == "-":
        raw = data.encode("utf-8")
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(raw)
            buffer.flush()
        else:
            sys.stdout.write(data)
        return
    try:
        Path(output).write_text(data, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"Cannot write {output}: {exc.strerror or exc}") from None


def run_export_notes(args: Args) -> int:
    """``quire export-notes [FILE] --format md|json [-o OUT] [--basedir DIR]``; returns 0 or 1.

    With FILE, exports that book (found by book key, else by path); without,
    every book in the library that has notes. Errors are one line on stderr.
    """
    from reader.paths import resolve_paths
    from reader.store.db import StoreError, open_store

    paths = resolve_paths(args.basedir)
    try:
        if not paths.database.is_file():
            raise ExportError(f"No Quire library at {paths.database}: nothing to export")
        store = open_store(paths.database, check_integrity=False)
        try:
            cache = paths.cache_dir if paths.cache_dir.is_dir() else None
            entries = _collect(store, args.files, cache)
        finally:
            store.close()
        if args.format == "json":
            data = export_json(entries)
        else:
            data = export_markdown(entries) if entries else "*No highlights or notes yet.*\n"
        _write(data, args.output)
    except (ExportError, StoreError) as exc:
        print(f"quire export-notes: {exc}", file=sys.stderr)
        return 1
    return 0
