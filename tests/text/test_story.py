"""Story headers: FanFicFare title pages and AO3 conversions read into StoryInfo (issue 14)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.book import BlockKind
from reader.text.parse import load_book, parse_text
from reader.text.render import display_block
from reader.text.story import StoryInfo, parse_story_info, rating_code
from reader.text.story_data import story_from_json, story_to_json
from tests.text.fanfic_gen import (
    CORPUS_FANFIC,
    alaric_spec,
    ao3_text,
    corpus_story,
    fanficfare_text,
    random_spec,
)


def _check_spec(info: StoryInfo | None, spec_seed: int, ao3: bool) -> None:
    spec = random_spec(random.Random(spec_seed), spec_seed)
    assert info is not None
    assert info.title == spec.title
    assert info.author == spec.author
    assert info.fandoms == tuple(spec.fandoms)
    assert info.relationships == tuple(spec.ships)
    assert info.characters == tuple(spec.characters)
    assert info.tags == tuple(spec.tags)
    assert info.status == ("complete" if spec.complete else "wip")
    assert info.chapters_done == spec.chapters
    assert info.words == spec.words
    assert info.published == spec.published
    assert info.updated == spec.updated
    assert info.summary == spec.summary
    assert info.series == spec.series
    assert info.series_part == (spec.series_part or None)
    assert rating_code(info.rating) == rating_code(spec.rating)
    if ao3:
        assert info.categories == ("M/M",)
        assert info.warnings == ("No Archive Warnings Apply",)
        assert info.story_url.startswith("http://archiveofourown.org/works/")
        assert info.chapters_planned == (spec.chapters if spec.complete else None)
    else:
        assert info.story_url == spec.url
        assert info.author_url == "https://www.fanfiction.net/u/42/"


def test_fanficfare_header_fields() -> None:
    for seed in range(40):
        text = fanficfare_text(random_spec(random.Random(seed), seed))
        _check_spec(parse_story_info(text), seed, ao3=False)


def test_ao3_header_fields() -> None:
    for seed in range(40):
        text = ao3_text(random_spec(random.Random(seed), seed))
        _check_spec(parse_story_info(text), seed, ao3=True)


def test_header_becomes_one_block_and_the_story_follows() -> None:
    spec = alaric_spec()
    story = corpus_story()
    text = fanficfare_text(spec, [("Chapter 1", story)])
    book = parse_text(text)
    assert book.story is not None
    first = book.blocks[0]
    assert first.kind == BlockKind.STORY_HEADER
    assert (first.start, first.end) == (book.story.header_start, book.story.header_end)
    assert text[first.start :].startswith("Alaric Leaving")
    assert text[first.end - 40 : first.end] in spec.summary
    kinds = [b.kind for b in book.blocks]
    assert kinds.count(BlockKind.STORY_HEADER) == 1
    assert book.metadata.title == "Alaric Leaving"
    assert book.metadata.author == "Nightingale"
    assert [c.title for c in book.chapters] == ["Alaric Leaving", "Chapter 1"]
    # The story's own prose stays paragraphs.
    body = [b for b in book.blocks if b.start > first.end and b.kind == BlockKind.PARAGRAPH]
    assert text[body[0].start :].startswith("He has it all planned out")


def test_ao3_summary_then_notes_are_left_to_the_text() -> None:
    text = ao3_text(alaric_spec())
    info = parse_story_info(text)
    assert info is not None
    assert info.summary == alaric_spec().summary
    rest = text[info.header_end :]
    assert rest.lstrip().startswith("Chapter 1: Tuesday")


def test_multi_line_and_multi_paragraph_summary() -> None:
    text = (
        "Title Here\n\nby Someone\n\n\nRating: M\nWords: 1,000\nSummary: The first line\n"
        "goes on here.\n\nA second paragraph.\n\n\n\n\tChapter 1\n\nProse.\n"
    )
    info = parse_story_info(text)
    assert info is not None
    assert info.summary == "The first line goes on here.\n\nA second paragraph."
    assert text[info.header_end :].lstrip("\n").startswith("\tChapter 1")


def test_chapters_forms() -> None:
    base = "T\n\nby A\n\nRating: T\nChapters: {}\n\nProse starts here and goes on.\n"
    wip = parse_story_info(base.format("3/?"))
    assert wip is not None and (wip.chapters_done, wip.chapters_planned, wip.status) == (
        3,
        None,
        "wip",
    )
    done = parse_story_info(base.format("12/12"))
    assert done is not None and (done.chapters_done, done.chapters_planned, done.status) == (
        12,
        12,
        "complete",
    )
    plain = parse_story_info(base.format("12"))
    assert plain is not None and (plain.chapters_done, plain.status) == (12, "")
    assert plain.chapters_text() == "12"
    assert wip.chapters_text() == "3/?"


def test_corpus_stories_have_no_header() -> None:
    for name in ("alaric_leaving.txt", "desperate_measures.txt"):
        assert parse_story_info(corpus_story(name)) is None


def test_fake_header_mid_chapter_is_not_a_title_page() -> None:
    fake = "Rating: T\nFandom: Vampire Diaries\nWords: 100\nSummary: not a header\n"
    text = corpus_story()
    half = text.index("\n\n", len(text) // 2) + 2
    book = parse_text(text[:half] + fake + "\n" + text[half:])
    assert book.story is None
    assert BlockKind.STORY_HEADER not in [b.kind for b in book.blocks]
    assert "Fandom: Vampire Diaries" in book.text
    # Nor after a first paragraph of prose.
    assert parse_story_info("He walked in and sat down by the fire.\n\n" + fake) is None


def test_hundreds_of_tags_and_a_50k_summary() -> None:
    tags = ", ".join(f"Tag {i}" for i in range(800))
    summary = " ".join("word" for _ in range(12_000))  # ~60 KB
    text = f"Big\n\nby Me\n\nRating: E\nGenre: {tags}\nSummary: {summary}\n\n\n\tChapter 1\n\nHi.\n"
    info = parse_story_info(text)
    assert info is not None
    assert len(info.tags) == 800
    assert info.summary == summary
    book = parse_text(text)
    assert book.story is not None and book.chapters[-1].title.strip() == "Chapter 1"


def test_repeated_labels_and_unknown_labels_are_kept() -> None:
    text = (
        "Story\n\nby Author\n\nRating: T\nRating: M\nGenre: Angst\nGenre: Fluff\n"
        "Favorite Food: pizza\nWords: 10\n\n\nProse begins here, and it is long enough.\n"
    )
    info = parse_story_info(text)
    assert info is not None
    assert info.rating == "T"
    assert info.tags == ("Angst", "Fluff")
    assert ("Rating", "M") in info.other
    assert ("Favorite Food", "pizza") in info.other


def test_labels_in_other_languages() -> None:
    text = (
        "Le Titre\n\npar Auteur\n\nCatégorie: Harry Potter\nPersonnages: Harry, Draco\n"
        "Statut: Terminé\nMots: 12 000\nRésumé: Une histoire.\n\n\nTexte.\n"
    )
    info = parse_story_info(text)
    assert info is not None
    assert (info.title, info.author) == ("Le Titre", "Auteur")
    assert info.fandoms == ("Harry Potter",)
    assert info.characters == ("Harry", "Draco")
    assert (info.status, info.words, info.summary) == ("complete", 12000, "Une histoire.")
    odd = parse_story_info("题目\n\n作者：某人\n\n分级：T\n字数：1000\n\n正文。\n")
    assert odd is None or odd.header_end <= len("题目\n\n作者：某人\n\n分级：T\n字数：1000")


def test_html_and_markdown_values_are_literal() -> None:
    text = (
        "<i>Title</i>\n\nby **Author**\n\nRating: <script>x</script>\nGenre: *Angst*, <b>AU</b>\n"
        "Summary: A <a href='x'>link</a> and _emphasis_.\n\n\nProse.\n"
    )
    info = parse_story_info(text)
    assert info is not None
    assert info.title == "<i>Title</i>"
    assert info.author == "**Author**"
    assert info.rating == "<script>x</script>"
    assert info.tags == ("*Angst*", "<b>AU</b>")
    assert info.summary == "A <a href='x'>link</a> and _emphasis_."


def test_unparseable_values_stay_visible() -> None:
    text = "S\n\nby A\n\nRating: T\nWords: many\nPublished: someday\n\n\nProse.\n"
    info = parse_story_info(text)
    assert info is not None
    assert info.words is None and info.published == ""
    assert ("Words", "many") in info.other and ("Published", "someday") in info.other
    book = parse_text(text)
    assert "Words: many" in book.text[book.blocks[0].start : book.blocks[0].end]


def test_json_round_trip_and_damaged_json() -> None:
    info = parse_story_info(ao3_text(alaric_spec()))
    assert info is not None
    assert story_from_json(story_to_json(info)) == info
    assert story_from_json("") is None
    assert story_from_json("{not json") is None
    assert story_from_json("[1, 2]") is None
    odd = story_from_json('{"title": 5, "tags": "x", "words": "12", "status": "wip", "zz": 1}')
    assert odd == StoryInfo(status="wip")


def test_rating_codes() -> None:
    assert rating_code("Teen And Up Audiences") == "T"
    assert rating_code("Fiction  T") == "T"
    assert rating_code("Explicit") == "E"
    assert rating_code("General Audiences") == "G"
    assert rating_code("Whatever") == "Whatever"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_text_never_raises(text: str) -> None:
    info = parse_story_info(text)
    if info is not None:
        assert 0 <= info.header_start <= info.header_end <= len(text)


_LABEL_WORDS = st.sampled_from(
    ["Rating", "Genre", "Words", "Chapters", "Summary", "Fandom", "Status", "Odd", "by X", ""]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_LABEL_WORDS, st.text(max_size=40)), max_size=30))
def test_header_like_text_never_raises_and_blocks_cover_it(rows: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{a}: {b}" if a and not a.startswith("by") else f"{a}{b}" for a, b in rows)
    text += "\n\nThe story proper begins here and it goes on.\n"
    book = parse_text(text)
    if book.story is not None:
        first = book.blocks[0]
        assert first.kind == BlockKind.STORY_HEADER
        assert first.start == book.story.header_start
        # The title card's offsets stay inside the header, never going back.
        shown = display_block(book, 0)
        offsets = list(shown.offsets)
        assert offsets == sorted(offsets)
        assert len(offsets) == len(shown.text) + 1
        assert all(first.start <= o <= first.end for o in offsets)
    ends = list(book.blocks.ends())
    assert ends == sorted(ends)


def test_story_survives_the_parse_cache(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ao3_text(alaric_spec()), encoding="utf-8")
    first = load_book(path, cache_dir=tmp_path / "cache")
    again = load_book(path, cache_dir=tmp_path / "cache")
    assert first.story is not None
    assert again.story == first.story
    assert list(again.blocks) == list(first.blocks)


def test_quire_info_json_includes_the_story(tmp_path: Path) -> None:
    import json

    from reader.text.info import book_info, format_summary

    path = tmp_path / "story.txt"
    path.write_text(fanficfare_text(alaric_spec()), encoding="utf-8")
    book = load_book(path)
    info = json.loads(json.dumps(book_info(book)))
    assert info["story"]["title"] == "Alaric Leaving"
    assert info["story"]["relationships"] == ["Damon/Alaric"]
    assert info["story"]["status"] == "wip"
    assert "Fandom:        Vampire Diaries" in format_summary(book, str(path))
    plain = load_book(CORPUS_FANFIC / "alaric_leaving.txt")
    assert book_info(plain)["story"] is None


@pytest.mark.parametrize(
    ("text", "limit"),
    [("", 10), ("a", 10), ("a\n", 10), ("a\nb", 10), ("\n\nab\ncd\n", 10), ("ab\ncd\nef", 4),
     ("ab\ncd\nef", 3), ("ab\ncd\nef", 2), ("x" * 20, 5)],
)  # fmt: skip
def test_lines_are_made_as_asked_for_and_are_the_split_ones(text: str, limit: int) -> None:
    from reader.text.story import _Lines

    cut = text[:limit]
    expected: list[tuple[str, int, int]] = []
    pos = 0
    for piece in cut.split("\n"):
        if pos < len(cut):
            expected.append((piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    lines = _Lines(text, limit)
    assert len(lines) == len(expected)
    for j in reversed(range(len(expected))):  # out of order too
        assert (lines[j].text, lines[j].start, lines[j].end) == expected[j]
    with pytest.raises(IndexError):
        lines[len(expected)]
