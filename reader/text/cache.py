"""Parse cache: a parsed book's structure stored per book key, so re-opening is quick.

One file per (book key, parser version, overrides) under the cache folder. The
format is a magic line, a small JSON header (chapters, matter, paragraph mode
and reason, metadata, encoding report, a CRC-32 of the file's bytes) and the
block columns as raw arrays. Opening from the cache decodes the bytes directly
with the cached codec (no detection) and skips structure and paragraph
detection. A missing, old, foreign or corrupt cache file is ignored (and
rewritten by the next store), never an error.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any

from reader.text import digests
from reader.text.atomic import write_atomically
from reader.text.book import (
    AuthorNote,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    ContentsLink,
    Dropped,
    EncodingReport,
    GluedWord,
    Metadata,
    NoteKind,
    ParagraphMode,
    TitleCandidate,
)
from reader.text.story_data import story_from_json, story_to_json

MAGIC = b"QUIRE-PARSE\n"
FORMAT = 1
_HEADER_LEN = struct.Struct("<I")
_MAX_KIND = max(int(kind) for kind in BlockKind)
PARSER_VERSION = 10
"""Bumped whenever parsing changes what it produces (invalidates cached parses)."""


def cache_file(
    cache_dir: Path,
    book_key: str,
    encoding: str | None,
    paragraph_mode: ParagraphMode | None,
    rules: str = "",
) -> Path:
    """Where the parse of ``book_key`` with these overrides is stored (``rules``: the
    digest of the reader's chapter rules applied to it, see
    :func:`reader.text.chapter_rules.rules_digest`)."""
    variant = f"{FORMAT}:{PARSER_VERSION}:{encoding or ''}:{paragraph_mode or ''}"
    if rules:
        variant += f":{rules}"
    tag = digests.sha1(variant.encode()).hexdigest()[:10]
    safe_key = "".join(c if c.isalnum() or c in "-_" else "_" for c in book_key)[:80]
    return Path(cache_dir) / "parse" / f"{safe_key}-{tag}.qpc"


def store(
    cache_dir: Path,
    data: bytes,
    book: Book,
    *,
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
    rules: str = "",
) -> Path | None:
    """Write ``book``'s parse for ``data``; returns the file, or None when it could not be
    written (a cache is never worth an error)."""
    return store_parsed(
        cache_dir,
        book,
        zlib.crc32(data),
        encoding=encoding,
        paragraph_mode=paragraph_mode,
        rules=rules,
    )


def store_parsed(
    cache_dir: Path,
    book: Book,
    crc: int,
    *,
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
    rules: str = "",
) -> Path | None:
    """Like :func:`store`, for a book whose file's bytes are gone: ``crc`` is their CRC-32
    and :attr:`Book.file_size` their length."""
    if not book.book_key:
        return None
    path = cache_file(cache_dir, book.book_key, encoding, paragraph_mode, rules)
    enc = book.encoding
    header: dict[str, Any] = {
        "format": FORMAT,
        "parser": PARSER_VERSION,
        "byteorder": sys.byteorder,
        "crc": crc,
        "size": book.file_size,
        "book_key": book.book_key,
        "chars": len(book.text),
        "blocks": len(book.blocks),
        "chapters": [[c.title, c.level, c.offset] for c in book.chapters],
        "front": [list(r) for r in book.front_matter],
        "back": [list(r) for r in book.back_matter],
        "mode": book.paragraph_mode.value,
        "reason": book.paragraph_reason,
        "metadata": [book.metadata.title, book.metadata.author, book.metadata.language],
        "candidates": [list(c) for c in map(_candidate_row, book.metadata.candidates)],
        "dropped": [list(d) for d in book.dropped],
        "matter_notes": [list(d) for d in book.matter_notes],
        "contents_links": [list(c) for c in book.contents_links],
        "opening": book.opening_offset,
        "author_notes": [[n.start, n.end, n.kind.value] for n in book.author_notes],
        "glued_words": [list(_glued_row(g)) for g in book.glued_words],
        "encoding": [enc.name, enc.confidence, enc.method, enc.replaced_bytes, enc.bom],
        "cjk": book.cjk,
        "aozora": book.aozora,
        "notices": list(book.notices),
        "story": story_to_json(book.story) if book.story is not None else None,
    }
    # The columns are written from the book's own arrays, never copied: a long book's
    # would cost megabytes at the moment its parse peaks (20 MB of text: 76,000 blocks).
    starts, ends = _int64(book.blocks.starts()), _int64(book.blocks.ends())
    kinds = book.blocks.kinds()
    header["columns_crc"] = zlib.crc32(ends, zlib.crc32(starts, zlib.crc32(kinds)))
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    if not write_atomically(path, (MAGIC, _HEADER_LEN.pack(len(head)), head, kinds, starts, ends)):
        return None
    return path


def _int64(column: array) -> array:
    """``column`` as 64-bit integers in this machine's order (itself when it is that)."""
    return column if column.typecode == "q" else array("q", column)


