"""Structure detection on synthetic texts: heading forms, guards, contents, matter, notes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.text.structure import OPENING_TITLE, Structure, detect_structure

PROSE = (
    "It was a bright cold day in April, and the clocks were striking thirteen.\n"
    "Winston Smith, his chin nuzzled into his breast in an effort to escape\n"
    "the vile wind, slipped quickly through the glass doors of Victory Mansions."
)
PROSE2 = (
    "The hallway smelt of boiled cabbage and old rag mats. At one end of it a\n"
    "coloured poster, too large for indoor display, had been tacked to the wall."
)


def book(*parts: str) -> str:
    """Paragraphs joined by blank lines; ``"P"`` stands for a prose paragraph."""
    out = []
    for i, p in enumerate(parts):
        out.append((PROSE if i % 2 else PROSE2) if p == "P" else p)
    return "\n\n".join(out) + "\n"


def check_invariants(text: str, s: Structure) -> None:
    """Every range is inside the text, sorted, and no two ranges of any kind overlap."""
    ranges = [(h.start, h.end) for h in s.headings]
    ranges += s.scene_breaks + s.front_matter + s.back_matter + s.author_notes
    if s.title_block:
        ranges.append(s.title_block)
    for a, b in ranges:
        assert 0 <= a < b <= len(text)
    ranges.sort()
    for (_a, b), (c, _d) in itertools.pairwise(ranges):
        assert b <= c, f"overlap: {ranges}"
    for lst in (s.scene_breaks, s.front_matter, s.back_matter, s.author_notes):
        assert lst == sorted(lst)
    assert [h.start for h in s.headings] == sorted(h.start for h in s.headings)
    for h in s.headings:  # a heading is whole lines
        assert h.start == 0 or text[h.start - 1] == "\n"
        assert h.end == len(text) or text[h.end] == "\n"
    assert [c.offset for c in s.chapters] == sorted(c.offset for c in s.chapters)
    assert all(c.level in (1, 2) for c in s.chapters)


def detect(text: str, **kw: bool) -> Structure:
    s = detect_structure(text, **kw)
    check_invariants(text, s)
    return s


def titles(s: Structure) -> list[str]:
    return [c.title for c in s.chapters]


def levels(s: Structure) -> list[tuple[str, int]]:
    return [(c.title, c.level) for c in s.chapters]


# -- single heading forms --------------------------------------------------------------

KEYWORD_FORMS = [
    ("CHAPTER I", "CHAPTER II"),
    ("Chapter 1", "Chapter 2"),
    ("CHAPTER 1. A Title.", "CHAPTER 2. Another Title."),
    ("CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"),
    ("Chapter 12: The Return", "Chapter 13: The Flight"),
    ("Ch. 3", "Ch. 4"),
    ("Chapter Twelve", "Chapter Thirteen"),
    ("Chapter Twenty-One", "Chapter Twenty-Two"),
    ("CHAPTER I—The Beginning", "CHAPTER II—The End"),
    ("Erstes Kapitel", "Zweites Kapitel"),
    ("Kapitel 1", "Kapitel 2"),
    ("CHAPITRE PREMIER", "CHAPITRE DEUXIÈME"),
    ("Chapitre 1", "Chapitre 2"),
    ("Глава первая", "Глава вторая"),
    ("Глава 1", "Глава 2"),
    ("ГЛАВА I", "ГЛАВА II"),
    ("第1章", "第2章"),
    ("第十二章 风起", "第十三章 云涌"),
    ("第一回　宴桃园豪杰三结义　斩黄巾英雄首立功", "第二回　张翼德怒鞭督邮　何国舅谋诛宦竖"),
]


@pytest.mark.parametrize(("first", "second"), KEYWORD_FORMS)
def test_keyword_heading_forms(first: str, second: str) -> None:
    text = book("P", "P", first, "P", "P", second, "P")
    s = detect(text)
    heads = list(s.headings)
    assert [h.title for h in heads] == [" ".join(first.split(" ")), second]
    assert heads[0].start == text.index(first)
    assert heads[0].end == text.index(first) + len(first)
    assert titles(s) == [OPENING_TITLE, first, second]
    assert all(c.level == 1 for c in s.chapters)


@pytest.mark.parametrize(
    "line",
    [
        "Prologue",
        "PROLOGUE",
        "Epilogue",
        "Interlude",
        "Afterword",
        "Preface",
        "Introduction",
        "Prologue: The Fall",
        "ЭПИЛОГ",
        "Вступление",
        "序章",
        "楔子",
        "番外一",
        "尾声",
        "后记",
    ],
)
def test_special_headings(line: str) -> None:
    text = book(line, "P", "Chapter 1", "P", "P")
    s = detect(text)
    assert titles(s) == [line, "Chapter 1"]
    assert s.chapters[0].offset == 0


def test_heading_title_whitespace_collapsed() -> None:
    s = detect(book("P", "CHAPTER   IV.   The  Rabbit", "P", "P"))
    assert s.headings[0].title == "CHAPTER IV. The Rabbit"


# -- parts and chapters ----------------------------------------------------------------


def test_books_and_chapters_make_two_levels() -> None:
    text = book(
        "BOOK ONE: 1805",
        "CHAPTER I",
        "P",
        "CHAPTER II",
        "P",
        "BOOK TWO: 1806",
        "CHAPTER I",
        "P",
        "FIRST EPILOGUE: 1813 - 20",
        "CHAPTER I",
        "P",
        "SECOND EPILOGUE",
        "CHAPTER I",
        "P",
    )
    s = detect(text)
    assert levels(s) == [
        ("BOOK ONE: 1805", 1),
        ("CHAPTER I", 2),
        ("CHAPTER II", 2),
        ("BOOK TWO: 1806", 1),
        ("CHAPTER I", 2),
        ("FIRST EPILOGUE: 1813 - 20", 1),
        ("CHAPTER I", 2),
        ("SECOND EPILOGUE", 1),
        ("CHAPTER I", 2),
    ]


@pytest.mark.parametrize(
    "part",
    [
        "VOLUME I",
        "PART II",
        "BOOK FIRST—RECALLED TO LIFE",
        "Book the First--Recalled to Life",
        "Part One",
        "ЧАСТЬ ВТОРАЯ",
    ],
)
def test_part_forms_are_level_one(part: str) -> None:
    text = book(part, "Chapter 1", "P", "Chapter 2", "P")
    s = detect(text)
    assert levels(s) == [(part, 1), ("Chapter 1", 2), ("Chapter 2", 2)]


def test_book_the_first_with_bare_titled_roman_chapters() -> None:
    text = book(
        "Book the First--Recalled to Life",
        "I. The Period",
        "P",
        "II. The Mail",
        "P",
        "Book the Second--the Golden Thread",
        "I. Five Years Later",
        "P",
        "P",
    )
    s = detect(text)
    assert levels(s) == [
        ("Book the First--Recalled to Life", 1),
        ("I. The Period", 2),
        ("II. The Mail", 2),
        ("Book the Second--the Golden Thread", 1),
        ("I. Five Years Later", 2),
    ]


def test_french_parts_with_bare_roman_chapters() -> None:
    long = "\n\n".join(["P"] * 30)  # real chapters are long (not stanza numbers)
    text = book(
        "PREMIÈRE PARTIE",
        "I",
        *long.split("\n\n"),
        "II",
        *long.split("\n\n"),
        "DEUXIÈME PARTIE",
        "I",
        *long.split("\n\n"),
    )
    s = detect(text)
    assert levels(s) == [
        ("PREMIÈRE PARTIE", 1),
        ("I", 2),
        ("II", 2),
        ("DEUXIÈME PARTIE", 1),
        ("I", 2),
    ]


def test_collection_stories_with_inner_part_numbers() -> None:
    long = ["P"] * 30
    text = book(
        "ADVENTURE I. A SCANDAL IN BOHEMIA",
        "I.",
        *long,
        "II.",
        *long,
        "ADVENTURE II. THE RED-HEADED LEAGUE",
        *long,
        "III. A CASE OF IDENTITY",
        *long,
        "IV. THE BOSCOMBE VALLEY MYSTERY",
        *long,
    )
    s = detect(text)
    assert levels(s) == [
        ("ADVENTURE I. A SCANDAL IN BOHEMIA", 1),
        ("I.", 2),
        ("II.", 2),
        ("ADVENTURE II. THE RED-HEADED LEAGUE", 1),
        ("III. A CASE OF IDENTITY", 1),
        ("IV. THE BOSCOMBE VALLEY MYSTERY", 1),
    ]


def test_stanza_numbers_under_chapters_are_not_entries() -> None:
    stanza = "Мой дядя самых честных правил,\nКогда не в шутку занемог,\nОн уважать себя заставил"
    parts = ["Глава первая"]
    for n in ["I", "II", "III", "IV", "V", "VI"]:
        parts += [n, stanza]
    parts += ["Глава вторая"]
    for n in ["I", "II", "III"]:
        parts += [n, stanza]
    s = detect(book(*parts))
    assert titles(s) == ["Глава первая", "Глава вторая"]
    assert [h.title for h in s.headings] == ["Глава первая", "Глава вторая"]


def test_bare_numerals_alone_are_chapters() -> None:
    long = ["P"] * 30
    s = detect(book("I", *long, "II", *long, "III", *long))
    assert levels(s) == [("I", 1), ("II", 1), ("III", 1)]


def test_dracula_style_subheading_joins_the_heading() -> None:
    text = book(
        "CHAPTER I",
        "JONATHAN HARKER'S JOURNAL",
        "P",
        "CHAPTER II",
        "JONATHAN HARKER'S JOURNAL--_continued_",
        "P",
    )
    s = detect(text)
    assert titles(s) == [
        "CHAPTER I: JONATHAN HARKER'S JOURNAL",
        "CHAPTER II: JONATHAN HARKER'S JOURNAL--continued",
    ]
    first = s.headings[0]
    assert text[first.start : first.end] == "CHAPTER I\n\nJONATHAN HARKER'S JOURNAL"


def test_volumes_books_and_dashed_chapters() -> None:
    # Les Misérables: VOLUME and BOOK are both parts (level 1), chapters nest under them
    text = book(
        "VOLUME I.—FANTINE",
        "BOOK FIRST.—A JUST MAN",
        "CHAPTER I—M. MYRIEL",
        "P",
        "CHAPTER II—M. MYRIEL BECOMES M. WELCOME",
        "P",
        "BOOK SECOND.—THE FALL",
        "CHAPTER I—THE EVENING OF A DAY OF WALKING",
        "P",
        "VOLUME II.—COSETTE",
        "BOOK FIRST.—WATERLOO",
        "CHAPTER I—WHAT IS MET WITH ON THE WAY FROM NIVELLES",
        "P",
    )
    assert levels(detect(text)) == [
        ("VOLUME I.—FANTINE", 1),
        ("BOOK FIRST.—A JUST MAN", 1),
        ("CHAPTER I—M. MYRIEL", 2),
        ("CHAPTER II—M. MYRIEL BECOMES M. WELCOME", 2),
        ("BOOK SECOND.—THE FALL", 1),
        ("CHAPTER I—THE EVENING OF A DAY OF WALKING", 2),
        ("VOLUME II.—COSETTE", 1),
        ("BOOK FIRST.—WATERLOO", 1),
        ("CHAPTER I—WHAT IS MET WITH ON THE WAY FROM NIVELLES", 2),
    ]


def test_russian_parts_with_bare_roman_chapters_and_epilogue() -> None:
    long = ["P"] * 30
    text = book(
        "ЧАСТЬ ПЕРВАЯ",
        "I",
        *long,
        "II",
        *long,
        "ЧАСТЬ ВТОРАЯ",
        "I",
        *long,
        "ЭПИЛОГ",
        *long,
    )
    assert levels(detect(text)) == [
        ("ЧАСТЬ ПЕРВАЯ", 1),
        ("I", 2),
        ("II", 2),
        ("ЧАСТЬ ВТОРАЯ", 1),
        ("I", 2),
        ("ЭПИЛОГ", 1),
    ]


@pytest.mark.parametrize(
    ("first", "second"), [("PREMIÈRE PARTIE", "DEUXIÈME PARTIE"), ("ERSTER TEIL", "ZWEITER TEIL")]
)
def test_parts_with_bare_roman_chapters_with_a_dot(first: str, second: str) -> None:
    long = ["P"] * 30
    text = book(first, "I.", *long, "II.", *long, second, "I.", *long)
    assert levels(detect(text)) == [(first, 1), ("I.", 2), ("II.", 2), (second, 1), ("I.", 2)]


def test_chapter_number_with_a_dot_takes_its_title_line() -> None:
    text = book("CHAPTER I.", "THE BOY WHO WAITED", "P", "CHAPTER II.", "THE LONG ROAD", "P")
    s = detect(text)
    assert titles(s) == ["CHAPTER I: THE BOY WHO WAITED", "CHAPTER II: THE LONG ROAD"]
    assert text[s.headings[0].start : s.headings[0].end] == "CHAPTER I.\n\nTHE BOY WHO WAITED"


def test_prologue_interlude_epilogue_afterword_around_chapters() -> None:
    text = book(
        "Prologue",
        "P",
        "Chapter 1",
        "P",
        "Interlude",
        "P",
        "Chapter 2",
        "P",
        "Epilogue",
        "P",
        "Afterword",
        "P",
    )
    assert levels(detect(text)) == [
        ("Prologue", 1),
        ("Chapter 1", 1),
        ("Interlude", 1),
        ("Chapter 2", 1),
        ("Epilogue", 1),
        ("Afterword", 1),
    ]


def test_chinese_specials_around_numbered_chapters() -> None:
    text = book(
        "楔子",
        "P",
        "第一章 开始",
        "P",
        "第二章 继续",
        "P",
        "番外 小故事",
        "P",
        "尾声",
        "P",
    )
    assert titles(detect(text)) == ["楔子", "第一章 开始", "第二章 继续", "番外 小故事", "尾声"]


def test_chinese_prose_lines_starting_like_a_heading_are_not_chapters() -> None:
    text = book(
        "第一章 开始",
        "他拿出第一封信，读了起来。",
        "第一封信",
        "信里写着什么？第二天他又去了。",
        "第二章 继续",
        "P",
    )
    assert titles(detect(text)) == ["第一章 开始", "第二章 继续"]


# -- fan fiction ------------------------------------------------------------------------


def test_fanfic_numbered_titles() -> None:
    text = book("1. The Start", "P", "P", "2. The Middle", "P", "3. The End", "P")
    assert titles(detect(text)) == ["1. The Start", "2. The Middle", "3. The End"]
    text = book("1 - The Start", "P", "2 - The Middle", "P", "3 - The End", "P")
    assert titles(detect(text)) == ["1 - The Start", "2 - The Middle", "3 - The End"]


def test_numbered_lines_that_do_not_count_up_are_not_chapters() -> None:
    text = book("P", "3. Then we left.", "P", "17. Nobody knew", "P", "5 - Why", "P")
    assert detect(text).chapters == []


def test_fanfic_chapter_with_title_and_opening_notes() -> None:
    text = book("A/N: Thanks for all the reviews! Enjoy.", "Chapter 12: Title", "P", "P")
    s = detect(text)
    assert titles(s) == ["Chapter 12: Title"]
    note = "A/N: Thanks for all the reviews! Enjoy."
    assert s.author_notes == [(0, len(note))]


# -- guards -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a wrapped paragraph whose line starts like a heading
        "He read on until\nchapter 5 of the report was done, and\nthen slept.\n",
        "He read on.\n\nChapter 5 of the report was long and dull.\n\nHe slept.\n",
        "He read on.\n\nchapter 5\n\nHe slept.\n",
        "Book one of the series was better.\n\nPart of me agreed.\n",
        "Everyone was there.\n\n1. I went home.\n\nThen I slept.\n",  # a lone numbered line
        "“What?”\n\nI\n\nsaid nothing.\n",  # a lone pronoun
        "他拿出第一封信，读了起来。\n\n第一封信\n\n信里写着什么？\n",
        "第一回合，他们打了三十个回合，不分胜负，众人看得目瞪口呆，都说从未见过如此激烈的比武。\n",
        "Глава халдейских мудрецов,\nНевежда и глупец.\n",
        "Глава повес, трибун трактирный,\nТеперь же добрый и простой\n",
    ],
)
def test_prose_is_not_a_heading(text: str) -> None:
    s = detect(text)
    assert s.headings == []
    assert s.chapters == []


def test_titled_heading_line_running_into_prose_is_prose() -> None:
    text = "He said.\n\nPart I. He said that the whole thing was a sham, and I\nwas not going.\n"
    assert detect(text).headings == []


def test_bare_heading_directly_above_its_text() -> None:
    text = book("P", "P", "CHAPTER I\nIt was night.", "P", "CHAPTER II\nIt was day.", "P")
    assert titles(detect(text)) == [OPENING_TITLE, "CHAPTER I", "CHAPTER II"]


def test_heading_must_stand_alone_in_wrapped_text() -> None:
    text = "the end of the\nCHAPTER I\nmeeting was near.\n\nCHAPTER II\n\n" + PROSE + "\n"
    s = detect(text)
    assert [h.title for h in s.headings] == ["CHAPTER II"]


# -- printed tables of contents ---------------------------------------------------------


def test_indented_contents_with_every_chapter_is_not_chapters() -> None:
    contents = ["    CONTENTS"]
    for b in ("ONE: 1805", "TWO: 1806"):
        contents += [f"    BOOK {b}", "    CHAPTER I", "    CHAPTER II", "    CHAPTER III"]
    body = []
    for b in ("ONE: 1805", "TWO: 1806"):
        body += [f"BOOK {b}", "CHAPTER I", "P", "CHAPTER II", "P", "CHAPTER III", "P"]
    text = book("WAR AND PEACE", "By Leo Tolstoy", *contents, *body)
    s = detect(text)
    assert levels(s) == [
        ("BOOK ONE: 1805", 1),
        ("CHAPTER I", 2),
        ("CHAPTER II", 2),
        ("CHAPTER III", 2),
        ("BOOK TWO: 1806", 1),
        ("CHAPTER I", 2),
        ("CHAPTER II", 2),
        ("CHAPTER III", 2),
    ]
    first_body = text.index("BOOK ONE: 1805", text.index("CHAPTER III"))
    assert s.chapters[0].offset == first_body
    assert s.title_block is not None
    assert s.title_block[0] == 0 and s.title_block[1] > text.index("    BOOK TWO")
    assert len(s.toc_spans) == 1


def test_contents_without_blank_lines_is_not_chapters() -> None:
    long = ["P"] * 30
    text = book(
        "Table des matières",
        "PREMIÈRE PARTIE\nI\nII\nDEUXIÈME PARTIE\nI",
        "PREMIÈRE PARTIE",
        "I",
        *long,
        "II",
        *long,
        "DEUXIÈME PARTIE",
        "I",
        *long,
    )
    s = detect(text)
    assert levels(s)[0] == ("PREMIÈRE PARTIE", 1)
    assert s.chapters[0].offset == text.index("PREMIÈRE PARTIE", text.index("DEUXIÈME"))
    assert len(s.chapters) == 5


def test_contents_with_title_lines_then_body() -> None:
    toc = []
    for n in ["I", "II", "III", "IV"]:
        toc += [f"CHAPTER {n}", "Jonathan Harker's Journal                1"]
    body = []
    for n in ["I", "II", "III", "IV"]:
        body += [f"CHAPTER {n}", "P", "P"]
    text = book("DRACULA", "CONTENTS", *toc, *body)
    s = detect(text)
    assert titles(s) == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
    assert s.chapters[0].offset == text.index("CHAPTER I\n", text.index("CHAPTER IV"))


def test_contents_then_dedication_then_body() -> None:
    toc = ["Chapter 1", "Chapter 2", "Chapter 3", "Chapter 4"]
    body = []
    for c in toc:
        body += [c, "P", "P"]
    text = book("CONTENTS", *toc, "P", "P", *body)
    s = detect(text)
    assert titles(s) == [OPENING_TITLE, *toc]
    assert s.chapters[1].offset == text.index("Chapter 1", text.index("Chapter 4"))


def test_right_aligned_roman_contents_list() -> None:
    long = ["P"] * 30
    text = book(
        "THE ADVENTURES",
        "   I. A Scandal in Bohemia\n  II. The Red-headed League\n III. A Case of Identity",
        "ADVENTURE I. A SCANDAL IN BOHEMIA",
        *long,
        "ADVENTURE II. THE RED-HEADED LEAGUE",
        *long,
        "ADVENTURE III. A CASE OF IDENTITY",
        *long,
    )
    s = detect(text)
    assert titles(s) == [
        "ADVENTURE I. A SCANDAL IN BOHEMIA",
        "ADVENTURE II. THE RED-HEADED LEAGUE",
        "ADVENTURE III. A CASE OF IDENTITY",
    ]

    assert s.toc_spans == [(text.index("   I. A Scandal"), text.index("\n\nADVENTURE I."))]


def test_dense_contents_list_is_a_toc_span() -> None:
    long = ["P"] * 30
    toc = "PREMIÈRE PARTIE\nI\nII\nIII\nDEUXIÈME PARTIE\nI\nII"
    body = []
    for part in ("PREMIÈRE PARTIE", "DEUXIÈME PARTIE"):
        body += [part, "I", *long, "II", *long]
    text = book("MADAME BOVARY", "Table des matières", toc, "À mon ami", *body)
    s = detect(text)
    assert s.toc_spans == [(text.index(toc), text.index(toc) + len(toc))]
    assert titles(s)[0] == "PREMIÈRE PARTIE"
    assert s.chapters[0].offset == text.index("PREMIÈRE PARTIE", text.index("À mon ami"))


def test_numbered_list_in_prose_is_not_a_contents_list() -> None:
    text = book("Chapter 1", "P", "1. eggs\n2. milk\n3. bread", "P", "Chapter 2", "P")
    s = detect(text)
    assert s.toc_spans == []
    assert titles(s) == ["Chapter 1", "Chapter 2"]


STORIES = ["The Gift of the Magi", "A Cosmopolite in a Café", "Between Rounds"]


def _collection(toc_lines: str, heads: list[str]) -> str:
    long = ["P"] * 6
    body = []
    for h in heads:
        body += [h, *long]
    return book("THE FOUR MILLION", "CONTENTS", toc_lines, *body)


def test_story_titles_listed_in_contents_become_chapters() -> None:
    toc = "\n".join(f"    {t} {'.' * 5} {i * 10 + 1}" for i, t in enumerate(STORIES))
    heads = [t.upper() for t in STORIES]
    text = _collection(toc, heads)
    s = detect(text)
    assert titles(s) == heads
    assert {c.level for c in s.chapters} == {1}
    assert s.chapters[0].offset == text.index(heads[0])
    assert s.toc_spans == [(text.index(toc), text.index(toc) + len(toc))]


def test_story_titles_need_two_matches_in_order() -> None:
    toc = "\n".join(STORIES)
    one = _collection(toc, [STORIES[0].upper(), "Something else"])
    assert titles(detect(one)) == []
    backwards = _collection(toc, [STORIES[2], STORIES[1]])
    assert titles(detect(backwards)) == []


def test_story_title_inside_prose_or_after_a_heading_is_not_a_chapter() -> None:
    toc = "\n\n".join(STORIES)
    text = book(
        "CONTENTS",
        toc,
        "CHAPTER I",
        STORIES[0],
        "P",
        f"{STORIES[1]}\nwas the name.",
        "P",
        "CHAPTER II",
        STORIES[2],
        "P",
    )
    s = detect(text)
    assert titles(s) == ["CHAPTER I", "CHAPTER II"]
    text = book("CONTENTS", toc, "STORY ONE", STORIES[0], "P", f"{STORIES[1]}\nwas the name.", "P")
    s = detect(text)
    # under a keyword heading (its subtitle) or inside a paragraph: no new entries
    assert all(c.title not in STORIES for c in s.chapters)


# -- opening text and title page --------------------------------------------------------


def test_title_page_is_a_title_block_not_an_entry() -> None:
    text = book("PRIDE AND PREJUDICE", "By Jane Austen", "Chapter 1", "P", "Chapter 2", "P")
    s = detect(text)
    assert titles(s) == ["Chapter 1", "Chapter 2"]
    assert s.title_block == (0, text.index("By Jane Austen") + len("By Jane Austen"))


def test_prose_before_first_heading_is_an_opening_entry() -> None:
    text = book("My Story", "P", "P", "Chapter 1", "P", "Chapter 2", "P")
    s = detect(text)
    assert titles(s) == [OPENING_TITLE, "Chapter 1", "Chapter 2"]
    assert s.chapters[0].offset == 0 and s.chapters[0].level == 1
    assert s.title_block == (0, len("My Story"))


def test_no_headings_no_entries() -> None:
    s = detect(book("Desperate Measures", "P", "P", "P"))
    assert s.chapters == [] and s.headings == []
    assert s.title_block == (0, len("Desperate Measures"))


def test_dialogue_first_line_is_not_a_title() -> None:
    s = detect(book('"No."', "P", "P"))
    assert s.title_block is None


# -- scene breaks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [
        "***",
        "* * *",
        "*",
        "~~~",
        "#",
        "###",
        "oOo",
        "xXx",
        "-oOo-",
        "~ oOo ~",
        "---",
        "----------",
        "________",
        "=====",
        "       *       *       *       *       *",
        "⁂",
        "§",
        "* ~ *",
    ],
)
def test_scene_break_markers(marker: str) -> None:
    text = book("P", marker, "P")
    s = detect(text)
    start = text.index(marker, len(PROSE2))
    assert s.scene_breaks == [(start, start + len(marker))]
    assert s.headings == []


def test_star_lines_with_blank_lines_between_are_one_break() -> None:
    orn = "  *    *    *    *\n\n    *    *    *\n\n  *    *    *    *"
    text = book("P", orn, "P")
    s = detect(text)
    start = text.index(orn)
    assert s.scene_breaks == [(start, start + len(orn))]


def test_underline_and_prose_are_not_scene_breaks() -> None:
    text = "Title\n-----\n\n" + PROSE + "\n\nOops - no.\n\nx\n\nOooh, said he.\n"
    assert detect(text).scene_breaks == []


# -- author's notes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "A/N: Thanks for reading!",
        "AN: short one",
        "Author's Note: hello",
        "Author’s Note - hi",
        "(A/N: in brackets)",
        "[AN: square]",
        "**A/N:** bold",
        "Authors' Notes: many",
    ],
)
def test_author_note_forms(note: str) -> None:
    text = book("Chapter 1", note, "P", "P", "P", "P", "P", "P")
    s = detect(text)
    start = text.index(note)
    assert s.author_notes == [(start, start + len(note))]


def test_author_note_paragraph_and_trailing_sign_off() -> None:
    note = "A/N: Yes, I know. I can't let it end here,\nright? It ends here."
    tail = "There will be a sequel to this story!"
    text = book("P", "P", note, tail)
    s = detect(text)
    start = text.index(note)
    assert s.author_notes == [(start, text.index(tail) + len(tail))]
    text = book("P", note, "P", "P", "P", "P", "P", "P", "P", "P", "P", "P")
    start = text.index(note)
    assert detect(text).author_notes == [(start, start + len(note))]


@pytest.mark.parametrize("line", ["Anne said nothing.", "AN hour later.", "Authority was gone."])
def test_not_author_notes(line: str) -> None:
    assert detect(book("P", line, "P")).author_notes == []


# -- Project Gutenberg ------------------------------------------------------------------

PG_HEAD = (
    "The Project Gutenberg EBook of Test, by Someone\n\nTitle: Test\n\nAuthor: Someone\n\n"
    "{start}\n\n\n\n\nTEST\n\nby Someone\n\n\n"
)
PG_TAIL = (
    "\n\n\nEnd of the Project Gutenberg EBook of Test, by Someone\n\n{end}\n\n"
    "***** This file should be named 1.txt *****\n\nCHAPTER 1. Section\n\n"
    "*** START: FULL LICENSE ***\n\nTHE FULL PROJECT GUTENBERG LICENSE\n"
)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (
            "*** START OF THIS PROJECT GUTENBERG EBOOK TEST ***",
            "*** END OF THIS PROJECT GUTENBERG EBOOK TEST ***",
        ),
        (
            "*** START OF THE PROJECT GUTENBERG EBOOK TEST ***",
            "*** END OF THE PROJECT GUTENBERG EBOOK TEST ***",
        ),
        (
            "***START OF THE PROJECT GUTENBERG EBOOK TEST***",
            "***END OF THE PROJECT GUTENBERG EBOOK TEST***",
        ),
    ],
)
def test_gutenberg_header_and_license(start: str, end: str) -> None:
    body = book(
        "CHAPTER I. THE END OF THE WORLD",
        "P",
        "CHAPTER II. AT THE END OF THE PROJECT",
        "P",
        "*** END OF THE BEGINNING ***",
        "P",
    )
    text = PG_HEAD.format(start=start) + body + PG_TAIL.format(end=end)
    s = detect(text)
    assert s.front_matter == [(0, text.index(start) + len(start))]
    assert s.back_matter == [(text.index("End of the Project Gutenberg EBook"), len(text))]
    assert titles(s) == ["CHAPTER I. THE END OF THE WORLD", "CHAPTER II. AT THE END OF THE PROJECT"]
    assert s.title_block == (text.index("TEST\n"), text.index("by Someone\n\n\n") + 10)


def test_gutenberg_end_marker_alone() -> None:
    text = (
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n"
        + book("Chapter 1", "P")
        + "\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n\nlicense\n"
    )
    s = detect(text)
    assert s.back_matter == [(text.index("*** END"), len(text))]
    assert titles(s) == ["Chapter 1"]


def test_gutenberg_old_end_line_without_marker() -> None:
    text = (
        book("Chapter 1", "P", "P") + "\nEnd of Project Gutenberg's Test, by Someone\n\nlicense\n"
    )
    s = detect(text)
    assert s.back_matter == [(text.index("End of Project"), len(text))]


# -- Aozora Bunko -----------------------------------------------------------------------

AOZORA = (
    "吾輩は猫である\n夏目漱石\n\n"
    "-------------------------------------------------------\n"
    "【テキスト中に現れる記号について】\n\n《》：ルビ\n（例）吾輩《わがはい》\n"
    "-------------------------------------------------------\n\n"
    "{body}"
    "\n\n\n底本：「夏目漱石全集1」ちくま文庫、筑摩書房\n入力：柴田卓治\n"
)


def test_aozora_headings_and_matter() -> None:
    body = (
        "［＃８字下げ］一［＃「一」は中見出し］\n\n　吾輩《わがはい》は猫である。名前はまだ無い。\n"
        "［＃８字下げ］二［＃「二」は中見出し］\n\n　吾輩は新年来多少有名になった。\n"
    )
    text = AOZORA.format(body=body)
    s = detect(text, aozora=True)
    assert levels(s) == [("一", 1), ("二", 1)]
    assert s.headings[0].start == text.index("［＃８字下げ］一")
    assert text[s.headings[0].end] == "\n"
    assert s.title_block == (0, len("吾輩は猫である\n夏目漱石"))
    a = text.index("-----")
    b = text.index("-\n\n", text.index("【")) + 1
    assert s.front_matter == [(a, b)]
    assert s.back_matter == [(text.index("底本："), len(text))]
    assert s.scene_breaks == []


def test_aozora_large_and_medium_headings_nest() -> None:
    body = (
        "［＃「上」は大見出し］\n\n［＃「一」は中見出し］\n\n　本文。\n\n"
        "［＃「二」は中見出し］\n\n　本文。\n\n［＃「下」は大見出し］\n\n"
        "［＃「三」は中見出し］\n\n　本文。\n"
        "［＃「四」は中見出し］\n　本文。\n"
    )
    s = detect(AOZORA.format(body=body), aozora=True)
    # short chapters right after each other are not taken for a contents list here
    assert levels(s) == [("上", 1), ("一", 2), ("二", 2), ("下", 1), ("三", 2), ("四", 2)]


# -- robustness -------------------------------------------------------------------------


def test_empty_and_blank_texts() -> None:
    for text in ("", "\n", "\n\n\n", "   ", "*"):
        s = detect(text)
        assert s.chapters == []


def test_large_text_is_linear() -> None:
    chapter = "Chapter {n}\n\n" + (PROSE + "\n\n") * 40
    text = "".join(chapter.format(n=n) for n in range(1, 301))
    s = detect(text)
    assert len(s.chapters) == 300
    assert s.chapters[-1].title == "Chapter 300"


ALPHABET = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "Chapter 1",
        "CHAPTER I",
        "I",
        "II.",
        "1. Title",
        "***",
        "---",
        "A/N: x",
        "BOOK ONE",
        "第一回　题",
        "［＃「一」は中見出し］",
        "Prose line here.",
        "底本：",
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
        "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
        "-" * 20,
        "【テキスト中に現れる記号について】",
        "Prologue",
        "x",
        "\t",
        "　",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40), st.booleans())
def test_any_text_gives_consistent_ranges(parts: list[str], aozora: bool) -> None:
    detect("".join(parts), aozora=aozora)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    detect(text)


def test_gutenberg_volunteer_credit_is_front_matter_not_title() -> None:
    text = (
        "The Project Gutenberg EBook of A Tale\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK A TALE ***\n\n\n\n"
        "Produced by an anonymous Project Gutenberg volunteer and\nJane Roe\n\n\n\n"
        "A TALE\n\nby\n\nJOHN DOE\n\n\n\nCHAPTER I\n\n"
        + "It was a quiet evening and nothing at all happened for a long while. " * 5
        + "\n"
    )
    st = detect_structure(text)
    credit = text.index("Produced by")
    assert any(s <= credit < e for s, e in st.front_matter)
    assert st.title_block is not None
    assert text[st.title_block[0] : st.title_block[1]].startswith("A TALE")
