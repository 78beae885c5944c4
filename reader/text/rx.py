"""Compiling the text engine's patterns so they match the same on every supported Python.

The structure and paragraph scanners use possessive quantifiers (``*+``, ``++``)
to stay linear on pathological input (a 5 MB line of spaces). CPython 3.11.0–3.11.4
match some of them wrongly (gh-106052: a possessive repeat of a group can give back
a character it should keep, so a run of lines swallows the next line break); Debian 12
ships 3.11.2 unpatched. On such an interpreter the patterns are compiled with the
``regex`` module, which implements possessive quantifiers correctly and takes the
same syntax and flags; everywhere else the standard ``re`` is used.
"""

from __future__ import annotations

import re
from typing import cast

# A run of non-blank lines, as reader.text.linescan scans it: on a correct engine the
# run "  a b\n  c" ends before the line break (9); the broken one takes it too (10).
_PROBE = re.compile(r"(?m)^[^\n]*?\S.*+(?:\n[^\n]*?\S.*+)*+")
_PROBE_TEXT = "  a b\n  c\n\n d\n"


def stdlib_possessive_ok() -> bool:
    """True when the standard ``re`` matches possessive repeats correctly."""
    found = _PROBE.search(_PROBE_TEXT)
    return found is not None and found.span() == (0, 9)


STDLIB_OK = stdlib_possessive_ok()


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` where the standard engine is right, else ``regex.compile``.

    Both return pattern objects with the same methods (``search``, ``match``,
    ``finditer``, ``sub`` …) and match objects with the same ``span``/``group`` API,
    so the ``regex`` pattern is typed as the ``re`` one it stands in for.
    """
    if STDLIB_OK:
        return re.compile(pattern, flags)
    import regex

    return cast("re.Pattern[str]", regex.compile(pattern, flags))


__all__ = ["STDLIB_OK", "compile", "stdlib_possessive_ok"]
