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
from collections.abc import Callable
from typing import Any, cast

from reader.text import rx_cache

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
    """``re.compile`` where the standard engine is right (from the patterns compiled ahead
    when they hold it: :mod:`reader.text.rx_cache`), else ``regex.compile``.

    Both return pattern objects with the same methods (``search``, ``match``,
    ``finditer``, ``sub`` …) and match objects with the same ``span``/``group`` API,
    so the ``regex`` pattern is typed as the ``re`` one it stands in for.
    """
    if STDLIB_OK:
        return rx_cache.compiled(pattern, flags)
    import regex

    return cast("re.Pattern[str]", regex.compile(pattern, flags))


class LazyPattern:
    """A pattern compiled the first time it is used, standing in for the compiled one.

    Compiling the text engine's ~200 module-level patterns takes tens of milliseconds,
    and the first page of a book needs only some of them. ``pattern`` is known at once;
    the first access to any other attribute compiles the pattern and stores the compiled
    pattern's bound methods and attributes on this object, so later calls
    (``_RE.search(...)``) are found in its ``__dict__`` and cost no more than on the
    compiled pattern. Two threads using it first at once both compile it, harmlessly.
    """

    _SHARED = (
        "search",
        "match",
        "fullmatch",
        "finditer",
        "findall",
        "sub",
        "subn",
        "split",
        "scanner",
        "flags",
        "groups",
        "groupindex",
    )

    def __init__(
        self, pattern: str, flags: int, compiler: Callable[[str, int], re.Pattern[str]]
    ) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiler = compiler

    @property
    def flags_given(self) -> int:
        """The flags it was made with (``flags`` is the compiled pattern's)."""
        return self._flags

    def uses_stdlib(self) -> bool:
        """True when it is compiled by the standard ``re`` (see :func:`compile`)."""
        return self._compiler is rx_cache.compiled or (self._compiler is compile and STDLIB_OK)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it is not yet)."""
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self._compiler(self.pattern, self._flags)
            for name in self._SHARED:
                setattr(self, name, getattr(found, name))
            self._compiled = found
        return cast("re.Pattern[str]", found)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not yet in __dict__: the first use of the pattern.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"rx.lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`compile` ``pattern`` when it is first used (see :class:`LazyPattern`)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags, compile))


def lazy_stdlib(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` ``pattern`` when it is first used (see :class:`LazyPattern`)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags, rx_cache.compiled))


__all__ = ["STDLIB_OK", "LazyPattern", "compile", "lazy", "lazy_stdlib", "stdlib_possessive_ok"]
