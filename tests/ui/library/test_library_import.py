"""Background import: walking folders, skipping non-text, light metadata, batches, cancel,
and the first-run sample."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.paths import Paths
from reader.store.db import Store, open_store
from reader.ui.library.importer import (
    NOT_TEXT,
    SAMPLE_FILE,
    SAMPLE_SETTING,
    UNREADABLE,
    ImportJob,
    ImportReport,
    add_sample_if_new,
    inspect_file,
    iter_text_files,
)
from reader.ui.library.pane import LibraryPane
from reader.ui.window.main_window import MainWindow
from reader.ui.window.panes import install_library_pane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "lib" / "library.db") as s:
        yield s


def make_folder(root: Path) -> dict[str, int]:
    """A messy folder: books in subfolders, binary .txt, other files, a dangling link."""
    (root / "a" / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a" / "one.txt").write_text("Title: One\nAuthor: Ann\n\nHello there.\n", "utf-8")
    (root / "a" / "b" / "TWO.TXT").write_text("Two\n\nby Bob\n\nSome text here.\n", "utf-8")
    (root / "three.txt").write_bytes("Война и мир\n\nЛев Толстой\n\nТекст. ".encode("cp1251") * 3)
    (root / "picture.txt").write_bytes(PNG)  # binary, named .txt
    (root / "notes.md").write_text("not a .txt file", "utf-8")
    (root / ".hidden" / "secret.txt").write_text("hidden", "utf-8")
    os.symlink(root / "nowhere.txt", root / "dangling.txt")  # unreadable
    return {"books": 3, "not_text": 1, "unreadable": 1}


def test_walk_is_recursive_txt_only_and_skips_hidden(tmp_path: Path) -> None:
    make_folder(tmp_path)
    found = sorted(os.path.relpath(p, tmp_path) for p in iter_text_files([str(tmp_path)]))
    assert found == ["a/b/TWO.TXT", "a/one.txt", "dangling.txt", "picture.txt", "three.txt"]
    # a file given directly is taken whatever its name, and only once
    md = str(tmp_path / "notes.md")
    assert list(iter_text_files([md, md])) == [md]


def test_inspect_reads_light_metadata_and_skips_bad_files(tmp_path: Path) -> None:
    make_folder(tmp_path)
    one = inspect_file(str(tmp_path / "a" / "one.txt"))
    assert isinstance(one, dict)
    assert (one["title"], one["author"]) == ("One", "Ann")
    assert one["book_key"].endswith(f"-{(tmp_path / 'a' / 'one.txt').stat().st_size}")
    three = inspect_file(str(tmp_path / "three.txt"))
    assert isinstance(three, dict) and three["title"] == "Война и мир"
    assert inspect_file(str(tmp_path / "picture.txt")) == NOT_TEXT
    assert inspect_file(str(tmp_path / "dangling.txt")) == UNREADABLE
    assert inspect_file(str(tmp_path / "no-such-file.txt")) == UNREADABLE


def test_length_is_an_estimate_close_to_the_real_count(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(
        "Chapter 1\n\n" + "Seven words in every single sentence here. " * 20_000, "utf-8"
    )
    info = inspect_file(str(path))
    assert isinstance(info, dict)
    assert info["length"] < 0  # marked as an estimate
    assert 0.9 * 140_000 < -info["length"] < 1.1 * 140_000
    cjk = tmp_path / "cjk.txt"
    cjk.write_bytes(("第一章\n\n" + "这是一个很长的故事。" * 30_000).encode("gb18030"))
    info = inspect_file(str(cjk))
    assert isinstance(info, dict) and info["length_unit"] == "chars"
    assert 0.9 * 300_000 < -info["length"] < 1.1 * 300_000


def test_length_estimate_is_not_fooled_by_a_contents_list_at_the_head(tmp_path: Path) -> None:
    """A Gutenberg head (licence, indented contents) is not the prose: the middle is sampled."""
    contents = "".join(f"    CHAPTER {i}\n" for i in range(1, 2000))  # ~30 KB of short lines
    prose = "Seven words in every single sentence here. " * 40_000
    path = tmp_path / "gutenberg.txt"
    path.write_text("CONTENTS\n\n" + contents + "\n\n" + prose, "utf-8")
    info = inspect_file(str(path))
    assert isinstance(info, dict)
    real = len(path.read_text("utf-8").split())
    assert 0.9 * real < -info["length"] < 1.1 * real


def test_huge_file_is_added_by_key_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write(b"Title: Huge\n\n" + b"Text of a very big book. " * 4000)
        fh.truncate(210 * 1024 * 1024)  # sparse: 210 MB without writing them
    info = inspect_file(str(path))
    assert isinstance(info, dict)
    assert info["size"] == 210 * 1024 * 1024 and info["title"] == "Huge"
    assert info["book_key"].endswith("-220200960")


def test_report_summary_counts_everything() -> None:
    report = ImportReport(added=3, already=2, not_text=1, unreadable=4, cancelled=True)
    text = report.summary()
    assert text.startswith("Import stopped. Added 3 books, 2 already in the library.")
    assert "1 file that is not text" in text and "4 files that could not be read" in text


@pytest.fixture
def pane(qtbot, tmp_path: Path) -> Iterator[LibraryPane]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    pane = install_library_pane(window, load=False)
    pane.reload(check_files=False)
    window.show()
    yield pane
    window.close()
    window.shutdown()


def test_adding_a_folder_in_the_background(pane: LibraryPane, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "books"
    expected = make_folder(folder)
    progress: list[tuple[int, int]] = []
    pane.add_paths([str(folder)])
    assert pane.is_importing() and pane.import_bar.isVisibleTo(pane)
    job = pane.import_bar.job()
    assert job is not None
    job.worker.progress.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(pane.import_finished, timeout=20_000) as done:
        pass
    report: ImportReport = done.args[0]
    assert (report.added, report.not_text, report.unreadable) == (
        expected["books"],
        expected["not_text"],
        expected["unreadable"],
    )
    assert progress and progress[-1] == (5, 5)  # 5 candidate .txt files, all looked at
    assert not pane.is_importing() and not pane.import_bar.isVisibleTo(pane)
    assert pane.model.total() == 3 == pane.store.library.count()
    assert "Added 3 books." in pane.info_label.text()
    assert "1 file that is not text" in pane.info_label.text()
    # adding the same folder again adds nothing new
    with qtbot.waitSignal(pane.import_finished, timeout=20_000) as again:
        pane.add_paths([str(folder)])
    assert again.args[0].added == 0 and again.args[0].already == 3
    assert pane.model.total() == 3


def test_cancel_stops_the_import_and_keeps_what_was_added(
    pane: LibraryPane, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"book{i:04}.txt").write_text(f"Book number {i}\n\nText {i}.\n", "utf-8")
    pane.add_paths([str(folder)])
    with qtbot.waitSignal(pane.import_finished, timeout=30_000) as done:
        qtbot.waitUntil(lambda: pane.import_bar.progress.value() > 0 or not pane.is_importing())
        pane.import_bar.cancel_button.click()
    report: ImportReport = done.args[0]
    assert report.cancelled and report.added < 3000
    assert pane.store.library.count() == report.added == pane.model.total()
    assert report.summary().startswith("Import stopped.")


def test_job_can_be_stopped_on_quit(tmp_path: Path, store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "f"
    folder.mkdir()
    for i in range(500):
        (folder / f"{i}.txt").write_text(f"Book {i}\n", "utf-8")
    job = ImportJob(store.path, [str(folder)])
    job.start()
    job.stop_and_wait()
    assert not job.is_running()


def test_sample_is_added_once_and_never_again_after_removal(store: Store) -> None:
    assert SAMPLE_FILE.is_file()
    record = add_sample_if_new(store)
    assert record is not None and record.display_title == "A Christmas Carol"
    assert record.display_author == "Charles Dickens"
    assert store.settings.get(SAMPLE_SETTING) is True
    assert add_sample_if_new(store) is None and store.library.count() == 1
    store.library.remove(record.id)
    assert add_sample_if_new(store) is None and store.library.count() == 0


def test_existing_library_gets_no_sample(store: Store, tmp_path: Path) -> None:
    store.library.upsert_book(book_key="k-1", path=str(tmp_path / "x.txt"), title="X")
    assert add_sample_if_new(store) is None
    assert store.library.count() == 1 and store.settings.get(SAMPLE_SETTING) is True


def test_sample_has_chapters_and_no_gutenberg_licence() -> None:
    from reader.text.parse import load_book

    text = SAMPLE_FILE.read_text("utf-8")
    assert "Project Gutenberg" not in text and "*** START" not in text
    assert SAMPLE_FILE.stat().st_size < 200_000
    book = load_book(SAMPLE_FILE)
    titles = [c.title.upper() for c in book.chapters]
    assert sum(t.startswith("STAVE") for t in titles) == 5
    readme = (SAMPLE_FILE.parent / "README.md").read_text("utf-8")
    assert "public domain" in readme.lower()
