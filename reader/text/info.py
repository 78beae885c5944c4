"""``quire info FILE [--json]``: what the engine made of a file, and why.

This is how a reader finds out why a book looks wrong (wrong encoding, odd
paragraphs, missing chapters), so the plain form explains each decision in
words and the JSON form carries the same facts for scripts and bug reports.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from typing import Any

from reader.text import rx
from reader.text.book import BlockKind, Book, GluedWord
from reader.text.errors import BookError
from reader.text.explain import explain, explain_lines
from reader.text.render import display_block
from reader.text.story_data import story_dict, story_lines

__all__ = ["book_info", "format_summary", "run_info"]

PREVIEW_CHARS = 120
"""Length of a chapter preview (characters of reading text after the heading)."""

_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = rx.lazy_stdlib(f"(?<=[{_CJK}]) (?=[{_CJK}])")

_PROSE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.AUTHOR_NOTE, BlockKind.VERSE})

_METHOD_WORDS = {
    "bom": "from its byte-order mark",
    "utf-8": "the whole file is valid UTF-8",
    "chardet": "detected by chardet among the code pages that give plausible text",
    "pattern": "BOM-less UTF-16/32, recognised by its byte pattern",
    "escapes": "ISO-2022 escape sequences",
    "plausibility": "the only code page giving plausible text",
    "override": "chosen by you (override)",
    "fallback": "a fallback guess (nothing else fitted)",
    "empty": "the file is empty",
}


def book_info(book: Book) -> dict[str, Any]:
    """The facts ``quire info --json`` prints for ``book``, as a JSON-ready dict.

    Keys: ``title``, ``author``, ``language``, ``encoding`` (``name``,
    ``confidence``, ``method``, ``replaced_bytes``, ``bom``), ``paragraph_mode``,
    ``paragraph_reason``, ``paragraphs`` (prose, verse and author's-note blocks
    outside front/back matter), ``chapters`` (``title``, ``level``, ``offset``,
    ``preview``), ``front_matter`` and ``back_matter`` (``[start, end]`` pairs),
    ``reading_range``, ``book_key``, ``file_size``, ``chars``, ``blocks``,
    ``cjk``, ``aozora``, ``notices`` and ``story`` (the fan-fiction story header as
    :func:`reader.text.story_data.story_dict` gives it, or null); and the explanations of
    :func:`reader.text.explain.explain`: ``title_candidates``, ``opening``,
    ``hidden_lines``, ``footnotes`` and ``contents``; ``author_notes`` (``start``,
    ``end``, ``kind``) and ``italic_repairs`` (``offset``, ``found``, ``shown``, ``italic``:
    the glued words the display shows apart).
    """
    enc = book.encoding
    return {
        "title": book.metadata.title,
        "author": book.metadata.author,
        "language": book.metadata.language,
        "encoding": {
            "name": enc.name,
            "confidence": round(float(enc.confidence), 3),
            "method": enc.method,
            "replaced_bytes": enc.replaced_bytes,
            "bom": enc.bom,
        },
        "paragraph_mode": book.paragraph_mode.value,
        "paragraph_reason": book.paragraph_reason,
        "paragraphs": count_paragraphs(book),
        "chapters": [
            {
                "title": ch.title,
                "level": ch.level,
                "offset": ch.offset,
                "preview": chapter_preview(book, i),
            }
            for i, ch in enumerate(book.chapters)
        ],
        "front_matter": [[s, e] for s, e in book.front_matter],
        "back_matter": [[s, e] for s, e in book.back_matter],
        "reading_range": list(book.reading_range()),
        "book_key": book.book_key,
        "file_size": book.file_size,
        "chars": len(book.text),
        "blocks": len(book.blocks),
        "cjk": book.cjk,
        "aozora": book.aozora,
        "notices": list(book.notices),
        "story": story_dict(book.story) if book.story is not None else None,
        "author_notes": [
            {"start": n.start, "end": n.end, "kind": n.kind.value} for n in book.author_notes
        ],
        "italic_repairs": [_repair_info(book, g) for g in book.glued_words],
        **explain(book),
    }


def _repair_info(book: Book, g: GluedWord) -> dict[str, Any]:
    """One repaired glued word: where, as found, as shown, and the word set in italics."""
    return {
        "offset": g.start,
        "found": book.text[g.start : g.end],
        "shown": f"{book.text[g.start : g.split]} {book.text[g.split : g.end]}",
        "italic": book.text[g.italic_start : g.italic_end],
    }


def _notes_and_repairs(book: Book, info: dict[str, Any]) -> list[str]:
    """``quire info`` lines on the author's notes and the repaired lost italics."""
    notes = book.author_notes
    kinds = sorted({n.kind.value for n in notes})
    lines = [
        f"Author's notes: {len(notes):,}" + (f" ({', '.join(kinds)})" if kinds else ""),
        f"Lost italics: {len(info['italic_repairs']):,} glued word(s) shown apart",
    ]
    for r in info["italic_repairs"]:
        shown = r["shown"].replace(r["italic"], f"*{r['italic']}*", 1)
        lines.append(f"  at {r['offset']:,}: {_plain(r['found'])} → {_plain(shown)}")
    return lines