def load(
    cache_dir: Path,
    data: bytes,
    *,
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
    rules: str = "",
) -> Book | None:
    """The cached Book for ``data`` with these overrides and chapter rules (their digest),
    or None (absent, stale, corrupt)."""
    from reader.text.decode import decode
    from reader.text.identity import book_key_of_bytes

    if not data:
        return None
    key = book_key_of_bytes(data)
    path = cache_file(cache_dir, key, encoding, paragraph_mode, rules)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        parsed = _unpack(raw, key, data)
        if parsed is None:
            return None
        header, kinds, starts, ends = parsed
        name, confidence, method, replaced, bom = header["encoding"]
        text, _report = decode(data, name)
        if len(text) != header["chars"]:
            return None
        title, author, language = header["metadata"]
        candidates = tuple(
            TitleCandidate(str(src), str(t), str(a), bool(ch), str(note))
            for src, t, a, ch, note in header["candidates"]
        )
        return Book(
            text=text,
            blocks=Blocks(kinds, starts, ends),
            chapters=[Chapter(str(t), int(lv), int(o)) for t, lv, o in header["chapters"]],
            encoding=EncodingReport(
                str(name), float(confidence), str(method), int(replaced), bool(bom)
            ),
            metadata=Metadata(str(title), str(author), str(language), candidates),
            paragraph_mode=ParagraphMode(header["mode"]),
            paragraph_reason=str(header["reason"]),
            front_matter=[(int(s), int(e)) for s, e in header["front"]],
            back_matter=[(int(s), int(e)) for s, e in header["back"]],
            book_key=key,
            file_size=len(data),
            cjk=bool(header["cjk"]),
            aozora=bool(header["aozora"]),
            notices=[str(n) for n in header["notices"]],
            dropped=[Dropped(int(s), int(e), str(r)) for s, e, r in header["dropped"]],
            matter_notes=[Dropped(int(s), int(e), str(r)) for s, e, r in header["matter_notes"]],
            contents_links=[
                ContentsLink(int(s), int(e), int(c), int(o), float(sc))
                for s, e, c, o, sc in header["contents_links"]
            ],
            opening_offset=int(header["opening"]),
            story=story_from_json(header.get("story")),
            author_notes=tuple(
                AuthorNote(int(s), int(e), NoteKind(k)) for s, e, k in header["author_notes"]
            ),
            glued_words=tuple(GluedWord(*map(int, row)) for row in header["glued_words"]),
        )
    except (ValueError, LookupError, TypeError, OverflowError, struct.error):
        return None  # anything odd in a cache file (bad JSON, fields, codec) means: parse afresh


def _glued_row(g: GluedWord) -> tuple[int, int, int, int, int]:
    return (g.start, g.end, g.split, g.italic_start, g.italic_end)


def _candidate_row(c: TitleCandidate) -> tuple[str, str, str, bool, str]:
    return (c.source, c.title, c.author, c.chosen, c.note)


def _unpack(raw: bytes, key: str, data: bytes) -> tuple[dict[str, Any], bytes, array, array] | None:
    if not raw.startswith(MAGIC):
        return None
    pos = len(MAGIC)
    (hlen,) = _HEADER_LEN.unpack_from(raw, pos)
    pos += _HEADER_LEN.size
    header = json.loads(raw[pos : pos + hlen].decode("utf-8"))
    pos += hlen
    if (
        header.get("format") != FORMAT
        or header.get("parser") != PARSER_VERSION
        or header.get("byteorder") != sys.byteorder
        or header.get("book_key") != key
        or header.get("size") != len(data)
        or header.get("crc") != zlib.crc32(data)
    ):
        return None
    n = int(header["blocks"])
    if len(raw) != pos + n * 17 or zlib.crc32(raw[pos:]) != header.get("columns_crc"):
        return None
    kinds = raw[pos : pos + n]
    pos += n
    starts = array("q")
    starts.frombytes(raw[pos : pos + 8 * n])
    pos += 8 * n
    ends = array("q")
    ends.frombytes(raw[pos : pos + 8 * n])
    chars = int(header["chars"])
    if max(kinds, default=0) > _MAX_KIND or any(e > chars for e in ends[-1:]):
        return None  # cannot happen with a matching checksum; cheap insurance
    return header, kinds, starts, ends
