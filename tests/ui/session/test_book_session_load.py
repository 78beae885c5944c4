"""BookSession.load: one parse per open (even for a moved book with per-book overrides),
and a new book's length counted after its first page, not before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import reader.text.parse as parse_module
from reader.store.db import open_store
from reader.text.book import ParagraphMode
from reader.ui.session.book_session import BookSession, approximate_length

TEXT = "\n\n".join(
    f"Chapter {c}\n\n" + "\n\n".join(f"Paragraph {c}.{p}: the café was full." for p in range(30))
    for c in range(1, 4)
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Every call of ``load_book`` (its overrides), counted."""
    calls: list[dict[str, object]] = []
    real = parse_module.load_book

    def counting(path, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return real(path, **kwargs)

    monkeypatch.setattr(parse_module, "load_book", counting)
    return calls


def test_a_moved_book_with_overrides_is_parsed_once_the_readers_way(
    qtbot, tmp_path: Path, parses: list[dict[str, object]]
) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    original = tmp_path / "story.txt"
    original.write_bytes(TEXT.encode("latin-1"))
    session = BookSession(store, tmp_path / "cache")
    first = session.load(str(original))
    assert first.record is not None and len(parses) == 1
    store.library.set_overrides(first.record.id, encoding="cp1252", paragraph_mode="line")

    moved = tmp_path / "elsewhere" / "story.txt"
    moved.parent.mkdir()
    shutil.move(original, moved)
    parses.clear()
    again = session.load(str(moved))

    assert len(parses) == 1  # the record is looked up by the file's key before the parse
    assert parses[0]["encoding"] == "cp1252"
    assert parses[0]["paragraph_mode"] is ParagraphMode.LINE
    assert again.book.paragraph_mode is ParagraphMode.LINE
    assert again.record is not None and again.record.id == first.record.id
    assert again.status == "moved"
    store.close()


def test_an_edited_file_keeps_the_choices_made_for_its_path(
    qtbot, tmp_path: Path, parses: list[dict[str, object]]
) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT.encode("latin-1"))
    session = BookSession(store, tmp_path / "cache")
    first = session.load(str(path))
    assert first.record is not None
    store.library.set_overrides(first.record.id, encoding="cp1252")
    path.write_bytes((TEXT + "\n\nAn epilogue, added later.").encode("latin-1"))
    parses.clear()
    session.load(str(path))
    assert [call["encoding"] for call in parses] == ["cp1252"]
    store.close()


def test_a_new_books_length_is_written_after_its_first_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    session = BookSession(store, tmp_path / "cache")
    opened = session.load(str(path))
    assert opened.record is not None and opened.record.length == 0  # not counted yet
    session.activate(opened)
    saved: list[int] = []
    session.progress_saved.connect(saved.append)

    book_id = opened.record.id
    session.mark_read()  # the window: the first page is on screen
    assert saved == [book_id]  # "last read" now; the length on the next turn of the loop
    qtbot.waitUntil(lambda: saved == [book_id, book_id])
    record = store.library.get(book_id)
    assert record is not None
    assert (record.length, record.length_unit) == approximate_length(opened.book)
    assert record.length > 0

    # Reopened: the length is known, so nothing is left to count.
    again = session.load(str(path))
    assert again.length_due is None and again.record is not None
    assert again.record.length == record.length
    store.close()
