"""Hyphenation: soft hyphens in long words, from pyphen's pattern files, quickly.

pyphen parses its pattern files in pure Python (about 0.1 s for English) and
finds a word's break points at ~20 µs a word, both on the way to the first
page. :func:`_read_patterns` reads the same patterns several times faster,
leaving each one's values to be read when a word first needs it (files with
features it does not handle are left to pyphen), and
:class:`Patterns` finds the same break points as pyphen about twice as fast: its
table also holds every prefix of every pattern, so the scan of a word stops as
soon as no pattern can match. With a cache folder (:func:`set_cache_dir`, set
by the window) the table is kept on disk with ``marshal``, so later starts
load it in a few milliseconds instead of ~50.

A first start (no cache file yet) puts nothing on the way to the first page that the
page does not need: the patterns are looked up without the prefixes (about 30 %
slower a word, no early stop) until :func:`complete_tables` is called (by the window
once the first page is shown) or :data:`COMPLETE_AFTER` words have been looked up;
then the prefixes are added and the cache file written. Pattern files are found
without importing pyphen (:func:`_languages`, the same list as ``pyphen.LANGUAGES``);
pyphen is imported only for a file its parser must read.
"""

from __future__ import annotations

import importlib.util
import marshal
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.text.atomic import write_atomically

if TYPE_CHECKING:
    import pyphen

SOFT_HYPHEN = "\u00ad"
LEFT_MIN = 2
"""Fewest letters before a break."""
RIGHT_MIN = 3
"""Fewest letters after a break."""
MAX_HYPHENATED_RUN = 2
"""Most consecutive lines that may end with a hyphen (the typesetter keeps to it)."""

PATTERN_LANGUAGE = {"en": "en_US", "de": "de_DE"}
"""Pattern sets chosen over pyphen's own fallback for a bare language code. pyphen maps
"en" to the British patterns (hyph_en_GB), which break etymologically and often
oddly for general text ("territ-ory", "festivit-ies"); the American (TeX hyphen.tex)
patterns are the usual choice for English without a region. Likewise "de" would get
the Austrian patterns; Germany's are the common reference."""

_WORD = re.compile(r"[^\W\d_]{7,}")
_WORD_TAIL = re.compile(r"[^\W_]")
"""Any letter or digit: whether a word follows."""
_CACHE_DIR: list[Path] = []
_CACHE_FORMAT = 4

Entry = tuple[int, tuple[int, ...]]
"""A pattern's first non-zero value's index and the values from there (as pyphen has them)."""
Table = dict[str, Entry | str | None]
"""Pattern letters → (offset, values), or the pattern as written (``"4ab1c"``) until a word
first needs it; every other prefix of a pattern → None."""


class BreakFinder(Protocol):
    """Anything that lists a word's break points (:class:`Patterns`, ``pyphen.Pyphen``)."""

    def positions(self, word: str) -> list[int]:
        """Indices in ``word`` before which it may be broken."""
        ...


Hyphenation = tuple[BreakFinder, dict[str, tuple[int, ...]]]
"""A language's break finder and its per-word cache (shared by all typesetters)."""

_HYPHEN_CACHE: dict[str, Hyphenation] = {}

MAX_CACHED_WORDS = 8_000
"""Words whose break points are kept per language; the cache starts over beyond this
(a long book has tens of thousands of distinct words: unbounded, it grew by megabytes
as the reader paged on, while finding a word's breaks again takes microseconds)."""


def set_cache_dir(folder: Path | None) -> None:
    """Keep parsed pattern tables under ``folder`` (None: do not cache on disk)."""
    _CACHE_DIR[:] = [Path(folder)] if folder is not None else []


def hyphenator(language: str) -> Hyphenation | None:
    """The break finder (and its word cache) for an ISO language code, or None."""
    if not language:
        return None
    code = language.replace("-", "_")
    entry = _HYPHEN_CACHE.get(code)
    if entry is None:
        lang = pattern_language(code)
        if lang is None:
            return None
        finder: BreakFinder | None = _cached_patterns(Path(_languages()[lang]))
        if finder is None:
            import pyphen

            finder = pyphen.Pyphen(lang=lang, left=LEFT_MIN, right=RIGHT_MIN)
        entry = (finder, {})
        _HYPHEN_CACHE[code] = entry
    return entry


def pattern_language(language: str) -> str | None:
    """The pyphen pattern set used for an ISO language code (``"en"`` → ``"en_US"``), or None."""
    code = language.replace("-", "_")
    chosen = PATTERN_LANGUAGE.get(code.lower())
    if chosen is not None and chosen in _languages():
        return chosen
    return _language_fallback(code)


