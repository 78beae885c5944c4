"""The building blocks of messy files: lines with roles, headings, wrapped paragraphs,
pages with their furniture and footnotes, title pages and printed contents.

:func:`emit` joins :class:`Line` objects into a file's text and records in a
:class:`Truth` where every tagged line landed (see :mod:`tests.text.messy`).
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.text.messy_sources import Chap, Model, roman

_EN_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_RU_ORD = [
    "нулевая",
    "первая",
    "вторая",
    "третья",
    "четвертая",
    "пятая",
    "шестая",
    "седьмая",
    "восьмая",
    "девятая",
    "десятая",
    "одиннадцатая",
    "двенадцатая",
    "тринадцатая",
    "четырнадцатая",
    "пятнадцатая",
    "шестнадцатая",
    "семнадцатая",
    "восемнадцатая",
    "девятнадцатая",
    "двадцатая",
]
_CN_DIGITS = "零一二三四五六七八九"
SENTENCE_END = ".!?…:;\"'”’»)]。！？」』）"


_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_number(n: int) -> str:
    """``n`` (0–99) in English words ("twenty-one")."""
    if n < len(_EN_WORDS):
        return _EN_WORDS[n]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens - 2] + (f"-{_EN_WORDS[unit]}" if unit else "")


def chinese_number(n: int) -> str:
    """``n`` (1–999) in Chinese numerals (十二, 二十, 一百零五 …)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return _CN_DIGITS[n // 100] + "百" + tail


# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    """One line of a generated file and what it is."""

    text: str
    role: str = "text"
    """``text``, ``blank``, ``heading``, ``title``, ``contents-head`` (the word "Contents"),
    ``contents``, ``furniture``, ``footnote``, ``banner`` or ``credit``."""
    para: int = -1
    """Paragraph id of a text line (lines of one paragraph share it)."""
    chapter: bool = False
    """The first line of a chapter (or part) heading the engine must find."""
    reason: str = ""
    """Why a furniture/banner/credit line should not be read (``page number`` …)."""


def blank() -> Line:
    """An empty line."""
    return Line("", "blank")


@dataclass
class Truth:
    """What the engine should make of a generated file (offsets into its text)."""

    chapters: list[tuple[int, int, str]] = field(default_factory=list)
    """``(start, end, text)`` of the first line of every heading (chapters and parts)."""
    opening_entry: bool = False
    """True when real text precedes the first heading (an "Opening" entry is right)."""
    hidden: list[tuple[int, int, str]] = field(default_factory=list)
    """Lines a reader should not see in the text: page furniture, banners, credits."""
    footnotes: list[tuple[int, int]] = field(default_factory=list)
    joins: list[tuple[int, int]] = field(default_factory=list)
    """``(a, b)``: the characters at ``a`` and ``b`` are one paragraph, broken mid-sentence."""
    contents: list[tuple[int, int]] = field(default_factory=list)
    opening: int = 0
    """Where a new book should open (the title page, else the first chapter)."""
    title: str | None = None
    author: str | None = None


@dataclass
class Variant:
    """A generated file and its truth."""

    name: str
    kind: str
    lang: str
    file_name: str
    encoding: str
    text: str
    truth: Truth
    crlf: bool = False

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        text = self.text.replace("\n", "\r\n") if self.crlf else self.text
        return text.encode(self.encoding)


def emit(lines: list[Line], truth: Truth) -> str:
    """Join ``lines`` into a text, recording the truth offsets of the tagged ones.

    Also sets :attr:`Truth.contents` (each run of contents lines, blank lines inside
    allowed) and :attr:`Truth.opening` (the first title line, else the first heading,
    else the first text line).
    """
    parts: list[str] = []
    pos = 0
    opening: dict[str, int] = {}
    run: list[int] | None = None  # [start, end] of the contents run being read
    last_text: dict[int, tuple[int, str]] = {}  # para id -> (end offset of its last line, text)
    for ln in lines:
        start = pos
        end = pos + len(ln.text)
        if ln.chapter:
            truth.chapters.append((start, end, ln.text.strip()))
        if ln.role in ("furniture", "banner", "credit") and ln.text.strip():
            truth.hidden.append((start, end, ln.reason))
        if ln.role == "footnote":
            truth.footnotes.append((start, end))
        if ln.role in ("title", "heading", "text") and ln.text.strip():
            opening.setdefault(ln.role, start)
        if ln.role == "contents":
            if run is None:
                run = [start, end]
                truth.contents.append((start, end))
            run[1] = end
            truth.contents[-1] = (run[0], end)
        elif ln.role != "blank":
            run = None
        if ln.role == "text" and ln.para >= 0 and ln.text.strip():
            prev = last_text.get(ln.para)
            if prev is not None and prev[1][-1:] not in SENTENCE_END:
                first = start + len(ln.text) - len(ln.text.lstrip(" \t\u3000"))
                truth.joins.append((prev[0] - 1, first))
            stripped = ln.text.rstrip(" \t\u3000")
            last_text[ln.para] = (start + len(stripped), stripped)
        parts.append(ln.text)
        parts.append("\n")
        pos = end + 1
    truth.opening = opening.get("title", opening.get("heading", opening.get("text", 0)))
    return "".join(parts)


# --------------------------------------------------------------------------- headings


def heading(m: Model, c: Chap, style: str) -> str:
    """The heading line of chapter ``c`` in ``style``."""
    n = c.number
    if style == "en-roman-name":
        return f"CHAPTER {roman(n)}. {c.name}" if c.name else f"CHAPTER {roman(n)}"
    if style == "en-arabic":
        return f"Chapter {n}"
    if style == "en-words":
        return f"CHAPTER {english_number(n).upper()}"
    if style == "bare-roman-dot":
        return f"{roman(n)}."
    if style == "bare-roman":
        return roman(n)
    if style == "title-only":
        return c.name
    if style == "ru-keyword":
        return f"Глава {_RU_ORD[n]}" if n < len(_RU_ORD) else f"Глава {n}"
    if style == "ru-caps-roman":
        return f"ГЛАВА {roman(n)}"
    if style == "zh-hui":
        return f"第{chinese_number(n)}回\u3000{c.name}" if c.name else f"第{chinese_number(n)}回"
    if style == "zh-zhang":
        return f"第{n}章 {c.name}" if c.name else f"第{n}章"
    if style == "ja-zhang":
        return f"第{chinese_number(n)}章"
    raise ValueError(style)


def letter_spaced(s: str) -> str:
    """``s`` letter-spaced: one space between letters, three between words (C H A P T E R)."""
    return "   ".join(" ".join(word) for word in s.split())


# --------------------------------------------------------------------------- paragraphs


def wrap(m: Model, para: str, width: int) -> list[str]:
    """``para`` hard-wrapped at ``width`` (characters for CJK, words for the rest)."""
    if m.cjk:
        return [para[i : i + width] for i in range(0, len(para), width)] or [""]
    return textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False) or [""]


