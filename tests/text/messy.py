"""Messy real-world text, generated from corpus books, with the truth about each file.

Readers have files by the thousand that were exported from PDFs, saved from web
sites or passed through converters: running page numbers and headers, footnotes,
lines broken mid-sentence, letter-spaced lines, site banners, printed contents
that do not quite match the headings, credits on the first page. This module
lays the clean models of :mod:`tests.text.messy_sources` out again in those
ways, one *kind* of mess at a time (and in the combinations issue 11 names as
failure classes), and records where it put everything: the heading of every
chapter, every line a reader should not see, every break inside a sentence, the
footnotes, the printed contents, the title, the author, and where a new book
should open. :func:`score` compares a parsed Book with that truth.

Variants are built on demand (seeded, so every run is the same) and never
committed: ``variants()`` lists them, ``build(name)`` makes one.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.text.messy_sources import Chap, Model, model, roman

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


# --------------------------------------------------------------------------- variants


@dataclass
class Size:
    """How much of each book a variant uses."""

    chapters: int
    chars: int


_JITTER = random.Random(0)
"""Page widths, page lengths and first page numbers vary between variants."""

SMALL = Size(6, 4000)
"""For tests: a few chapters of a few thousand characters."""
LARGE = Size(40, 12000)
"""For the benchmark."""

_ENC = {"en": "utf-8", "fr": "cp1252", "ru": "cp1251", "zh": "gbk", "ja": "cp932"}
_AUTHOR_TITLE = {"ru": True}
_NOTE = {
    "en": "See the note at the end of the volume.",
    "fr": "Voir la note à la fin du volume.",
    "ru": "Примечание переводчика.",
    "zh": "注：此处原文有删节。",
    "ja": "注：原文のまま。",
}


def _layout(m: Model, size: Size, **kw: object) -> Layout:
    heading_style = {
        "en": "en-roman-name",
        "fr": "bare-roman",
        "ru": "ru-keyword",
        "zh": "zh-hui",
        "ja": "ja-zhang",
    }[m.lang]
    lay = Layout(heading=heading_style, chapters=size.chapters, chars_per_chapter=size.chars)
    # page widths differ from file to file (the engine must not tune to one)
    lay.width = _JITTER.randint(26, 36) if m.cjk else _JITTER.randint(60, 78)
    for k, v in kw.items():
        setattr(lay, k, v)
    return lay


def _pages(m: Model, **kw: object) -> Pages:
    # so do page lengths and the first page's number
    lines = _JITTER.randint(20, 32) if m.cjk else _JITTER.randint(30, 50)
    pg = Pages(lines_per_page=lines, first=_JITTER.randint(1, 30), footnote_text=_NOTE[m.lang])
    for k, v in kw.items():
        setattr(pg, k, v)
    return pg


def _variant(
    kind: str,
    key: str,
    lines: list[Line],
    *,
    tag: str = "",
    file_name: str = "",
    titled: bool = False,
    crlf: bool = False,
    encoding: str = "",
) -> Variant:
    m = model(key)
    truth = Truth()
    text = emit(lines, truth)
    if titled:
        truth.title, truth.author = m.title, m.author
    name = f"{kind}/{key}" + (f"-{tag}" if tag else "")
    return Variant(
        name,
        kind,
        m.lang,
        file_name or f"{key}-{kind}{'-' + tag if tag else ''}.txt",
        encoding or _ENC[m.lang],
        text,
        truth,
        crlf,
    )


def _with_title(m: Model, lines: list[Line]) -> list[Line]:
    return [*title_page(m), blank(), blank(), blank(), *lines]


# ---- page numbers and running headers


def _page_numbers(size: Size) -> list[Variant]:
    rng = random.Random(1)
    out = []
    m = model("alice")
    lines = body(m, _layout(m, size))
    pg = _pages(m, headers=(m.author.upper(), m.title.upper()))
    out.append(
        _variant("page-numbers", "alice", _with_title(m, paginate(lines, pg, rng)), titled=True)
    )
    lines = body(m, _layout(m, size))
    pg = _pages(m, chapter_headers=True)
    out.append(_variant("page-numbers", "alice", paginate(lines, pg, rng), tag="chapter-headers"))
    m = model("pride")
    lay = _layout(m, size, paras="indented", heading="en-arabic")
    pg = _pages(m, number="dashed", blank_around=False)
    out.append(_variant("page-numbers", "pride", paginate(body(m, lay), pg, rng), crlf=True))
    m = model("dracula")
    pg = _pages(m, number="header", headers=("DRACULA",))
    out.append(_variant("page-numbers", "dracula", paginate(body(m, _layout(m, size)), pg, rng)))
    m = model("bovary")
    out.append(
        _variant("page-numbers", "bovary", paginate(body(m, _layout(m, size)), _pages(m), rng))
    )
    m = model("onegin")
    lay = _layout(m, size, paras="indented")
    pg = _pages(m, headers=(m.author, m.title))
    lines = _with_title(m, paginate(body(m, lay), pg, rng))
    out.append(_variant("page-numbers", "onegin", lines, titled=True, crlf=True))
    m = model("sanguo")
    out.append(
        _variant("page-numbers", "sanguo", paginate(body(m, _layout(m, size)), _pages(m), rng))
    )
    m = model("wagahai")
    pg = _pages(m, number="dashed")
    out.append(_variant("page-numbers", "wagahai", paginate(body(m, _layout(m, size)), pg, rng)))
    return out


# ---- footnotes


def _footnotes(size: Size) -> list[Variant]:
    rng = random.Random(2)
    out = []
    for key, style, number in (
        ("alice", "bracket", "plain"),
        ("pride", "star", "none"),
        ("onegin", "glued", "plain"),
        ("dracula", "super", "plain"),
        ("sanguo", "bracket", "plain"),
    ):
        m = model(key)
        lay = _layout(m, size, heading="en-arabic") if key == "pride" else _layout(m, size)
        pg = _pages(m, footnotes=style, number=number)
        out.append(_variant("footnotes", key, paginate(body(m, lay), pg, rng)))
    return out


# ---- line breaks in the middle of sentences


def _pdf_breaks(size: Size) -> list[Variant]:
    out = []
    for key, paras in (
        ("alaric", "double"),
        ("desperate", "double"),
        ("onegin", "double"),
        ("sanguo", "double"),
        ("sanguo", "indented"),
        ("wagahai", "double"),
        ("wagahai", "indented"),
    ):
        m = model(key)
        lines = body(m, _layout(m, size, paras=paras, width=30 if m.cjk else 72))
        out.append(_variant("pdf-breaks", key, lines, tag=paras))
    return out


# ---- letter-spaced lines


def _letter_spaced(size: Size) -> list[Variant]:
    out = []
    for key, style in (("alice", "en-words"), ("onegin", "ru-keyword"), ("sanguo", "zh-hui")):
        m = model(key)
        lines = body(m, _layout(m, size, heading=style, spaced_headings=True))
        out.append(_variant("letter-spaced", key, lines))
    return out


# ---- website banners, watermarks and page rules

_BANNERS = {
    "en": (
        ["Downloaded from www.free-fiction-archive.net", "Visit us for thousands of free stories!"],
        "www.free-fiction-archive.net",
        [
            "This story was downloaded from www.free-fiction-archive.net",
            "Find more free e-books at https://free-fiction-archive.net/books",
        ],
    ),
    "ru": (
        ["Скачано с сайта www.knigi-online.ru", "Электронная библиотека «Книги онлайн»"],
        "Читать онлайн на сайте knigi-online.ru",
        [
            "Спасибо, что скачали книгу в электронной библиотеке knigi-online.ru",
            "Приятного чтения!",
        ],
    ),
    "zh": (
        ["本书由小说天堂（www.xstt.com）整理", "如 侵 犯 了 您 的 版 权 ， 请 联 系 删 除"],
        "小说天堂 www.xstt.com",
        ["更多精彩小说请访问 www.xstt.com", "本站所有小说均来自网友上传，仅供学习交流"],
    ),
}


def _banner_lines(texts: list[str], reason: str = "banner") -> list[Line]:
    out: list[Line] = []
    for t in texts:
        out.extend([Line(t, "banner", reason=reason), blank()])
    return out


def _banners(size: Size) -> list[Variant]:
    rng = random.Random(3)
    out = []
    for key, number in (
        ("alaric", "none"),
        ("pride", "rule"),
        ("onegin", "none"),
        ("sanguo", "rule"),
    ):
        m = model(key)
        start, mark, end = _BANNERS["zh" if m.cjk else "ru" if m.lang == "ru" else "en"]
        lay = _layout(m, size, heading="en-arabic") if key == "pride" else _layout(m, size)
        lines = body(m, lay)
        pg = _pages(m, number=number, lines_per_page=60 if not m.cjk else 30)
        lines = paginate(lines, pg, rng)
        # a watermark line every few pages
        marked: list[Line] = []
        for i, ln in enumerate(lines):
            marked.append(ln)
            if i and i % 150 == 0 and ln.role == "blank":
                marked.extend([Line(mark, "banner", reason="watermark"), blank()])
        lines = [*_banner_lines(start), blank(), *marked, blank(), blank(), *_banner_lines(end)]
        out.append(_variant("banners", key, lines))
    return out


# ---- printed contents that differ from the headings


def _fuzzy_contents(size: Size) -> list[Variant]:
    rng = random.Random(4)
    out = []
    m = model("pride")
    lay = _layout(m, size, heading="en-arabic")
    styles = [
        lambda c: f"Chapter {english_number(c.number).title()}",
        lambda c: f"CHAPTER {roman(c.number)}",
        lambda c: f"Ch. {c.number}",
        lambda c: f"chapter {c.number}",
    ]
    entry = lambda c: styles[c.number % len(styles)](c)  # noqa: E731
    lines = [
        *title_page(m),
        blank(),
        blank(),
        *contents(m, lay, entry),
        blank(),
        blank(),
        *body(m, lay),
    ]
    out.append(_variant("fuzzy-contents", "pride", lines, titled=True))
    m = model("alice")
    lay = _layout(m, size)

    def entry(c):
        return (
            typo(f"Chapter {c.number}: {c.name.title()}", rng)
            if c.number == 3
            else f"Chapter {c.number}: {c.name.title()}"
        )

    lines = [
        *title_page(m),
        blank(),
        blank(),
        *contents(m, lay, entry),
        blank(),
        blank(),
        *body(m, lay),
    ]
    out.append(_variant("fuzzy-contents", "alice", lines, titled=True))
    m = model("onegin")
    lay = _layout(m, size)
    entry = lambda c: f"Гл. {c.number}"  # noqa: E731
    lines = [
        *title_page(m),
        blank(),
        blank(),
        *contents(m, lay, entry),
        blank(),
        blank(),
        *body(m, lay),
    ]
    out.append(_variant("fuzzy-contents", "onegin", lines, titled=True))
    m = model("sanguo")
    lay = _layout(m, size)
    entry = lambda c: f"第{c.number}回 {c.name}"  # noqa: E731
    lines = [*contents(m, lay, entry, pages=False), blank(), blank(), *body(m, lay)]
    out.append(_variant("fuzzy-contents", "sanguo", lines))
    return out


def _back_contents(size: Size) -> list[Variant]:
    out = []
    for key in ("pride", "alice", "onegin", "sanguo"):
        m = model(key)
        lay = _layout(m, size, heading="en-arabic") if key == "pride" else _layout(m, size)
        entry = lambda c, m=m, lay=lay: heading(m, c, lay.heading)  # noqa: E731
        lines = [*body(m, lay), blank(), blank(), blank(), *contents(m, lay, entry)]
        out.append(_variant("back-contents", key, lines))
    return out


# ---- bare roman-numeral chapters after a printed contents


def _roman_chapters(size: Size) -> list[Variant]:
    rng = random.Random(5)
    out = []
    for key, paras, number in (
        ("onegin", "indented", "plain"),
        ("pride", "wrapped", "plain"),
        ("onegin", "wrapped", "none"),
    ):
        m = model(key)
        lay = _layout(m, size, heading="bare-roman-dot", paras=paras)
        entry = lambda c: f"{roman(c.number)}."  # noqa: E731
        lines = paginate(body(m, lay), _pages(m, number=number), rng)
        lines = [*_with_title(m, contents(m, lay, entry)), blank(), blank(), *lines]
        out.append(_variant("roman-chapters", key, lines, tag=paras, titled=True))
    return out


# ---- producer and transcriber credits

_CREDITS = {
    "alice": ["Produced by Arthur DiBianca and David Widger"],
    "pride": ["An Anonymous Volunteer, and David Widger"],
    "onegin": ["Сканирование, распознавание и вычитка — Иван Петров"],
    "sanguo": ["本书由网友“书虫”整理制作"],
    "alaric": ["Transcribed by the Fanfic Preservation Team"],
}


def _credits(size: Size) -> list[Variant]:
    out = []
    for key, credit in _CREDITS.items():
        m = model(key)
        lay = _layout(m, size, heading="en-arabic") if key == "pride" else _layout(m, size)
        lines = [*_banner_lines(credit, "credit"), blank(), blank()]
        titled = bool(m.title) and m.key != "alaric"
        if titled:
            lines += [*title_page(m), blank(), blank(), blank()]
        lines += body(m, lay)
        out.append(_variant("credits", key, lines, titled=titled))
    return out


# ---- the failure classes of issue 11


def _failures(size: Size) -> list[Variant]:
    rng = random.Random(6)
    out = []
    # a Russian cp1251 PDF export: author and title, printed contents, parts and bare roman
    # chapters, page numbers with running headers, footnotes
    m = model("onegin")
    lay = _layout(m, size, heading="bare-roman-dot", paras="indented", blank_around_headings=False)
    entry = lambda c: f"{roman(c.number)}."  # noqa: E731
    pg = _pages(m, footnotes="glued", blank_around=False)
    lines = [
        *title_page(m),
        blank(),
        *contents(m, lay, entry),
        blank(),
        *paginate(body(m, lay), pg, rng),
    ]
    out.append(
        _variant(
            "failures",
            "onegin",
            lines,
            tag="ru-pdf",
            titled=True,
            crlf=True,
            file_name="Pushkin_Evgenij_Onegin.txt",
        )
    )
    # a story collection whose printed contents has a typo
    m = model("sherlock")
    lay = _layout(m, size, heading="title-only")
    entry = lambda c: typo(c.name, rng) if c.number == 4 else c.name  # noqa: E731
    lines = [
        *title_page(m),
        blank(),
        blank(),
        *contents(m, lay, entry, pages=False),
        blank(),
        blank(),
        *body(m, lay),
    ]
    out.append(_variant("failures", "sherlock", lines, tag="collection-typo", titled=True))
    # a Chinese novel saved from a web site
    m = model("sanguo")
    start, _mark, end = _BANNERS["zh"]
    lay = _layout(m, size, paras="double", width=28)
    lines = paginate(body(m, lay), _pages(m, number="rule", lines_per_page=40), rng)
    lines = [*_banner_lines(start), blank(), *lines, blank(), *_banner_lines(end)]
    out.append(
        _variant(
            "failures",
            "sanguo",
            lines,
            tag="zh-web",
            titled=True,
            file_name="《三国演义》作者：罗贯中.txt",
        )
    )
    # seed fan fiction without a title line, saved under an id
    m = model("alaric")
    lines = body(m, _layout(m, size, paras="lines"))
    v = _variant("failures", "alaric", lines, tag="seed", file_name="004_2b6f1807d6bb2112.txt")
    v.truth.title = "He has it all planned out…"
    out.append(v)
    return out


KINDS: dict[str, Callable[[Size], list[Variant]]] = {
    "page-numbers": _page_numbers,
    "footnotes": _footnotes,
    "pdf-breaks": _pdf_breaks,
    "letter-spaced": _letter_spaced,
    "banners": _banners,
    "fuzzy-contents": _fuzzy_contents,
    "back-contents": _back_contents,
    "roman-chapters": _roman_chapters,
    "credits": _credits,
    "failures": _failures,
}


def variants(kind: str | None = None, size: Size = SMALL) -> list[Variant]:
    """Every variant of ``kind`` (all kinds when None), at ``size``."""
    kinds = [kind] if kind else list(KINDS)
    out = []
    for k in kinds:
        _JITTER.seed(f"{k}-{size.chapters}")  # the same files on every run
        out.extend(KINDS[k](size))
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    """How a parsed Book compares with a variant's truth; each check as (right, out of)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hidden: list[int] = field(default_factory=lambda: [0, 0])
    footnotes: list[int] = field(default_factory=lambda: [0, 0])
    joins: list[int] = field(default_factory=lambda: [0, 0])
    contents: list[int] = field(default_factory=lambda: [0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0])
    opening: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)
    """What went wrong, in words (for test messages)."""

    def add(self, other: Score) -> None:
        """Add ``other``'s counts to these."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name in ("hidden", "footnotes", "joins", "contents", "title", "opening"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.misses.extend(other.misses)

    @property
    def precision(self) -> float:
        """Share of the chapters found that are real."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of the real chapters that were found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _shown_offsets(book, s: int, e: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Source offsets in ``[s, e)`` of visible characters the reader is shown."""
    from reader.text.book import BlockKind
    from reader.text.render import display_block

    lo, hi = book.reading_range()
    out: list[int] = []
    blocks = book.blocks
    i = max(blocks.index_at(s), 0)
    while i < len(blocks) and blocks[i].start < e:
        b = blocks[i]
        if b.end > s and b.kind != BlockKind.MATTER and lo <= b.start < hi:
            shown = display_block(book, i)
            out.extend(
                o
                for ch, o in zip(shown.text, shown.offsets, strict=False)
                if s <= o < e and not ch.isspace()
            )
        i += 1
    return out


