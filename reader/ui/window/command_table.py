"""The window's commands as data: one row per command, in menu order.

Each :class:`CommandSpec` row gives a command's stable name, menu title, menu
(and submenu), one-line help, its handler — a method of
:class:`~reader.ui.window.actions.WindowActions` — and, for checkable
commands, the predicate that says whether it is on and its radio group.
Default keys are not here: they all live in
:data:`reader.ui.commands.keymap.DEFAULT_KEYS`. :func:`register_commands`
turns the rows into :class:`~reader.ui.commands.registry.Command` objects
bound to one window's actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction

from reader.ui.commands.keymap import DEFAULT_KEYS
from reader.ui.commands.registry import Command, CommandRegistry
from reader.ui.window.actions import WindowActions

Handler = Callable[[WindowActions], object]
Predicate = Callable[[WindowActions], bool]

_NO_ROLE = QAction.MenuRole.NoRole


@dataclass(frozen=True)
class CommandSpec:
    """One row of the command table (see the module docstring)."""

    name: str
    title: str
    menu: str
    help: str
    handler: Handler
    submenu: str = ""
    checked: Predicate | None = None
    """Checkable commands: whether the command is on now (its check mark)."""
    group: str = ""
    """Checkable commands with the same group are one-of-several (radio items)."""
    separator_before: bool = False
    role: QAction.MenuRole = _NO_ROLE
    """The macOS application-menu role (About, Preferences, Quit)."""


A = WindowActions
THEME_MENU = "&Theme"
TWO_PAGES_MENU = "T&wo Pages"
FOCUS_MENU = "Move &Focus"
READ_ALOUD = "Read Aloud"
SLEEP_MENU = "Sleep &Timer"
GROUP_MENU = "Library &Groups"
LIBRARY_GROUPS = (
    ("none", "", "&No Groups", "Show the library as one list"),
    ("fandom", "fandom", "By &Fandom", "Group the library's stories under their fandom"),
    ("series", "series", "By &Series", "Group the library's stories under their series"),
)

SPEECH_COMMANDS = (
    # (action, title, help, separator before)
    (
        "play_pause",
        "&Play or Pause",
        "Read the book aloud from the selection or the page's first sentence; again to pause",
        False,
    ),
    (
        "stop",
        "&Stop",
        "Stop reading aloud; the last sentence spoken becomes your reading position",
        False,
    ),
    ("next_sentence", "&Next Sentence", "Read aloud from the next sentence", True),
    ("previous_sentence", "P&revious Sentence", "Read aloud from the previous sentence", False),
    (
        "next_paragraph",
        "Paragraph For&ward",
        "Read aloud from the start of the following paragraph",
        False,
    ),
    (
        "previous_paragraph",
        "Paragraph B&ack",
        "Read aloud from the start of this paragraph, or of the one before",
        False,
    ),
    ("faster", "&Faster", "Read aloud faster", True),
    ("slower", "S&lower", "Read aloud slower", False),
    (
        "cycle_sleep_timer",
        "Ne&xt Sleep Timer",
        "Stop reading aloud after 15, 30 or 60 minutes or at the chapter's end (cycles)",
        True,
    ),
)
"""The read-aloud commands: ``speech.<action>`` (or the name in :data:`SPEECH_NAMES`) runs
the controller's method ``action``."""
SPEECH_NAMES = {
    "cycle_sleep_timer": "speech.sleep_timer",
    "next_paragraph": "speech.paragraph_forward",
    "previous_paragraph": "speech.paragraph_back",
}
SLEEP_TIMERS = (
    ("off", "&Off", "Read aloud until stopped"),
    ("15", "&15 Minutes", "Stop reading aloud after 15 minutes"),
    ("30", "&30 Minutes", "Stop reading aloud after 30 minutes"),
    ("60", "&60 Minutes", "Stop reading aloud after 60 minutes"),
    ("chapter", "End of &Chapter", "Stop reading aloud at the end of the chapter"),
)
STATS_MENU = "Reading S&tatistics"