@dataclass
class Layout:
    """How the body of a generated book is laid out."""

    paras: str = "wrapped"
    """``wrapped`` (blank line between), ``indented`` (no blank lines), ``lines`` (one
    paragraph per line, blank line between), ``tight`` (one per line, no blank lines) or
    ``double`` (wrapped, a blank line after every line: a double-spaced PDF export)."""
    width: int = 0
    heading: str = "en-roman-name"
    spaced_headings: bool = False
    blank_around_headings: bool = True
    chapters: int = 10
    chars_per_chapter: int = 6000


def body(m: Model, lay: Layout, first_para: int = 0) -> list[Line]:
    """The chapters of ``m`` (as many and as long as ``lay`` says) as lines."""
    width = lay.width or (34 if m.cjk else 70)
    indent = "\u3000\u3000" if m.cjk else "    "
    out: list[Line] = []
    pid = first_para
    chaps = m.chapters[: lay.chapters] if m.chapters else [Chap(0, "", m.loose)]
    for c in chaps:
        if m.chapters:
            heads = []
            if c.part:
                heads.append(c.part)
            heads.append(heading(m, c, lay.heading))
            for h in heads:
                text = letter_spaced(h) if lay.spaced_headings else h
                if lay.blank_around_headings or not out:
                    out.extend([blank(), blank()] if out else [])
                out.append(Line(text, "heading", chapter=True))
                if lay.blank_around_headings:
                    out.append(blank())
        used = 0
        for para in c.paras:
            if m.chapters and used > lay.chars_per_chapter:
                break
            used += len(para)
            pid += 1
            if lay.paras in ("lines", "tight"):
                lead = indent if lay.paras == "tight" and m.cjk else ""
                out.append(Line(lead + para, para=pid))
                if lay.paras == "lines":
                    out.append(blank())
                continue
            lines = wrap(m, para, width)
            for i, ln in enumerate(lines):
                lead = indent if lay.paras == "indented" and i == 0 else ""
                out.append(Line(lead + ln, para=pid))
                if lay.paras == "double":
                    out.append(blank())
            if lay.paras == "wrapped":
                out.append(blank())
    while out and out[-1].role == "blank":
        out.pop()
    return out


# --------------------------------------------------------------------------- pages