def complete_tables() -> None:
    """Add the prefixes to the pattern tables read on this start and write them to the
    cache folder: for the window to call once the first page is shown (a first start
    leaves this off the way to it). Does nothing when every table is complete."""
    for finder, _ in list(_HYPHEN_CACHE.values()):
        if isinstance(finder, Patterns):
            finder.complete()


def hyphenatable(word: str) -> bool:
    """False for words a typesetter leaves whole: any capital after the first letter
    ("McDonald", "iPhone", "NAPOLEON")."""
    rest = word[1:]
    return rest == rest.lower()


def insert_soft_hyphens(text: str, hyph: Hyphenation) -> tuple[str, list[int]]:
    """``text`` (a paragraph) with soft hyphens in its long words, and the layout index of
    each one.

    The last word of the paragraph is never broken (a hyphen there would leave a
    fragment alone on the last line), nor words with capitals inside (:func:`hyphenatable`).
    """
    dic, cache = hyph
    pieces: list[str] = []
    shy: list[int] = []
    last = 0
    words = list(_WORD.finditer(text))
    if words and _WORD_TAIL.search(text, words[-1].end()) is None:
        words.pop()  # the paragraph's last word
    for m in words:
        word = m.group()
        pos = cache.get(word)
        if pos is None:
            found = dic.positions(word) if hyphenatable(word) else ()
            if len(cache) >= MAX_CACHED_WORDS:
                cache.clear()
            pos = cache[word] = tuple(int(p) for p in found)
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


class Patterns:
    """A pattern table that finds break points exactly as ``pyphen.Pyphen`` does.

    Complete, the table also holds every prefix of every pattern, so that the scan of a
    word stops early. A table made without them (:meth:`partial`, on a first start) finds
    the same break points by trying every substring up to the longest pattern, until
    :meth:`complete` adds them: called by :func:`complete_tables`, or by :meth:`positions`
    after :data:`COMPLETE_AFTER` words. Safe to share between threads: a scan reads the
    table once, and completing builds a new one and swaps it in.
    """

    __slots__ = ("_after", "_lock", "_looked_up", "_scan", "left", "maxlen", "right")

    def __init__(
        self,
        table: Table,
        maxlen: int,
        left: int = LEFT_MIN,
        right: int = RIGHT_MIN,
        *,
        complete: bool = True,
        after: Callable[[Patterns], object] | None = None,
    ):
        self._scan: tuple[Table, bool] = (table, complete)
        self.maxlen = maxlen
        self.left = left
        self.right = right
        self._after = after
        self._looked_up = 0
        self._lock = threading.Lock()

    @property
    def table(self) -> Table:
        """The current table (pattern letters → entry; with the prefixes once complete)."""
        return self._scan[0]

    @property
    def is_complete(self) -> bool:
        """Whether the table holds the prefixes (and the scan of a word can stop early)."""
        return self._scan[1]

    @classmethod
    def from_patterns(cls, patterns: dict[str, Entry] | dict[str, str]) -> Patterns:
        """The complete table for pyphen-style ``patterns`` (letters → (offset, values)), or
        for the patterns as written (letters → ``"4ab1c"``, read into values on first use)."""
        return cls(_with_prefixes(patterns), max(map(len, patterns)))

    @classmethod
    def partial(
        cls, patterns: dict[str, str], after: Callable[[Patterns], object] | None = None
    ) -> Patterns:
        """A table of ``patterns`` as written, without the prefixes until :meth:`complete`
        (which then calls ``after`` with it, e.g. to keep it on disk). Takes ``patterns``
        over: its values are read in place."""
        return cls(patterns, max(map(len, patterns)), complete=False, after=after)  # type: ignore[arg-type]

    def complete(self) -> bool:
        """Add the prefixes (once; False when there was nothing to do)."""
        with self._lock:
            table, done = self._scan
            if done:
                return False
            self._scan = (_with_prefixes(table), True)
            after, self._after = self._after, None
        if after is not None:
            after(self)
        return True

    def positions(self, word: str) -> list[int]:
        """Indices in ``word`` before which it may be broken (Liang's algorithm)."""
        table, early = self._scan
        if not early:
            self._looked_up += 1  # a count lost to a race only delays completing a little
            if self._looked_up >= COMPLETE_AFTER:
                self.complete()
        pointed = f".{word.lower()}."
        n = len(pointed)
        refs = [0] * (n + 1)
        get = table.get
        maxlen = self.maxlen
        missing = _MISSING
        for i in range(n - 1):
            for j in range(i + 1, min(i + maxlen, n) + 1):
                entry = get(pointed[i:j], missing)
                if entry is None:
                    continue  # a prefix of some pattern, not a pattern itself
                if entry is missing:
                    if early:
                        break  # no pattern starts with pointed[i:j]
                    continue
                if isinstance(entry, str):  # as written: read once, when first needed
                    entry = table[pointed[i:j]] = _entry(entry)
                offset, values = entry
                k = i + offset
                for v in values:
                    if v > refs[k]:
                        refs[k] = v
                    k += 1
        lo, hi = self.left, len(word) - self.right
        return [i - 1 for i, r in enumerate(refs) if r % 2 and lo <= i - 1 <= hi]


