"""Building the hyphenation tables shipped with an install (:data:`SHIPPED_DIR`).

``python -m reader.layout.hyphenate_build`` — run by ``install.py`` after it installs
Quire, as it compiles the text engine's patterns — writes the complete pattern table of
each of :data:`LANGUAGES` beside the byte-compiled modules, named as the per-user cache
names its tables. A first start then reads the table of a book in one of them in ~3 ms
instead of ~7 ms, and completes no table after its first page (~20 ms).
"""

from __future__ import annotations

import marshal
from pathlib import Path

from reader.layout.hyphenate import (
    SHIPPED_DIR,
    Patterns,
    _languages,
    _read_patterns,
    cache_name,
    pattern_language,
)
from reader.text.atomic import write_atomically

LANGUAGES = ("en", "de", "fr", "es", "it", "ru")
"""The languages whose tables are shipped (the commonest among books; others are read
from their pattern files on a first start, as before)."""


def build(folder: Path = SHIPPED_DIR, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write the complete table of each language's pattern file to ``folder``, removing its
    tables of earlier copies of that file; the files written (a language without
    patterns, or whose file needs pyphen's parser, is left out)."""
    written: list[Path] = []
    for language in languages:
        chosen = pattern_language(language)
        if chosen is None:
            continue
        source = _languages()[chosen]
        raw = _read_patterns(source)
        name = cache_name(source)
        if raw is None or name is None:
            continue
        table = Patterns.from_patterns(raw)
        target = folder / name
        for stale in folder.glob(f"{source.stem}-*.marshal"):
            if stale != target:
                stale.unlink(missing_ok=True)  # of a pattern file since replaced
        if not write_atomically(target, marshal.dumps((table.maxlen, table.table))):
            raise OSError(f"could not write {target}")  # (write_atomically keeps the reason)
        written.append(target)
    return written


if __name__ == "__main__":
    files = build()
    print(f"{len(files)} hyphenation tables written into {SHIPPED_DIR}")
