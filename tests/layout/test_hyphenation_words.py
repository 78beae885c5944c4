"""Hyphenation like a typesetter's: the right patterns, allowed breaks only, short runs.

``data/hyphenation_words.tsv`` holds 200 words (50 each in English, French, German
and Russian) with every break point their language's pattern dictionary allows,
as pyphen gives them with at least 2 letters before a break and 3 after. Quire must
never break a word anywhere else, whatever the column width; no more than two lines
in a row may end with a hyphen; and the last word of a paragraph, headings and
words with capitals inside are never hyphenated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from reader.layout import hyphenate, typeset
from reader.layout.block_layout import BlockLayout
from reader.layout.hyphenate import (
    MAX_HYPHENATED_RUN,
    SOFT_HYPHEN,
    hyphenator,
    insert_soft_hyphens,
    pattern_language,
)
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import BlockKind, Chapter
from tests.layout.test_typeset import make_book

DATA = Path(__file__).parent / "data" / "hyphenation_words.tsv"
LANGUAGES = ("en", "fr", "de", "ru")
WIDTHS = tuple(range(170, 420, 23))


def word_table() -> dict[str, dict[str, str]]:
    """``{language: {word: word with hyphens at its allowed breaks}}`` from the data file."""
    table: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, word, broken = line.split("\t")
            table[lang][word] = broken
    return table


def allowed(broken: str) -> set[int]:
    """Indices in the word before which ``broken`` (``"ter-ri-tory"``) may be broken."""
    points, k = set(), 0
    for ch in broken:
        if ch == "-":
            points.add(k)
        else:
            k += 1
    return points


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


@pytest.fixture(autouse=True)
def _fresh_hyphenators() -> Iterator[None]:
    saved = dict(hyphenate._HYPHEN_CACHE)
    hyphenate._HYPHEN_CACHE.clear()
    yield
    hyphenate._HYPHEN_CACHE.clear()
    hyphenate._HYPHEN_CACHE.update(saved)


def hyphenated_ends(blk: BlockLayout) -> list[bool]:
    """For each line of ``blk``, whether it ends with a (shown) soft hyphen."""
    ends = []
    for i in range(blk.line_count()):
        b = blk.line_layout_range(i)[1]
        ends.append(0 < b < len(blk.text) and blk.text[b - 1] == SOFT_HYPHEN)
    return ends


def longest_run(flags: list[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def breaks_inside_words(text: str, blk: BlockLayout) -> list[tuple[str, int]]:
    """``(word, index)`` for every line of ``blk`` that starts inside a word of ``text``."""
    found = []
    for i in range(1, blk.line_count()):
        at = blk.line_starts[i]
        if 0 < at < len(text) and text[at - 1].isalpha() and text[at].isalpha():
            a = at
            while a > 0 and text[a - 1].isalpha():
                a -= 1
            b = at
            while b < len(text) and text[b].isalpha():
                b += 1
            found.append((text[a:b], at - a))
    return found


def test_the_table_has_200_words_and_is_what_the_dictionaries_say() -> None:
    table = word_table()
    assert sum(len(words) for words in table.values()) == 200
    assert all(len(table[lang]) == 50 for lang in LANGUAGES)
    for lang, words in table.items():
        reference = pyphen.Pyphen(lang=pattern_language(lang), left=2, right=3)
        changed = {w: b for w, b in words.items() if reference.inserted(w) != b}
        assert changed == {}, f"pyphen's {lang} dictionary changed; regenerate {DATA.name}"


def test_english_uses_the_american_patterns() -> None:
    """ "territ-ory" and "festivit-ies" came from pyphen's fallback for "en" (British)."""
    assert pattern_language("en") == "en_US"
    assert pattern_language("en-GB") == "en_GB"  # a book that asks for British gets it
    assert pattern_language("de") == "de_DE"
    hyph = hyphenator("en")
    assert hyph is not None
    assert hyph[0].positions("territory") == [3, 5]  # ter-ri-tory
    assert hyph[0].positions("festivities") == [3, 6, 7]  # fes-tiv-i-ties


