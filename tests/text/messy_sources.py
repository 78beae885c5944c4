"""Clean models of corpus books, the raw material of the messy-text generator.

Each corpus book is cut into its chapters by rules written for that book (not by
the engine under test), and each chapter into plain paragraphs (hard-wrapped
lines joined, indentation, notation and stanza numbers removed). The generator
in :mod:`tests.text.messy` lays these models out again in the messy ways real
files come in, and so knows where every chapter heading lands.

Nothing here is committed data: everything is read from ``../shared/corpus``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(s: str) -> int:
    """The value of an upper-case roman numeral."""
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def roman(n: int) -> str:
    """``n`` as an upper-case roman numeral."""
    out = []
    for v, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


@dataclass
class Chap:
    """One chapter of a model: its number (within its part), name and paragraphs."""

    number: int
    name: str
    paras: list[str]
    part: str = ""
    """The heading of the part this chapter opens ("" when it opens none)."""


@dataclass
class Model:
    """A book reduced to what the generator needs."""

    key: str
    lang: str
    """``en``, ``fr``, ``ru``, ``zh`` or ``ja``."""
    title: str
    author: str
    chapters: list[Chap] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    """Paragraphs of a book without chapters (fan fiction)."""

    @property
    def cjk(self) -> bool:
        """True for Chinese and Japanese models (lines joined without spaces)."""
        return self.lang in ("zh", "ja")


def _read(rel: str, encoding: str) -> str:
    return (CORPUS / rel).read_bytes().decode(encoding).replace("\r\n", "\n").lstrip("\ufeff")


def _gutenberg_body(text: str) -> str:
    a = re.search(r"(?m)^\*\*\* ?START OF.*$", text)
    b = re.search(r"(?m)^(?:\*\*\* ?END OF|End of (?:the )?Project Gutenberg)", text)
    return text[a.end() if a else 0 : b.start() if b else len(text)]


def _paragraphs(chunk: str, *, cjk: bool = False, verse_as_prose: bool = False) -> list[str]:
    """Plain paragraphs of a chunk: blank-line separated, lines joined, markup removed."""
    out = []
    for para in re.split(r"\n[ \t\u3000]*\n", chunk):
        lines = [ln.strip(" \t\u3000") for ln in para.split("\n")]
        lines = [ln for ln in lines if ln and not re.fullmatch(r"[IVXL]+\.?", ln)]
        if not lines:
            continue
        joined = ("" if cjk else " ").join(lines)
        joined = joined.replace("_", "")
        if not verse_as_prose and re.fullmatch(r"[\W\d_]+", joined):
            continue  # ornaments, stars
        out.append(joined)
    return out


def _cut(body: str, heading: re.Pattern[str]) -> list[tuple[re.Match[str], str]]:
    """``(heading match, text up to the next heading)`` for every heading in ``body``."""
    ms = list(heading.finditer(body))
    return [
        (m, body[m.end() : ms[i + 1].start() if i + 1 < len(ms) else len(body)])
        for i, m in enumerate(ms)
    ]


def _capitalise(s: str) -> str:
    """An all-capitals title in title case ("THE RED-HEADED LEAGUE" → "The Red-headed League")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.strip().split())


def _alice() -> Model:
    body = _gutenberg_body(_read("gutenberg/alices_adventures_in_wonderland__pg11-0.txt", "utf-8"))
    body = body[body.index("CHAPTER I. Down") :]
    chaps = [
        Chap(roman_value(m.group(1)), m.group(2).strip(), _paragraphs(chunk))
        for m, chunk in _cut(body, re.compile(r"(?m)^CHAPTER ([IVXL]+)\.[ \t]*(.*)$"))
    ]
    return Model("alice", "en", "Alice’s Adventures in Wonderland", "Lewis Carroll", chaps)


def _pride() -> Model:
    body = _gutenberg_body(_read("gutenberg/pride_and_prejudice__pg1342.txt", "ascii"))
    chaps = [
        Chap(int(m.group(1)), "", _paragraphs(chunk))
        for m, chunk in _cut(body, re.compile(r"(?m)^Chapter (\d+)[ \t]*$"))
    ]
    return Model("pride", "en", "Pride and Prejudice", "Jane Austen", chaps)


def _sherlock() -> Model:
    body = _gutenberg_body(
        _read("gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt", "latin-1")
    )
    rx = re.compile(r"(?m)^(?:ADVENTURE )?([IVX]+)\. ((?:THE|A) [A-Z' -]+)[ \t]*$")
    chaps = [
        Chap(roman_value(m.group(1)), _capitalise(m.group(2)), _paragraphs(chunk))
        for m, chunk in _cut(body, rx)
    ]
    return Model("sherlock", "en", "The Adventures of Sherlock Holmes", "Arthur Conan Doyle", chaps)


def _dracula() -> Model:
    body = _gutenberg_body(_read("gutenberg/dracula__pg345.txt", "ascii"))
    body = body[body.index("\nDRACULA\n") :]
    chaps = []
    for m, chunk in _cut(body, re.compile(r"(?m)^CHAPTER ([IVXL]+)[ \t]*$")):
        paras = _paragraphs(chunk)
        chaps.append(Chap(roman_value(m.group(1)), _capitalise(paras[0]), paras[1:]))
    return Model("dracula", "en", "Dracula", "Bram Stoker", chaps)


