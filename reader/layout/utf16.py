"""The one crossing between Python string indices and Qt text positions.

Python ``str`` indices count code points; Qt (``QTextLayout``, ``QTextLine``,
``QTextLayout.FormatRange``, ``QTextBoundaryFinder``) counts UTF-16 code units.
A character outside the Basic Multilingual Plane (an emoji, a CJK Extension B
ideograph) is one code point but two code units, so the two counts drift apart
after the first one. Every Qt position that enters or leaves ``reader.layout``
goes through a :class:`Utf16Map` built once for the laid-out string; only
code-point indices are ever kept.

Ordinary text pays nothing: for a string with no astral characters (checked
once, in C, when the map is built) both directions are the identity.
"""

from __future__ import annotations

import bisect
import re
from array import array

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Converts between code-point indices and UTF-16 positions of one string.

    Conversions take O(log k) for a string with k astral characters and O(1)
    without any. A UTF-16 position between the two halves of a surrogate pair
    maps to the start of that character (or, with ``end=True``, just after it),
    so every result is a valid code-point index into the string.
    """

    __slots__ = ("_astral", "_astral16", "length", "length16")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._astral = array("q")
        self._astral16 = array("q")
        # surrogatepass: a lone surrogate (one code point, one code unit in Qt too) must not raise.
        if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
            self.length16 = self.length
            return
        self._astral = array("q", (m.start() for m in _ASTRAL.finditer(text)))
        self._astral16 = array("q", (a + k for k, a in enumerate(self._astral)))
        self.length16 = self.length + len(self._astral)

    @property
    def trivial(self) -> bool:
        """True when code points and UTF-16 units coincide (no astral characters)."""
        return not self._astral

    def to_utf16(self, index: int) -> int:
        """The UTF-16 position of code-point ``index`` (clamped to the string)."""
        index = min(max(index, 0), self.length)
        if not self._astral:
            return index
        return index + bisect.bisect_left(self._astral, index)

    def from_utf16(self, pos: int, end: bool = False) -> int:
        """The code-point index at UTF-16 position ``pos`` (clamped to the string).

        Inside a surrogate pair: the index of that character, or with ``end`` the
        index after it (for the end of a range).
        """
        pos = min(max(pos, 0), self.length16)
        astral16 = self._astral16
        if not astral16:
            return pos
        k = bisect.bisect_left(astral16, pos)
        index = pos - k
        if end and k and astral16[k - 1] == pos - 1:
            index += 1
        return index

    def inside_pair(self, pos: int) -> bool:
        """True when UTF-16 position ``pos`` falls between the halves of a surrogate pair."""
        astral16 = self._astral16
        if not astral16:
            return False
        k = bisect.bisect_left(astral16, pos)
        return k > 0 and astral16[k - 1] == pos - 1
