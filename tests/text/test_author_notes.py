"""Author's notes in fan fiction: every kind of marker, the kind of each note, bad input."""

from __future__ import annotations

import time

from reader.text.book import BlockKind, NoteKind
from reader.text.notes import is_note_label, note_label
from reader.text.parse import parse_text
from reader.text.render import display_block
from reader.text.wordcount import reading_length

STORY = "She walked into the room and looked around for a while, thinking.\n\n" * 4

AO3 = (
    "Chapter 1: The Beginning\n\n"
    "Chapter Summary\n\n"
    "> Damon makes a plan.\n"
    ">\n"
    "> It goes wrong.\n\n"
    "Chapter Notes\n\n"
    "> Thanks to my beta reader!\n\n" + STORY + "Chapter End Notes\n\n"
    "> Leave a comment if you liked it.\n\n"
    "Chapter 2: The Middle\n\n" + STORY + "End Notes\n\n"
    "Thank you for reading all of this.\n\n"
    "There will be a sequel.\n"
)

FANFICFARE = (
    "A Story\n\nby Someone\n\n\n"
    "\tChapter 1\n\n"
    "**Author's Note:**\n\n"
    "> I do not own these characters.\n"
    "> Enjoy!\n\n" + STORY + "Notes: written for a prompt.\n\n"
    "\tChapter 2\n\n" + STORY + "A/N: the last chapter, finally.\n\n"
    "End file.\n"
)


def _notes(text: str) -> list[tuple[str, NoteKind]]:
    book = parse_text(text)
    return [(book.text[n.start : n.end], n.kind) for n in book.author_notes]


def test_ao3_notes_have_their_kinds() -> None:
    found = _notes(AO3)
    kinds = [k for _t, k in found]
    assert kinds == [NoteKind.SUMMARY, NoteKind.CHAPTER, NoteKind.END, NoteKind.END]
    assert found[0][0].startswith("Chapter Summary") and found[0][0].endswith("It goes wrong.")
    assert found[1][0].endswith("Thanks to my beta reader!")
    assert found[2][0].startswith("Chapter End Notes")
    assert found[3][0].startswith("End Notes") and found[3][0].endswith("a sequel.")


def test_fanficfare_notes_have_their_kinds() -> None:
    found = _notes(FANFICFARE)
    assert [k for _t, k in found] == [
        NoteKind.CHAPTER,
        NoteKind.END,
        NoteKind.END,
    ]
    assert found[0][0].startswith("**Author's Note:**")
    assert found[0][0].endswith("> Enjoy!")
    assert found[1][0] == "Notes: written for a prompt."
    assert found[2][0].startswith("A/N: the last chapter") and found[2][0].endswith("End file.")


def test_opening_note_before_the_first_chapter() -> None:
    text = (
        "A/N: this is my first fic, be nice.\n\n"
        + "Chapter 1\n\n"
        + STORY
        + "Chapter 2\n\n"
        + STORY
    )
    assert [k for _t, k in _notes(text)] == [NoteKind.OPENING]


def test_note_blocks_are_author_notes_and_quotes_are_not_shown() -> None:
    book = parse_text(AO3)
    kinds = book.blocks.kinds()
    for note in book.author_notes:
        first = book.blocks.index_at(note.start)
        assert kinds[first] == BlockKind.AUTHOR_NOTE
    summary = book.author_notes[0]
    i = book.blocks.index_at(summary.start)
    shown = " ".join(
        display_block(book, j).text
        for j in range(i, len(book.blocks))
        if book.blocks[j].start < summary.end
    )
    assert "Damon makes a plan." in shown and ">" not in shown
    star = parse_text(FANFICFARE)
    j = star.blocks.index_at(star.author_notes[0].start)
    assert display_block(star, j).text == "Author’s Note:"


def test_bare_label_lines() -> None:
    for shown in ("Chapter Notes", "Author’s Note:", "**Author's Note:**", "End Notes", "A/N:"):
        assert is_note_label(shown), shown
    for shown in ("A/N: thanks for reading", "Notes on the war", "x" * 50):
        assert not is_note_label(shown), shown


def test_labels() -> None:
    assert note_label(NoteKind.OPENING) == "Author's note"
    assert note_label(NoteKind.SUMMARY) == "Chapter summary"
    assert note_label(NoteKind.END) == "End notes"
    assert note_label("nonsense") == "Author's note"


def test_notes_do_not_count_as_words() -> None:
    book = parse_text(AO3)
    lo, hi = book.reading_range()
    total = len(book.text[lo:hi].split())
    in_notes = sum(len(book.text[n.start : n.end].split()) for n in book.author_notes)
    assert in_notes > 20
    assert reading_length(book) == (total - in_notes, "words")


def test_runs_of_blank_lines_stay_scene_breaks() -> None:
    text = STORY + "A/N: hello there.\n\n" + STORY + "\n\n\n\n" + STORY
    book = parse_text(text)
    assert BlockKind.SCENE_BREAK in {b.kind for b in book.blocks}
    assert len(book.author_notes) == 1


def test_prose_words_are_not_notes() -> None:
    text = (
        "Notes\n\nHe read his notes again and again.\n\nSummary of the war was short.\n\n" + STORY
    )
    assert _notes(text) == []


def test_bad_input_never_hangs() -> None:
    huge = "A/N: " + "blah " * 400_000 + "\n\n" + STORY
    everywhere = "".join(f"A/N: note {i}\n\nStory line {i}.\n\n" for i in range(20_000))
    malformed = "**\n\n> \n>\n**Author's Note:**\n\nChapter End Notes\n>" * 2000 + "\nEnd file."
    quotes = ">" * 100_000 + "\n" + "> x\n" * 50_000
    for text in (huge, everywhere, malformed, quotes):
        t = time.perf_counter()
        book = parse_text(text)
        assert time.perf_counter() - t < 60  # a bound against hanging, not a benchmark
        for n in book.author_notes:
            assert 0 <= n.start < n.end <= len(text)
        assert list(book.author_notes) == sorted(book.author_notes, key=lambda n: n.start)
    assert len(parse_text(everywhere).author_notes) == 20_000
