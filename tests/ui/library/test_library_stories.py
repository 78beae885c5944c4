"""The library for stories: story fields on rows, the field filter and its completion,
sorting by update and grouping by fandom or series, driven on the real widgets (issue 14)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fakes import Messages, OpenBook
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from reader.store.db import Store, open_store
from reader.text.story import parse_story_info
from reader.ui.library.delegate import fitted_facts, story_fact_parts, story_facts
from reader.ui.library.filter_box import current_term, suggest
from reader.ui.library.importer import inspect_file
from reader.ui.library.model import Role
from reader.ui.library.pane import LibraryPane
from reader.ui.library.ports import LibraryContext
from reader.ui.library.query import parse_query
from tests.text.fanfic_gen import Spec, ao3_text, fanficfare_text, random_spec

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints",  # the offscreen platform, for the popup
    "does not support raise",
    "does not support grabbing the keyboard",
)

SPECS = [
    (
        "Alaric Leaving",
        "nightingale",
        "Vampire Diaries",
        ["Damon/Alaric"],
        ["slowburn", "Angst"],
        "T",
        False,
        "2012-05-06",
        "Mystic Falls",
        1,
    ),
    (
        "Desperate Measures",
        "maxfan",
        "Dark Angel",
        ["Max/Alec"],
        ["Hurt/Comfort"],
        "M",
        True,
        "2009-01-02",
        "",
        0,
    ),
    (
        "The Long Way Home",
        "someone",
        "Vampire Diaries",
        ["Alaric/Damon", "Elena/Stefan"],
        ["Slow Burn", "Fluff"],
        "K+",
        True,
        "2015-03-04",
        "Mystic Falls",
        2,
    ),
    (
        "Quiet Winter",
        "other",
        "Sherlock",
        ["John/Sherlock"],
        ["Angst"],
        "T",
        True,
        "2020-10-10",
        "",
        0,
    ),
]


def _spec(row: tuple) -> Spec:  # type: ignore[type-arg]
    title, author, fandom, ships, tags, rating, complete, updated, series, part = row
    spec = random_spec(random.Random(title), 1)
    spec.title, spec.author, spec.fandoms, spec.ships, spec.tags = (
        title,
        author,
        [fandom],
        ships,
        tags,
    )
    spec.rating, spec.complete, spec.updated, spec.series, spec.series_part = (
        rating,
        complete,
        updated,
        series,
        part,
    )
    spec.published = "2008-01-01"
    return spec


def _library(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "library.db")
    rows = []
    for k, row in enumerate(SPECS):
        spec = _spec(row)
        make = ao3_text if k % 2 else fanficfare_text
        path = tmp_path / f"{spec.title}.txt"
        path.write_text(make(spec), encoding="utf-8")
        info = inspect_file(str(path))
        assert isinstance(info, dict) and info["story"] is not None
        rows.append(info)
    plain = tmp_path / "plain.txt"
    plain.write_text("Title: A Plain Book\n\nIt was a complete surprise.\n", encoding="utf-8")
    rows.append(inspect_file(str(plain)))
    store.library.add_many(rows)
    return store


def _pane(qtbot, store: Store) -> LibraryPane:  # type: ignore[no-untyped-def]
    context = LibraryContext(
        store=store,
        open_book=OpenBook(book=None, record=None),
        messages=Messages(),
        open_path=lambda _p: True,
        focus_page=lambda: None,
        show_on_page=lambda _t: None,
        command_keys=lambda _n: "",
        show_pane=lambda: None,
        edit_book_settings=lambda r: r,
    )
    pane = LibraryPane(context)
    qtbot.addWidget(pane)
    pane.resize(420, 600)
    pane.show()
    pane.reload(check_files=False)
    return pane


def shown(pane: LibraryPane) -> list[str]:
    m = pane.model
    return [m.data(m.index(r)) for r in range(m.rowCount())]


def type_filter(qtbot, pane: LibraryPane, text: str) -> None:  # type: ignore[no-untyped-def]
    pane.filter_edit.clear()
    pane.filter_edit.setFocus()
    QTest.keyClicks(pane.filter_edit, text)


def test_import_fills_story_fields_and_rows_show_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, _library(tmp_path))
    m = pane.model
    pane.set_sort("title")
    rows = {m.data(m.index(r)): m.index(r) for r in range(m.rowCount())}
    alaric = rows["Alaric Leaving"]
    assert alaric.data(Role.FANDOM) == "Vampire Diaries"
    assert alaric.data(Role.RATING) == "T"
    assert alaric.data(Role.STATUS) == "wip"
    assert isinstance(alaric.data(Role.WORDS), int)
    assert alaric.data(Role.CHAPTERS).endswith("/?")
    longway = rows["The Long Way Home"].data(Role.RECORD)
    assert longway.story_status == "complete" and longway.series == "Mystic Falls"
    assert story_facts(longway).startswith("T · Complete · ")
    assert rows["A Plain Book"].data(Role.FANDOM) == ""
    assert story_facts(rows["A Plain Book"].data(Role.RECORD)) == ""
    # The row paints (story facts and all) without trouble.
    image = QImage(400, 80, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.rect = image.rect()
    option.font = pane.list.font()
    pane.delegate.paint(painter, option, alaric)
    painter.end()


def test_field_filter_typed_into_the_box(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, _library(tmp_path))
    pane.set_sort("title")
    type_filter(qtbot, pane, 'fandom:"Vampire Diaries" rating:T complete')
    assert shown(pane) == ["The Long Way Home"]  # K+ reads as T; Alaric Leaving is a WIP
    type_filter(qtbot, pane, "tag:slowburn")
    assert shown(pane) == ["Alaric Leaving", "The Long Way Home"]  # "Slow Burn" too
    type_filter(qtbot, pane, "ship:Damon/Alaric")
    assert shown(pane) == ["Alaric Leaving", "The Long Way Home"]  # either order
    type_filter(qtbot, pane, "ship:Max/Alec")
    assert shown(pane) == ["Desperate Measures"]
    type_filter(qtbot, pane, "tag:angst -fandom:sherlock")
    assert shown(pane) == ["Alaric Leaving"]
    type_filter(qtbot, pane, "wip")
    assert shown(pane) == ["Alaric Leaving"]
    type_filter(qtbot, pane, "complete")  # the plain book says so in its text only
    assert shown(pane) == ["Desperate Measures", "Quiet Winter", "The Long Way Home"]
    type_filter(qtbot, pane, "Re:Zero")  # not a field: a free word, matching nothing
    assert shown(pane) == []
    assert "No book matches" in pane.count_label.text()
    type_filter(qtbot, pane, "fandom:")  # a field still being typed filters nothing out
    assert len(shown(pane)) == 5


def test_completion_offers_known_values_and_inserts_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pane = _pane(qtbot, _library(tmp_path))
    known = pane.model.suggestions()
    assert 'fandom:"Vampire Diaries"' in known
    assert known.index('fandom:"Vampire Diaries"') < known.index('fandom:"Dark Angel"')
    assert suggest("fandom:va", known) == ['fandom:"Vampire Diaries"']
    assert suggest("sl", known)[:1] == ["ship:"] or "tag:slowburn" in suggest("sl", known)
    assert current_term('rating:T fandom:"Vampire Di', 27) == (9, 27)
    type_filter(qtbot, pane, "rating:T fandom:Va")
    popup = pane.completer.completer.popup()
    assert popup is not None and popup.isVisible()
    assert pane.completer.model.stringList() == ['fandom:"Vampire Diaries"']
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert pane.filter_edit.text() == 'rating:T fandom:"Vampire Diaries" '
    pane.set_sort("title")
    assert shown(pane) == ["Alaric Leaving", "The Long Way Home"]


def test_sort_by_updated_and_group_by_fandom_and_series(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = _library(tmp_path)
    pane = _pane(qtbot, store)
    pane.set_sort("updated")
    assert shown(pane)[:4] == [
        "Quiet Winter",
        "The Long Way Home",
        "Alaric Leaving",
        "Desperate Measures",
    ]
    menu = pane.build_context_menu(pane.model.index(0))
    (group_menu,) = [a.menu() for a in menu.actions() if a.text() == "&Group"]
    (by_fandom,) = [a for a in group_menu.actions() if a.data() == "fandom"]
    by_fandom.trigger()  # the list's context menu ▸ Group ▸ By fandom
    rows = shown(pane)
    assert rows == [
        "Dark Angel (1)",
        "Desperate Measures",
        "Sherlock (1)",
        "Quiet Winter",
        "Vampire Diaries (2)",
        "The Long Way Home",
        "Alaric Leaving",
        "(none) (1)",
        "A Plain Book",
    ]
    heading = pane.model.index(0)
    assert heading.data(Role.RECORD) is None and heading.data(Role.GROUP) == "Dark Angel (1)"
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    pane.focus_list()
    assert pane.selected_record() is not None
    assert pane.selected_record().display_title == "Desperate Measures"
    assert pane.count_label.text() == "5 books"
    pane.set_group("series")
    assert shown(pane)[:3] == ["Mystic Falls (2)", "The Long Way Home", "Alaric Leaving"]
    assert store.settings.get("library_group", "") == "series"
    # Grouping and filtering together.
    type_filter(qtbot, pane, "tag:angst")
    assert shown(pane) == ["Mystic Falls (1)", "Alaric Leaving", "(none) (1)", "Quiet Winter"]


def test_query_parsing_edge_cases() -> None:
    q = parse_query('fandom:"Vampire Diaries" rating:T complete -tag:Angst words:>1k')
    fields = [(t.field, t.value, t.negate) for t in q.terms]
    assert ("", "complete", False) in fields
    assert ("fandom", "vampirediaries", False) in fields
    assert ("rating", "t", False) in fields
    assert ("tag", "angst", True) in fields
    assert ("words", ">1k", False) in fields
    assert parse_query("").empty
    assert parse_query('fandom:"unterminated').terms[0].value == "unterminated"
    assert parse_query("x" * 5000).terms  # long input is cut, never slow
    info = parse_story_info(fanficfare_text(_spec(SPECS[0])))
    assert info is not None and info.fandoms == ("Vampire Diaries",)


def test_a_narrow_row_keeps_the_facts_that_matter_most(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A default-width library pane had no room for "M · Complete · 4/4 ch · 11k words"
    beside the author and showed no facts at all: the chapters, then the rating, then the
    status give way, and the words stay longest."""
    pane = _pane(qtbot, _library(tmp_path))
    m = pane.model
    rows = {m.data(m.index(r)): m.index(r) for r in range(m.rowCount())}
    parts = story_fact_parts(rows["The Long Way Home"].data(Role.RECORD))
    assert [kind for kind, _text in parts] == ["rating", "status", "chapters", "words"]
    full = story_facts(rows["The Long Way Home"].data(Role.RECORD))
    words = parts[-1][1]
    assert fitted_facts(parts, len(full), len) == full
    assert fitted_facts(parts, len(full) - 1, len) == " · ".join(
        text for kind, text in parts if kind != "chapters"
    )
    assert fitted_facts(parts, len(f"Complete · {words}"), len) == f"Complete · {words}"
    assert fitted_facts(parts, len(words), len) == words
    assert fitted_facts(parts, len(words) - 1, len) == ""
    assert story_fact_parts(rows["A Plain Book"].data(Role.RECORD)) == []
