"""Printed contents entries linked to the chapters they name.

A printed contents rarely matches its headings letter for letter: ``Chapter One``
for ``CHAPTER I``, ``Ch. 3`` for ``Chapter 3``, ``第1回`` for ``第一回``, a typo, a
page number and a row of dots after the entry. Entries and chapter titles are
reduced to comparable keys (case folded; numbers in words, roman or Chinese
numerals written as digits; abbreviations spelled out; leaders and page numbers
dropped) and matched in order with rapidfuzz (through :mod:`reader.text.fuzzy`, which
asks it only of pairs that could match), so that every entry leads to its chapter:
:attr:`Book.contents_links`, and :func:`contents_entries` for one CONTENTS block (what
the layout shows as links).
"""

from __future__ import annotations

import bisect
import functools
import re

from reader.text import fuzzy, rx
from reader.text.book import BlockKind, Book, Chapter, ContentsLink

__all__ = ["MATCH_MIN", "contents_entries", "link_at", "link_contents", "match_key"]

MATCH_MIN = 80.0
"""Least score (0–100) for an entry to lead to a chapter."""
_AHEAD = 8  # chapters looked at after the last one matched
_WORDS_MIN = 90.0  # least score for an entry without a number

# a page number after leaders ("…… 17", "     17"), or after a space when a number
# came before it ("Chapter 4 14")
_LEADERS = rx.lazy_stdlib(r"(?:(?:\s*[.·…_-]){2,}\s*|\s{2,})(?:\d{1,4}|[ivxlcdm]{1,8})\s*$", re.I)
_LAST_NUMBER = rx.lazy_stdlib(r"(?<=\d)(?P<gap>[^\d]+)\d{1,4}\s*$")
_WORD = rx.lazy_stdlib(r"(?P<w>[^\W_]+)(?P<dot>[.:])?")


def _words(words: str) -> list[str]:
    return words.split()


_HEADING_WORDS = frozenset(
    _words("chapter part book volume adventure stave letter canto section глава часть книга том")
)
_ROMAN_TOKEN = rx.lazy_stdlib(r"^[ivxlcdm]+$")
_CN_NUM = rx.lazy_stdlib(r"[零〇一二两三四五六七八九十百千]+")
_DIGITS = rx.lazy_stdlib(r"\d+")
_ABBREVIATIONS = {
    "ch": "chapter",
    "chap": "chapter",
    "pt": "part",
    "bk": "book",
    "vol": "volume",
    "гл": "глава",
    "ч": "часть",
    "кн": "книга",
}
_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_EN_NUMBERS.update(
    {
        w: i + 1
        for i, w in enumerate(
            _words(
                "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                "nineteenth twentieth"
            )
        )
    }
)
_RU_NUMBERS = {
    stem: i + 1
    for i, stem in enumerate(
        _words(
            "перв втор трет четв[её]рт пят шест седьм восьм девят десят одиннадцат "
            "двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат "
            "восемнадцат девятнадцат двадцат"
        )
    )
}
_RU_ORDINAL = rx.lazy_stdlib("^(" + "|".join(_RU_NUMBERS) + ")(?:ая|ья|яя|ый|ой|ий|ое|ье|ее|ая)$")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS.update({"eighty": 80, "ninety": 90})


@functools.lru_cache(maxsize=4096)
def _roman(token: str) -> int | None:
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for i, ch in enumerate(token):
        v = vals[ch]
        total += -v if i + 1 < len(token) and vals[token[i + 1]] > v else v
    return total if total > 0 else None


def _chinese(num: str) -> int:
    digits = "零〇一二两三四五六七八九"
    values = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
    values.update({"六": 6, "七": 7, "八": 8, "九": 9})
    total = section = 0
    for ch in num:
        if ch in digits:
            section = values[ch]
        elif ch == "十":
            total += (section or 1) * 10
            section = 0
        elif ch == "百":
            total += (section or 1) * 100
            section = 0
        elif ch == "千":
            total += (section or 1) * 1000
            section = 0
    return total + section


