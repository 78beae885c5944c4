"""Page furniture, banners, credits, footnotes and letter-spacing (issue 11), on small texts."""

from __future__ import annotations

import textwrap

import pytest

from reader.text.book import BlockKind, Book
from reader.text.furniture import find_furniture, is_banner_line, is_credit_line
from reader.text.parse import parse_text
from reader.text.render import display_block, display_problems
from reader.text.spacing import collapse, is_spaced, spaced_gaps

SENTENCES = (
    "The rain had not stopped for three days and the river was rising fast. "
    "Nobody in the village could remember a spring like it, not even the oldest "
    "of the fishermen who sat by the harbour wall and watched the water climb. "
)


def wrapped(n: int, width: int = 70) -> list[str]:
    """``n`` lines of hard-wrapped prose."""
    lines = textwrap.wrap(SENTENCES * (n // 3 + 2), width)
    return lines[:n]


def paged(lines_per_page: int = 30, pages: int = 6, first: int = 12, form: str = "{n}") -> str:
    """Hard-wrapped prose with a page number (in ``form``) between blank lines at every page
    break, in the middle of paragraphs."""
    out: list[str] = []
    body = wrapped(lines_per_page * pages)
    for p in range(pages):
        out.extend(body[p * lines_per_page : (p + 1) * lines_per_page])
        out += ["", form.format(n=first + p), ""]
    return "\n".join(out) + "\n"


def shown(book: Book) -> str:
    lo, hi = book.reading_range()
    return "\n".join(
        display_block(book, i).text
        for i, b in enumerate(book.blocks)
        if lo <= b.start < hi and b.kind != BlockKind.MATTER
    )


@pytest.mark.parametrize("form", ["{n}", "- {n} -", "— {n} —", "[{n}]", "Page {n}", "Стр. {n}"])
def test_running_page_numbers_are_dropped_not_chapters(form: str) -> None:
    text = paged(form=form)
    book = parse_text(text)
    numbers = [form.format(n=n) for n in range(12, 18)]
    assert [book.text[d.start : d.end] for d in book.dropped] == numbers
    assert all(d.reason == "page number" for d in book.dropped)
    assert book.chapters == []
    everything = shown(book)
    assert not any(n in everything.split("\n") for n in numbers)
    # the paragraph the page break cut is one paragraph again
    assert len([b for b in book.blocks if b.kind == BlockKind.PARAGRAPH]) == 1
    for i in range(len(book.blocks)):
        assert display_problems(book, i) == []


def test_page_rules_are_dropped() -> None:
    book = parse_text(paged(form="---- Page {n} ----"))
    assert {d.reason for d in book.dropped} == {"page rule"}
    assert "Page" not in shown(book)
    assert not [b for b in book.blocks if b.kind == BlockKind.SCENE_BREAK]


def test_header_and_number_on_one_line() -> None:
    text = paged(form="THE RISING RIVER            {n}")
    book = parse_text(text)
    assert len(book.dropped) == 6
    assert "RISING RIVER" not in shown(book)


def test_chapter_numbers_that_count_up_are_chapters_not_pages() -> None:
    parts = []
    for n in range(1, 6):
        chapter = f"On day {n} of the flood the boats went out again. " + SENTENCES * 4
        parts += [str(n), "", *textwrap.wrap(chapter.strip(), 70), ""]
    book = parse_text("\n".join(parts) + "\n")
    assert book.dropped == []
    assert [c.title for c in book.chapters] == ["1", "2", "3", "4", "5"]


def test_running_headers_next_to_page_numbers_are_dropped() -> None:
    out: list[str] = ["CHAPTER I", ""]
    body = wrapped(180)
    for p in range(6):
        out.extend(body[p * 30 : (p + 1) * 30])
        header = "ANNA SMITH" if p % 2 else "THE RISING RIVER"
        out += ["", str(20 + p), "", header, ""]
    book = parse_text("\n".join(out) + "\n")
    reasons = sorted({d.reason for d in book.dropped})
    assert reasons == ["page number", "running header"]
    assert [c.title for c in book.chapters] == ["CHAPTER I"]
    everything = shown(book)
    assert "ANNA SMITH" not in everything and "THE RISING RIVER" not in everything


def test_a_chapter_heading_repeated_at_the_top_of_its_pages_is_a_running_header() -> None:
    out: list[str] = []
    page = 3
    for ch in ("CHAPTER I. The Flood", "CHAPTER II. The Boats"):
        out += [ch, ""]
        body = wrapped(90)
        for p in range(3):
            out.extend(body[p * 30 : (p + 1) * 30])
            out += ["", str(page), "", ch, ""]
            page += 1
    book = parse_text("\n".join(out) + "\n")
    assert [c.title for c in book.chapters] == ["CHAPTER I. The Flood", "CHAPTER II. The Boats"]
    assert sum(d.reason == "running header" for d in book.dropped) == 6


def test_banners_at_both_ends_are_matter_and_a_watermark_in_between_is_dropped() -> None:
    body = "\n\n".join(" ".join(wrapped(6)) for _ in range(30))
    paragraphs = body.split("\n\n")
    paragraphs[10:10] = ["Read more free stories at www.example-stories.net"]
    paragraphs[20:20] = ["Read more free stories at www.example-stories.net"]
    text = "\n\n".join(
        [
            "Downloaded from www.example-stories.net",
            *paragraphs,
            "Visit www.example-stories.net for more free e-books",
        ]
    )
    book = parse_text(text)
    assert [d.reason for d in book.matter_notes] == ["banner", "banner"]
    assert book.front_matter[0][0] == 0 and book.back_matter[-1][1] >= len(text.rstrip())
    assert [d.reason for d in book.dropped] == ["banner", "banner"]
    assert "example-stories" not in shown(book)


def test_credits_opening_the_text_are_front_matter_never_the_title() -> None:
    text = (
        "Scanned and proofread by the Volunteers of the Old Books Project\n\n"
        "THE RISING RIVER\n\nby Anna Smith\n\n\n"
        + "\n\n".join(" ".join(wrapped(5)) for _ in range(5))
    )
    book = parse_text(text, file_name="rising.txt")
    assert [d.reason for d in book.matter_notes] == ["credit"]
    assert (book.metadata.title, book.metadata.author) == ("The Rising River", "Anna Smith")
    assert book.text.startswith("THE RISING RIVER", book.opening_offset)


@pytest.mark.parametrize(
    "line",
    [
        "Produced by David Widger",
        "An Anonymous Volunteer, and David Widger",
        "Сканирование, распознавание, вычитка — Иван Петров",
        "本书由网友整理制作",
        "OCR & SpellCheck: Ivan",
    ],
)
def test_credit_lines(line: str) -> None:
    assert is_credit_line(line)


@pytest.mark.parametrize(
    ("line", "banner"),
    [
        ("Downloaded from www.free-books.net", True),
        ("更多精彩小说请访问 www.xstt.com", True),
        ("如 侵 犯 了 您 的 版 权 ， 请 联 系 删 除", True),
        ("Скачано с сайта knigi.ru", True),
        ("She walked down to the harbour and looked at the boats.", False),
        ("Mr. Holmes had come to the house at nine.", False),
    ],
)
def test_banner_lines(line: str, banner: bool) -> None:
    assert is_banner_line(line) is banner


def test_footnotes_at_the_foot_of_a_page_need_their_reference() -> None:
    lines = wrapped(60)
    lines[10] = lines[10] + "[1]"
    text = "\n".join([*lines[:30], "", "[1] A note about the river.", "", "7", "", *lines[30:]])
    book = parse_text(text + "\n")
    notes = [b for b in book.blocks if b.kind == BlockKind.FOOTNOTE]
    assert [book.text[b.start : b.end] for b in notes] == ["[1] A note about the river."]
    # no reference above it: a line starting "[2]" is not a note
    text2 = text.replace("[1] A note", "[2] A note")
    book2 = parse_text(text2 + "\n")
    assert not [b for b in book2.blocks if b.kind == BlockKind.FOOTNOTE]


def test_a_numbered_list_is_not_footnotes() -> None:
    text = "Things to buy:\n\n1) bread\n\n2) milk\n\n3) apples\n\nThat was all she needed.\n"
    book = parse_text(text)
    assert not [b for b in book.blocks if b.kind == BlockKind.FOOTNOTE]


def test_nothing_is_found_in_an_ordinary_book() -> None:
    text = "\n\n".join(" ".join(wrapped(6)) for _ in range(40))
    f = find_furniture(text, 0, len(text))
    assert (f.dropped, f.front, f.back, f.footnotes) == ([], [], [], [])


# --------------------------------------------------------------------------- letter-spacing


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("C H A P T E R   O N E", "CHAPTER ONE"),
        ("Г л а в а   п е р в а я", "Глава первая"),
        ("第 一 回   宴 桃 园", "第一回\u3000宴桃园"),
        ("如 侵 犯 了 您 的 版 权", "如侵犯了您的版权"),
    ],
)
def test_letter_spaced_lines_read_as_words(line: str, words: str) -> None:
    assert is_spaced(line)
    assert collapse(line) == words


@pytest.mark.parametrize("line", ["I saw a b c", "* * *", "A B C", "1 2 3 4 5", "He is a man"])
def test_ordinary_lines_are_not_letter_spaced(line: str) -> None:
    assert not is_spaced(line)
    assert collapse(line) == line


def test_a_letter_spaced_line_shows_its_words_with_exact_offsets() -> None:
    text = "T H E   E N D\n"
    gaps = spaced_gaps(text, 0, 13)
    kept = "".join(ch for i, ch in enumerate(text[:13]) if not any(a <= i < b for a, b in gaps))
    assert kept == "THE END"
    book = parse_text("Some prose to begin with, long enough to be prose.\n\n" + text)
    last = len(book.blocks) - 1
    assert display_block(book, last).text == "THE END"
    assert display_problems(book, last) == []
