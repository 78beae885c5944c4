"""Building the table of patterns compiled ahead (:mod:`reader.text.rx_cache`).

``python -m reader.text.rx_build`` — run by ``install.py`` after it installs Quire —
imports every module of :mod:`reader.text`, records the engine's code for each of their
patterns and for those a parse makes (the shipped sample book and a few short texts of
other scripts), and writes the table beside the byte-compiled modules.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import reader.text
from reader.text import ahead, rx, rx_cache
from reader.text.rx_cache import FORMAT, TABLE_FILE, Entry, entry_of, from_entry


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )


def build(path: Path = TABLE_FILE) -> int:
    """Record the code of every pattern the text engine compiles and write the table to
    ``path``; the number of patterns in it.

    Every module of :mod:`reader.text` is imported and its patterns compiled, and the
    shipped sample book parsed (for the patterns made while parsing). An entry whose
    pattern from the table differs from ``re.compile``'s is left out.
    """
    recorded: dict[tuple[str, int], Entry] = {}
    rx_cache.record_into(recorded)
    try:
        for info in pkgutil.iter_modules(reader.text.__path__, "reader.text."):
            module = importlib.import_module(info.name)
            for value in list(vars(module).values()):
                if isinstance(value, rx.LazyPattern) and value.uses_stdlib():
                    key = (value.pattern, int(value.flags_given))
                    recorded[key] = entry_of(*key)
        _parse_samples()
    finally:
        rx_cache.record_into(None)
    kept: dict[tuple[str, int], Entry] = {}
    for (pattern, flags), entry in recorded.items():
        try:
            mine = from_entry(pattern, entry)
        except (RuntimeError, TypeError, ValueError, OverflowError):
            continue
        if _same(mine, re.compile(pattern, flags)):
            kept[(pattern, flags)] = entry
    ahead.write(path, FORMAT, kept)
    return len(kept)


def _parse_samples() -> None:
    """Parse the shipped sample book and a few short texts of other kinds."""
    from reader.assets import sample_book
    from reader.text.parse import load_book, parse_text

    sample = sample_book()
    if sample.is_file():
        load_book(sample)
    for text in (
        "第一章 开始\n\n天下大势，分久必合，合久必分。\n\n第二章 继续\n\n话说天下。\n",
        "ГЛАВА ПЕРВАЯ\n\nМой дядя самых честных правил.\n\nГЛАВА ВТОРАЯ\n\nИ лучше.\n",
        "Title: A Story\nAuthor: Someone\nRating: Teen\n\nA/N: Thanks!\n\nChapter 1\n\nText.\n",
    ):
        parse_text(text)


def main() -> int:
    """``python -m reader.text.rx_build``: build the table; 0 on success."""
    try:
        count = build()
    except OSError as err:
        print(f"rx_build: {err}", file=sys.stderr)
        return 1
    print(f"{count} patterns compiled ahead into {TABLE_FILE}")
    return 0


__all__ = ["build", "main"]


if __name__ == "__main__":
    sys.exit(main())