def count_paragraphs(book: Book) -> int:
    """Prose, verse and author's-note blocks outside front and back matter."""
    hidden = sorted(book.front_matter + book.back_matter)
    prose = {int(k) for k in _PROSE_KINDS}
    count = 0
    for kind, start in zip(book.blocks.kinds(), book.blocks.starts(), strict=True):
        if kind in prose and not any(s <= start < e for s, e in hidden):
            count += 1
    return count


# A preview is the chapter's prose: title-page lines and printed contents lists say
# nothing about it (an "Opening" entry would otherwise preview the title page).
_NOT_PREVIEWED = (BlockKind.SCENE_BREAK, BlockKind.TITLE, BlockKind.CONTENTS, BlockKind.FOOTNOTE)


def chapter_preview(book: Book, index: int, limit: int = PREVIEW_CHARS) -> str:
    """The first ``limit`` characters of chapter ``index``'s reading text after its heading.

    The shown text of the blocks that follow the heading, whitespace collapsed,
    joined with spaces; front/back matter, title-page lines, printed contents lists,
    scene breaks and the headings of other contents entries (a part's first chapter
    heading) are skipped.
    """
    blocks = book.blocks
    if not blocks or not 0 <= index < len(book.chapters):
        return ""
    offset = book.chapters[index].offset
    i = blocks.index_at(offset)
    first = blocks[i]
    if first.kind == BlockKind.HEADING and not book.text[offset : first.start].strip():
        i += 1  # the chapter's own heading (the entry may start just before it)
    entry_starts = {ch.offset for ch in book.chapters}
    parts: list[str] = []
    length = 0
    scanned = 0
    while i < len(blocks) and length < limit and scanned < 200:
        block = blocks[i]
        i += 1
        scanned += 1
        if block.kind == BlockKind.MATTER or book.is_hidden(block.start):
            continue
        if block.kind == BlockKind.HEADING and block.start in entry_starts:
            continue
        if block.kind in _NOT_PREVIEWED:
            continue
        shown = " ".join(display_block(book, i - 1).text.split())
        if shown:
            parts.append(shown)
            length += len(shown) + 1
    preview = " ".join(parts)
    if book.cjk:  # CJK text has no spaces between words: do not invent any
        preview = _CJK_GAP.sub("", preview)
    return preview[:limit].rstrip()


