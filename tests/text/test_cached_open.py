"""Opening a book from the parse cache: every block kind survives, and it stays light.

The start-up path (reopening the last book) reads the parse cache; it must
not import the detectors (chardet, structure, paragraphs, metadata), and a
cached book must read back whatever kinds of block the parser produces.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from reader.text import cache as parse_cache
from reader.text.book import BlockKind, Blocks
from reader.text.decode import decode
from reader.text.parse import load_book, parse_bytes

TEXT = "Chapter 1\r\n\r\nIt was a dark and stormy night.\r\n\r\n* * *\r\n\r\nThe end.\r\n" * 40
HEAVY = ("chardet", "reader.text.structure", "reader.text.paragraphs", "reader.text.metadata")


def test_every_block_kind_reads_back_from_the_cache(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8")
    book = parse_bytes(data, file_name="story.txt")
    kinds = [kind for kind in BlockKind]
    assert len(book.blocks) >= len(kinds)
    relabelled = Blocks(
        bytes(int(kinds[i % len(kinds)]) for i in range(len(book.blocks))),
        book.blocks.starts(),
        book.blocks.ends(),
    )
    book = dataclasses.replace(book, blocks=relabelled)
    assert parse_cache.store(tmp_path, data, book) is not None
    cached = parse_cache.load(tmp_path, data)
    assert cached is not None, "a block of the highest kind made the cache unreadable"
    assert list(cached.blocks) == list(book.blocks)
    assert max(cached.blocks.kinds()) == max(int(k) for k in BlockKind)


def test_crlf_text_decodes_like_lf_text() -> None:
    mixed = b"one\r\ntwo\rthree\r\n\r\nfour\n"
    assert decode(mixed)[0] == "one\ntwo\nthree\n\nfour\n"
    assert decode(TEXT.encode("utf-8"))[0] == TEXT.replace("\r\n", "\n")
    assert decode(b"a\r\r\nb\r", "cp1252")[0] == "a\n\nb\n"


def test_reopening_from_the_cache_imports_no_detector(tmp_path: Path) -> None:
    book_file = tmp_path / "story.txt"
    book_file.write_text(TEXT, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = load_book(book_file, cache_dir=cache_dir)  # parses and stores
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from reader.text.parse import load_book\n"
        f"book = load_book({str(book_file)!r}, cache_dir=Path({str(cache_dir)!r}))\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps({'heavy': heavy, 'blocks': len(book.blocks), 'chars': len(book.text)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    result = json.loads(out.stdout)
    assert result == {"heavy": [], "blocks": len(first.blocks), "chars": len(first.text)}


def test_what_issue_11_adds_reads_back_from_the_cache(tmp_path: Path) -> None:
    lines = [f"Line {i} of the story goes on and on without a stop and" for i in range(200)]
    for k in range(40, 200, 40):
        lines[k:k] = ["", str(k // 40 + 6), ""]
    text = (
        "Produced by A. Volunteer\n\nTHE LONG STORY\n\nby Ann Writer\n\n\n"
        "CONTENTS\n\nChapter One ..... 1\nChapter Two ..... 4\nChapter Three ..... 6\n\n\n"
        "Chapter 1\n\n"
        + "\n".join(lines[:100])
        + ".\n\nChapter 2\n\n"
        + "\n".join(lines[100:])
        + ".\n\nChapter 3\n\nThe end of it all.\n"
    )
    f = tmp_path / "1234.txt"
    f.write_text(text, encoding="utf-8")
    fresh = load_book(f, cache_dir=tmp_path / "cache")
    assert fresh.dropped and fresh.matter_notes and fresh.contents_links
    assert fresh.opening_offset > 0 and len(fresh.metadata.candidates) >= 1
    cached = load_book(f, cache_dir=tmp_path / "cache")
    assert cached is not fresh
    for name in ("dropped", "matter_notes", "contents_links", "opening_offset", "metadata"):
        assert getattr(cached, name) == getattr(fresh, name), name


def test_columns_are_written_from_the_books_arrays_and_read_back_whatever_their_width(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The block columns go to the file straight from the book's own 64-bit arrays (no copy
    of a long book's offsets at its parse's peak); narrower arrays are widened, and both
    files read back the same."""
    from array import array

    data = TEXT.encode("utf-8")
    book = parse_bytes(data, file_name="story.txt")
    written: list[tuple[object, ...]] = []
    real = parse_cache.write_atomically

    def spy(target: Path, pieces):  # type: ignore[no-untyped-def]
        written.append(tuple(pieces))
        return real(target, pieces)

    monkeypatch.setattr(parse_cache, "write_atomically", spy)
    assert parse_cache.store(tmp_path / "wide", data, book) is not None
    assert any(piece is book.blocks.starts() for piece in written[0])
    assert any(piece is book.blocks.ends() for piece in written[0])
    narrow = Blocks(
        book.blocks.kinds(), array("i", book.blocks.starts()), array("i", book.blocks.ends())
    )
    assert parse_cache.store(tmp_path / "narrow", data, dataclasses.replace(book, blocks=narrow))
    files = [next((tmp_path / name).rglob("*.*")) for name in ("wide", "narrow")]
    assert files[0].read_bytes() == files[1].read_bytes()
    for folder in ("wide", "narrow"):
        cached = parse_cache.load(tmp_path / folder, data)
        assert cached is not None and list(cached.blocks) == list(book.blocks)
