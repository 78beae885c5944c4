"""Which characters start, extend or show in a grapheme cluster (Qt-free).

The typeset block (:mod:`reader.layout.block_layout`) takes Qt's cursor positions as the
boundaries of the characters a reader sees, except where Qt 6.11 strays from UAX #29:
these say where it does, and which clusters show anything at all.
"""

from __future__ import annotations

import unicodedata

__all__ = ["extends", "is_regional", "visible"]


def visible(ch: str) -> bool:
    """True for a letter, digit, punctuation mark or symbol; False for white space, marks
    (a variation selector) and format characters (a joiner)."""
    return unicodedata.category(ch)[0] in "LNPS"


def is_regional(ch: str) -> bool:
    """True for a regional indicator letter (half of a flag emoji)."""
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


_EXTEND_OTHER = frozenset("\u200d\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


def extends(ch: str) -> bool:
    """True for a character that never starts a grapheme cluster after another one: a
    combining mark, ZWJ, a variation selector or an emoji skin tone."""
    if ch < "\u0300":
        return False
    return ch in _EXTEND_OTHER or unicodedata.category(ch) in ("Mn", "Me")
