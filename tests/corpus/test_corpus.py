"""Expectations over every file in ../shared/corpus, through the whole text engine.

The expected values were written by reading the files (and MANIFEST.md), not
copied from the engine's output: encodings, titles and authors from the
headers, chapter headings and the first words after them from the text itself.
Chapter titles follow the engine's rule (the heading line as printed, spaces
collapsed; a bare ``CHAPTER I`` takes the all-capitals line under it, as in
Dracula: ``CHAPTER I: JONATHAN HARKER'S JOURNAL``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from reader.text.book import BlockKind, Book, ParagraphMode
from reader.text.render import display_block

PG_START = "*** START OF THIS PROJECT GUTENBERG EBOOK"
PG_END = "*** END OF THIS PROJECT GUTENBERG EBOOK"


@dataclass(frozen=True)
class Expect:
    """What one corpus file must give."""

    path: str
    encodings: frozenset[str]
    title: str
    author: str
    mode: ParagraphMode
    chapters: int
    first: tuple[tuple[str, int], ...]  # (title, level) of the first three entries
    previews: tuple[str, ...]  # text each of those entries' previews must contain early on
    level1: int | None = None  # number of level-1 entries, when the book has two levels
    gutenberg: bool = False
    aozora: bool = False
    contents_before: str | None = None  # a printed contents list that must give no entries
    extra: dict[str, str] = field(default_factory=dict)


UTF8 = frozenset({"utf-8"})
LATIN1 = frozenset({"iso8859-1"})
SJIS = frozenset({"cp932", "shift_jis"})

EXPECTED = [
    Expect(
        "gutenberg/war_and_peace__pg2600-0.txt",
        UTF8,
        "War and Peace",
        "Leo Tolstoy",
        ParagraphMode.WRAPPED,
        17 + 365,
        (("BOOK ONE: 1805", 1), ("CHAPTER I", 2), ("CHAPTER II", 2)),
        (
            "“Well, Prince, so Genoa and Lucca are now just family estates",
            "“Well, Prince, so Genoa and Lucca are now just family estates",
            "Anna Pávlovna’s drawing room was gradually filling.",
        ),
        level1=17,
        gutenberg=True,
        contents_before="    CONTENTS",
    ),
    Expect(
        "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
        UTF8,
        "Alice’s Adventures in Wonderland",
        "Lewis Carroll",
        ParagraphMode.WRAPPED,
        12,
        (
            ("CHAPTER I. Down the Rabbit-Hole", 1),
            ("CHAPTER II. The Pool of Tears", 1),
            ("CHAPTER III. A Caucus-Race and a Long Tale", 1),
        ),
        (
            "Alice was beginning to get very tired of sitting by her sister",
            "‘Curiouser and curiouser!’ cried Alice",
            "They were indeed a queer-looking party that assembled on the bank",
        ),
        gutenberg=True,
    ),
    Expect(
        "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
        LATIN1,
        "The Adventures of Sherlock Holmes",
        "Arthur Conan Doyle",
        ParagraphMode.WRAPPED,
        12 + 3,
        (("ADVENTURE I. A SCANDAL IN BOHEMIA", 1), ("I.", 2), ("II.", 2)),
        (
            "To Sherlock Holmes she is always THE woman.",
            "To Sherlock Holmes she is always THE woman.",
            "At three o'clock precisely I was at Baker Street",
        ),
        level1=12,
        gutenberg=True,
        contents_before="   I. A Scandal in Bohemia",
    ),
    Expect(
        "gutenberg/pride_and_prejudice__pg1342.txt",
        UTF8,
        "Pride and Prejudice",
        "Jane Austen",
        ParagraphMode.WRAPPED,
        61,
        (("Chapter 1", 1), ("Chapter 2", 1), ("Chapter 3", 1)),
        (
            "It is a truth universally acknowledged, that a single man in possession",
            "Mr. Bennet was among the earliest of those who waited on Mr. Bingley.",
            "Not all that Mrs. Bennet, however, with the assistance of her five",
        ),
        gutenberg=True,
    ),
    Expect(
        "gutenberg/dracula__pg345.txt",
        UTF8,
        "Dracula",
        "Bram Stoker",
        ParagraphMode.WRAPPED,
        27,
        (
            ("CHAPTER I: JONATHAN HARKER'S JOURNAL", 1),
            ("CHAPTER II: JONATHAN HARKER'S JOURNAL--continued", 1),
            ("CHAPTER III: JONATHAN HARKER'S JOURNAL--continued", 1),
        ),
        (
            "Kept in shorthand",
            "I must have been asleep, for certainly if I had been fully",
            "When I found that I was a prisoner a sort of wild feeling came over me.",
        ),
        gutenberg=True,
        contents_before="CONTENTS\n",
    ),
    Expect(
        "french_latin1/madame_bovary_fr__pg14155-8.txt",
        LATIN1,
        "Madame Bovary",
        "Gustave Flaubert",
        ParagraphMode.WRAPPED,
        1 + 3 + 9 + 15 + 11,
        # the dedication letter before the first part is its own entry
        (("Opening", 1), ("PREMIÈRE PARTIE", 1), ("I", 2)),
        (
            # the volunteers' credit is Gutenberg's, the title page and contents are not
            # prose: the opening's preview is the dedication
            "MEMBRE DU BARREAU DE PARIS",
            "Nous étions à l'Étude, quand le Proviseur entra",
            "Nous étions à l'Étude, quand le Proviseur entra",
        ),
        level1=4,
        gutenberg=True,
        contents_before="Table des matières",
    ),
    Expect(
        "chinese_gbk/sanguo_yanyi.txt",
        frozenset({"gb18030"}),
        "Sanguo Yanyi",
        "",
        # 120 chapters, and the file prints 第三十五回 (heading and text) twice
        ParagraphMode.WRAPPED,
        121,
        (
            ("第一回\u3000宴桃园豪杰三结义\u3000斩黄巾英雄首立功", 1),
            ("第二回\u3000张翼德怒鞭督邮\u3000何国舅谋诛宦竖", 1),
            ("第三回\u3000议温明董卓叱丁原\u3000馈金珠李肃说吕布", 1),
        ),
        ("滚滚长江东逝水，浪花淘尽英雄。", "且说董卓字仲颖，陇西临洮人也", "且说曹操当日对何进曰"),
    ),
    Expect(
        "japanese_sjis/wagahaiwa_nekodearu.txt",
        SJIS,
        "吾輩は猫である",
        "夏目漱石",
        ParagraphMode.LINE,
        11,
        (("一", 1), ("二", 1), ("三", 1)),
        ("吾輩は猫である。名前はまだ無い。", "吾輩は新年来多少有名になったので", "三毛子は死ぬ。"),
        aozora=True,
    ),
    Expect(
        "russian_cp1251/evgeniy_onegin.txt",
        frozenset({"cp1251"}),
        "Evgeniy Onegin",
        "",
        ParagraphMode.WRAPPED,
        9,
        (("Вступление", 1), ("Глава первая", 1), ("Глава вторая", 1)),
        (
            "мысля гордый свет забавить",
            "И жить торопится, и чувствовать спешит.",
            "Деревня, где скучал Евгений",
        ),
    ),
    Expect(
        "variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt",
        frozenset({"utf-16-le"}),
        "Alice’s Adventures in Wonderland",
        "Lewis Carroll",
        ParagraphMode.WRAPPED,
        12,
        (
            ("CHAPTER I. Down the Rabbit-Hole", 1),
            ("CHAPTER II. The Pool of Tears", 1),
            ("CHAPTER III. A Caucus-Race and a Long Tale", 1),
        ),
        (
            "Alice was beginning to get very tired of sitting by her sister",
            "‘Curiouser and curiouser!’ cried Alice",
            "They were indeed a queer-looking party that assembled on the bank",
        ),
        gutenberg=True,
    ),
    Expect(
        "variants/evgeniy_onegin.utf8-bom.txt",
        UTF8,
        "Evgeniy Onegin",
        "",
        ParagraphMode.WRAPPED,
        9,
        (("Вступление", 1), ("Глава первая", 1), ("Глава вторая", 1)),
        (
            "мысля гордый свет забавить",
            "И жить торопится, и чувствовать спешит.",
            "Деревня, где скучал Евгений",
        ),
    ),
    Expect(
        "variants/wagahaiwa_nekodearu.utf16be-bom.txt",
        frozenset({"utf-16-be"}),
        "吾輩は猫である",
        "夏目漱石",
        ParagraphMode.LINE,
        11,
        (("一", 1), ("二", 1), ("三", 1)),
        ("吾輩は猫である。名前はまだ無い。", "吾輩は新年来多少有名になったので", "三毛子は死ぬ。"),
        aozora=True,
    ),
    Expect(
        "fanfic/desperate_measures.txt",
        UTF8,
        "Desperate Measures",
        "",
        ParagraphMode.BLANK,
        0,
        (),
        (),
    ),
    Expect(
        "fanfic/alaric_leaving.txt",
        UTF8,
        "Alaric Leaving",
        "",
        ParagraphMode.BLANK,
        0,
        (),
        (),
    ),
]
IDS = [Path(e.path).stem for e in EXPECTED]

# Python's shift_jis and cp932 differ on a few symbols (the UTF-16BE variant was
# converted with shift_jis); map both to one form before comparing texts.
SJIS_CP932 = str.maketrans(
    {
        "\u301c": "\uff5e",
        "\u2016": "\u2225",
        "\u2212": "\uff0d",
        "\u00a2": "\uffe0",
        "\u00a3": "\uffe1",
        "\u00ac": "\uffe2",
    }
)


@cache
def _load(path: str) -> Book:
    from reader.text.parse import load_book

    return load_book(path)


@pytest.fixture
def load(corpus: Path):  # a small factory: load(rel) -> Book
    """Parse a corpus file once per test session."""

    def _get(rel: str) -> Book:
        return _load(str(corpus / rel))

    return _get


def previews(book: Book) -> list[str]:
    """Each entry's preview: helper A's ``book_info`` when present, else computed here."""
    try:
        from reader.text.info import book_info
    except ImportError:
        book_info = None
    if book_info is not None:
        return [c["preview"] for c in book_info(book)["chapters"]]
    out = []
    starts = [c.offset for c in book.chapters]
    for ch in book.chapters:
        i = book.blocks.index_at(ch.offset)
        parts: list[str] = []
        while i < len(book.blocks) and sum(map(len, parts)) < 120:
            b = book.blocks[i]
            i += 1
            if b.kind in (BlockKind.HEADING, BlockKind.SCENE_BREAK, BlockKind.MATTER):
                if b.kind == BlockKind.HEADING and b.start not in starts:
                    parts.append(" ".join(display_block(book, i - 1).text.split()))
                continue
            parts.append(" ".join(display_block(book, i - 1).text.split()))
        out.append(" ".join(parts)[:120])
    return out


@pytest.mark.parametrize("exp", EXPECTED, ids=IDS)
def test_encoding_and_metadata(load, exp: Expect) -> None:
    book = load(exp.path)
    assert book.encoding.name in exp.encodings
    assert book.encoding.replaced_bytes == 0
    assert "\ufffd" not in book.text
    assert book.metadata.title == exp.title
    assert book.metadata.author == exp.author
    assert book.paragraph_mode == exp.mode


@pytest.mark.parametrize("exp", EXPECTED, ids=IDS)
def test_chapters(load, exp: Expect) -> None:
    book = load(exp.path)
    assert len(book.chapters) == exp.chapters
    got = tuple((c.title, c.level) for c in book.chapters[:3])
    assert got == exp.first
    if exp.level1 is not None:
        assert sum(c.level == 1 for c in book.chapters) == exp.level1
    elif book.chapters:
        assert all(c.level == 1 for c in book.chapters)
    text = book.text
    for ch in book.chapters:
        if ch.title == "Opening":
            assert ch.offset == book.reading_range()[0] + (
                len(text[book.reading_range()[0] :]) - len(text[book.reading_range()[0] :].lstrip())
            )
            continue
        # every other entry sits on its heading block
        i = book.blocks.index_at(ch.offset)
        assert book.blocks[i].kind == BlockKind.HEADING
        assert book.blocks[i].start == ch.offset
    if exp.contents_before is not None:
        toc = text.index(exp.contents_before)
        assert all(ch.offset > toc for ch in book.chapters if ch.title != "Opening")


@pytest.mark.parametrize(
    "exp", [e for e in EXPECTED if e.previews], ids=lambda e: Path(e.path).stem
)
def test_chapter_previews(load, exp: Expect) -> None:
    book = load(exp.path)
    got = previews(book)[:3]
    straight = str.maketrans("“”‘’", "\"\"''")  # previews show smart quotes
    for preview, want in zip(got, exp.previews, strict=True):
        assert len(preview) <= 130
        plain = preview.translate(straight)
        assert want.translate(straight) in plain[: len(want) + 40], (want, preview)


@pytest.mark.parametrize(
    "exp", [e for e in EXPECTED if e.gutenberg], ids=lambda e: Path(e.path).stem
)
def test_gutenberg_matter_hidden(load, exp: Expect) -> None:
    book = load(exp.path)
    text = book.text
    start = text.index(PG_START)
    end = text.index(PG_END)
    assert len(book.front_matter) == 1 and book.front_matter[0][0] == 0
    header_end = text.index("\n", start)
    after = header_end + (len(text[header_end:]) - len(text[header_end:].lstrip()))
    # the volunteers' credit belongs to the header: "Produced by …", or in War and Peace
    # the bare names "An Anonymous Volunteer, and David Widger" (issue 11: it used to be
    # shown as the book's title, the largest line of page one)
    if text.startswith(("Produced by", "An Anonymous Volunteer"), after):
        header_end = text.index("\n\n", after)
    assert book.front_matter[0][1] == header_end
    assert len(book.back_matter) == 1 and book.back_matter[0][1] == len(text)
    assert book.back_matter[0][0] <= end
    assert "End of" in text[book.back_matter[0][0] : end + 1]  # the "End of the Project …" line
    a, b = book.reading_range()
    reading = text[a:b]
    for boiler in (PG_START, PG_END, "Gutenberg-tm", "FULL LICENSE", "Title: ", "Posting Date"):
        assert boiler not in reading
    assert not reading.lstrip().startswith(("The Project Gutenberg", "Project Gutenberg"))
    for blk in book.blocks:
        if blk.start < book.front_matter[0][1] or blk.start >= book.back_matter[0][0]:
            assert blk.kind == BlockKind.MATTER
    assert book.is_hidden(start) and book.is_hidden(end)


@pytest.mark.parametrize("exp", [e for e in EXPECTED if e.aozora], ids=lambda e: Path(e.path).stem)
def test_aozora_matter_hidden(load, exp: Expect) -> None:
    book = load(exp.path)
    text = book.text
    notes = text.index("【テキスト中に現れる記号について】")
    colophon = text.index("底本：「夏目漱石全集1」")
    assert book.is_hidden(notes)
    assert book.back_matter[-1] == (colophon, len(text))
    a, b = book.reading_range()
    reading = text[a:b]
    assert "【テキスト中に現れる記号について】" not in reading
    assert "青空文庫作成ファイル" not in reading and "底本：" not in reading
    assert reading.lstrip().startswith("［＃８字下げ］一［＃「一」は中見出し］")
    assert book.aozora
    # the title and author lines are the title page
    title = [text[b.start : b.end] for b in book.blocks[:2] if b.kind == BlockKind.TITLE]
    assert "\n".join(title) == "吾輩は猫である\n夏目漱石"


def test_no_matter_in_plain_books(load) -> None:
    # Sanguo ends with the site that typed it in ("雨枫轩:www.rain8.com 整理校对"): a banner,
    # and by issue 11 back matter, hidden like Gutenberg's licence
    book = load("chinese_gbk/sanguo_yanyi.txt")
    banner = book.text.index("雨枫轩:www.rain8.com")
    assert book.front_matter == []
    assert book.back_matter == [(banner - 2, len(book.text.rstrip()))]
    assert book.reading_range() == (0, banner - 2)
    for rel in (
        "russian_cp1251/evgeniy_onegin.txt",
        "fanfic/alaric_leaving.txt",
        "fanfic/desperate_measures.txt",
    ):
        book = load(rel)
        assert book.front_matter == [] and book.back_matter == []
        assert book.reading_range() == (0, len(book.text))


def test_onegin_stanzas_are_verse_not_chapters(load) -> None:
    book = load("russian_cp1251/evgeniy_onegin.txt")
    text = book.text
    i = book.blocks.index_at(text.index("«Мой дядя самых честных правил,"))
    assert book.blocks[i].kind == BlockKind.VERSE
    shown = display_block(book, i).text
    assert "«Мой дядя самых честных правил,\nКогда не в шутку занемог," in shown
    assert not any(c.title in ("I", "II", "LI") for c in book.chapters)


def test_onegin_utf8_bom_variant_matches_cp1251(load) -> None:
    a = load("russian_cp1251/evgeniy_onegin.txt")
    b = load("variants/evgeniy_onegin.utf8-bom.txt")
    assert b.encoding.bom
    assert a.text == b.text
    assert a.chapters == b.chapters
    assert list(a.blocks) == list(b.blocks)


def test_alice_utf16_variant_matches_utf8(load) -> None:
    a = load("gutenberg/alices_adventures_in_wonderland__pg11-0.txt")
    b = load("variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt")
    assert a.text == b.text
    assert a.chapters == b.chapters
    assert a.front_matter == b.front_matter and a.back_matter == b.back_matter


def test_wagahai_utf16_variant_matches_shift_jis(load) -> None:
    a = load("japanese_sjis/wagahaiwa_nekodearu.txt")
    b = load("variants/wagahaiwa_nekodearu.utf16be-bom.txt")
    assert a.text.translate(SJIS_CP932) == b.text.translate(SJIS_CP932)
    assert a.chapters == b.chapters


def test_war_and_peace_parts(load) -> None:
    book = load("gutenberg/war_and_peace__pg2600-0.txt")
    parts = [c.title for c in book.chapters if c.level == 1]
    assert parts[0] == "BOOK ONE: 1805"
    assert parts[14] == "BOOK FIFTEEN: 1812 - 13"
    assert parts[15:] == ["FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE"]
    # roman numbering restarts in every book; each book opens with its CHAPTER I
    for i, c in enumerate(book.chapters):
        if c.level == 1:
            assert book.chapters[i + 1].title == "CHAPTER I"


def test_sherlock_story_titles(load) -> None:
    book = load("gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt")
    stories = [c.title for c in book.chapters if c.level == 1]
    assert stories[1] == "ADVENTURE II. THE RED-HEADED LEAGUE"
    assert stories[6] == "VII. THE ADVENTURE OF THE BLUE CARBUNCLE"
    assert stories[11] == "XII. THE ADVENTURE OF THE COPPER BEECHES"


def test_fanfic_title_line_and_author_note(load) -> None:
    dm = load("fanfic/desperate_measures.txt")
    assert dm.blocks[0].kind == BlockKind.TITLE
    assert dm.text[dm.blocks[0].start : dm.blocks[0].end] == "Desperate Measures"
    al = load("fanfic/alaric_leaving.txt")
    notes = [b for b in al.blocks if b.kind == BlockKind.AUTHOR_NOTE]
    assert al.text[notes[0].start :].startswith("A/N: Yes, I know.")
    assert al.text[notes[-1].start :].startswith("There will be a sequel to this story")
    assert notes[-1].end == len(al.text.rstrip())
    assert al.blocks[0].kind == BlockKind.PARAGRAPH  # no title line in this one
    assert sum(b.kind == BlockKind.SCENE_BREAK for b in al.blocks) >= 4  # runs of blank lines


# Where a book never opened before opens (issue 11): its title page when it has one, else
# its first chapter (or text) — never a credit line or the first page of a printed contents.
OPENS_AT = {
    "gutenberg/war_and_peace__pg2600-0.txt": "WAR AND PEACE\n\n\nBy Leo Tolstoy",
    "gutenberg/alices_adventures_in_wonderland__pg11-0.txt": "ALICE’S ADVENTURES IN WONDERLAND",
    "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt": "THE ADVENTURES OF SHERLOCK HOLMES",
    "gutenberg/pride_and_prejudice__pg1342.txt": "PRIDE AND PREJUDICE\n\nBy Jane Austen",
    "gutenberg/dracula__pg345.txt": "DRACULA\n",
    "french_latin1/madame_bovary_fr__pg14155-8.txt": "Gustave Flaubert\nMADAME BOVARY",
    "chinese_gbk/sanguo_yanyi.txt": "第一回\u3000宴桃园豪杰三结义",
    # the Aozora title lines stand above the notation block, outside the reading text
    "japanese_sjis/wagahaiwa_nekodearu.txt": "［＃８字下げ］一［＃「一」は中見出し］",
    "russian_cp1251/evgeniy_onegin.txt": "Вступление",
    "fanfic/desperate_measures.txt": "Desperate Measures\n",
    "fanfic/alaric_leaving.txt": "He has it all planned out:",
}


@pytest.mark.parametrize("rel", sorted(OPENS_AT), ids=lambda r: Path(r).stem)
def test_a_new_book_opens_at_the_story(load, rel: str) -> None:
    book = load(rel)
    at = book.opening_offset
    assert book.text.startswith(OPENS_AT[rel], at)
    lo, hi = book.reading_range()
    assert lo <= at < hi
    block = book.blocks[book.blocks.index_at(at)]
    assert block.start == at
    assert block.kind not in (BlockKind.CONTENTS, BlockKind.MATTER, BlockKind.FOOTNOTE)
    assert not any(d.start <= at < d.end for d in book.matter_notes + book.dropped)
