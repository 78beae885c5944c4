"""A printed contents that sets each entry on two lines ("CHAPTER XIII" above "Dr. Seward's
Diary 152", as Dracula's does): the second line leads to the same chapter as the first, never
to a later chapter whose title ends the same way (reader/text/links.py)."""

from __future__ import annotations

from reader.text.book import Chapter
from reader.text.links import link_contents


def _link(lines: list[str], titles: list[str]) -> list[tuple[str, int]]:
    """Each contents line with the chapter index it leads to (-1: none)."""
    contents = "\n".join(lines)
    text = contents + "\n\n"
    chapters = []
    for title in titles:
        chapters.append(Chapter(title, 1, len(text)))
        text += title + "\n\nSome words of the chapter.\n\n"
    links = link_contents(text, [(0, len(contents))], chapters)
    return [(text[c.start : c.end].split("  ")[0], c.chapter) for c in links]


def test_a_subtitle_line_leads_to_its_own_chapter_not_a_later_one_ending_alike() -> None:
    titles = [
        "CHAPTER XII: DR. SEWARD'S DIARY",
        "CHAPTER XIII: DR. SEWARD'S DIARY--continued.",
        "CHAPTER XIV: MINA HARKER'S JOURNAL",
        "CHAPTER XV: DR. SEWARD'S DIARY",
    ]
    lines = [
        "CHAPTER XII",
        "Dr. Seward's Diary                    136",
        "CHAPTER XIII",
        "Dr. Seward's Diary                    152",
        "CHAPTER XIV",
        "Mina Harker's Journal                 167",
        "CHAPTER XV",
        "Dr. Seward's Diary                    181",
    ]
    assert [c for _line, c in _link(lines, titles)] == [0, 0, 1, 1, 2, 2, 3, 3]


def test_under_an_entry_that_is_the_whole_title_a_line_naming_nothing_is_its_subtitle() -> None:
    titles = ["CHAPTER IV: JONATHAN HARKER'S JOURNAL", "CHAPTER V", "CHAPTER VI: MINA'S JOURNAL"]
    lines = [
        "CHAPTER IV",
        "Jonathan Harker's Journal   38",
        "CHAPTER V",
        "Letters--Lucy and Mina      51",
        "CHAPTER VI",
        "Mina's Journal              59",
    ]
    assert [c for _line, c in _link(lines, titles)] == [0, 0, 1, 1, 2, 2]


def test_a_column_heading_under_a_partial_title_leads_nowhere() -> None:
    titles = ["CHAPTER I: JONATHAN HARKER'S JOURNAL", "CHAPTER II: THE COUNT"]
    lines = ["CHAPTER I", "Page", "Jonathan Harker's Journal    1", "CHAPTER II", "The Count  14"]
    assert [c for _line, c in _link(lines, titles)] == [0, -1, 0, 1, 1]


def test_entries_without_numbers_each_lead_to_their_own_story() -> None:
    titles = [
        "The Adventure of the Blue Carbuncle",
        "The Adventure of the Speckled Band",
        "The Adventure of the Engineer's Thumb",
    ]
    assert [c for _line, c in _link(list(titles), titles)] == [0, 1, 2]
