"""Lost italics repaired on display: the glued words of alaric_leaving.txt, the corpus
left alone, names intact, exact offsets, the word list loaded only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.text import italics
from reader.text.book import Book, Display, GluedWord
from reader.text.parse import load_book, parse_text
from reader.text.render import display_block, display_problems

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
ALARIC = CORPUS / "fanfic" / "alaric_leaving.txt"

pytestmark = pytest.mark.skipif(not ALARIC.exists(), reason="corpus not available")

EXPECTED = {
    "chokingAlaric": ("choking Alaric", "Alaric"),
    "mewho's": ("me who’s", "who’s"),
    "madat": ("mad at", "mad"),
    "notto": ("not to", "not"),
    "deadand": ("dead and", "dead"),
}


def _shown(book: Book, g: GluedWord) -> tuple[Display, int, int, int]:
    i = book.blocks.index_at(g.start)
    shown = display_block(book, i)
    a = shown.display_index(g.start)
    b = shown.display_index(g.end)
    return shown, a, b, i


def test_alaric_glued_words_are_repaired() -> None:
    book = load_book(ALARIC)
    found = {book.text[g.start : g.end]: g for g in book.glued_words}
    assert set(found) == set(EXPECTED)
    for word, (apart, restored) in EXPECTED.items():
        shown, a, b, i = _shown(book, found[word])
        assert shown.text[a:b] == apart
        (x, y), *_ = [r for r in shown.repaired if a <= r[0] < b]
        assert shown.text[x:y] == restored
        assert (x, y) in shown.italic
        assert display_problems(book, i) == []


def test_highlight_on_repaired_text_maps_to_source() -> None:
    book = load_book(ALARIC)
    g = next(g for g in book.glued_words if book.text[g.start : g.end] == "chokingAlaric")
    shown, a, b, _i = _shown(book, g)
    # a selection of the restored word alone, of the first word alone, and of both
    sp = shown.text.index(" ", a)
    assert book.text[slice(*shown.source_range(sp + 1, b))] == "Alaric"
    assert book.text[slice(*shown.source_range(a, sp))] == "choking"
    assert book.text[slice(*shown.source_range(a, b))] == "chokingAlaric"


def test_switched_off_shows_the_source() -> None:
    book = load_book(ALARIC)
    book.repair_italics = False
    g = book.glued_words[0]
    shown, a, b, i = _shown(book, g)
    assert shown.text[a:b] == book.text[g.start : g.end].replace("'", "’")
    assert shown.repaired == ()
    assert display_problems(book, i) == []


def test_names_and_real_words_stay_whole() -> None:
    names = "McAllister DeLuca iPhone eBay macOS YouTube camelCase notebook another"
    text = (f"{names} went to the shop and the man said hello to the Case.\n\n") * 3
    text += "He said it to McAllister and camelCase once more, and the Case was closed.\n"
    book = parse_text(text)
    assert book.glued_words == ()


def test_no_change_to_gutenberg_books() -> None:
    changed = {}
    for path in sorted((CORPUS / "gutenberg").glob("*.txt")):
        book = load_book(path)
        lo, hi = book.reading_range()
        # the scan itself, also over the books that mark their italics (and are skipped)
        raw = italics.glued_in(book.text, lo, hi, "en")
        changed[path.name] = [book.text[g.start : g.end] for g in (*book.glued_words, *raw)]
    assert len(changed) >= 5 and all(words == [] for words in changed.values()), changed


def test_repairs_need_an_english_or_known_language() -> None:
    assert italics.supported_language("") == "en"
    assert italics.supported_language("en-GB") == "en"
    assert italics.supported_language("xx") is None
    assert italics.supported_language("fr") == "fr"
    # only Latin letters are repaired; Japanese would need a tokeniser Quire does not ship
    assert italics.supported_language("ja") is None
    assert italics.supported_language("ru") is None


def test_word_list_not_loaded_without_candidates() -> None:
    code = (
        "from reader.text.parse import parse_text\n"
        "from reader.text import italics\n"
        "b = parse_text('The cat sat on the mat. ' * 200 + '\\n\\nThe end of it all.\\n')\n"
        "assert b.glued_words == ()\n"
        "import sys\n"
        "print(italics.wordfreq_loaded(), 'wordfreq' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.split() == ["False", "False"]


def test_quire_info_lists_the_repairs() -> None:
    from reader.text.info import book_info, format_summary

    book = load_book(ALARIC)
    repairs = book_info(book)["italic_repairs"]
    assert {r["found"]: r["italic"] for r in repairs} == {
        "chokingAlaric": "Alaric",
        "mewho's": "who's",
        "madat": "mad",
        "notto": "not",
        "deadand": "dead",
    }
    summary = format_summary(book, str(ALARIC))
    assert "chokingAlaric → choking *Alaric*" in summary
    assert "Author's notes: 1 (end)" in summary


def test_bad_input_never_hangs() -> None:
    import time

    many_camel = " ".join(f"word{i}x wordsAlaric{i}" for i in range(50_000))
    glued = " ".join(["Alaric said"] * 10) + " " + " ".join(f"mad{w}at" for w in range(40_000))
    names = "McAllister DeLuca iPhone " * 100_000
    for text in (many_camel, glued, names, "a" * 2_000_000, "aB" * 1_000_000):
        t = time.perf_counter()
        book = parse_text(text)
        assert time.perf_counter() - t < 60  # a bound against hanging, not a benchmark
        for g in book.glued_words:
            assert g.start < g.split < g.end and g.italic_start < g.italic_end


def test_a_book_that_marks_its_italics_is_not_scanned() -> None:
    story = "".join(
        f"She said it _very_ often, {i} times, and then she was dead.\n\n" for i in range(12)
    )
    glued = "He was supposed to be deadand gone, and the dead do not walk.\n"
    assert italics.marks_italics(story, 0, len(story))
    assert parse_text(story + glued).glued_words == ()
    plain = story.replace("_very_", "very")
    assert not italics.marks_italics(plain, 0, len(plain))
    book = parse_text(plain + glued)
    assert [book.text[g.start : g.end] for g in book.glued_words] == ["deadand"]
