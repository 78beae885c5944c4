"""The text engine's patterns match the same on Pythons whose ``re`` mishandles possessive
repeats (CPython 3.11.0–3.11.4, Debian 12's 3.11.2): there they are compiled with ``regex``."""

from __future__ import annotations

import pytest
import regex

from reader.text import rx
from reader.text.linescan import CHUNK_RE

RUNS = "  a b\n  c\n\n d\n"


def test_a_run_of_lines_stops_before_its_line_break() -> None:
    assert [m.span() for m in CHUNK_RE.finditer(RUNS)] == [(0, 9), (11, 13)]


def test_the_probe_agrees_with_the_regex_module() -> None:
    probe = regex.compile(rx._PROBE.pattern)
    assert probe.search(rx._PROBE_TEXT).span() == (0, 9)  # regex is right everywhere
    assert rx.stdlib_possessive_ok() == (rx._PROBE.search(rx._PROBE_TEXT).span() == (0, 9))


def test_a_broken_stdlib_gets_the_regex_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rx, "STDLIB_OK", False)
    pattern = rx.compile(CHUNK_RE.pattern, CHUNK_RE.flags)
    assert isinstance(pattern, regex.Pattern)
    assert [m.span() for m in pattern.finditer(RUNS)] == [(0, 9), (11, 13)]
    monkeypatch.setattr(rx, "STDLIB_OK", True)
    assert not isinstance(rx.compile(CHUNK_RE.pattern), regex.Pattern)


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_the_compiled_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    calls: list[str] = []

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        calls.append(pattern)
        return re.compile(pattern, flags)

    monkeypatch.setattr(rx, "compile", counting)
    lazy = rx.lazy(r"(?P<word>[a-z]+)(\d*)", re.I)
    assert calls == [] and lazy.pattern == r"(?P<word>[a-z]+)(\d*)"  # known uncompiled
    real = re.compile(lazy.pattern, re.I)
    text = "Ab12 cd, EF3"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert calls == [lazy.pattern]
    assert lazy.search(text, 2).group("word") == "cd"  # type: ignore[union-attr]
    assert lazy.match(text) is not None and lazy.fullmatch("ab1") is not None
    assert lazy.sub("-", text) == real.sub("-", text)
    assert lazy.split(text, 1) == real.split(text, 1)
    assert lazy.findall(text) == real.findall(text) and lazy.subn("", text) == real.subn("", text)
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (real.flags, real.groups, real.groupindex)
    assert calls == [lazy.pattern]  # compiled once
    assert "search" in vars(lazy)  # later calls go straight to the compiled pattern


def test_a_lazy_stdlib_pattern_never_uses_the_regex_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rx, "STDLIB_OK", False)
    assert not isinstance(rx.lazy_stdlib(r"a+").search("caab"), regex.Match)
    assert isinstance(rx.lazy(r"a+").search("caab"), regex.Match)