COMPLETE_AFTER = 1_500
"""Words looked up in a table without prefixes before it is completed anyway (a book
laid out in full should not pay the slower scan throughout; the first pages of a
book hold a few hundred long words)."""


def _with_prefixes(patterns: dict[str, Entry] | dict[str, str] | Table) -> Table:
    """``patterns`` (their values read into entries) and, mapped to None, every shorter
    prefix of their letters that is not itself a pattern.

    Built a length at a time from the prefixes new at the length above (each prefix is
    cut once, not once per pattern it starts): about half the time of cutting every
    prefix of every pattern."""
    keys = list(patterns)  # a snapshot: another thread may be reading values in place
    prefixes: set[str] = set()
    new = {key[:-1] for key in keys if len(key) > 1}
    while new:
        new -= prefixes
        prefixes |= new
        new = {key[:-1] for key in new if len(key) > 1}
    table: Table = dict.fromkeys(prefixes)
    # Each value read into one shared entry: 11,000 English patterns have 1,600 distinct
    # (offset, values), and ``marshal`` keeps the sharing in the disk copy (0.4 MB less).
    shared: dict[Entry, Entry] = {}
    for key in keys:
        value = patterns[key]
        entry = _entry(value) if isinstance(value, str) else value
        if entry is not None:
            table[key] = shared.setdefault(entry, entry)
    return table


_MISSING: Entry = (-1, (-1,))
"""Sentinel for "not in the table" (compared by identity; no table value is this object)."""

_NON_DIGIT = re.compile(r"\D")
_DIGIT_BYTES = b"0123456789"
_TWO_DIGITS = re.compile(r"\d\d")
_TWO_ASCII_DIGITS = re.compile(r"[0-9][0-9]")
"""Faster on ASCII text (where ``\\d`` is no more than ``[0-9]``)."""
_IGNORED = (
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
)
"""Lines pyphen skips (``pyphen.ignored``), without importing pyphen."""
_LANGUAGES: list[dict[str, Path]] = []


_NONZERO = re.compile(r"[1-9]")


def _read_patterns(path: Path) -> dict[str, str] | None:
    """The patterns of a pyphen pattern file as written, by their letters (``"ab1c"`` under
    ``"abc"``): exactly the ones ``pyphen.HyphDict`` keeps, the last of duplicates winning.
    None when the file needs pyphen's parser (``^^`` escapes, ``/`` alternatives).

    The values are read one pattern at a time, when a word first needs it
    (:func:`_entry`): the first start on a new profile reads the file several times
    faster than a full parse, on the way to the first page."""
    try:
        with path.open("rb") as fd:
            encoding = fd.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        lines = path.read_text(encoding).split("\n")[1:]
    except (OSError, LookupError, UnicodeError):
        return None
    kept = [p for p in (line.strip() for line in lines) if p and not p.startswith(_IGNORED)]
    joined = "\n".join(kept)
    two_digits = _TWO_ASCII_DIGITS if joined.isascii() else _TWO_DIGITS
    if "/" in joined or "^^" in joined or two_digits.search(joined):
        return None
    # bytes.translate deletes the ASCII digits ten times faster than str.translate;
    # UTF-8 never has those bytes inside a multi-byte character.
    letters = joined.encode().translate(None, _DIGIT_BYTES).decode().split("\n")
    patterns: dict[str, str] = {}
    nonzero = _NONZERO.search
    for key, pattern in zip(letters, kept, strict=True):
        # pyphen skips patterns without a non-zero value (no digits at all, or only zeros)
        if len(key) != len(pattern) and ("0" not in pattern or nonzero(pattern)):
            patterns[key] = pattern
    return patterns or None