def _token(tok: str, prev: str) -> str:
    """One word of a key: numbers of every kind as digits, abbreviations spelled out."""
    if tok in _ABBREVIATIONS:
        return _ABBREVIATIONS[tok]
    if tok in _EN_NUMBERS:
        return str(_EN_NUMBERS[tok])
    if tok in _TENS:
        return str(_TENS[tok])
    m = _RU_ORDINAL.match(tok)
    if m:
        stem = next(s for s in _RU_NUMBERS if re.fullmatch(s, m.group(1)))
        return str(_RU_NUMBERS[stem])
    # "I" is a roman one only as a number (first, after a heading word, or "I.")
    if _ROMAN_TOKEN.match(tok) and (tok != "i" or prev in ("", ".") or prev in _HEADING_WORDS):
        value = _roman(tok)
        if value is not None:
            return str(value)
    return tok


@functools.lru_cache(maxsize=8192)
def match_key(line: str) -> str:
    """A contents entry or a chapter title reduced for comparison (see the module
    docstring): ``"Ch. III .......... 17"`` → ``"chapter 3"``."""
    s = _LEADERS.sub("", line.strip()).casefold()
    m = _LAST_NUMBER.search(s)
    if m and m.group("gap").strip(" .·…_-") == "":
        s = s[: m.start("gap")]
    s = _CN_NUM.sub(lambda m: str(_chinese(m.group())), s)
    out: list[str] = []
    prev = ""
    for w in _WORD.finditer(s):
        tok = w.group("w")
        # "twenty-one" and "twenty one"
        if out and tok in _EN_NUMBERS and out[-1] in {str(v) for v in _TENS.values()}:
            out[-1] = str(int(out[-1]) + _EN_NUMBERS[tok])
            continue
        if tok == "i" and w.group("dot"):
            prev = "."  # "I." is a numeral
        out.append(_token(tok, prev))
        prev = tok
    return " ".join(out)


@functools.lru_cache(maxsize=8192)
def _numbers(key: str) -> frozenset[str]:
    return frozenset(_DIGITS.findall(key))


def _score(entry: str, title: str, least: float = 0.0) -> float:
    """How well an entry's key matches a chapter title's key (0–100); below ``least``,
    only some value below it (:mod:`reader.text.fuzzy`)."""
    if not entry or not title:
        return 0.0
    if entry == title:
        return 100.0
    a, b = _numbers(entry), _numbers(title)
    if a and b and not (a <= b or b <= a):
        head, _sep, last = entry.rpartition(" ")
        if len(head.split()) >= 2 and last.isdigit() and not _DIGITS.search(head):
            return _score(head, title, least)  # "Down the Rabbit-Hole 5": a page number
        return 0.0  # "chapter 1" is never "chapter 11"
    short, long = sorted((entry, title), key=len)
    words = len(short.split())
    if long.startswith(short + " ") or long.endswith(" " + short):
        # "CHAPTER I" for "CHAPTER I: JONATHAN HARKER'S JOURNAL"; a lone number is too little
        return 100.0 if words >= 2 else 60.0
    score = max(fuzzy.ratio(entry, title, least), fuzzy.token_sort_ratio(entry, title, least))
    if words >= 3:
        score = max(score, 0.95 * fuzzy.partial_ratio(short, long, least / 0.95))
    return score


def _best(
    key: str, keys: list[str | None], titles: list[str], lo: int, hi: int, least: float
) -> tuple[float, int] | None:
    best: tuple[float, int] | None = None
    for k in range(lo, hi):
        title_key = keys[k]
        if title_key is None:
            title_key = keys[k] = match_key(titles[k])
        score = _score(key, title_key, least)
        if score >= least and (best is None or score > best[0]):
            best = (score, k)
            if score >= 100.0:
                break  # the nearest exact match
    return best


def _title_rest(
    key: str, keys: list[str | None], titles: list[str], k: int
) -> tuple[int, str] | None:
    """Chapter ``k`` and what its title's key has after the entry ``key`` (an entry that
    names only the start of its chapter's title; ``""`` when it names all of it), else
    None."""
    title_key = keys[k]
    if title_key is None:
        title_key = keys[k] = match_key(titles[k])
    if key and title_key.startswith(key + " "):
        return k, title_key[len(key) + 1 :]
    return (k, "") if key and title_key == key else None


def _subtitle(key: str, rest: tuple[int, str] | None) -> tuple[float, int] | None:
    """``(score, chapter)`` when the entry ``key`` is the rest of the previous entry's
    chapter title (its subtitle on a line of its own), else None."""
    if rest is None or not rest[1] or not key or _DIGITS.search(key):
        return None
    k, words = rest
    score = fuzzy.partial_ratio(key, words, _WORDS_MIN) if len(key) <= len(words) else 0.0
    return (score, k) if score >= _WORDS_MIN else None


