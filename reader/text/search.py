"""Full-text search over a book, streamed in batches so a worker thread can post hits early.

Plain queries are case- and accent-insensitive by default without folding the
book: the query is folded (NFD, combining marks stripped, casefolded) and each
letter becomes a character class of every character that folds to it (``e`` →
``[eEéÉèÈ…]``), so the pattern runs on the source text and hit offsets are exact
source offsets. Chunks that hold none of the accented variants (most chunks of
an English book) use a plain case-insensitive literal, which is much faster.
Whitespace in a query matches any run of whitespace, so "the end" finds a
hard-wrapped ``the\\nend``.

Regular expressions use the ``regex`` package (for its ``timeout``); when
accent-insensitive they run on a copy of the chunk with accented letters replaced
one-for-one by their base letters, so offsets stay exact there too.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from reader.text import rx

if TYPE_CHECKING:
    import regex

    from reader.text.book import Book

__all__ = [
    "SearchError",
    "SearchHit",
    "SearchOptions",
    "SearchTimeout",
    "compile_search",
    "iter_hits",
    "search_book",
    "snippet",
]

CONTEXT_CHARS = 40
"""Characters of context shown on each side of a hit."""

# Plain matches are short (query length plus whitespace runs); regex matches may
# be long. A match longer than the overlap that starts near a chunk's end is cut.
_PLAIN_OVERLAP = 4096
_REGEX_OVERLAP = 65536
_LOOKBEHIND = 256
_STEP = 250_000

# Ranges whose letters get accent/case variants (Latin, Greek, Cyrillic, ligatures).
_FOLD_RANGES = (
    (0x0041, 0x024F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1E00, 0x1FFF),
    (0x2126, 0x212B),
    (0xFB00, 0xFB06),
)
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK_RE = rx.lazy_stdlib(f"[{_CJK}]")
# Typographic quotes and hyphens a reader cannot type: matched by their ASCII forms.
_PUNCT_VARIANTS = {"'": "'‘’‛ʼ′", '"': '"“”„‟″', "-": "-‐‑"}
_PUNCT_FOLD = str.maketrans({v: k for k, vs in _PUNCT_VARIANTS.items() for v in vs if v != k})
# A "word character" for whole-word matching: \w minus CJK (which has no word breaks).
_WORDCH = f"[^\\W{_CJK}]"
_WORDCH_RE = rx.lazy_stdlib(_WORDCH)


class SearchError(Exception):
    """The search cannot run (e.g. an invalid regular expression); ``str()`` says why."""


class SearchTimeout(SearchError):
    """A regular expression ran too long and the search was stopped."""


@dataclass(frozen=True)
class SearchOptions:
    """What to search for and how."""

    query: str
    case_sensitive: bool = False
    accent_sensitive: bool = False
    whole_word: bool = False
    regex: bool = False
    timeout_s: float = 2.0
    """Longest time one chunk (about a million characters) may take; regex searches only."""
    max_hits: int | None = 500_000
    """Stop after this many hits (a regex like ``.`` would otherwise exhaust memory);
    a caller that received exactly ``max_hits`` hits can say the list was cut short."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One hit: ``[start, end)`` in the book's text, its chapter and context (computed on demand).

    The context pieces are plain text from the book (whitespace collapsed): show
    them as plain text, bolding ``match_text`` by styling, never via HTML.
    """

    start: int
    end: int
    chapter_index: int
    text: str = field(repr=False, compare=False)
    """The searched text (the book's whole text; shared, not copied)."""

    @property
    def context_before(self) -> str:
        """About :data:`CONTEXT_CHARS` characters before the hit, whitespace collapsed."""
        return snippet(self.text, self.start, self.end)[0]

    @property
    def match_text(self) -> str:
        """The matched text, whitespace collapsed."""
        return snippet(self.text, self.start, self.end)[1]

    @property
    def context_after(self) -> str:
        """About :data:`CONTEXT_CHARS` characters after the hit, whitespace collapsed."""
        return snippet(self.text, self.start, self.end)[2]

    @property
    def context(self) -> str:
        """The whole snippet: ``context_before + match_text + context_after``."""
        return "".join(snippet(self.text, self.start, self.end))


def _collapse(s: str) -> str:
    return " ".join(s.split())


def snippet(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """``(before, match, after)`` around ``text[start:end]``, whitespace runs collapsed.

    ``before`` and ``after`` are cut to about ``width`` characters at a word
    boundary where one is near, and keep a single space next to the match when
    there was whitespace there.
    """
    raw_before = text[max(0, start - 2 * width) : start]
    raw_after = text[end : end + 2 * width]
    before = _collapse(raw_before)
    after = _collapse(raw_after)
    if len(before) > width:
        cut = before.find(" ", len(before) - width)
        before = before[cut + 1 :] if 0 <= cut < len(before) - width // 2 else before[-width:]
    if len(after) > width:
        cut = after.rfind(" ", 0, width)
        after = after[:cut] if cut > width // 2 else after[:width]
    raw = text[start:end]
    match = _collapse(raw)
    if raw[:1].isspace():
        match = " " + match
    elif before and raw_before[-1:].isspace():
        before += " "
    if raw[-1:].isspace() and match.strip():
        match += " "
    elif after and raw_after[:1].isspace():
        after = " " + after
    return before, match, after


# ---------------------------------------------------------------- folding tables


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Tables:
    fold_ci: dict[str, frozenset[str]]
    """Folded letter → every character (any case, any accent) folding to it."""
    fold_cs: dict[str, frozenset[str]]
    """Base letter → every accented form of it with the same case."""
    expansions: dict[str, frozenset[str]]
    """Multi-letter folds: ``ss`` → ``ßẞ``, ``fi`` → ``ﬁ``, ``ae`` → ``æÆ`` …"""
    deaccent: dict[str, str]
    """Accented letter → its base letter, same case (one char to one char)."""


@cache
def _tables() -> _Tables:
    ci: dict[str, set[str]] = {}
    cs: dict[str, set[str]] = {}
    exp: dict[str, set[str]] = {"ae": {"æ", "Æ"}, "oe": {"œ", "Œ"}}
    deaccent: dict[str, str] = {}
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi + 1):
            c = chr(cp)
            if not c.isalpha():
                continue
            base = _strip_marks(c)
            if len(base) == 1 and base != c:
                deaccent[c] = base
                cs.setdefault(base, {base}).add(c)
            key = base.casefold()
            if len(key) == 1:
                ci.setdefault(key, {key}).add(c)
            elif key.isalpha():
                exp.setdefault(key, set()).add(c)
    for k, vs in _PUNCT_VARIANTS.items():
        ci[k] = set(vs)
        cs[k] = set(vs)
    return _Tables(
        fold_ci={k: frozenset(v) for k, v in ci.items()},
        fold_cs={k: frozenset(v) for k, v in cs.items()},
        expansions={k: frozenset(v) for k, v in exp.items()},
        deaccent=deaccent,
    )


def fold_query(query: str, *, case_sensitive: bool, accent_sensitive: bool) -> str:
    """The query as it is matched: whitespace collapsed, accents and case folded as asked."""
    q = " ".join(query.split())
    if accent_sensitive:
        q = unicodedata.normalize("NFC", q)
    else:
        q = _strip_marks(q).translate(_PUNCT_FOLD)
    if not case_sensitive:
        q = q.casefold()
    return q


def _char_class(chars: frozenset[str] | set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


# ---------------------------------------------------------------- matchers


class _Matcher:
    """Finds ``(start, end)`` spans in ``text[pos:endpos]`` (offsets into ``text``)."""

    overlap = _PLAIN_OVERLAP

    def spans(self, text: str, pos: int, limit: int, endpos: int) -> list[tuple[int, int]]:
        """Spans starting in ``[pos, limit)``, searching ``text[pos:endpos]``."""
        raise NotImplementedError


def _regex() -> ModuleType:
    """The ``regex`` package, imported on the first search: ~2 MB and 7 ms that a reader
    who never searches does not pay."""
    import regex

    return regex


def _kw(pattern: object) -> dict[str, bool]:
    """``concurrent=True`` for ``regex`` patterns: they then release the GIL while matching."""
    regex = sys.modules.get("regex")  # not loaded: the pattern cannot be one of its
    return {"concurrent": True} if regex is not None and isinstance(pattern, regex.Pattern) else {}


def _collect(it: Iterator[re.Match[str]], limit: int, offset: int = 0) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    append = out.append
    for m in it:
        s, e = m.span()
        if s + offset >= limit:
            break
        if e > s:
            append((s + offset, e + offset))
    return out


class _PlainMatcher(_Matcher):
    def __init__(self, opts: SearchOptions) -> None:
        q = fold_query(
            opts.query, case_sensitive=opts.case_sensitive, accent_sensitive=opts.accent_sensitive
        )
        if not q:
            raise SearchError("Type something to search for.")
        whole = opts.whole_word and not _CJK_RE.search(q)
        ci = not opts.case_sensitive
        literal = r"\s+".join(re.escape(w) for w in q.split(" "))
        # The check before a whole-word match is done in Python (see spans): a
        # leading look-behind would disable the engines' fast scan for the first letter.
        self.head_guard = whole and re.match(r"\w", q) is not None
        self.tail = f"(?!{_WORDCH})" if whole and re.search(r"\w$", q) else ""
        # The fast pattern: a literal (case-insensitive when asked); exact on chunks
        # holding none of the accented variants of the query's letters.
        regex = _regex()
        self.fast = regex.compile(self._guard(literal), (regex.IGNORECASE if ci else 0) | regex.V0)
        self.full: re.Pattern[str] | None = None
        self.trigger: re.Pattern[str] | None = None
        if not opts.accent_sensitive:
            full, variants = self._expand(q, ci)
            if variants:
                self.full = re.compile(self._guard(full))
                self.trigger = re.compile(_char_class(variants)[:-1] + _COMBINING + "]")

    def _guard(self, pattern: str) -> str:
        return f"(?:{pattern}){self.tail}" if self.tail else pattern

    @staticmethod
    def _expand(q: str, ci: bool) -> tuple[str, set[str]]:
        """The accent-tolerant pattern for folded query ``q`` and its non-ASCII variants."""
        t = _tables()
        table = t.fold_ci if ci else t.fold_cs
        marks = f"[{_COMBINING}]*"
        variants: set[str] = set()

        def atom(ch: str) -> str:
            if ch == " ":
                return r"\s+"
            chars = table.get(ch)
            if chars is None or len(chars) == 1:
                return re.escape(ch) + (marks if ch.isalpha() else "")
            variants.update(c for c in chars if not c.isascii())
            return _char_class(chars) + marks

        keys = sorted(t.expansions, key=len, reverse=True) if ci else []
        parts: list[str] = []
        i = 0
        while i < len(q):
            key = next((k for k in keys if q.startswith(k, i)), None)
            if key is not None:
                chars = t.expansions[key]
                variants.update(chars)
                inner = "".join(atom(c) for c in key)
                parts.append(f"(?:{inner}|{_char_class(chars)})")
                i += len(key)
            else:
                parts.append(atom(q[i]))
                i += 1
        return "".join(parts), variants

    def spans(self, text: str, pos: int, limit: int, endpos: int) -> list[tuple[int, int]]:
        pattern: re.Pattern[str] | regex.Pattern[str] = self.fast
        if self.full is not None and self.trigger is not None:
            # The literal is exact unless the chunk holds an accented variant.
            pattern = self.full if self.trigger.search(text, pos, endpos) else self.fast
        if not self.head_guard:
            return _collect(pattern.finditer(text, pos, endpos, **_kw(pattern)), limit)
        out: list[tuple[int, int]] = []
        search = pattern.search
        while True:
            m = search(text, pos, endpos, **_kw(pattern))
            if m is None or m.start() >= limit:
                return out
            s, e = m.span()
            if s > 0 and _WORDCH_RE.match(text, s - 1):
                pos = s + 1  # inside a word: a whole-word hit may still start later in it
                continue
            out.append((s, e))
            pos = e


class _RegexMatcher(_Matcher):
    overlap = _REGEX_OVERLAP

    def __init__(self, opts: SearchOptions) -> None:
        if not opts.query:
            raise SearchError("Type a regular expression to search for.")
        regex = _regex()
        flags = regex.MULTILINE | regex.V0
        if not opts.case_sensitive:
            flags |= regex.IGNORECASE
        source = opts.query
        if opts.whole_word and not _CJK_RE.search(source):
            source = f"(?<!{_WORDCH})(?:{source})(?!{_WORDCH})"
        try:
            self.pattern = regex.compile(source, flags)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise SearchError(f"Invalid regular expression: {exc}") from None
        self.timeout = opts.timeout_s
        self.fold = not opts.accent_sensitive
        if self.fold:
            accented = _tables().deaccent
            self.deaccent = accented
            self.accented = re.compile(_char_class(set(accented)))
        # A pattern that matches empty text would report nothing useful, slowly.
        try:
            if self.pattern.search("", timeout=self.timeout) or any(
                m.start() == m.end()
                for m in self.pattern.finditer("a b\n\nc.", timeout=self.timeout)
            ):
                raise SearchError(
                    "The regular expression can match empty text; make it match at least "
                    "one character."
                )
        except TimeoutError:
            raise self._timeout_error() from None

    def _timeout_error(self) -> SearchTimeout:
        return SearchTimeout(
            f"The search took too long and was stopped (over {self.timeout:g} s); "
            "try a simpler regular expression."
        )

    def spans(self, text: str, pos: int, limit: int, endpos: int) -> list[tuple[int, int]]:
        try:
            if self.fold:
                lo = max(0, pos - _LOOKBEHIND)
                window = text[lo:endpos]
                if not window.isascii() and self.accented.search(window):
                    table = self.deaccent
                    window = self.accented.sub(lambda m: table[m.group()], window)
                    it = self.pattern.finditer(
                        window, pos - lo, endpos - lo, timeout=self.timeout, concurrent=True
                    )
                    return _collect(it, limit, lo)
            it = self.pattern.finditer(text, pos, endpos, timeout=self.timeout, concurrent=True)
            return _collect(it, limit)
        except TimeoutError:
            raise self._timeout_error() from None


def compile_search(opts: SearchOptions) -> _Matcher:
    """Validate ``opts`` and build the matcher; raises :class:`SearchError` with a clear message."""
    return _RegexMatcher(opts) if opts.regex else _PlainMatcher(opts)


# ---------------------------------------------------------------- drivers


def iter_hits(
    text: str,
    opts: SearchOptions,
    *,
    start: int = 0,
    end: int | None = None,
    chunk_chars: int = 1_000_000,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[tuple[int, int]]]:
    """Yield batches of ``(start, end)`` hit spans in ``text[start:end]``, one batch per chunk.

    Batches come in text order and may be empty (so the caller sees progress).
    Chunks overlap, and each chunk resumes after the previous chunk's last hit,
    so a match across a chunk boundary is reported exactly once and the hits
    equal those of one scan over the whole range. ``cancelled`` is checked
    before each chunk. Raises :class:`SearchError` (or :class:`SearchTimeout`).
    """
    matcher = compile_search(opts)
    n = len(text) if end is None else max(0, min(end, len(text)))
    pos = max(0, start)
    chunk_chars = max(1, chunk_chars)
    remaining = opts.max_hits
    while pos < n:
        if cancelled is not None and cancelled():
            return
        limit = min(n, pos + chunk_chars)
        spans: list[tuple[int, int]] = []
        # Scan in short steps: a step is one C call holding the GIL, and the UI
        # thread waits for it; the batch still covers the whole chunk.
        while pos < limit:
            step_end = min(limit, pos + _STEP)
            found = matcher.spans(text, pos, step_end, min(n, step_end + matcher.overlap))
            spans += found
            pos = max(step_end, found[-1][1]) if found else step_end
        if remaining is not None:
            spans = spans[:remaining]
            remaining -= len(spans)
        yield spans
        if remaining is not None and remaining <= 0:
            return


def search_book(
    book: Book,
    opts: SearchOptions,
    *,
    include_matter: bool = False,
    chunk_chars: int = 1_000_000,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[SearchHit]]:
    """Search ``book`` and yield batches of :class:`SearchHit` as they are found.

    Searches the reading range (front and back matter excluded) unless
    ``include_matter``; a hit that starts in a line the reader is never shown (a
    page number, a running header, a banner: :attr:`Book.dropped`) is left out.
    Meant to run in a worker thread: each batch can be posted to the UI at once;
    ``cancelled`` stops it between chunks.
    """
    lo, hi = (0, len(book.text)) if include_matter else book.reading_range()
    text = book.text
    starts = [c.offset for c in book.chapters]
    for spans in iter_hits(
        text, opts, start=lo, end=hi, chunk_chars=chunk_chars, cancelled=cancelled
    ):
        if not spans:
            yield []
            continue
        # Spans are sorted: walk the chapter list instead of bisecting each hit.
        ci = bisect.bisect_right(starts, spans[0][0]) - 1
        nxt = starts[ci + 1] if ci + 1 < len(starts) else None
        batch: list[SearchHit] = []
        for s, e in spans:
            while nxt is not None and s >= nxt:
                ci += 1
                nxt = starts[ci + 1] if ci + 1 < len(starts) else None
            if book.dropped and book.is_dropped(s):
                continue
            batch.append(SearchHit(s, e, ci, text))
        yield batch
