"""The library model freezes its rows as they load and grow (reader/gc_policy.py), and
an import ends with one full collection."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.gc_policy import STATE
from reader.paths import Paths
from reader.store.db import open_store
from reader.store.models import BookRecord
from reader.ui.library.model import LibraryModel
from reader.ui.window.main_window import MainWindow
from reader.ui.window.panes import install_library_pane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def records(first: int, count: int) -> list[BookRecord]:
    """``count`` plain records with ids from ``first``."""
    return [
        BookRecord(i, f"k{i}", f"/books/b{i}.txt", f"Book {i}") for i in range(first, first + count)
    ]


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    """Each test starts and ends with nothing frozen (the policy freezes app-wide)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def walked() -> set[int]:
    """Ids of the objects collections still walk."""
    return {id(o) for o in gc.get_objects()}


def test_loading_freezes_the_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = LibraryModel()
    rows = records(1, 500)
    model.set_records(rows)
    assert gc.get_freeze_count() >= len(rows)
    seen = walked()
    assert not any(id(r) in seen for r in rows)


def test_a_batch_of_new_rows_is_frozen_an_update_is_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = LibraryModel()
    model.set_records(records(1, 10))
    settles = STATE.settles
    batch = records(11, 200)
    model.upsert_records(batch)
    assert STATE.settles == settles + 1
    seen = walked()
    assert not any(id(r) in seen for r in batch)
    changed = BookRecord(5, "k5", "/books/b5.txt", "Renamed")
    model.upsert_records([changed])  # a page turn's progress: no collection for it
    assert STATE.settles == settles + 1
    assert model.total() == 210


def test_an_import_freezes_its_batches_and_ends_with_an_audit(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(STATE, "frozen_after_audit", 0)  # as on the first import
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    pane = install_library_pane(window, load=False)
    pane.reload(check_files=False)
    folder = tmp_path / "books"
    folder.mkdir()
    for i in range(3):
        (folder / f"b{i}.txt").write_text(f"Title: Book {i}\n\nSome words of book {i}.\n")
    settles, audits = STATE.settles, STATE.audits
    with qtbot.waitSignal(pane.import_finished, timeout=20_000):
        pane.add_paths([str(folder)])
    assert pane.model.total() == 3
    assert STATE.settles > settles  # the batch was frozen as it landed
    seen = walked()
    assert not any(id(r) in seen for r in pane.model.records())
    qtbot.waitUntil(lambda: STATE.audits == audits + 1, timeout=5_000)
    window.close()
    window.shutdown()
