"""Notes stay on their words when the file changes on disk or is re-read another way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from settle import settle

from reader.ui.dialogs.book_settings import BookChoices, apply_book_settings
from reader.ui.notes.bookmarks import NOT_FOUND_TITLE
from reader.ui.window.main_window import MainWindow

SENTENCE = "The lamp-lighter went his rounds while the fog pressed against the windows."


def _paragraphs(chapters: dict[int, list[str]]) -> str:
    parts = []
    for c, labels in chapters.items():
        body = "\n\n".join(f"Paragraph {label}: {SENTENCE} Nothing else." for label in labels)
        parts.append(f"Chapter {c}\n\n{body}")
    return "\n\n\n".join(parts) + "\n"


def _labels(c: int, n: int = 8) -> list[str]:
    return [f"{c}-{p}" for p in range(1, n + 1)]


def _record_id(window: MainWindow) -> int:
    assert window.session.record is not None
    return window.session.record.id


def _span_in(text: str, label: str, words: str) -> tuple[int, int]:
    at = text.index(f"Paragraph {label}:")
    start = text.index(words, at)
    return start, start + len(words)


def test_a_paragraph_inserted_before_a_highlight_keeps_it_on_the_same_words(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "fog.txt"
    unique = "Marley was quite dead, to begin with, and nobody doubted it."
    original = _paragraphs({1: _labels(1), 2: _labels(2, 30), 3: _labels(3)})
    path.write_text(original.replace("Paragraph 3-2:", f"{unique} Paragraph 3-2:"), "utf-8")
    window, panel = notes_window(path)
    text = window.session.book.text  # type: ignore[union-attr]
    words = "fog pressed against the windows"  # in every paragraph: the context decides
    keep = panel.highlight(*_span_in(text, "2-5", words), "green")
    doomed = panel.highlight(text.index(unique), text.index(unique) + len(unique), "pink")
    assert keep is not None and doomed is not None
    panel.session.update(keep.id, note="the fog again")
    window.view.go_to(text.index("Paragraph 2-25"))
    mark = panel.session.toggle_bookmark()
    assert mark is not None and not text.startswith("Chapter", mark.offset)  # mid-chapter
    settle(window)  # saved in the background: the library's ids from now on
    keep, doomed = panel.session.annotation(keep.id), panel.session.annotation(doomed.id)
    assert keep is not None and doomed is not None

    # Edit the file: a new paragraph before everything noted, and the unique sentence gone.
    edited = _paragraphs({1: _labels(1), 2: ["2-0 (new)", *_labels(2, 30)], 3: _labels(3)})
    path.write_text(edited, encoding="utf-8")
    assert window.open_path(str(path))
    new_text = window.session.book.text  # type: ignore[union-attr]
    assert "2-0 (new)" in new_text
    settle(window)  # the re-anchored places are written in the background

    by_id = {a.id: a for a in window.store.annotations.annotations(_record_id(window))}
    moved = by_id[keep.id]
    assert moved.status == "ok"
    assert (moved.start, moved.end) == _span_in(new_text, "2-5", words)
    assert moved.start > keep.start  # it really moved
    assert moved.note == "the fog again" and moved.color == "green"
    lost = by_id[doomed.id]  # its words are gone: kept, marked, never dropped
    assert lost.status == "not_found" and lost.quote == unique
    (bm,) = window.store.annotations.bookmarks(_record_id(window))
    assert bm.status == "ok" and bm.offset > mark.offset
    assert new_text.startswith(mark.quote, bm.offset)

    # The panel: the lost one under "Not found in this version"; only found ones painted.
    tree = panel.highlights.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[-1] == NOT_FOUND_TITLE
    lost_group = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert unique in lost_group.child(0).text(0)
    painted = window.view._decorations.items
    assert (moved.start, moved.end, "green") in painted
    assert all(colour != "pink" for _s, _e, colour in painted)
    assert "could not be placed" in window.current_message()


def test_anchors_that_do_not_match_the_text_are_fixed_on_open(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "fog.txt"
    path.write_text(_paragraphs({1: _labels(1)}), encoding="utf-8")
    window, panel = notes_window(path)
    text = window.session.book.text  # type: ignore[union-attr]
    start, end = _span_in(text, "1-4", "went his rounds")
    ann = panel.highlight(start, end)
    assert ann is not None
    settle(window)
    ann = panel.session.annotation(ann.id)
    assert ann is not None
    window.store.annotations.move_annotation(ann.id, start + 7, end + 7)  # stale offsets
    assert window.open_path(str(path))
    settle(window)
    fixed = window.store.annotations.get_annotation(ann.id)
    assert fixed is not None and (fixed.start, fixed.end, fixed.status) == (start, end, "ok")


def test_changing_the_encoding_and_back_keeps_every_note(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    quote = "“Bah!” said Scrooge, “Humbug!” — and he went on writing by the candle’s light."
    body = "\n\n".join(
        f"Line {i}: the counting-house was cold and the clerk’s fire was small." for i in range(6)
    )
    data = f"Stave One\n\n{body}\n\n{quote}\n\n{body}\n".encode("cp1252")
    path = tmp_path / "carol.txt"
    path.write_bytes(data)
    window, panel = notes_window(path)
    record = window.session.record
    assert record is not None
    record = apply_book_settings(window, record, BookChoices("cp1252", None, None, None))
    assert record is not None
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index(quote)
    ann = panel.highlight(start, start + len(quote), "blue")
    assert ann is not None
    panel.session.update(ann.id, note="Scrooge’s word")
    settle(window)
    ann = panel.session.annotation(ann.id)
    assert ann is not None

    # Read as ISO 8859-1: the curly quotes become control characters; the note survives.
    record = apply_book_settings(window, record, BookChoices("iso8859-1", None, None, None))
    assert record is not None and window.session.book.encoding.name.replace("_", "-") in (
        "iso8859-1", "latin-1", "iso-8859-1"
    )  # fmt: skip
    assert "“" not in window.session.book.text  # type: ignore[union-attr]
    settle(window)
    (during,) = window.store.annotations.annotations(record.id)
    assert during.id == ann.id and during.note == "Scrooge’s word"

    # And back: the highlight is on exactly the original words again.
    record = apply_book_settings(window, record, BookChoices("cp1252", None, None, None))
    assert record is not None
    text = window.session.book.text  # type: ignore[union-attr]
    settle(window)
    (after,) = window.store.annotations.annotations(record.id)
    assert after.status == "ok"
    assert text[after.start : after.end] == quote
    assert (after.note, after.color) == ("Scrooge’s word", "blue")
    assert [a.id for a in panel.session.annotations()] == [ann.id]


def test_changing_the_paragraph_mode_keeps_notes_in_place(
    notes_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "fog.txt"
    path.write_text(_paragraphs({1: _labels(1), 2: _labels(2)}), encoding="utf-8")
    window, panel = notes_window(path)
    text = window.session.book.text  # type: ignore[union-attr]
    ann = panel.highlight(*_span_in(text, "2-2", "rounds while the fog"))
    assert ann is not None and window.session.record is not None
    settle(window)  # saved in the background first
    apply_book_settings(window, window.session.record, BookChoices(None, "line", None, None))
    assert window.session.book.paragraph_mode.value == "line"  # type: ignore[union-attr]
    (same,) = panel.session.annotations()
    assert (same.start, same.end, same.status) == (ann.start, ann.end, "ok")
    assert (ann.start, ann.end, "yellow") in window.view._decorations.items


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)