def _bovary() -> Model:
    body = _gutenberg_body(_read("french_latin1/madame_bovary_fr__pg14155-8.txt", "latin-1"))
    body = body[body.index("À Louis Bouilhet") :]
    rx = re.compile(
        r"(?m)^(?:(?P<part>(?:PREMIÈRE|DEUXIÈME|TROISIÈME) PARTIE)\n\n\n)?(?P<n>[IVX]+)$"
    )
    chaps = [
        Chap(roman_value(m.group("n")), "", _paragraphs(chunk), part=m.group("part") or "")
        for m, chunk in _cut(body, rx)
    ]
    return Model("bovary", "fr", "Madame Bovary", "Gustave Flaubert", chaps)


def _war_and_peace() -> Model:
    body = _gutenberg_body(_read("gutenberg/war_and_peace__pg2600-0.txt", "utf-8"))
    body = body[body.index("\nBOOK ONE: 1805\n\n\n") :]
    rx = re.compile(
        r"(?m)^(?:(?P<part>BOOK [A-Z]+: [0-9 -]+|FIRST EPILOGUE: [0-9 -]+|SECOND EPILOGUE)\n+)?"
        r"CHAPTER (?P<n>[IVXL]+)[ \t]*$"
    )
    chaps = [
        Chap(roman_value(m.group("n")), "", _paragraphs(chunk), part=m.group("part") or "")
        for m, chunk in _cut(body, rx)
    ]
    return Model("wap", "en", "War and Peace", "Leo Tolstoy", chaps)


def _onegin_prose() -> Model:
    """Russian prose made from Onegin: each stanza becomes a paragraph, each chapter of the
    novel a part, and every eight stanzas a chapter (numbered afresh in each part)."""
    text = _read("russian_cp1251/evgeniy_onegin.txt", "cp1251")
    rx = re.compile(r"(?m)^(Глава \w+|Вступление)[ \t]*$")
    chaps: list[Chap] = []
    for m, chunk in _cut(text, rx):
        if m.group(1).startswith("Вступление"):
            continue  # a dedication without stanzas
        stanzas = [
            " ".join(ln.strip() for ln in st.split("\n") if ln.strip())
            for st in re.split(r"\n[ \t]*[IVXL]+[ \t]*\n", chunk)
        ]
        stanzas = [s for s in stanzas if len(s) > 80]
        part = "ЧАСТЬ " + m.group(1).split()[-1].upper()
        for i in range(0, len(stanzas), 8):
            chaps.append(Chap(i // 8 + 1, "", stanzas[i : i + 8], part=part if i == 0 else ""))
    return Model("onegin", "ru", "Евгений Онегин", "Александр Пушкин", chaps)


def _sanguo() -> Model:
    text = _read("chinese_gbk/sanguo_yanyi.txt", "gbk")
    rx = re.compile(r"(?m)^第([一二三四五六七八九十百]+)回\u3000(.*)$")
    chaps = [
        Chap(i + 1, m.group(2).strip(), _paragraphs(chunk, cjk=True))
        for i, (m, chunk) in enumerate(_cut(text, rx))
    ]
    # the file prints chapter 35 twice; the model keeps one of each number
    seen: set[str] = set()
    uniq = []
    for c in chaps:
        if c.name not in seen:
            seen.add(c.name)
            uniq.append(c)
    for i, c in enumerate(uniq):
        c.number = i + 1
    return Model("sanguo", "zh", "三国演义", "罗贯中", uniq)


_AOZORA_NOTE = re.compile(r"［＃[^］]*］|《[^》]*》|｜|※")


def _wagahai() -> Model:
    text = _read("japanese_sjis/wagahaiwa_nekodearu.txt", "shift_jis")
    text = text[: text.index("\n底本：")]
    rx = re.compile(r"(?m)^［＃８字下げ］(.+?)［＃「.+?」は中見出し］$")
    chaps = []
    for i, (_m, chunk) in enumerate(_cut(text, rx)):
        paras = [_AOZORA_NOTE.sub("", ln).strip("\u3000 ") for ln in chunk.split("\n")]
        chaps.append(Chap(i + 1, "", [p for p in paras if p]))
    return Model("wagahai", "ja", "吾輩は猫である", "夏目漱石", chaps)


def _fanfic(rel: str, key: str, title: str) -> Model:
    text = _read(rel, "utf-8")
    paras = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if title and paras and paras[0] == title:
        paras = paras[1:]
    return Model(key, "en", title, "", loose=paras)


_BUILDERS = {
    "alice": _alice,
    "pride": _pride,
    "sherlock": _sherlock,
    "dracula": _dracula,
    "bovary": _bovary,
    "wap": _war_and_peace,
    "onegin": _onegin_prose,
    "sanguo": _sanguo,
    "wagahai": _wagahai,
    "alaric": lambda: _fanfic("fanfic/alaric_leaving.txt", "alaric", ""),
    "desperate": lambda: _fanfic(
        "fanfic/desperate_measures.txt", "desperate", "Desperate Measures"
    ),
}

MODELS = tuple(_BUILDERS)
"""Keys of every model."""


@functools.cache
def model(key: str) -> Model:
    """The model of corpus book ``key`` (see :data:`MODELS`)."""
    return _BUILDERS[key]()


def available() -> bool:
    """True when the corpus is present."""
    return CORPUS.is_dir()
