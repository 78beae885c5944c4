"""The dialogs built from their host protocols (plain objects standing in for the window)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fakes import Messages, OpenBook, library_book

from reader.layout.style import ReadingStyle
from reader.store.db import Store, open_store
from reader.text.book import Book
from reader.ui.commands.keymap import Keymap
from reader.ui.commands.registry import Command, CommandRegistry
from reader.ui.common.behaviour import SHOW_TIME_LEFT_SETTING
from reader.ui.common.writes import ImmediateWrites
from reader.ui.dialogs.book_settings import BookChoices, apply_book_settings
from reader.ui.dialogs.settings_dialog import SettingsDialog


@dataclass
class ShownPage:
    """A page showing a few lines of text."""

    text: str = "The fog came pouring in.\nScrooge sat in his counting-house."

    def book(self) -> Book | None:
        return None

    def visible_text(self) -> str:
        return self.text


@dataclass
class Host(Messages):
    """What the Settings dialog changes, recorded."""

    store: Store | None = None
    writes: ImmediateWrites | None = None
    registry: CommandRegistry = field(default_factory=lambda: CommandRegistry(Keymap({})))
    view: ShownPage = field(default_factory=ShownPage)
    styles: list[ReadingStyle] = field(default_factory=list)
    behaviour_applied: int = 0

    def reading_style(self) -> ReadingStyle:
        return self.styles[-1] if self.styles else ReadingStyle()

    def set_reading_style(self, style: ReadingStyle) -> None:
        self.styles.append(style)

    def apply_behaviour(self) -> None:
        self.behaviour_applied += 1


def test_settings_dialog_changes_its_host(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    host = Host(store=store, writes=ImmediateWrites(store))
    host.registry.register(Command("page.next", "&Next Page", "Turn the page", ["J"], "Go", print))
    dialog = SettingsDialog(host)  # type: ignore[arg-type]  # Host.store is Optional here
    qtbot.addWidget(dialog)
    dialog.reading.size_spin.setValue(dialog.reading.size_spin.value() + 2)
    assert host.styles and host.styles[-1].font_size == ReadingStyle().font_size + 2
    dialog.behaviour.checks[SHOW_TIME_LEFT_SETTING].setChecked(False)
    assert store.settings.get(SHOW_TIME_LEFT_SETTING) is False and host.behaviour_applied == 1
    assert dialog.keys.visible_names() == ["page.next"]
    dialog.close()
    store.close()


@dataclass
class Reopener(Messages):
    """What saving a book's settings touches, recorded."""

    store: Store | None = None
    writes: ImmediateWrites | None = None
    session: OpenBook = field(default_factory=OpenBook)
    opened: list[str] = field(default_factory=list)

    def open_path(self, path: str) -> bool:
        self.opened.append(path)
        return True


def test_book_settings_are_saved_and_the_open_book_reopened(tmp_path: Path) -> None:
    store = open_store(tmp_path / "library.db")
    book, record = library_book(store, tmp_path)
    host = Reopener(
        store=store, writes=ImmediateWrites(store), session=OpenBook(book=book, record=record)
    )
    choices = BookChoices("cp1252", "line", "A Carol", None)
    updated = apply_book_settings(host, record, choices)  # type: ignore[arg-type]
    assert updated is not None and updated.encoding_override == "cp1252"
    assert updated.display_title == "A Carol"
    assert host.session.flushed == 1 and host.opened == [record.path]
    other = Reopener(store=store, writes=ImmediateWrites(store))  # not open: only saved
    assert apply_book_settings(other, record, choices) is not None  # type: ignore[arg-type]
    assert other.opened == [] and other.shown == []
    store.close()
