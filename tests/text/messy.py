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
committed: ``variants()`` makes them. The building blocks are in
:mod:`tests.text.messy_layout`, the scoring in :mod:`tests.text.messy_score`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tests.text.messy_layout import (
    Layout,
    Line,
    Pages,
    Truth,
    Variant,
    blank,
    body,
    contents,
    emit,
    english_number,
    heading,
    paginate,
    title_page,
    typo,
)
from tests.text.messy_score import Score, score
from tests.text.messy_sources import Model, model, roman

__all__ = ["KINDS", "LARGE", "SMALL", "Score", "Size", "Variant", "score", "variants"]

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
