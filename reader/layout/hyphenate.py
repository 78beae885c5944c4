"""Hyphenation with pyphen: soft hyphens in long words, and a quick dictionary loader.

pyphen parses its pattern files in pure Python (about 0.1 s for English), which
would delay the first page; :func:`_quick_dict` builds the identical pattern
table several times faster (falling back to pyphen for files with features it
does not handle) and puts it in pyphen's own cache.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyphen

SOFT_HYPHEN = "\u00ad"

_WORD = re.compile(r"[^\W\d_]{7,}")
_HYPHEN_CACHE: dict[str, tuple[pyphen.Pyphen, dict[str, tuple[int, ...]]]] = {}


def hyphenator(language: str) -> tuple[pyphen.Pyphen, dict[str, tuple[int, ...]]] | None:
    """The pyphen dictionary (and its word cache) for an ISO language code, or None."""
    if not language:
        return None
    code = language.replace("-", "_")
    entry = _HYPHEN_CACHE.get(code)
    if entry is None:
        lang = pyphen.language_fallback(code)
        if lang is None:
            return None
        path = pyphen.LANGUAGES[lang]
        if path not in pyphen.hdcache:
            quick = _quick_dict(Path(path))
            if quick is not None:
                pyphen.hdcache[path] = quick
        entry = (pyphen.Pyphen(lang=lang, left=2, right=3), {})
        _HYPHEN_CACHE[code] = entry
    return entry


def insert_soft_hyphens(
    text: str, hyph: tuple[pyphen.Pyphen, dict[str, tuple[int, ...]]]
) -> tuple[str, list[int]]:
    """``text`` with soft hyphens in its long words, and the layout index of each one."""
    dic, cache = hyph
    pieces: list[str] = []
    shy: list[int] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group()
        pos = cache.get(word)
        if pos is None:
            pos = cache[word] = tuple(int(p) for p in dic.positions(word))
        start = m.start()
        for p in pos:
            pieces.append(text[last : start + p])
            last = start + p
            shy.append(last + len(shy))
            pieces.append(SOFT_HYPHEN)
    if not shy:
        return text, shy
    pieces.append(text[last:])
    return "".join(pieces), shy


_NON_DIGIT = re.compile(r"\D")
_NO_DIGITS = {ord(d): None for d in "0123456789"}
_ODD = re.compile(r"\d\d|\^\^|/")


def _quick_dict(path: Path) -> pyphen.HyphDict | None:
    """pyphen's ``HyphDict(path)``, parsed faster; None when the file needs pyphen's parser."""
    try:
        with path.open("rb") as fd:
            encoding = fd.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        lines = path.read_text(encoding).split("\n")[1:]
    except (OSError, LookupError, UnicodeError):
        return None
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    ignored = pyphen.ignored
    split = _NON_DIGIT.split
    for line in lines:
        pattern = line.strip()
        if not pattern or pattern.startswith(ignored):
            continue
        if _ODD.search(pattern):
            return None
        letters = pattern.translate(_NO_DIGITS)
        if len(letters) == len(pattern):
            continue  # no digits: only zeros, which pyphen skips
        # the digit (or nothing) before each letter and after the last one
        values = [int(x) if x else 0 for x in split(pattern)]
        start, end = 0, len(values)
        while start < end and not values[start]:
            start += 1
        if start == end:
            continue
        while not values[end - 1]:
            end -= 1
        patterns[letters] = (start, tuple(values[start:end]))
    if not patterns:
        return None
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns = patterns
    hd.cache = {}
    hd.maxlen = max(len(key) for key in patterns)
    return hd