THEMES = (
    ("light", "&Light", "Use the light colour theme"),
    ("sepia", "&Sepia", "Use the sepia colour theme"),
    ("dark", "&Dark", "Use the dark colour theme"),
    ("system", "Follow &System", "Use light or dark colours as the desktop does"),
)
TWO_PAGE_MODES = (
    ("auto", "&Automatic", "Show two pages side by side when the window is wide enough"),
    ("on", "&On", "Always show two pages side by side"),
    ("off", "O&ff", "Always show a single page"),
)

COMMANDS: tuple[CommandSpec, ...] = (
    # --- File ---
    CommandSpec("file.open", "&Open…", "File", "Open a text file as a book", A.open_file),
    CommandSpec(
        "library.add_files",
        "&Add Books to Library…",
        "File",
        "Add text files to the library without opening them",
        A.add_files,
    ),
    CommandSpec(
        "library.add_folder",
        "Add &Folder to Library…",
        "File",
        "Add every .txt file in a folder and its subfolders to the library",
        A.add_folder,
    ),
    CommandSpec(
        "book.settings",
        "Book &Settings…",
        "File",
        "Encoding, paragraph layout, title and author of this book",
        A.book_settings,
    ),
    CommandSpec(
        "chapters.rules",
        "&Chapter Rules…",
        "File",
        "Rules that find this book's chapters (regular expressions, Legado rules), with a preview",
        A.chapter_rules,
    ),
    CommandSpec(
        "chapters.mark_line",
        "Mark This Line as a Chapter",
        "File",
        "Make the line at the caret, or at the top of the page, a chapter of this book",
        A.mark_chapter_line,
    ),
    CommandSpec(
        "chapters.unmark_line",
        "Not a Chapter",
        "File",
        "The heading at the caret, or at the top of the page, is not a chapter of this book",
        A.unmark_chapter_line,
    ),
    CommandSpec(
        "book.story_info",
        "Story &Info…",
        "File",
        "What this story's header says: fandom, rating, tags, chapters, summary, source",
        A.story_info,
    ),
    CommandSpec(
        "stats.import_koreader",
        "Import &KOReader Statistics…",
        "File",
        "Add the reading history of KOReader's statistics.sqlite3 to Quire's statistics",
        A.stats_import,
        submenu=STATS_MENU,
        separator_before=True,
    ),
    CommandSpec(
        "stats.export",
        "&Export Statistics…",
        "File",
        "Save every reading statistic as a CSV or JSON file",
        A.stats_export,
        submenu=STATS_MENU,
    ),
    CommandSpec(
        "stats.clear",
        "&Clear Statistics…",
        "File",
        "Delete the reading statistics of this book or of every book (asks first)",
        A.stats_clear,
        submenu=STATS_MENU,
    ),
    CommandSpec(
        "app.settings",
        "S&ettings…",
        "File",
        "Reading style, behaviour and keys, applied as you change them",
        A.settings,
        separator_before=True,
        role=QAction.MenuRole.PreferencesRole,
    ),
    CommandSpec(
        "app.quit",
        "&Quit",
        "File",
        "Save the reading position and close Quire",
        A.quit,
        role=QAction.MenuRole.QuitRole,
    ),
    # --- Go ---
    CommandSpec("page.next", "&Next Page", "Go", "Turn to the next page", A.next_page),
    CommandSpec("page.prev", "&Previous Page", "Go", "Turn back to the previous page", A.prev_page),
    CommandSpec(
        "page.first",
        "&Beginning of Book",
        "Go",
        "Go to the first page of the book",
        A.first_page,
        separator_before=True,
    ),
    CommandSpec("page.last", "&End of Book", "Go", "Go to the last page of the book", A.last_page),
    CommandSpec(
        "chapter.next",
        "Next &Chapter",
        "Go",
        "Go to the start of the next chapter",
        A.next_chapter,
        separator_before=True,
    ),
    CommandSpec(
        "chapter.prev",
        "Previous C&hapter",
        "Go",
        "Go to the start of this chapter, or the previous one",
        A.prev_chapter,
    ),
    CommandSpec(
        "go.to",
        "&Go To Page or Percent…",
        "Go",
        "Jump to a page number (120) or a percentage of the book (45%)",
        A.go_to,
        separator_before=True,
    ),
    CommandSpec(
        "go.new_chapters",
        "First &New Chapter",
        "Go",
        "Go to the first chapter the last update of this story added",
        A.new_chapters,
    ),
    CommandSpec(
        "bookmark.toggle",
        "Toggle &Bookmark",
        "Go",
        "Bookmark this page, or remove its bookmark",
        A.toggle_bookmark,
        separator_before=True,
    ),
    CommandSpec(
        "selection.start",
        "&Select Text",
        "Go",
        "Select text with the keyboard: place the caret (w/b/e, ( ), { }, arrows, PgUp/PgDn), "
        "v or Space starts the selection; Enter highlights, n adds a note",
        A.start_selection,
    ),
    CommandSpec(
        "search.find",
        "&Find…",
        "Go",
        "Search this book (results in the notes panel)",
        A.find,
        separator_before=True,
    ),
    CommandSpec("search.next", "Find &Next", "Go", "Go to the next search hit", A.find_next),
    CommandSpec(
        "search.previous",
        "Find Pre&vious",
        "Go",
        "Go to the previous search hit",
        A.find_previous,
    ),
    CommandSpec(
        "go.back",
        "&Back",
        "Go",
        "Return to where you were before the last jump (chapter, search hit, contents, go to…)",
        A.go_back,
        separator_before=True,
    ),
    CommandSpec(
        "go.forward",
        "&Forward",
        "Go",
        "Go forward again to where Back came from",
        A.go_forward,
    ),
    CommandSpec(
        "go.scrubber",
        "Position &Scrubber",
        "Go",
        "A slider over the whole book with a tick at each chapter: drag it or use the arrow "
        "keys, Enter goes there, Esc closes",
        A.scrubber,
    ),
    CommandSpec(
        "note.show_here",
        "Show &Note Here",
        "Go",
        "Show the note of a highlight on this page (again for the next one)",
        A.show_note_here,
    ),
    # --- View ---
    CommandSpec("view.font_bigger", "&Bigger Text", "View", "Make the text larger", A.font_bigger),
    CommandSpec(
        "view.font_smaller", "&Smaller Text", "View", "Make the text smaller", A.font_smaller
    ),
    CommandSpec(
        "view.font_reset",
        "&Default Text Size",
        "View",
        "Return the text to its default size",
        A.font_reset,
    ),
    *(
        CommandSpec(
            f"view.theme.{theme}",
            title,
            "View",
            help_,
            partial(A.set_theme, theme=theme),
            submenu=THEME_MENU,
            checked=partial(A.theme_is, theme=theme),
            group="theme",
            separator_before=theme == "light",
        )
        for theme, title, help_ in THEMES
    ),
    *(
        CommandSpec(
            f"library.group.{name}",
            title,
            "View",
            help_,
            partial(A.group_library, key=key),
            submenu=GROUP_MENU,
            checked=partial(A.library_group_is, key=key),
            group="library_group",
        )
        for name, key, title, help_ in LIBRARY_GROUPS
    ),
    *(
        CommandSpec(
            f"view.two_pages.{mode}",
            title,
            "View",
            help_,
            partial(A.set_two_pages, mode=mode),
            submenu=TWO_PAGES_MENU,
            checked=partial(A.two_pages_is, mode=mode),
            group="two_pages",
        )
        for mode, title, help_ in TWO_PAGE_MODES
    ),
    CommandSpec(
        "view.full_screen",
        "&Full Screen",
        "View",
        "Show the book on the whole screen (again to leave)",
        A.full_screen,
        checked=A.is_full_screen,
        separator_before=True,
    ),
    CommandSpec(
        "view.library",
        "&Library",
        "View",
        "Show or hide the library pane (and move to it)",
        A.toggle_library,
        checked=A.library_shown,
    ),
    CommandSpec(
        "view.notes",
        "&Notes",
        "View",
        "Show or hide the notes panel (and move to it)",
        A.toggle_notes,
        checked=A.notes_shown,
    ),
    CommandSpec(
        "stats.show",
        "&Reading Statistics",
        "View",
        "Charts of your reading time, pace, streaks and finished books (kept on this computer)",
        A.statistics,
    ),
    CommandSpec(
        "view.author_notes",
        "Hide &Author's Notes",
        "View",
        "Fold this book's author's notes to one line each (\"Author's note — show\")",
        A.toggle_author_notes,
        checked=A.author_notes_hidden,
        separator_before=True,
    ),
    CommandSpec(
        "notes.open_author_note",
        "&Open Author's Note",
        "View",
        "Open the folded author's note on this page (a click on it does too)",
        A.open_author_note,
    ),
    CommandSpec(
        "view.distraction_free",
        "D&istraction-Free",
        "View",
        "Hide menus, status line and panes, leaving only the page (Esc or again to leave)",
        A.distraction_free,
        checked=A.is_distraction_free,
    ),
    CommandSpec(
        "focus.next",
        "&Next Pane",
        "View",
        "Move the focus to the next pane: library, page, notes",
        A.focus_next,
        submenu=FOCUS_MENU,
        separator_before=True,
    ),
    CommandSpec(
        "focus.previous",
        "&Previous Pane",
        "View",
        "Move the focus to the previous pane: notes, page, library",
        A.focus_previous,
        submenu=FOCUS_MENU,
    ),
    CommandSpec(
        "focus.page",
        "Back to the &Page",
        "View",
        "Return the focus to the page; on the page, leave distraction-free or full screen",
        A.focus_page,
        submenu=FOCUS_MENU,
    ),
    CommandSpec(
        "library.filter",
        "&Filter the Library",
        "View",
        "Show the library and type to filter it by title, author or file name",
        A.filter_library,
        submenu=FOCUS_MENU,
    ),
    # --- Read Aloud ---
    *(
        CommandSpec(
            SPEECH_NAMES.get(action, f"speech.{action}"),
            title,
            READ_ALOUD,
            help_,
            partial(A.speech, action=action),
            separator_before=separator,
        )
        for action, title, help_, separator in SPEECH_COMMANDS
    ),
    *(
        CommandSpec(
            f"speech.sleep.{choice}",
            title,
            READ_ALOUD,
            help_,
            partial(A.sleep_timer, choice=choice),
            submenu=SLEEP_MENU,
            checked=partial(A.sleep_timer_is, choice=choice),
            group="sleep_timer",
        )
        for choice, title, help_ in SLEEP_TIMERS
    ),
    CommandSpec(
        "speech.settings",
        "Read Aloud &Settings…",
        READ_ALOUD,
        "Voice, speed, pitch and volume, and what read aloud leaves out",
        A.read_aloud_settings,
        separator_before=True,
    ),
    # --- Help ---
    CommandSpec(
        "app.palette",
        "Command &Palette…",
        "Help",
        "Find any command by typing part of its name, and run it",
        A.palette,
    ),
    CommandSpec(
        "help.keys",
        "&Keyboard Shortcuts",
        "Help",
        "Show every command with its keys (? or Esc closes)",
        A.key_help,
    ),
    CommandSpec(
        "help.about",
        "&About Quire",
        "Help",
        "Show the version of Quire and what it is",
        A.about,
        role=QAction.MenuRole.AboutRole,
    ),
)
"""Every command of the window, in menu order (the README key table follows it)."""


def register_commands(
    registry: CommandRegistry, actions: WindowActions, table: tuple[CommandSpec, ...] = COMMANDS
) -> None:
    """Register every row of ``table`` in ``registry``, bound to ``actions``, with its
    default keys from :data:`~reader.ui.commands.keymap.DEFAULT_KEYS`."""
    for spec in table:
        checked = spec.checked
        registry.register(
            Command(
                spec.name,
                spec.title,
                spec.help,
                list(DEFAULT_KEYS.get(spec.name, [])),
                spec.menu,
                partial(spec.handler, actions),
                submenu=spec.submenu,
                checkable=checked is not None,
                checked=partial(checked, actions) if checked is not None else None,
                group=spec.group,
                separator_before=spec.separator_before,
                role=spec.role,
            )
        )


__all__ = ["COMMANDS", "CommandSpec", "register_commands"]
