"""The reader's chapter rules: patterns, marked and unmarked lines, bad patterns, the cache."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from reader.text.book import BlockKind, Book
from reader.text.chapter_rules import (
    MAX_CHAPTERS,
    MAX_RULES,
    ChapterRule,
    RuleError,
    apply_rules,
    compile_rule,
    line_at,
    rules_digest,
)
from reader.text.legado import MAX_FILE_BYTES, parse_legado_rules
from reader.text.parse import load_book, parse_text

STORY = "My Story\n\n" + "\n\n".join(
    f"~ Part {i} ~\n\nSome prose line one of part {i}.\nAnother wrapped line of part {i}."
    for i in range(1, 6)
)


def _heading_texts(book: Book) -> list[str]:
    return [book.text[b.start : b.end] for b in book.blocks if b.kind is BlockKind.HEADING]


def test_a_pattern_makes_matching_lines_chapters() -> None:
    book = parse_text(STORY)
    assert not book.chapters, "the parser should not find these headings by itself"
    out = apply_rules(book, [ChapterRule("pattern", r"^~ Part \d+ ~$")])
    assert [c.title for c in out.book.chapters] == [f"~ Part {i} ~" for i in range(1, 6)]
    assert _heading_texts(out.book) == [f"~ Part {i} ~" for i in range(1, 6)]
    assert out.added == 5 and not out.problems
    assert not book.chapters, "the parsed book is left alone"
    blocks = list(out.book.blocks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(blocks))


def test_marking_a_line_inside_a_paragraph_cuts_it_out() -> None:
    book = parse_text(STORY)
    line = "Another wrapped line of part 3."
    out = apply_rules(book, [ChapterRule("mark", line=f"  {line} ")])
    assert [c.title for c in out.book.chapters] == [line]
    s = out.book.chapters[0].offset
    blk = out.book.blocks[out.book.blocks.index_at(s)]
    assert (blk.kind, out.book.text[blk.start : blk.end]) == (BlockKind.HEADING, line)
    before = out.book.blocks[out.book.blocks.index_at(s) - 1]
    assert out.book.text[before.start : before.end] == "Some prose line one of part 3."


def test_not_a_chapter_wins_over_a_pattern_and_removes_found_headings() -> None:
    book = parse_text("Chapter 1\n\nText one.\n\nChapter 2\n\nText two.\n\nChapter 3\n\nEnd.\n")
    assert [c.title for c in book.chapters][-3:] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    out = apply_rules(book, [ChapterRule("unmark", line="Chapter 2")])
    assert [c.title for c in out.book.chapters] == ["Chapter 1", "Chapter 3"]
    assert "Chapter 2" not in _heading_texts(out.book)
    out = apply_rules(
        parse_text(STORY),
        [ChapterRule("pattern", r"^~ Part \d ~"), ChapterRule("unmark", line="~ Part 2 ~")],
    )
    assert "~ Part 2 ~" not in [c.title for c in out.book.chapters]
    assert len(out.book.chapters) == 4


def test_rules_name_lines_by_text_so_they_hold_in_a_longer_version() -> None:
    rules = [ChapterRule("mark", line="~ Part 2 ~"), ChapterRule("pattern", r"^~ Part [45] ~$")]
    longer = STORY.replace("My Story", "My Story\nUpdated: 2024-01-01\nWords: 12,345")
    longer += "\n\n~ Part 6 ~\n\nNew prose.\n"
    for text in (STORY, longer):
        out = apply_rules(parse_text(text), rules)
        assert [c.title for c in out.book.chapters] == ["~ Part 2 ~", "~ Part 4 ~", "~ Part 5 ~"]
        for c in out.book.chapters:
            assert out.book.text.startswith(c.title, c.offset)


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("(", "Invalid regular expression"),
        ("", "Type a regular expression"),
        ("^", "matches empty text"),
        ("x" * 3000, "too long"),
    ],
)
def test_a_bad_pattern_is_refused_with_a_message(pattern: str, says: str) -> None:
    with pytest.raises(RuleError, match=says):
        compile_rule(pattern)
    out = apply_rules(parse_text(STORY), [ChapterRule("pattern", pattern)])
    assert says.lower() in " ".join(out.problems).lower()
    assert out.problems[0] in out.book.notices
    assert out.book.chapters == [], "the book is still shown, just without the rule"


def test_a_catastrophic_pattern_is_stopped_not_hung() -> None:
    text = "Title\n\n" + ("a" * 40 + "!\n\n") * 200
    out = apply_rules(parse_text(text), [ChapterRule("pattern", r"(a|aa)+$")], time_budget_s=0.3)
    assert any("too long" in p for p in out.problems)


def test_a_pattern_matching_every_line_is_not_taken_for_chapters() -> None:
    text = "\n".join(f"line {i}" for i in range(MAX_CHAPTERS + 10))
    out = apply_rules(parse_text(text), [ChapterRule("pattern", r"^line")])
    assert any("not chapters" in p for p in out.problems)
    assert out.book.chapters == []


def test_huge_rule_lists_are_cut_with_a_message() -> None:
    rules = [ChapterRule("mark", line=f"no such line {i}") for i in range(2000)]
    out = apply_rules(parse_text(STORY), rules)
    assert any("Only the first" in p for p in out.problems)


def test_the_parse_cache_keys_on_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    cache = tmp_path / "cache"
    plain = load_book(path, cache_dir=cache)
    rules = (ChapterRule("pattern", r"^~ Part \d ~$"),)
    ruled = load_book(path, cache_dir=cache, rules=rules)
    assert plain.chapters == [] and len(ruled.chapters) == 5
    assert len(load_book(path, cache_dir=cache, rules=rules).chapters) == 5  # from the cache
    assert load_book(path, cache_dir=cache).chapters == []
    assert rules_digest(rules) != rules_digest(()) == ""


def test_line_at_trims_the_line() -> None:
    text = "one\n   two words  \n\nthree"
    assert text[slice(*line_at(text, 8))] == "two words"
    assert line_at(text, 19) == (19, 19)


def test_legado_files_that_are_too_large_or_odd_give_a_message() -> None:
    with pytest.raises(RuleError, match="too large"):
        parse_legado_rules(b" " * (MAX_FILE_BYTES + 1))
    rules, notes = parse_legado_rules(
        '[{"name": "A", "rule": "^A$", "serialNumber": "x"}, {"rule": "%s"}, 5]' % ("x" * 3000)
    )
    assert [r.name for r in rules] == ["A"]
    assert len(notes) == 2
    many = json.dumps([{"name": f"r{i}", "rule": f"^r{i}$"} for i in range(1500)])
    rules, notes = parse_legado_rules(many)
    assert len(rules) == 1000 and any("first 1000" in n for n in notes)


def test_the_store_refuses_more_rules_than_a_book_may_have(tmp_path: Path) -> None:
    from reader.store.db import StoreError, open_store

    store = open_store(tmp_path / "library.db")
    rec, _ = store.library.upsert_book(book_key="k", path=str(tmp_path / "b.txt"), title="B")
    for i in range(MAX_RULES):
        store.chapter_rules.add(rec.id, ChapterRule("mark", line=f"line {i}"))
    with pytest.raises(StoreError, match="already has"):
        store.chapter_rules.add(rec.id, ChapterRule("pattern", r"^x$"))
    assert len(store.chapter_rules.rules(rec.id)) == MAX_RULES
    before = store.chapter_rules.rules(rec.id)
    too_many = [ChapterRule("unmark", line=f"x {i}") for i in range(MAX_RULES + 1)]
    with pytest.raises(StoreError, match="at most"):
        store.chapter_rules.set_rules(rec.id, too_many)
    assert store.chapter_rules.rules(rec.id) == before  # nothing lost
    kept = before[3].rule
    store.chapter_rules.set_rules(rec.id, [kept, ChapterRule("pattern", r"^x$")])
    after = store.chapter_rules.rules(rec.id)
    assert [r.rule for r in after] == [kept, ChapterRule("pattern", r"^x$")]
    assert after[0].id == before[3].id  # a rule kept keeps its row
    store.library.remove(rec.id)
    assert store.chapter_rules.rules(rec.id) == []  # removed with the book
    store.close()


def test_not_a_chapter_on_a_tab_indented_fanficfare_heading() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fanfic_gen import alaric_spec, fanficfare_text

    text = fanficfare_text(
        alaric_spec(),
        [(f"Chapter {i}", f"Alaric left on day {i}.\n\nDamon did not follow.") for i in (1, 2, 3)],
    )
    book = parse_text(text)
    assert "Chapter 2" in [c.title for c in book.chapters]
    out = apply_rules(book, [ChapterRule("unmark", line="Chapter 2")])
    assert "Chapter 2" not in [c.title for c in out.book.chapters]
    assert "Chapter 3" in [c.title for c in out.book.chapters]
    assert out.removed == 1


def test_exported_notes_name_the_chapters_the_rules_make(tmp_path: Path) -> None:
    from reader.store.db import open_store
    from reader.store.export import _collect, export_markdown

    path = tmp_path / "novel.txt"
    path.write_text(STORY, encoding="utf-8")
    book = load_book(path)
    store = open_store(tmp_path / "library.db")
    rec, _ = store.library.upsert_book(book_key=book.book_key, path=str(path), title="Novel")
    at = STORY.index("Some prose line one of part 4")
    store.annotations.add_annotation(rec.id, at, at + 10, STORY[at : at + 10], "", "")
    store.chapter_rules.add(rec.id, ChapterRule("pattern", r"^~ Part \d ~$"))
    (entry,) = _collect(store, [], None)
    assert r"## \~ Part 4 \~" in export_markdown([entry])
    store.close()
