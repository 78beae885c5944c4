"""Key bindings as data: the defaults, the reader's overrides, and conflict checks.

A binding is a list of key strings per command name. A key string is either a
portable ``QKeySequence`` text (``"Space"``, ``"Shift+Space"``, ``"PgDown"``,
``"Ctrl+G"``, ``"["``) or ``"StandardKey.<Name>"`` for one of the platform's
standard keys (``"StandardKey.Open"`` is Ctrl+O on Linux and Cmd+O on macOS).

Only the reader's *changes* are stored (``Store.settings.key_overrides()``):
a command absent from the overrides uses its default keys.

This module also holds :class:`TextInputGuard`, which stops plain reading keys
(Space, J, arrows …) from acting as shortcuts while the focus is in a text field,
or anywhere but the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

STANDARD_PREFIX = "StandardKey."

DEFAULT_KEYS: dict[str, list[str]] = {
    # File
    "file.open": ["StandardKey.Open"],
    "library.add_files": ["Ctrl+Shift+O"],
    "book.settings": ["Ctrl+I"],
    "app.settings": ["StandardKey.Preferences"],
    "app.quit": ["StandardKey.Quit"],
    # Go
    "page.next": ["Space", "Right", "PgDown", "J"],
    "page.prev": ["Shift+Space", "Left", "PgUp", "K"],
    "page.first": ["Home"],
    "page.last": ["End"],
    "chapter.next": ["]"],
    "chapter.prev": ["["],
    "go.to": ["Ctrl+G"],
    "go.new_chapters": ["Ctrl+Shift+N"],
    "bookmark.toggle": ["B"],
    "selection.start": ["V"],
    "search.find": ["/", "StandardKey.Find"],
    "search.next": ["N", "F3"],
    "search.previous": ["Shift+N", "Shift+F3"],
    "go.back": ["Alt+Left"],
    "go.forward": ["Alt+Right"],
    "go.scrubber": ["G"],
    "note.show_here": ["M"],
    # View
    "view.font_bigger": ["Ctrl+=", "Ctrl++"],
    "view.font_smaller": ["Ctrl+-"],
    "view.font_reset": ["Ctrl+0"],
    "view.full_screen": ["F11"],
    "view.library": ["F9"],
    "view.notes": ["F10"],
    "stats.show": ["S"],
    "view.distraction_free": ["F12"],
    "notes.open_author_note": ["O"],
    "focus.next": ["F6"],
    "focus.previous": ["Shift+F6"],
    "focus.page": ["Esc"],
    "library.filter": ["Ctrl+L"],
    # Read Aloud
    "speech.play_pause": ["R", "Toggle Media Play/Pause"],
    "speech.stop": ["Shift+R", "Media Stop"],
    "speech.next_sentence": ["."],
    "speech.previous_sentence": [","],
    "speech.paragraph_forward": [">"],
    "speech.paragraph_back": ["<"],
    "speech.faster": ["=", "+"],
    "speech.slower": ["-"],
    "speech.sleep_timer": ["T"],
    # Help
    "app.palette": ["Ctrl+K", ":"],
    "help.keys": ["?"],
}
"""Default keys per command name (DESIGN.md, "Keyboard"): every default binding of every
command lives here, so the palette, the key help, the README table and rebinding all see
the same keys. A command absent from this table has no default keys."""


_STANDARD_FALLBACK = {
    "Open": "Ctrl+O",
    "Quit": "Ctrl+Q",
    "Close": "Ctrl+W",
    "Find": "Ctrl+F",
    "FindNext": "F3",
    "FindPrevious": "Shift+F3",
    "HelpContents": "F1",
    "Preferences": "Ctrl+,",
    "FullScreen": "F11",
}
"""Linux bindings of standard keys, used when no QGuiApplication exists yet (Qt needs
the platform theme to resolve them and crashes without one) or the platform has none."""


def sequences(key: str) -> list[QKeySequence]:
    """The key sequences a key string stands for (several for some standard keys)."""
    if key.startswith(STANDARD_PREFIX):
        name = key[len(STANDARD_PREFIX) :]
        std = getattr(QKeySequence.StandardKey, name, None)
        if std is None:
            return []
        found: list[QKeySequence] = []
        if QGuiApplication.instance() is not None:
            found = [s for s in QKeySequence.keyBindings(std) if not s.isEmpty()]
        if not found:  # no application yet, or the platform has no binding (Quit on Windows)
            fallback = _STANDARD_FALLBACK.get(name)
            found = [QKeySequence(fallback)] if fallback else []
        return found
    seq = QKeySequence.fromString(key, QKeySequence.SequenceFormat.PortableText)
    # QKeySequence.operator[] exists at run time; PySide6's stubs leave out __getitem__.
    keys = [seq[i].key() for i in range(seq.count())]  # type: ignore[index]
    if seq.isEmpty() or Qt.Key.Key_unknown in keys:
        return []
    return [seq]


def normalize(key: str) -> list[str]:
    """Portable texts of the sequences ``key`` stands for (for comparing keys)."""
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences(key)]


def display_text(key: str) -> str:
    """How a key string is shown to the reader (native text, e.g. ``Ctrl+O``)."""
    texts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences(key)]
    return ", ".join(texts) if texts else key


def is_valid_key(key: str) -> bool:
    """True when ``key`` parses to at least one key sequence."""
    return bool(sequences(key))


class Keymap:
    """Default bindings plus the reader's overrides; only differences are kept as overrides."""

    def __init__(
        self,
        defaults: Mapping[str, Sequence[str]] | None = None,
        overrides: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._defaults: dict[str, list[str]] = {
            k: list(v) for k, v in (DEFAULT_KEYS if defaults is None else defaults).items()
        }
        self._overrides: dict[str, list[str]] = {}
        if overrides:
            self.set_overrides(overrides)

    def set_default(self, name: str, keys: Sequence[str]) -> None:
        """Declare (or replace) the default keys of command ``name``."""
        self._defaults[name] = list(keys)

    def defaults(self, name: str) -> list[str]:
        """The default keys of ``name`` ([] when it has none)."""
        return list(self._defaults.get(name, []))

    def set_overrides(self, overrides: Mapping[str, Sequence[str]]) -> None:
        """Replace all overrides; invalid key strings are dropped, no-op overrides ignored."""
        self._overrides = {}
        for name, keys in overrides.items():
            self.set_keys(name, keys)

    def overrides(self) -> dict[str, list[str]]:
        """The reader's changes from the defaults (what gets stored)."""
        return {k: list(v) for k, v in self._overrides.items()}

    def set_keys(self, name: str, keys: Sequence[str]) -> None:
        """Bind ``name`` to ``keys`` ([] unbinds it); stored only if it differs from the default."""
        valid = [k for k in keys if is_valid_key(k)]
        if _same_keys(valid, self._defaults.get(name, [])):
            self._overrides.pop(name, None)
        else:
            self._overrides[name] = valid

    def reset(self, name: str | None = None) -> None:
        """Back to the default keys for one command, or for all when ``name`` is None."""
        if name is None:
            self._overrides.clear()
        else:
            self._overrides.pop(name, None)

    def keys_for(self, name: str) -> list[str]:
        """The effective keys of ``name``: its override if any, else its defaults."""
        if name in self._overrides:
            return list(self._overrides[name])
        return list(self._defaults.get(name, []))

    def bindings(self) -> dict[str, list[str]]:
        """Effective keys of every known command (defaults and overridden ones)."""
        names = list(self._defaults) + [n for n in self._overrides if n not in self._defaults]
        return {n: self.keys_for(n) for n in names}


def _same_keys(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when two key lists bind the same sequences (order-insensitive)."""
    na = sorted(t for k in a for t in normalize(k))
    nb = sorted(t for k in b for t in normalize(k))
    return na == nb


def conflicts(keymap: Mapping[str, Sequence[str]] | Keymap) -> dict[str, list[str]]:
    """Keys bound to more than one command: ``{portable key text: [command names]}``."""
    bindings = keymap.bindings() if isinstance(keymap, Keymap) else keymap
    owners: dict[str, list[str]] = {}
    for name, keys in bindings.items():
        for key in keys:
            for text in normalize(key):
                names = owners.setdefault(text, [])
                if name not in names:
                    names.append(name)
    return {key: names for key, names in owners.items() if len(names) > 1}


_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def is_text_input(widget: QWidget | None) -> bool:
    """True when ``widget`` is an editable text field (line edit, editor, spin box, combo)."""
    if widget is None:
        return False
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


def is_reading_key(event: QKeyEvent) -> bool:
    """True for keys a text field needs for itself: no Ctrl/Alt/Meta, and not F1–F35 or Esc."""
    if event.modifiers() & _COMMAND_MODIFIERS:
        return False
    key = event.key()
    if Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F35.value:
        return False
    return key != Qt.Key.Key_Escape.value


class TextInputGuard(QObject):
    """Event filter on the focus widget: reading keys act only on the page.

    Inside a text field, plain keys type and never turn pages. Anywhere else that is
    not the page (``page``) or the window around it — a list in a pane, a button, a
    tab bar — plain keys (letters, Space, arrows, PgDown …) go to that widget too,
    so that typing "dub" in the library never bookmarks the open book. Keys with
    Ctrl, Alt or Meta, the function keys and Esc keep working everywhere.

    Qt asks the focus widget first (``ShortcutOverride``) before firing a
    shortcut; accepting that event makes the key go to the widget instead.

    The filter follows the focus (``QApplication.focusChanged``) rather than
    sitting on the whole application: an application-wide Python filter is
    called for every event, and the first event for one of Qt's private
    objects makes PySide load every Qt class (~30 ms at start-up).
    """

    def __init__(self, parent: QObject | None = None, page: QWidget | None = None) -> None:
        super().__init__(parent)
        self._watched: QWidget | None = None
        self._page = page
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, QApplication.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched, self._watched = self._watched, None
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        if new is not None and shiboken6.isValid(new):
            new.installEventFilter(self)
            self._watched = new

    def on_page(self, focus: QWidget | None) -> bool:
        """True when reading keys may act with ``focus`` holding the keyboard: it is the page
        or a widget around it (the window, its central area), or there is no page given."""
        page = self._page
        if page is None or focus is None or not shiboken6.isValid(page):
            return True
        if focus.window() is not page.window():
            return True  # another window's own shortcuts (a dialog's) are not ours to judge
        return focus is page or focus.isAncestorOf(page)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept ``ShortcutOverride`` for reading keys in a text field or off the page."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            focus = QApplication.focusWidget()
            if is_reading_key(event) and (is_text_input(focus) or not self.on_page(focus)):
                event.accept()
                return True
        return False


def install_text_input_guard(parent: QObject, page: QWidget | None = None) -> TextInputGuard:
    """Start a :class:`TextInputGuard` for the application; it lives as long as ``parent``.

    With ``page``, reading keys act only while the page (or the window around it) has
    the keyboard focus.
    """
    return TextInputGuard(parent, page)
