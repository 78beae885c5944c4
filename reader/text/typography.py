"""Typography of the shown text: curly quotes, em dashes for ``--``, ``_emphasis_``.

Each transform changes what a block shows without losing the map back to the
source: a curly quote stands for the straight one at the same offset, an em dash
keeps the first hyphen's offset (the second leaves the map), and the underscores
around emphasis leave the map while the words between are listed as italic.
:mod:`reader.text.render` applies them to blocks; :func:`typographic` sets short
labels (chapter titles) the same way.
"""

from __future__ import annotations

import re
from array import array

from reader.text import rx
from reader.text.book import Display

__all__ = [
    "DASHES",
    "EMPHASIS_MAX",
    "SMART_QUOTES",
    "em_dashes",
    "emphasize",
    "smarten_quotes",
    "typographic",
]

DASHES = "-—–‒―"
"""Characters that read as a dash at the end of a line or before a quote."""
_DASHES = DASHES
EMPHASIS_MAX = 300
"""Longest emphasis span (shown characters between the underscores)."""
# `_` opening at the start or after whitespace/opening punctuation, followed by a non-space;
# closing `_` after a non-space and before the end, whitespace or punctuation; no `_` inside.
_EMPHASIS_RE = rx.lazy_stdlib(
    r"(?<![^\s(\[{“‘\"'—–\-])_[^\s_](?:[^_]{0," + str(EMPHASIS_MAX - 2) + r"}[^\s_])?_(?!\w)"
)
SMART_QUOTES = {'"': "“”", "'": "‘’"}
"""Straight quote → the (opening, closing) curly quotes it may be shown as."""
_QUOTE_RE = rx.lazy_stdlib(r"[\"']")
_OPENS_AFTER = "([{<“‘«‹" + _DASHES
# After a dash a quote opens only when a word follows: `—"Wait!"` but `going to—" she said`.
_NOT_AFTER_DASH_OPEN = ".,;:!?)]}>"
# Words whose leading apostrophe stands for dropped letters ('Tis, 'em, rock 'n' roll).
_ELISION_RE = rx.lazy_stdlib(
    r"(?:tis|twas|twere|twould|twill|twixt|em|n)(?![^\W\d_])", re.IGNORECASE
)


def smarten_quotes(shown: str) -> str:
    """``shown`` with straight quotes made curly, one character for one.

    A quote opens (“ ‘) at the start, or after whitespace, an opening bracket or
    quote, or a dash (after a dash only when no space or punctuation follows);
    otherwise it closes (” ’). A single quote before a digit ('90s) or an elided
    word ('Tis, 'em, 'n') is an apostrophe (’), as is one between letters (don't).
    """
    if shown.find('"') < 0 and shown.find("'") < 0:
        return shown
    parts: list[str] = []
    last = 0
    opened_at = -2  # index of the last quote shown as opening
    n = len(shown)
    for m in _QUOTE_RE.finditer(shown):
        i = m.start()
        q = shown[i]
        prev = shown[i - 1] if i else " "
        nxt = shown[i + 1] if i + 1 < n else " "
        if prev in "\"'":
            opens = opened_at == i - 1
        elif prev in _DASHES:
            opens = not nxt.isspace() and nxt not in _NOT_AFTER_DASH_OPEN
        else:
            opens = prev.isspace() or prev in _OPENS_AFTER
        if opens and q == "'" and (nxt.isdigit() or _ELISION_RE.match(shown, i + 1)):
            opens = False
        if opens:
            opened_at = i
        parts.append(shown[last:i])
        parts.append(SMART_QUOTES[q][0 if opens else 1])
        last = i + 1
    parts.append(shown[last:])
    return "".join(parts)


_DOUBLE_HYPHEN_RE = rx.lazy_stdlib(r"(?<!-)--(?!-)")


def typographic(text: str) -> str:
    """A short plain string (a chapter title) as the page shows such text: curly quotes and
    ``--`` as an em dash. For labels only; positions never refer into the result."""
    if "--" in text:
        text = _DOUBLE_HYPHEN_RE.sub("—", text)
    return smarten_quotes(text)


def em_dashes(shown: Display) -> Display:
    """``shown`` with each typewriter dash ``--`` shown as one em dash ``—``.

    The dash keeps the first hyphen's offset and the second hyphen leaves the
    map, so the mapping stays exact. Runs of three or more hyphens (rules,
    scene breaks) are left alone. Must run before :func:`emphasize`, whose
    italic ranges it would otherwise shift.
    """
    text = shown.text
    if "--" not in text or shown.ruby or shown.italic:
        return shown
    spans = [m.start() for m in _DOUBLE_HYPHEN_RE.finditer(text)]
    if not spans:
        return shown
    old = shown.offsets
    parts: list[str] = []
    offsets = array("q")
    last = 0
    for s in spans:
        parts.append(text[last:s])
        offsets.extend(old[last:s])
        parts.append("—")
        offsets.append(old[s])
        last = s + 2
    parts.append(text[last:])
    offsets.extend(old[last:])
    return Display("".join(parts), offsets, shown.ruby, shown.italic)


def emphasize(shown: Display) -> Display:
    """``shown`` with ``_emphasis_`` spans shown without their underscores, set in italics.

    The underscores' offsets leave the map (every other character keeps its
    offset) and each span's shown range is added to :attr:`Display.italic`.
    ``snake_case``, ``__dunder__`` and lone underscores are left alone; a display
    with ruby is returned unchanged.
    """
    text = shown.text
    if "_" not in text or shown.ruby:
        return shown
    spans = [(m.start(), m.end()) for m in _EMPHASIS_RE.finditer(text)]
    if not spans:
        return shown
    old = shown.offsets
    parts: list[str] = []
    offsets = array("q")
    italic: list[tuple[int, int]] = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        offsets.extend(old[last:s])
        parts.append(text[s + 1 : e - 1])
        offsets.extend(old[s + 1 : e - 1])
        removed = 2 * len(italic)
        italic.append((s - removed, e - 2 - removed))
        last = e
    parts.append(text[last:])
    offsets.extend(old[last:])
    return Display("".join(parts), offsets, shown.ruby, tuple(shown.italic) + tuple(italic))
