"""What read aloud says: sentences in reading order, skipped blocks, exact offsets, laziness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.text.book import BlockKind
from reader.text.parse import load_book, parse_text
from reader.ui.speech.script import Script, SkipRules, utf16_to_code_points

ALARIC = "fanfic/alaric_leaving.txt"
WAR_AND_PEACE = "gutenberg/war_and_peace__pg2600-0.txt"


def _all(script: Script, start: int = 0) -> list[str]:
    out = []
    s = script.first_from(start)
    while s is not None:
        out.append(s.text)
        s = script.next(s)
    return out


@pytest.mark.corpus
def test_author_notes_are_skipped_unless_asked_for(corpus: Path) -> None:
    book = load_book(corpus / ALARIC)
    spoken = _all(Script(book, "en"))
    assert spoken[-1] == "Every word he never says to make him stay."
    assert not any("A/N" in s or "sequel" in s for s in spoken)
    with_notes = _all(Script(book, "en", SkipRules(author_notes=False)))
    assert with_notes[: len(spoken)] == spoken
    assert with_notes[len(spoken)].startswith("A/N:")


@pytest.mark.corpus
def test_matter_contents_and_scene_breaks_are_skipped(corpus: Path) -> None:
    book = load_book(corpus / WAR_AND_PEACE)
    script = Script(book, "en")
    first = script.first_from(0)
    assert first is not None
    kinds = book.blocks.kinds()
    assert kinds[first.block] not in (BlockKind.MATTER, BlockKind.CONTENTS)
    assert not book.is_hidden(first.start)
    contents = [i for i, k in enumerate(kinds) if k == BlockKind.CONTENTS]
    assert contents and first.block != contents[0]
    assert Script(book, "en").sentences(contents[0]) == []
    shown = Script(book, "en", SkipRules(contents=False, matter=False))
    assert shown.sentences(contents[0])  # read when the reader wants it
    assert shown.first_from(0) is not None and shown.first_from(0).start < first.start  # type: ignore[union-attr]
    dracula = load_book(corpus / "gutenberg/dracula__pg345.txt")
    breaks = [i for i, k in enumerate(dracula.blocks.kinds()) if k == BlockKind.SCENE_BREAK]
    assert breaks and all(Script(dracula, "en").sentences(i) == [] for i in breaks[:20])


@pytest.mark.corpus
def test_stepping_mid_war_and_peace_splits_only_nearby_blocks(corpus: Path) -> None:
    book = load_book(corpus / WAR_AND_PEACE)
    script = Script(book, "en")
    middle = len(book.text) // 2
    s = script.start_for_page(middle, middle + 2500)
    assert s is not None and middle <= s.start < middle + 2500
    seen = [s]
    for _ in range(60):
        nxt = script.next(seen[-1])
        assert nxt is not None
        seen.append(nxt)
    starts = [x.start for x in seen]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert script.blocks_split < 40 < len(book.blocks)  # one block at a time, no book pass
    back = seen[-1]
    for _ in range(60):
        prev = script.previous(back)
        assert prev is not None
        back = prev
    assert back.start == seen[0].start
    para = script.next_paragraph(seen[0])
    assert para is not None and para.block > seen[0].block and para.index == 0
    again = script.previous_paragraph(para)
    assert again is not None and again.block < para.block and again.index == 0


def test_start_at_a_caret_speaks_from_its_word() -> None:
    book = parse_text("First one here. The quick brown fox jumps over the dog. Last.\n")
    script = Script(book, "en")
    at = book.text.index("brown") + 2
    s = script.start_at(at)
    assert s is not None and s.text == "brown fox jumps over the dog."
    assert s.start == book.text.index("brown")
    nxt = script.next(s)
    assert nxt is not None and nxt.text == "Last."
    page = script.start_for_page(book.text.index("quick"), book.text.index("jumps"))
    assert page is not None and page.text.startswith("quick brown")  # none starts on it


def test_words_reported_in_utf16_map_to_source_code_points() -> None:
    text = "He saw 𠀀𠀁 and 😀 then left. Next one.\n"
    book = parse_text(text)
    s = Script(book, "en").first_from(0)
    assert s is not None and s.text == "He saw 𠀀𠀁 and 😀 then left."
    spoken = s.text
    units = spoken.encode("utf-16-le")
    word = "then"
    u_start = len(spoken[: spoken.index(word)].encode("utf-16-le")) // 2
    assert len(units) // 2 > len(spoken)  # there are surrogate pairs before the word
    a, b = s.source_range(u_start, len(word))
    assert book.text[a:b] == "then"
    a, b = s.source_range(len("He saw ".encode("utf-16-le")) // 2, 4)  # two astral chars
    assert book.text[a:b] == "𠀀𠀁"
    assert utf16_to_code_points("abc") is None


PIECES = [
    "Chapter 1\n\n",
    "It was late. ",
    "Mr. Smith came. ",
    "“Help!” he cried. ",
    '"Yes," she said. ',
    "word--word ",
    "_emphasis_ here. ",
    "话说天下。合久必分！",
    "😀 ok. ",
    "𠀀 x. ",
    "\n",
    "\n\n",
    "* * *\n\n",
    "A/N: thanks!\n\n",
    "   indented line\n",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_sentences_map_back_to_source_offsets_exactly(text: str) -> None:
    book = parse_text(text)
    script = Script(book, book.metadata.language, SkipRules(False, False, False, False))
    for i in range(len(book.blocks)):
        for s in script.sentences(i):
            d = s.display
            a, b = s.display_start, s.display_start + len(s.text)
            assert d.text[a:b] == s.text
            assert s.start == d.offsets[a] and s.end == d.offsets[b - 1] + 1
            assert all(s.start <= d.offsets[k] < s.end for k in range(a, b))
            block = book.blocks[i]
            assert block.start <= s.start < s.end <= block.end
            # each word the engine could report (UTF-16 positions) lands inside the sentence
            pos = 0
            for word in s.text.split():
                k = s.text.index(word, pos)
                pos = k + len(word)
                u = len(s.text[:k].encode("utf-16-le")) // 2
                w0, w1 = s.source_range(u, len(word.encode("utf-16-le")) // 2)
                assert (w0, w1) == (d.offsets[a + k], d.offsets[a + pos - 1] + 1)
