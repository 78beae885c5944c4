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