def format_summary(book: Book, path: str) -> str:
    """A readable plain-text account of ``book`` (read from ``path``) for ``quire info``."""
    enc = book.encoding
    info = book_info(book)
    how = _METHOD_WORDS.get(enc.method, enc.method)
    if enc.method in ("chardet", "pattern", "plausibility"):
        how += f", confidence {enc.confidence:.0%}"
    if enc.bom and enc.method != "bom":
        how += ", byte-order mark removed"
    lines = [
        f"File:        {_plain(os.fspath(path))}",
        f"Title:       {_plain(book.metadata.title) or '(unknown)'}",
        f"Author:      {_plain(book.metadata.author) or '(unknown)'}",
        f"Language:    {book.metadata.language or '(unknown)'}",
        f"Encoding:    {enc.name} — {how}",
    ]
    if enc.replaced_bytes:
        lines.append(
            f"Bad bytes:   {enc.replaced_bytes:,} byte(s) could not be decoded and show as "
            "U+FFFD (�); try another encoding if there are many"
        )
    else:
        lines.append("Bad bytes:   none")
    reason = _plain(book.paragraph_reason)
    lines.append(f"Paragraphs:  {info['paragraphs']:,} — mode '{book.paragraph_mode.value}'")
    if reason:
        lines.extend(
            textwrap.wrap(
                f"because {reason}", width=78, initial_indent=" " * 13, subsequent_indent=" " * 13
            )
        )
    lines.append(f"Chapters:    {len(book.chapters):,}")
    for ch in book.chapters:
        indent = "  " * max(1, ch.level)
        lines.append(f"{indent}{_plain(ch.title) or '(untitled)'}")
    lines.extend(_safe(line) for line in explain_lines(book, info))
    if book.story is not None:
        lines.extend(_safe(line) for line in story_lines(book.story))
    lines.extend(_notes_and_repairs(book, info))
    lines.append(f"Front matter: {_matter(book.front_matter)}")
    lines.append(f"Back matter:  {_matter(book.back_matter)}")
    start, end = book.reading_range()
    lines.append(f"Reading text: characters {start:,}–{end:,} of {len(book.text):,}")
    size = f"{book.file_size:,} bytes" if book.file_size else "size unknown"
    lines.append(f"Book key:    {book.book_key or '(none)'} ({size})")
    for notice in book.notices:
        lines.append(f"Note:        {_plain(notice)}")
    return "\n".join(lines) + "\n"


def run_info(path: str, as_json: bool) -> int:
    """``quire info``: load ``path``, print its summary (or JSON); return the exit code.

    Prints ``quire: <message>`` on one line to stderr and returns 1 when the
    file cannot be opened as a book (missing, a folder, unreadable, not text).
    """
    from reader.text.parse import load_book  # the parser is heavy; load it only when used

    try:
        book = load_book(path)
    except BookError as err:
        return _fail(str(err))
    except (OSError, ValueError) as err:  # defensive: load_book should wrap these
        return _fail(f"{os.fspath(path)}: {err}")
    try:
        if as_json:
            info = {"path": os.path.abspath(os.fspath(path)), **book_info(book)}
            _write((json.dumps(info, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        else:
            encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
            _write(format_summary(book, os.fspath(path)).encode(encoding, "replace"))
    except BrokenPipeError:  # `quire info book.txt | head`
        _silence_stdout()
        return 1
    return 0


def _fail(message: str) -> int:
    print(f"quire: {' '.join(message.split())}", file=sys.stderr)
    return 1


def _write(data: bytes) -> None:
    """Write bytes to stdout, bypassing the text layer's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8", "replace"))
        sys.stdout.flush()
        return
    buffer.write(data)
    buffer.flush()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _matter(ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return "none"
    total = sum(e - s for s, e in ranges)
    spans = ", ".join(f"{s:,}–{e:,}" for s, e in ranges)
    return f"{total:,} characters hidden ({spans})"


def _safe(value: str) -> str:
    """A line safe to print on a terminal (control characters removed), indentation kept."""
    return "".join(
        ch if ch >= " " and ch != "\x7f" and not "\x80" <= ch <= "\x9f" else " " for ch in value
    ).rstrip()


def _plain(value: str) -> str:
    """Text safe to print on a terminal: control characters (escape sequences) removed."""
    return "".join(
        ch if ch >= " " and ch != "\x7f" and not "\x80" <= ch <= "\x9f" else " " for ch in value
    ).strip()
