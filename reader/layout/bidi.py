"""A paragraph's base direction (Unicode bidi rules P2–P3) and whether it needs reordering.

The typesetter gives each block its own direction: right-to-left when the first
strong character (skipping isolates) is Hebrew, Arabic or another right-to-left
script; QTextLayout then applies the bidi algorithm to mixed runs. Text with no
right-to-left character at all (nearly every book) is found in one C-level scan.
"""

from __future__ import annotations

import re
import unicodedata

# Every character whose bidi class is R, AL or AN, or that can open a right-to-left
# embedding, override or isolate (RLE, RLO, RLI, FSI), lies in these ranges (a test checks
# it against unicodedata). Whole blocks are listed: unassigned code points in them default
# to R or AL too (DerivedBidiClass.txt).
_RTL_RANGES = (
    "\u0590-\u08ff"  # Hebrew … Arabic Extended-A (Syriac, Thaana, NKo, Samaritan, Mandaic)
    "\u200f\u202b\u202e\u2067\u2068"  # RLM, RLE, RLO, RLI, FSI
    "\ufb1d-\ufdff"  # Hebrew and Arabic presentation forms A
    "\ufe70-\ufeff"  # Arabic presentation forms B
    "\U00010800-\U00010fff"  # historic right-to-left scripts, Rumi numerals, Arabic Ext-C
    "\U0001e800-\U0001efff"  # Mende Kikakui, Adlam, Siyaq numbers, Arabic math letters
)
_MAYBE_RTL = re.compile(f"[{_RTL_RANGES}]")
_ISOLATE_OPEN = frozenset(("LRI", "RLI", "FSI"))


def needs_bidi(text: str) -> bool:
    """True when ``text`` may hold right-to-left runs (so its lines may be reordered)."""
    return not text.isascii() and _MAYBE_RTL.search(text) is not None


def is_rtl(text: str) -> bool:
    """True when ``text``'s base direction is right-to-left (rules P2 and P3).

    The first character of class L, R or AL decides, skipping characters between an
    isolate initiator and its matching PDI; with none, the paragraph is left-to-right.
    """
    if not needs_bidi(text):
        return False
    depth = 0
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if not cls and _MAYBE_RTL.match(ch):
            cls = "R"  # unassigned in a right-to-left block (newer than Python's tables)
        if cls in _ISOLATE_OPEN:
            depth += 1
        elif cls == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and cls in ("L", "R", "AL"):
            return cls != "L"
    return False
