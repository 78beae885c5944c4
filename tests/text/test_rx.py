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
