"""Updated stories in the library: found by URL or by title, author and opening; never a
different author or URL; the entry takes the new file; new chapters counted; position moved."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.db import Store, open_store
from reader.store.library import ADDED, CHANGED, UPDATED
from reader.text.parse import parse_bytes
from reader.text.versions import Fingerprint, fingerprint, new_chapters

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "text"))
from fanfic_gen import Spec, fanficfare_text


def spec(**changes: object) -> Spec:
    base = dict(
        title="The Long Road",
        author="Nightingale",
        fandoms=["Vampire Diaries"],
        ships=["Damon/Alaric"],
        characters=["Alaric", "Damon"],
        tags=["slowburn"],
        rating="T",
        complete=False,
        chapters=3,
        words=3000,
        published="2020-01-01",
        updated="2020-02-01",
        url="https://www.fanfiction.net/s/1234/1/",
        summary="Alaric leaves town; Damon follows.",
    )
    base.update(changes)
    return Spec(**base)  # type: ignore[arg-type]


def chapters(n: int) -> list[tuple[str, str]]:
    return [
        (
            f"Chapter {i}",
            "\n\n".join(
                f"In chapter {i}, paragraph {p}: the road was long and Damon was patient." * 3
                for p in range(6)
            ),
        )
        for i in range(1, n + 1)
    ]


def story(n: int, **changes: object) -> str:
    sp = spec(chapters=n, words=n * 1000, updated=f"2020-0{min(n, 9)}-01", **changes)
    return fanficfare_text(sp, chapters(n))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data" / "library.db")
    yield s
    s.close()


def _add(store: Store, path: Path, text: str) -> tuple[int, str]:
    """What opening the file does: parse it, record it, record its version."""
    path.write_text(text, encoding="utf-8")
    book = parse_bytes(path.read_bytes(), file_name=path.name)
    version = fingerprint(book.text, book.story.header_end if book.story else None)
    rec, status = store.library.upsert_book(
        book_key=book.book_key,
        path=str(path),
        title=book.metadata.title,
        author=book.metadata.author,
        size=book.file_size,
        story=book.story,
        version=version,
    )
    assert version is not None
    offsets = [c.offset for c in book.chapters]
    store.library.note_version(rec.id, version, offsets, changed=status in (CHANGED, UPDATED))
    return rec.id, status


def test_a_redownload_is_the_same_entry_with_new_chapters(store: Store, tmp_path: Path) -> None:
    first, status = _add(store, tmp_path / "road.txt", story(3))
    assert status == ADDED
    store.annotations.save_progress(first, 5000, 40.0)
    (tmp_path / "road.txt").unlink()
    second, status = _add(store, tmp_path / "road (1).txt", story(5))
    assert (second, status) == (first, UPDATED)
    rec = store.library.get(first)
    assert rec is not None and rec.path.endswith("road (1).txt")
    assert rec.new_chapters == 2
    book = parse_bytes((tmp_path / "road (1).txt").read_bytes())
    titles = {c.offset: c.title for c in book.chapters}
    assert titles[rec.first_new_offset] == "Chapter 4"  # type: ignore[index]
    assert store.library.count() == 1
    store.library.clear_new_chapters(first)
    assert store.library.get(first).new_chapters == 0  # type: ignore[union-attr]


def test_without_a_url_title_author_and_opening_decide(store: Store, tmp_path: Path) -> None:
    first, _ = _add(store, tmp_path / "a.txt", story(2, url=""))
    second, status = _add(store, tmp_path / "b.txt", story(4, url=""))
    assert (second, status) == (first, UPDATED)


@pytest.mark.parametrize(
    "other",
    [
        {"author": "Somebody Else", "url": ""},
        {"url": "https://www.fanfiction.net/s/9999/1/"},
    ],
)
def test_same_title_with_another_author_or_url_is_never_merged(
    store: Store, tmp_path: Path, other: dict[str, str]
) -> None:
    first, _ = _add(
        store, tmp_path / "a.txt", story(2, url="" if "author" in other else spec().url)
    )
    second, status = _add(store, tmp_path / "b.txt", story(4, **other))
    assert status == ADDED and second != first
    assert store.library.count() == 2


def test_a_different_first_chapter_is_another_story(store: Store, tmp_path: Path) -> None:
    first, _ = _add(store, tmp_path / "a.txt", story(2, url=""))
    text = story(4, url="").replace("In chapter 1, paragraph 0", "Elsewhere entirely, 0")
    second, status = _add(store, tmp_path / "b.txt", text)
    assert status == ADDED and second != first


def test_an_old_copy_beside_the_new_one_never_takes_the_entry_back(
    store: Store, tmp_path: Path
) -> None:
    first, _ = _add(store, tmp_path / "old.txt", story(2))
    (tmp_path / "old.txt").write_text(story(2), encoding="utf-8")
    same, status = _add(store, tmp_path / "new.txt", story(4))
    assert (same, status) == (first, UPDATED)
    other, status = _add(store, tmp_path / "old.txt", story(2))
    assert status == ADDED and other != first
    assert store.library.get(first).path.endswith("new.txt")  # type: ignore[union-attr]


def test_the_reading_position_moves_with_a_longer_header(store: Store, tmp_path: Path) -> None:
    first, _ = _add(store, tmp_path / "a.txt", story(2))
    text1 = (tmp_path / "a.txt").read_text(encoding="utf-8")
    at = text1.index("In chapter 2, paragraph 3")
    store.annotations.save_progress(first, at, 50.0)
    longer = story(3).replace("Summary:", "Series: A Road Trip [1]\nSummary:")
    _add(store, tmp_path / "a.txt", longer)  # the same path, edited in place
    text2 = (tmp_path / "a.txt").read_text(encoding="utf-8")
    progress = store.annotations.get_progress(first)
    assert progress is not None
    assert text2[progress.offset :].startswith("In chapter 2, paragraph 3")
    assert store.library.get(first).new_chapters == 1  # type: ignore[union-attr]


def test_fingerprints_read_back_and_reject_garbage() -> None:
    fp = Fingerprint("abc", 10, 500)
    assert Fingerprint.decode(fp.encode()) == fp
    for bad in ("", "abc", "abc:x:1", ":1:2", "abc:-1:5", "a:b:c:d"):
        assert Fingerprint.decode(bad) is None
    assert new_chapters(fp, Fingerprint("other", 10, 900), [600, 700]) == (0, None)
    assert new_chapters(fp, Fingerprint("abc", 10, 900), [100, 480, 700]) == (2, 480)


def test_the_same_url_by_another_author_is_not_taken_on_trust(store: Store, tmp_path: Path) -> None:
    first, _ = _add(store, tmp_path / "a.txt", story(2))
    text = story(4, author="Copycat").replace("In chapter 1", "Copied, in chapter 1")
    second, status = _add(store, tmp_path / "b.txt", text)
    assert status == ADDED and second != first