def _entry(pattern: str) -> Entry:
    """``(offset, values)`` of a pattern as written: the digit (or nothing) before each
    letter and after the last one, leading and trailing zeros cut off (as pyphen does)."""
    values = [int(x) if x else 0 for x in _NON_DIGIT.split(pattern)]
    start, end = 0, len(values)
    while start < end and not values[start]:
        start += 1
    while end > start and not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def _quick_dict(path: Path) -> pyphen.HyphDict | None:
    """pyphen's ``HyphDict(path)``, parsed faster; None when the file needs pyphen's parser."""
    raw = _read_patterns(path)
    if raw is None:
        return None
    import pyphen

    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns = {key: _entry(pattern) for key, pattern in raw.items()}
    hd.cache = {}
    hd.maxlen = max(len(key) for key in raw)
    return hd


SHIPPED_DIR = Path(__file__).parent / "__pycache__"
"""Where ``python -m reader.layout.hyphenate_build`` (run by ``install.py``) keeps the
complete tables of the commonest languages: a first start reads them as a later start
reads its own cache, and has no table to complete after its first page."""


def cache_name(path: Path) -> str | None:
    """The file name a table of pattern file ``path`` is kept under (None: no such file);
    it changes with the file and with this module's table layout."""
    try:
        st = path.stat()
    except OSError:
        return None
    version = f"{_CACHE_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"
    return f"{path.stem}-{st.st_size}-{st.st_mtime_ns}-{version}.marshal"


def _stored_table(file: Path | None) -> Patterns | None:
    """The complete table kept in ``file`` (None: none there, or damaged)."""
    if file is None:
        return None
    try:
        stored = marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # missing or damaged: rebuilt
        return None
    return Patterns(stored[1], stored[0]) if _valid(stored) else None


def _cached_patterns(path: Path) -> Patterns | None:
    """The :class:`Patterns` of pattern file ``path`` (None: leave the file to pyphen).

    Read from the disk cache when one is set, or else from the tables shipped with the
    install (:data:`SHIPPED_DIR`); a missing, unreadable or damaged file is rebuilt,
    never an error: read by :func:`_read_patterns` into a table without prefixes,
    completed (and written to the cache) later.
    """
    name = cache_name(path)
    cache = _CACHE_DIR[0] / name if _CACHE_DIR and name is not None else None
    found = _stored_table(cache)
    if found is None and name is not None:
        found = _stored_table(SHIPPED_DIR / name)
    if found is not None:
        return found
    raw = _read_patterns(path)
    if raw is None:
        return None
    if cache is None:
        return Patterns.partial(raw)
    return Patterns.partial(
        raw, lambda done: write_atomically(cache, marshal.dumps((done.maxlen, done.table)))
    )


def _valid(stored: object) -> bool:
    """True for a cached ``(maxlen, table)`` pair (spot-checked: it is our own file)."""
    if not (isinstance(stored, tuple) and len(stored) == 2):
        return False
    maxlen, table = stored
    if not (isinstance(maxlen, int) and maxlen > 0 and isinstance(table, dict) and table):
        return False
    key, value = next(iter(table.items()))
    return isinstance(key, str) and (value is None or isinstance(value, (tuple, str)))


def _languages() -> dict[str, Path]:
    """``pyphen.LANGUAGES`` (pattern set name → file, e.g. ``"en_US"``, and ``"en"`` for the
    first ``en_*`` file), listed from pyphen's dictionaries folder without importing pyphen
    (that lists them through importlib.resources, ~4 ms on the way to the first page).
    pyphen's own list when its folder is not a plain folder (a zip, say)."""
    if not _LANGUAGES:
        spec = importlib.util.find_spec("pyphen")
        locations = spec.submodule_search_locations if spec is not None else None
        folder = Path(next(iter(locations)), "dictionaries") if locations else None
        languages: dict[str, Path] = {}
        if folder is not None and folder.is_dir():
            for path in sorted(folder.iterdir()):  # sorted as pyphen sorts them
                if path.suffix == ".dic":
                    name = path.name[5:-4]
                    languages[name] = path
                    languages.setdefault(name.split("_")[0], path)
        else:
            import pyphen

            languages = {name: Path(str(path)) for name, path in pyphen.LANGUAGES.items()}
        _LANGUAGES[:] = [languages]
    return _LANGUAGES[0]


def _language_fallback(language: str) -> str | None:
    """``pyphen.language_fallback``: the pattern set for ``language``, dropping subtags from
    the end until one is known (``"de_CH_1901"`` → ``"de_CH"``), or None."""
    lowercase = {name.lower(): name for name in _languages()}
    parts = language.replace("-", "_").lower().split("_")
    while parts:
        found = lowercase.get("_".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None
