"""Story fields in the library: written from a StoryInfo, read back, kept on undo (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.db import Store, open_store
from reader.text.story import StoryInfo, parse_story_info
from reader.text.story_data import story_from_json
from tests.text.fanfic_gen import alaric_spec, ao3_text


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data" / "library.db")
    yield s
    s.close()


def _story() -> StoryInfo:
    info = parse_story_info(ao3_text(alaric_spec()))
    assert info is not None
    return info


def test_story_columns_round_trip(store: Store, tmp_path: Path) -> None:
    info = _story()
    path = tmp_path / "s.txt"
    path.write_text("x", encoding="utf-8")
    rec, status = store.library.upsert_book(
        book_key="k1", path=str(path), title=info.title, story=info
    )
    assert status == "added"
    assert rec.is_story
    assert story_from_json(rec.story) == info
    assert rec.fandom == "Vampire Diaries"
    assert rec.rating == "Teen And Up Audiences"
    assert rec.story_status == "wip"
    assert (rec.story_words, rec.chapters_done, rec.chapters_planned) == (2304, 1, None)
    assert rec.story_updated == "2012-05-06"
    assert rec.story_url.startswith("http://archiveofourown.org/works/")
    # Left out, the story columns stay; None clears them.
    again, _ = store.library.upsert_book(book_key="k1", path=str(path), title="T")
    assert again.story == rec.story
    cleared, _ = store.library.upsert_book(book_key="k1", path=str(path), title="T", story=None)
    assert not cleared.is_story and cleared.fandom == "" and cleared.story_words is None


def test_add_many_and_undo_keep_story_fields(store: Store, tmp_path: Path) -> None:
    info = _story()
    rows = []
    for i in range(3):
        p = tmp_path / f"{i}.txt"
        p.write_text(str(i), encoding="utf-8")
        rows.append({"book_key": f"k{i}", "path": str(p), "title": f"T{i}", "story": info})
    results = store.library.add_many(rows)
    assert all(r.fandom == "Vampire Diaries" for r, _ in results)
    removed = store.library.remove(results[0][0].id)
    restored = store.library.restore(removed)
    assert restored.story == results[0][0].story
    assert restored.series == results[0][0].series