@dataclass
class Pages:
    """Page furniture: what a PDF-to-text export leaves at every page break."""

    lines_per_page: int = 40
    first: int = 7
    number: str = "plain"
    """``plain`` ("23"), ``dashed`` ("- 23 -"), ``header`` ("TITLE        23" on one
    line), ``rule`` ("---- Page 23 ----") or ``none``."""
    headers: tuple[str, ...] = ()
    """Running headers, one per page in turn (author, title …)."""
    chapter_headers: bool = False
    """The running header is the current chapter's heading (repeated on its later pages)."""
    blank_around: bool = True
    footnotes: str = ""
    """Footnote marker style: ``bracket`` ([1]), ``super`` (¹), ``star`` (*), ``glued`` (a
    digit stuck to the word, as superscripts come out of a PDF) or ""."""
    footnote_text: str = "See the note at the end of the volume."


_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def paginate(lines: list[Line], pg: Pages, rng: random.Random) -> list[Line]:
    """``lines`` with page furniture (and footnotes) inserted at every page break."""
    out: list[Line] = []
    page = pg.first
    count = 0
    note_no = 1
    current_heading = ""
    page_notes: list[Line] = []
    around = [blank()] if pg.blank_around else []
    for i, ln in enumerate(lines):
        if ln.chapter:
            current_heading = ln.text
        out.append(ln)
        count += 1
        if pg.footnotes and ln.role == "text" and len(ln.text) > 30 and rng.random() < 0.04:
            words = ln.text.rstrip().split(" ")
            spots = [i for i, w in enumerate(words, 1) if w and w[-1].isalpha()] or [len(words)]
            k = rng.choice(spots)
            mark = {
                "bracket": f"[{note_no}]",
                "super": str(note_no).translate(_SUPER),
                "star": "*" * (len(page_notes) + 1),
                "glued": str(note_no),
            }[pg.footnotes]
            words[k - 1] = words[k - 1] + mark
            ln.text = " ".join(words) if " " in ln.text else ln.text + mark
            page_notes.append(Line(f"{mark} {pg.footnote_text}", "footnote"))
            note_no += 1
        if count < pg.lines_per_page or i == len(lines) - 1:
            continue
        count = 0
        if page_notes:
            out.extend([blank(), Line("_" * 15, "footnote"), *page_notes])
            if pg.number == "none":
                out.append(blank())
            page_notes = []
        number = {
            "plain": str(page),
            "dashed": f"- {page} -",
            "rule": f"---- Page {page} ----",
            "header": "",
            "none": "",
        }[pg.number]
        header = ""
        if pg.headers:
            header = pg.headers[page % len(pg.headers)]
        if pg.chapter_headers and current_heading:
            header = current_heading
        if pg.number == "header":
            head = header or "THE BOOK"
            number = (
                f"{head}{' ' * rng.randint(8, 30)}{page}"
                if page % 2
                else f"{page}{' ' * rng.randint(8, 30)}{head}"
            )
            header = ""
        if number:
            out.extend([*around, Line(number, "furniture", reason="page number"), *around])
        if header:
            if not number:
                out.extend(around)
            out.extend([Line(header, "furniture", reason="running header"), *around])
        page += 1
    return out


# --------------------------------------------------------------------------- helpers


def title_page(m: Model, style: str = "auto") -> list[Line]:
    """Title and author lines in the usual order for the book's language."""
    if style == "auto":
        style = {"ru": "author-first", "zh": "bracket", "ja": "title-first"}.get(m.lang, "by")
    if style == "author-first":
        return [Line(m.author, "title"), blank(), Line(m.title, "title")]
    if style == "bracket":
        return [Line(f"《{m.title}》", "title"), blank(), Line(f"作者：{m.author}", "title")]
    if style == "title-first":
        return [Line(m.title, "title"), blank(), Line(m.author, "title")]
    return [Line(m.title.upper(), "title"), blank(), Line(f"by {m.author}", "title")]


_CONTENTS_WORD = {
    "en": "CONTENTS",
    "fr": "TABLE DES MATIÈRES",
    "ru": "СОДЕРЖАНИЕ",
    "zh": "目录",
    "ja": "目次",
}


def contents(m: Model, lay: Layout, entry: Callable[[Chap], str], pages: bool = True) -> list[Line]:
    """A printed contents for the chapters ``body`` lays out, one entry per chapter."""
    out = [Line(_CONTENTS_WORD[m.lang], "contents-head"), blank()]
    page = 5
    for c in m.chapters[: lay.chapters]:
        if c.part:
            out.append(Line(c.part, "contents"))
        text = entry(c)
        if pages:
            text = f"{text} {'.' * max(3, 40 - len(text))} {page}"
        out.append(Line(text, "contents"))
        page += 3
    return out


def typo(s: str, rng: random.Random) -> str:
    """``s`` with two neighbouring letters of one word swapped (a typo)."""
    spots = [
        i
        for i in range(1, len(s) - 2)
        if s[i].isalpha() and s[i + 1].isalpha() and s[i] != s[i + 1]
    ]
    if not spots:
        return s
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