def link_contents(
    text: str, blocks_in_contents: list[tuple[int, int]], chapters: list[Chapter]
) -> list[ContentsLink]:
    """Every line of the contents blocks ``[(start, end), …]`` with the chapter it leads to.

    Entries are matched in order: each to the best-scoring chapter among the next few
    after the last match (or that same chapter again: an entry's second line); further
    on, only to a chapter whose title reduces to the same words. A contents before
    chapters looks at the chapters after it, one after every chapter at those before it.
    """
    titles = [c.title for c in chapters]
    offsets = [c.offset for c in chapters]
    keys: list[str | None] = [None] * len(chapters)
    by_key: dict[str, list[int]] | None = None
    out: list[ContentsLink] = []
    done = 0  # chapters before this are taken by an earlier contents
    # what the last entry left of its chapter's title ("CHAPTER XIII" of "CHAPTER XIII:
    # DR. SEWARD'S DIARY"): the next line, when it is that, is the same entry's subtitle
    rest: tuple[int, str] | None = None
    for a, b in blocks_in_contents:
        after = bisect.bisect_left(offsets, b)
        nxt = after if after < len(chapters) else done
        pos = a
        while pos < b:
            e = text.find("\n", pos, b)
            e = b if e < 0 else e
            line = text[pos:e]
            if line.strip():
                s = pos + len(line) - len(line.lstrip())
                near = min(len(chapters), nxt + _AHEAD)
                plain = line.strip()
                k = next((k for k in range(max(0, nxt - 1), near) if titles[k] == plain), -1)
                if k >= 0:  # the entry is the heading, letter for letter
                    end = pos + len(line.rstrip())
                    out.append(ContentsLink(s, end, k, chapters[k].offset, 100.0))
                    nxt = max(nxt, k + 1)
                    rest = (k, "")
                    pos = e + 1
                    continue
                key = match_key(line)
                # an entry with no number must match well: a subtitle line is not its chapter
                least = MATCH_MIN if _DIGITS.search(key) else _WORDS_MIN
                best = _subtitle(key, rest)
                if best is None:
                    best = _best(key, keys, titles, max(0, nxt - 1), near, least)
                if best is None:  # further on, only the same words (a part's entry)
                    if by_key is None:
                        by_key = {}
                        for k, title in enumerate(titles):
                            by_key.setdefault(match_key(title), []).append(k)
                    later = [k for k in by_key.get(key, ()) if k >= near]
                    best = (100.0, later[0]) if later else None
                if best is None and rest is not None and not rest[1] and not _DIGITS.search(key):
                    # under an entry that is its chapter's whole title ("CHAPTER V"), a line
                    # that names no chapter is that entry's subtitle ("Letters—Lucy and Mina")
                    best = (_WORDS_MIN, rest[0])
                rest = None
                if best is None:
                    out.append(ContentsLink(s, pos + len(line.rstrip()), -1, -1, 0.0))
                else:
                    score, k = best
                    out.append(
                        ContentsLink(s, pos + len(line.rstrip()), k, chapters[k].offset, score)
                    )
                    nxt = max(nxt, k + 1)
                    rest = _title_rest(key, keys, titles, k)
            pos = e + 1
        done = max(done, nxt)
    return out


def contents_entries(book: Book, block_index: int) -> list[ContentsLink]:
    """The entries of the printed contents block ``block_index`` of ``book``, each with the
    chapter it leads to (``chapter``/``offset`` -1 when none matched), in order.

    For the layout: show each entry's line as a link to ``offset``. Empty for a block
    that is not a CONTENTS block.
    """
    blocks = book.blocks
    if not 0 <= block_index < len(blocks) or blocks.kinds()[block_index] != BlockKind.CONTENTS:
        return []
    start, end = blocks.starts()[block_index], blocks.ends()[block_index]
    links = book.contents_links
    i = bisect.bisect_left(links, (start,))
    out = []
    while i < len(links) and links[i].start < end:
        out.append(links[i])
        i += 1
    return out


def link_at(book: Book, offset: int) -> ContentsLink | None:
    """The printed contents entry at source ``offset`` that leads to a chapter (None when
    ``offset`` is on no entry, or on one that matched no chapter): what a click or Enter
    on the page follows."""
    links = book.contents_links
    i = bisect.bisect_right(links, (offset, len(book.text) + 1)) - 1
    if i >= 0 and links[i].start <= offset < links[i].end and links[i].offset >= 0:
        return links[i]
    return None
