"""The per-book author's-note and lost-italics settings: unset (global), on, off, kept
through remove and restore."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.db import Store, open_store
from reader.store.library import UNSET


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "library.db")
    yield s
    s.close()


def test_per_book_note_and_italics_settings(store: Store) -> None:
    rec, _ = store.library.upsert_book(book_key="k", path="/b/a.txt", title="T")
    assert (rec.italics_repair, rec.hide_author_notes) == (None, None)
    out = store.library.set_overrides(rec.id, italics_repair=False, hide_author_notes=True)
    assert (out.italics_repair, out.hide_author_notes) == (False, True)
    out = store.library.set_overrides(rec.id, title="Mine", italics_repair=UNSET)
    assert (out.italics_repair, out.hide_author_notes) == (False, True)
    out = store.library.set_overrides(rec.id, hide_author_notes=None)
    assert (out.italics_repair, out.hide_author_notes) == (False, None)
    assert store.library.get(rec.id) == out


def test_settings_survive_remove_and_restore(store: Store) -> None:
    rec, _ = store.library.upsert_book(book_key="k", path="/b/a.txt", title="T")
    store.library.set_overrides(rec.id, italics_repair=True, hide_author_notes=False)
    removed = store.library.remove(rec.id)
    back = store.library.restore(removed)
    assert (back.italics_repair, back.hide_author_notes) == (True, False)
