"""BOM-less UTF-16 and UTF-32, in every script.

Text in an ASCII-compatible encoding (UTF-8 and every legacy code page) never
contains NUL or the other C0 control bytes (only TAB, LF, VT, FF, CR, and ESC in
ISO-2022). UTF-16/32 text almost always does: a space, a line break or any ASCII
character has a zero byte, and CJK punctuation (、。「」，) has a control byte as
its low byte (U+3001 is ``01 30`` in UTF-16-LE). So:

1. a head without such bytes is never UTF-16/32 — this alone is why a Shift_JIS
   novel whose byte pairs happen to read as CJK ideographs in UTF-16-BE is not
   taken for it;
2. a head with them is decoded in each of the four forms, strictly, and the form
   whose text is plausible prose (:mod:`reader.text.detect_plausible`: no control
   codes, no scattered scripts) wins. The wrong byte order of Latin, Cyrillic or
   CJK text gives a mix of unrelated blocks, unassigned code points and controls.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.text.detect_plausible import SCRIPT_GROUPS, badness_of_classes, classes

_WIDE_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")
"""Bytes that never occur in ASCII-compatible text (0x1A, the DOS end-of-file mark, and
ESC are left out)."""

_FORMS = (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2))
_MAX_BADNESS = 0.05
"""Accepted weighted implausible events per character (real text: well under 0.01)."""
_MAX_JUNK = 0.01
"""Accepted share of control, unassigned and private-use characters."""
_MIN_SCRIPT_SHARE = 0.9
"""Share of the letters that the two commonest scripts must hold."""


class WideGuess(NamedTuple):
    """A BOM-less UTF-16/32 form and how clean its decoding of the head is (0–1)."""

    name: str
    confidence: float


def has_wide_bytes(head: bytes) -> bool:
    """True when ``head`` has NUL or control bytes that ASCII-compatible text never has."""
    return _WIDE_BYTES.search(head) is not None


def detect_wide(head: bytes) -> WideGuess | None:
    """The UTF-16/32 form (``utf-16-le`` …) of BOM-less ``head``, or None when it is not one.

    ``head`` is the start of the file (a few KB is plenty); it may end inside a
    character.
    """
    if len(head) < 2 or not has_wide_bytes(head):
        return None
    if b"\x00" not in head and _valid_utf8(head):
        return None  # a few control bytes in UTF-8 text (UTF-16 CJK is never valid UTF-8)
    best: tuple[float, str] | None = None
    for name, unit in _FORMS:
        text = _decode_head(head, name, unit)
        if not text:
            continue
        rate = _implausibility(text)
        if rate is not None and (best is None or rate < best[0]):
            best = (rate, name)
    if best is None:
        return None
    rate, name = best
    return WideGuess(name, round(max(0.0, 1.0 - rate / _MAX_BADNESS) * 0.5 + 0.5, 3))


def _valid_utf8(head: bytes) -> bool:
    """True when ``head`` is UTF-8, but for a character cut at its end."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(head) - 3 and err.reason == "unexpected end of data"
    return True


def _decode_head(head: bytes, name: str, unit: int) -> str | None:
    """Strict decoding of the head, forgiving only a character cut at its end."""
    n = len(head) - len(head) % unit
    if n == 0:
        return None
    try:
        return head[:n].decode(name)
    except UnicodeDecodeError as err:
        if err.start < n - 4:
            return None
        return head[: err.start].decode(name)


def _implausibility(text: str) -> float | None:
    """Weighted bad events per character, or None when the text is plainly not prose."""
    cls = classes(text)
    n = len(cls)
    bad = badness_of_classes(cls)
    if bad.junk > _MAX_JUNK * n:
        return None
    rate = bad.total / n
    if rate > _MAX_BADNESS:
        return None
    counts = sorted((sum(map(cls.count, group)) for group in SCRIPT_GROUPS), reverse=True)
    letters = sum(counts)
    if letters and (counts[0] + counts[1]) < _MIN_SCRIPT_SHARE * letters:
        return None
    return rate