def score(v: Variant, book) -> Score:  # type: ignore[no-untyped-def]
    """Compare ``book`` (parsed from ``v.data``) with ``v.truth``."""
    from reader.text.book import BlockKind
    from reader.text.structure import OPENING_TITLE

    try:
        from reader.text.rejoin import continues_paragraph
    except ImportError:  # an engine from before issue 11 (the benchmark's "before" column)

        def continues_paragraph(book: object, index: int) -> bool:
            return False

    t = v.truth
    sc = Score()
    if book.text != v.text:
        sc.misses.append("the parsed text differs from the generated text")
        return sc
    matched: set[int] = set()
    for ch in book.chapters:
        if ch.title == OPENING_TITLE:
            if t.opening_entry:
                sc.tp += 1
            else:
                sc.fp += 1
                sc.misses.append(f"an Opening entry at {ch.offset}")
            continue
        hit = next(
            (
                k
                for k, (s, e, _x) in enumerate(t.chapters)
                if k not in matched and s <= ch.offset <= e
            ),
            None,
        )
        if hit is None:
            sc.fp += 1
            line = book.text[ch.offset : book.text.find("\n", ch.offset)]
            sc.misses.append(f"false chapter {ch.title!r} at {ch.offset} ({line[:40]!r})")
        else:
            matched.add(hit)
            sc.tp += 1
    for k, (s, _e, text) in enumerate(t.chapters):
        if k not in matched:
            sc.fn += 1
            sc.misses.append(f"missed chapter {text!r} at {s}")
    if t.opening_entry and not any(c.title == OPENING_TITLE for c in book.chapters):
        sc.fn += 1
    for s, e, reason in t.hidden:
        sc.hidden[1] += 1
        if _shown_offsets(book, s, e):
            sc.misses.append(f"{reason} shown: {book.text[s:e]!r} at {s}")
        else:
            sc.hidden[0] += 1
    kinds = book.blocks.kinds()
    footnote_kind = getattr(BlockKind, "FOOTNOTE", None)
    for s, e in t.footnotes:
        if set(book.text[s:e].strip()) <= set("_-—"):
            continue  # the rule above the notes: checked only as "not a scene break" below
        sc.footnotes[1] += 1
        i = book.blocks.index_at(s)
        b = book.blocks[i]
        if footnote_kind is not None and b.start <= s < b.end and b.kind == footnote_kind:
            sc.footnotes[0] += 1
        else:
            sc.misses.append(f"footnote {book.text[s:e]!r} at {s} is a {b.kind.name} block")
    for a, b in t.joins:
        sc.joins[1] += 1
        i, j = book.blocks.index_at(a), book.blocks.index_at(b)
        blk = book.blocks[i]
        if i == j and blk.start <= a and b < blk.end and kinds[i] != BlockKind.VERSE:
            sc.joins[0] += 1
        elif i < j and continues_paragraph(book, j):
            sc.joins[0] += 1  # a page's footnotes stand between the halves
        elif len(sc.misses) < 400:
            sc.misses.append(
                f"broken sentence {book.text[max(a - 20, 0) : a + 1]!r} / {book.text[b : b + 20]!r}"
            )
    for s, e in t.contents:
        sc.contents[1] += 1
        i = book.blocks.index_at(s)
        ok = True
        while i < len(book.blocks) and book.blocks[i].start < e:
            if book.blocks[i].kind != BlockKind.CONTENTS:
                ok = False
            i += 1
        sc.contents[0] += ok
        if not ok:
            sc.misses.append(f"printed contents at {s}–{e} is not one contents block")
    if t.title is not None:
        sc.title[1] += 1
        want = (t.title, t.author if t.author is not None else book.metadata.author)
        got = (book.metadata.title, book.metadata.author)
        if got == want:
            sc.title[0] += 1
        else:
            sc.misses.append(f"title/author {got!r}, want {want!r}")
    sc.opening[1] += 1
    got_open = getattr(book, "opening_offset", None)
    if got_open == t.opening:
        sc.opening[0] += 1
    else:
        sc.misses.append(
            f"opens at {got_open}, want {t.opening} ({v.text[t.opening : t.opening + 30]!r})"
        )
    return sc
