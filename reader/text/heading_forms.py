"""Heading forms: the vocabulary and patterns of heading-like lines, per script.

:mod:`reader.text.headings` decides which candidates are real headings; this
module only says which lines *look* like one and what they would be called:
English/French/German/Russian keyword headings (``CHAPTER I``, ``Chapter 12:
Title``, ``BOOK ONE: 1805``, ``PREMIÈRE PARTIE``, ``Erstes Kapitel``, ``Глава
первая``), Prologue/Epilogue and friends, bare and titled numerals (``IV``,
``I. Title``, ``12 - Title``), Chinese ``第一回``/``第1章``/``序章`` and Aozora
``［＃「一」は中見出し］`` annotations.

Latin-script forms are only tried on lines that start a paragraph and begin
with a capitalised heading word or a numeral (one ``re`` scan over the whole
text finds them, so a 30 MB text is fast); CJK and Aozora forms are found with
patterns that begin with a literal (``\\n``, ``［＃``) so ``re`` can skip
through the text quickly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reader.text import rx
from reader.text.spacing import collapse, spaced_lines


def _w(words: str) -> list[str]:
    return words.split()


_EN_UNITS = _w("one two three four five six seven eight nine")
_EN_CARD = [*_EN_UNITS, *_w("ten eleven twelve thirteen fourteen fifteen sixteen seventeen")]
_EN_CARD += _w("eighteen nineteen")
_EN_TENS = _w("twenty thirty forty fifty sixty seventy eighty ninety")
_EN_ORD_UNITS = _w("first second third fourth fifth sixth seventh eighth ninth")
_EN_ORD = [*_EN_ORD_UNITS, *_w("tenth eleventh twelfth thirteenth fourteenth fifteenth")]
_EN_ORD += _w("sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth")
_EN_ORD += _w("fiftieth last final")
_EN_NUM = (
    rf"(?:(?:{'|'.join(_EN_TENS)})(?:[- ](?:{'|'.join(_EN_UNITS + _EN_ORD_UNITS)}))?"
    rf"|{'|'.join(sorted(_EN_CARD + _EN_ORD, key=len, reverse=True))}|hundred)"
)
_RU_ORD = (
    r"(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат|"
    r"двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат|"
    r"девятнадцат|двадцат|последн)(?:ая|ья|яя|ый|ой|ий|ое|ье|ее)"
)
_FR_ORD = (
    r"(?:premi[eè]re?|seconde?|derni[eè]re?|(?:deux|trois|quatr|cinqu|six|sept|huit|neuv|"
    r"dix|onz|douz|treiz|quatorz|quinz|seiz|dix-sept|dix-huit|dix-neuv|vingt)i[eè]me)"
)
_DE_ORD = (
    r"(?:erst|zweit|dritt|viert|fünft|sechst|siebt|siebent|acht|neunt|zehnt|elft|zwölft|"
    r"letzt)(?:e|er|es|en)"
)
_ORD_WORD = rf"(?:{_RU_ORD}|{_FR_ORD}|{_DE_ORD}|{'|'.join(_EN_ORD)})"
_NUM = rf"(?:\d{{1,4}}|[IVXLCDM]{{1,8}}|{_EN_NUM}|{_RU_ORD}|{_FR_ORD}|{_DE_ORD})"

_KW_PART = r"book|part|volume|vol\.|teil|buch|partie|livre|tome|часть|книга|том|parte|libro"
_KW_CHAP = r"chapter|chap\.|ch\.|adventure|stave|kapitel|chapitre|глава|capítulo|capitolo"
_KW_SPECIAL = (
    r"prologue|prolog|epilogue|epilog|interlude|afterword|preface|foreword|introduction|"
    r"conclusion|postscript|prelude|prélude|préface|avant-propos|épilogue|vorwort|nachwort|"
    r"einleitung|пролог|эпилог|вступление|предисловие|послесловие|заключение"
)
PART_WORDS = frozenset(_w("book part volume vol. teil buch partie livre tome часть книга том"))
PART_WORDS |= frozenset(_w("parte libro"))

_KW_FIRST = rx.lazy(
    rf"[ \t]*(?P<kw>{_KW_PART}|{_KW_CHAP})[ \t]+(?:the[ \t]+)?(?P<num>{_NUM})"
    r"(?![\w'’])(?P<rest>[^\n]*)$",
    re.I,
)
_ORD_FIRST = rx.lazy(
    rf"[ \t]*(?P<num>{_ORD_WORD})[ \t]+(?P<kw>{_KW_PART}|{_KW_CHAP}|{_KW_SPECIAL})"
    r"(?![\w'’])(?P<rest>[^\n]*)$",
    re.I,
)
_SPECIAL = rx.lazy(rf"[ \t]*(?P<kw>{_KW_SPECIAL})(?![\w'’])(?P<rest>[^\n]*)$", re.I)
_SPECIAL_WORDS = frozenset(w.replace("\\", "") for w in _KW_SPECIAL.split("|"))
_KW_WORDS = frozenset(w.replace("\\", "") for w in (_KW_PART + "|" + _KW_CHAP).split("|"))
_FIRST_WORD_TRIM = ".:;,—–-"
# no heading form starts with these (quick rejection of dialogue and lower-case lines)
_NEVER_FIRST = frozenset("“”‘’\"'«»„(—–-_*abcdefghijklmnopqrstuvwxyz")
_ROMAN_BARE = rx.lazy(r"[ \t]*(?P<num>[IVXLCDM]{1,8})\.?[ \t]*$")
_ROMAN_TITLE = rx.lazy(r"[ \t]*(?P<num>[IVXLCDM]{1,8})\.[ \t]+(?P<rest>\S[^\n]*)$")
_ARABIC_BARE = rx.lazy(r"[ \t]*(?P<num>\d{1,3})\.?[ \t]*$")
_ARABIC_TITLE = rx.lazy(r"[ \t]*(?P<num>\d{1,3})(?:\.|[ \t]*[-–—:])[ \t]+(?P<rest>\S[^\n]*)$")
_CJK_NUM = "0-9０-９一二三四五六七八九十百千零〇两"
_CJK_LINE = (
    rf"[ \t　]*+(?P<mark>第[{_CJK_NUM}]{{1,7}}(?P<unit>[章回节節卷巻部集篇話话])"
    rf"|序章|楔子|序言|引子|前言|尾声|尾聲|后记|後記|终章|終章|番外篇?[{_CJK_NUM}]*)"
    r"(?P<rest>(?:[ \t　:：、.．·][^\n]{0,40})?)[ \t　]*(?=\n|\Z)"
)
# "\n" first: re jumps from line to line instead of trying every character
_CJK = rx.lazy(r"\n(?P<line>" + _CJK_LINE + ")")
_CJK_AT = rx.lazy(_CJK_LINE)
# starts with the literal "［＃" so re skips quickly to annotations; the line is found after
_AOZORA = rx.lazy(
    r"［＃(?:「(?P<t>[^」\n]+)」は(?:同行|窓)?(?P<lv>大|中|小)見出し］"
    r"|(?:同行|窓)?(?P<lv2>大|中|小)見出し］(?P<t2>[^\n［]+)［＃(?:同行|窓)?[大中小]見出し終わり］)"
)
_ROMAN_LETTERS = rx.lazy(r"[IVXLCDMivxlcdm]+")
_ROMAN_OK = rx.lazy(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_WS = rx.lazy(r"[ \t\u3000]+")
_SEP = " \t.:-–—,"

PART, CHAP, SUB, SPECIAL_RANK = 0, 1, 2, -1


@dataclass(slots=True)
class Cand:
    """A heading-like line before the guards decide."""

    start: int
    end: int
    title: str
    family: str
    rank: int
    number: int | None
    strict: bool  # CJK/Aozora forms: need no blank lines around them
    bare: bool  # marker with no title (may take the next all-caps line as subtitle)
    indent: int = 0


@functools.lru_cache(maxsize=1024)
def _roman(s: str) -> int | None:
    s = s.upper()
    if not s or not _ROMAN_OK.fullmatch(s):
        return None
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def _number(s: str) -> int | None:
    """Value of a numeral token (digits or roman); None for words."""
    if s.isdigit():
        return int(s)
    if _ROMAN_LETTERS.fullmatch(s):
        return _roman(s)
    return None


def clean_title(s: str) -> str:
    """A heading line as a TOC title: underscores (italics) dropped, whitespace collapsed."""
    s = s.replace("_", "").strip(" \t\u3000")
    return _WS.sub(lambda m: "\u3000" if "\u3000" in m.group() else " ", s)


def _rest_ok(rest: str) -> bool:
    """Whether the text after a heading keyword is empty or a plausible title."""
    r = rest.strip()
    if not r:
        return True
    if len(r) > 90 or r[-1] in ",;":
        return False
    sub = r.lstrip(_SEP + "'\"“‘(")
    if not sub:
        return True
    # "Chapter 5 of the report …": a plain space then a lower-case word is prose
    return not (rest[:1].isspace() and rest.strip()[:1] not in _SEP and sub[0].islower())


def _ord_words() -> frozenset[str]:
    """Every ordinal word ``_ORD_WORD`` can match, lower-cased (for a quick first-word test)."""
    words = set(_EN_ORD)
    ru_end = _w("ая ья яя ый ой ий ое ье ее")
    ru = _RU_ORD[3:].split(")(?:")[0].split("|")
    for stem in ru:
        for st in (stem.replace("[её]", "е"), stem.replace("[её]", "ё")):
            words.update(st + e for e in ru_end)
    fr = _w("premier première premiere second seconde dernier dernière derniere")
    for st in _w(
        "deux trois quatr cinqu six sept huit neuv dix onz douz treiz quatorz quinz seiz "
        "dix-sept dix-huit dix-neuv vingt"
    ):
        fr += [st + "ième", st + "ieme"]
    de = []
    for st in _w("erst zweit dritt viert fünft sechst siebt siebent acht neunt zehnt elft"):
        de += [st + e for e in ("e", "er", "es", "en")]
    de += [f"zwölft{e}" for e in ("e", "er", "es", "en")] + [f"letzt{e}" for e in ("e", "er")]
    return frozenset(words | set(fr) | set(de))


_ORD_WORDS = _ord_words()


def _head_words_pattern(words: frozenset[str]) -> str:
    """A regex matching any text that starts with one of ``words`` (lower-case) written
    with a capital first letter, the rest in any case.

    Headings always start with a capital (see :func:`_kw_cand`), and an exact
    first character lets ``re`` drop most branches at once; a word that is a
    prefix of another ends its branch (the exact test is :func:`latin_line`'s).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + walk(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    # every capital that casefolds to a word's first letter (the Kelvin sign is a K)
    branches = [
        f"[{first.upper()}{'K' if first == 'k' else ''}](?i:{walk(trie[first])})"
        for first in sorted(trie)
        if first.upper() != first
    ]
    return "(?:" + "|".join(branches) + ")"


@functools.cache
def _head_start() -> re.Pattern[str]:
    """A paragraph start that could begin a heading: a superset of the lines
    :func:`latin_line` accepts (a capitalised keyword, special or ordinal word; a
    roman or arabic number alone or before "." or a dash). Skipping every other
    paragraph inside ``re`` is what keeps a 30 MB text fast. Built on first use."""
    return rx.compile(
        r"\n[ \t]*+\n(?=[ \t]*+(?:[IVXLCDM]{1,8}+(?:\.|[ \t]*+(?:\n|\Z))"
        r"|\d{1,3}+(?:\.|[ \t]*+(?:[-–—:]|\n|\Z))|"
        + _head_words_pattern(_KW_WORDS | _SPECIAL_WORDS | _ORD_WORDS)
        + "))"
    )


_BARE_PUNCT = " \t.:-–—"


def _kw_cand(m: re.Match[str], family: str, rank: int, num: int | None) -> Cand | None:
    lead = m.group("num") if family == "ord" else m.group("kw")
    line = m.group()
    if not (lead[:1].isupper() and _rest_ok(m.group("rest")) and len(line.strip()) <= 100):
        return None
    return Cand(
        m.start(),
        m.end(),
        clean_title(line),
        family,
        rank,
        num,
        False,
        not m.group("rest").strip(_BARE_PUNCT),  # "CHAPTER I." is bare too
    )


def latin_line(text: str, s: int, e: int) -> Cand | None:
    """The heading candidate for the line ``text[s:e]``, if it looks like one."""
    parts = text[s:e].split(None, 1)
    if not parts:
        return None
    raw = parts[0].casefold()
    word = raw.rstrip(_FIRST_WORD_TRIM)
    if raw in _KW_WORDS or word in _KW_WORDS:
        m = _KW_FIRST.match(text, s, e)
        if m:
            tok = m.group("num")
            num = _number(tok)
            if num is None and _ROMAN_LETTERS.fullmatch(tok):
                return None
            kw = m.group("kw").casefold()
            rank = PART if kw in PART_WORDS else CHAP
            return _kw_cand(m, "kw:" + kw.rstrip("."), rank, num)
    if word in _SPECIAL_WORDS:
        m = _SPECIAL.match(text, s, e)
        return _kw_cand(m, "special", SPECIAL_RANK, None) if m else None
    if word in _ORD_WORDS:
        m = _ORD_FIRST.match(text, s, e)
        if m:
            kw = m.group("kw").casefold()
            if kw in _SPECIAL_WORDS:
                return _kw_cand(m, "ord", SPECIAL_RANK, None)
            rank = PART if kw in PART_WORDS else CHAP
            c = _kw_cand(m, "ord", rank, None)
            if c:
                c.family = "kw:" + kw.rstrip(".")
            return c
        return None
    first = parts[0][0]
    if first in "IVXLCDM":
        forms = ((_ROMAN_BARE, "roman", SUB), (_ROMAN_TITLE, "roman-title", CHAP))
    elif first.isdigit():
        forms = ((_ARABIC_BARE, "arabic", SUB), (_ARABIC_TITLE, "arabic-title", CHAP))
    else:
        return None
    for form, fam, rank in forms:
        m = form.match(text, s, e)
        if not m:
            continue
        num = _number(m.group("num"))
        if num is None:
            return None
        if fam.endswith("title"):
            rest = m.group("rest").strip()
            if len(rest) > 70 or rest[-1] in ",;:" or (rest[0].isalpha() and rest[0].islower()):
                return None
        return Cand(m.start(), m.end(), clean_title(m.group()), fam, rank, num, False, False)
    return None


def latin_candidates(text: str, lo: int, hi: int) -> list[Cand]:
    """Heading-like lines that start a paragraph (Latin and Cyrillic forms)."""
    out: list[Cand] = []
    starts = [lo] if lo < hi and not text[lo : lo + 1].isspace() else []
    starts += [m.end() for m in _head_start().finditer(text, max(lo - 1, 0), hi)]
    for s in starts:
        e = text.find("\n", s, hi)
        e = hi if e < 0 else e
        if e - s > 110 or text[s] in _NEVER_FIRST:
            continue
        c = latin_line(text, s, e)
        if c is not None:
            out.append(c)
    return out


def cjk_candidates(text: str, lo: int, hi: int) -> list[Cand]:
    """Chinese/Japanese chapter lines: 第一回, 第1章, 第十二章 标题, 序章, 楔子, 番外 …"""
    out: list[Cand] = []
    ms = [(m.start("line"), m) for m in _CJK.finditer(text, max(lo - 1, 0), hi)]
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        first = _CJK_AT.match(text, lo, hi)
        if first:
            ms.insert(0, (lo, first))
    for s, m in ms:
        if s < lo:
            continue
        unit = m.group("unit")
        if unit is None:
            rank, fam = SPECIAL_RANK, "special"
        else:
            rank = PART if unit in "卷巻部集篇" else SUB if unit in "节節" else CHAP
            fam = "cjk:" + unit
        line = text[s : m.end()]
        out.append(
            Cand(
                s,
                m.end(),
                clean_title(line),
                fam,
                rank,
                None,
                True,
                unit is not None and not m.group("rest").strip(),
            )
        )
    return out


def aozora_candidates(text: str, lo: int, hi: int) -> list[Cand]:
    """Aozora Bunko heading annotations: ``［＃「一」は中見出し］`` → title "一"."""
    out: list[Cand] = []
    for m in _AOZORA.finditer(text, lo, hi):
        if out and m.start() < out[-1].end:
            continue  # one heading per line
        lv = m.group("lv") or m.group("lv2")
        title = m.group("t") or m.group("t2") or ""
        s = text.rfind("\n", lo, m.start()) + 1
        s = max(s, lo)
        e = text.find("\n", m.end(), hi)
        e = hi if e < 0 else e
        rank = {"大": PART, "中": CHAP, "小": SUB}[lv]
        out.append(Cand(s, e, clean_title(title), "aozora:" + lv, rank, None, True, False))
    return out


def looks_like_heading(text: str, s: int, e: int) -> bool:
    """True when the line ``text[s:e]`` has the form of a chapter or part heading (in any
    script, letter-spaced or not)."""
    if latin_line(text, s, e) is not None or _CJK_AT.match(text, s, e) is not None:
        return True
    words = collapse(text[s:e])
    if words == text[s:e]:
        return False
    return latin_line(words, 0, len(words)) is not None or _CJK_AT.match(words) is not None


def spaced_candidates(text: str, lo: int, hi: int) -> list[Cand]:
    """Letter-spaced heading lines (``C H A P T E R   O N E``, ``第 一 回``), read as the
    words they spell; the candidate keeps the line's own range."""
    out: list[Cand] = []
    for s, e in spaced_lines(text, lo, hi):
        words = collapse(text[s:e])
        if words == text[s:e]:
            continue
        c = latin_line(words, 0, len(words))
        if c is None:
            cjk = _CJK_AT.match(words)
            if cjk is None:
                continue
            unit = cjk.group("unit")
            if unit is None:
                rank, fam = SPECIAL_RANK, "special"
            else:
                rank = PART if unit in "卷巻部集篇" else SUB if unit in "节節" else CHAP
                fam = "cjk:" + unit
            bare = unit is not None and not cjk.group("rest").strip()
            c = Cand(0, 0, clean_title(words), fam, rank, None, True, bare)
        out.append(Cand(s, e, c.title, c.family, c.rank, c.number, c.strict, False))
    return out


# A bare heading on a line of its own (no blank line around it): "VII.", "12", "CHAPTER V",
# "ЧАСТЬ ПЕРВАЯ". "\n" first; the look-ahead rejects most lines at their first character.
_TIGHT = rx.lazy(
    r"\n(?=[ \t]*+(?:[IVXLCDM]{1,8}+\.?|\d{1,3}+\.?|[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё.]{1,10}[ \t]"
    r"[^\n]{1,40}?)[ \t]*+\n)"
)


def tight_candidates(text: str, lo: int, hi: int) -> list[Cand]:
    """Bare headings in text without blank lines (a PDF export's indented paragraphs):
    a keyword heading or a numeral alone on its line, after a line that ends a sentence
    (or another heading) and before a line that starts one."""
    out: list[Cand] = []
    for m in _TIGHT.finditer(text, max(lo - 1, 0), hi):
        s = m.end()
        e = text.find("\n", s, hi)
        e = hi if e < 0 else e
        c = latin_line(text, s, e)
        if c is None or (c.family.endswith("-title") and not c.bare):
            continue
        p = text.rfind("\n", lo, max(s - 1, lo))
        prev = text[max(p + 1, lo) : s - 1].rstrip()
        a1 = e + 1  # the next non-blank line (a few blank lines may stand between)
        for _ in range(12):
            e1 = text.find("\n", a1, hi)
            e1 = hi if e1 < 0 else e1
            if text[a1:e1].strip() or e1 >= hi:
                break
            a1 = e1 + 1
        after = text[a1:e1]
        nxt = after.lstrip(" \t\u3000")
        if (
            prev
            and prev[-1] not in ".!?…:—\"'”’»)]"
            and latin_line(text, max(p + 1, lo), s - 1) is None
        ):
            continue
        if not nxt or nxt[0].islower():
            continue
        if latin_line(text, a1, e1) is not None:
            # a part heading over its first chapter's, not a list of headings
            a2 = e1 + 1
            e2 = text.find("\n", a2, hi)
            line2 = text[a2 : hi if e2 < 0 else e2]
            if not line2.strip() or latin_line(text, a2, a2 + len(line2)) is not None:
                continue
        c.strict = True
        out.append(c)
    return out
