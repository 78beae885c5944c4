"""The ~30 MB test book the benchmarks share, built from the corpus (never committed).

Each corpus book is decoded and only the text between Project Gutenberg's START
and END lines is kept, so the concatenation reads as one long book rather than one
book followed by 27 MB of licence and back matter.
"""

from __future__ import annotations

import re
from pathlib import Path

TARGET_BYTES = 30 * 1024 * 1024


def body(text: str) -> str:
    """The text between Project Gutenberg's START and END lines (all of it when absent)."""
    start = re.search(r"(?m)^\*\*\* ?START OF.*$", text)
    end = re.search(r"(?m)^\*\*\* ?END OF", text)
    a = start.end() if start else 0
    b = end.start() if end and end.start() > a else len(text)
    return text[a:b]


def build_big_book(folder: Path, sources: list[Path], name: str = "big_book_30mb.txt") -> Path:
    """Concatenate the bodies of ``sources`` (written as UTF-8) until the file is ~30 MB."""
    from reader.text.decode import decode

    texts = [body(decode(p.read_bytes())[0]) for p in sources]
    out = folder / name
    size = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        while size < TARGET_BYTES:
            for text in texts:
                fh.write(text)
                fh.write("\n\n\n")
                size += len(text.encode("utf-8")) + 3
                if size >= TARGET_BYTES:
                    break
    return out