@pytest.mark.parametrize("lang", LANGUAGES)
def test_soft_hyphens_only_at_allowed_points(lang: str) -> None:
    hyph = hyphenator(lang)
    assert hyph is not None
    for word, broken in word_table()[lang].items():
        text, shy = insert_soft_hyphens(f"{word} и", hyph)
        points = {s - k for k, s in enumerate(shy)}
        assert points <= allowed(broken), (word, text)
        assert text.replace(SOFT_HYPHEN, "") == f"{word} и"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quire_never_breaks_a_word_outside_its_allowed_points(
    style: ReadingStyle, lang: str
) -> None:
    words = word_table()[lang]
    paragraph = " ".join(f"{w} a" for w in words) + " end"
    book = make_book([(BlockKind.PARAGRAPH, paragraph)], language=lang)
    seen = 0
    for width in WIDTHS:
        blk = Typesetter(book, style, width).block(0)
        assert blk is not None
        for word, at in breaks_inside_words(book.text, blk):
            assert word in words, word
            assert at in allowed(words[word]), (width, word, at, words[word])
            seen += 1
        assert longest_run(hyphenated_ends(blk)) <= MAX_HYPHENATED_RUN
    assert seen > 30  # the narrow columns do break words: the check is not empty


def long_word_paragraph() -> str:
    """Long words only, so that a narrow column ends most lines with a hyphen."""
    words = list(word_table()["en"]) + list(word_table()["de"])
    return " ".join(w for w in words if len(w) >= 9 and w[1:].islower()) + " end"


def test_never_more_than_two_hyphenated_lines_in_a_row(
    style: ReadingStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book([(BlockKind.PARAGRAPH, long_word_paragraph())], language="en")
    runs = []
    for width in WIDTHS:
        blk = Typesetter(book, style, width).block(0)
        assert blk is not None
        runs.append(longest_run(hyphenated_ends(blk)))
        assert sum(hyphenated_ends(blk)) > 0
    assert max(runs) == MAX_HYPHENATED_RUN == 2
    # Without the rule the same columns do run on (so the check above can fail).
    monkeypatch.setattr(typeset, "MAX_HYPHENATED_RUN", 99)
    unruled = []
    for width in WIDTHS:
        blk = Typesetter(book, style, width).block(0)
        assert blk is not None
        unruled.append(longest_run(hyphenated_ends(blk)))
    assert max(unruled) > 2


def test_no_hyphens_in_last_words_headings_or_words_with_capitals(style: ReadingStyle) -> None:
    tail = "unquestionably incomprehensible"
    parts = [
        (BlockKind.HEADING, "Extraordinarily Incomprehensible Circumstances"),
        (BlockKind.PARAGRAPH, "MacPHERSON NAPOLEONIC McAllister iPhonography " * 6 + tail),
    ]
    book = make_book(parts, language="en", chapters=[Chapter("H", 1, 0)])
    for width in WIDTHS[-4:]:  # wide enough for the heading's words (a narrower column
        # breaks a word wider than itself anywhere, hyphenated or not)
        ts = Typesetter(book, style, width)
        heading, para = ts.block(0), ts.block(1)
        assert heading is not None and para is not None
        assert SOFT_HYPHEN not in heading.text
        assert not breaks_inside_words(book.text, heading)
        broken = {word for word, _at in breaks_inside_words(book.text, para)}
        assert not broken & {"MacPHERSON", "NAPOLEONIC", "McAllister", "iPhonography"}
        assert "incomprehensible" not in broken  # the paragraph's last word
        hyph = hyphenator("en")
        assert hyph is not None
        text, shy = insert_soft_hyphens(para.text.replace(SOFT_HYPHEN, ""), hyph)
        assert text.endswith(" incomprehensible")  # the last word stays whole
        assert shy  # while "unquestionably", before it, is hyphenated
