"""Patterns compiled ahead (reader.text.rx_cache): the same patterns, without re's compiler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.text import rx_build, rx_cache

TEXTS = (
    "CHAPTER I.\n\nIt was a dark night.\n\n* * *\n\nA/N: thanks for reading!\n",
    "Title: A Story\nAuthor: Someone\n\n  Chapter 2: Home\n\nText — “quoted” text…\n",
    "第一章 开始\n\n天下大势，分久必合。\n\nГЛАВА ВТОРАЯ\n\nМой дядя.\n",
)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], object]:
    path = tmp_path_factory.mktemp("rx") / "table.marshal"
    count = rx_build.build(path)
    table = rx_cache.read_table(path)
    assert count == len(table) > 100  # the text engine's patterns, and the parse's own
    return table  # type: ignore[return-value]


def test_every_pattern_from_the_table_matches_as_re_compiles_it(
    table: dict[tuple[str, int], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rx_cache, "_table", dict(table))
    monkeypatch.setattr(rx_cache, "_patterns", {})
    for pattern, flags in table:
        mine = rx_cache.compiled(pattern, flags)
        theirs = re.compile(pattern, flags)
        assert (mine.pattern, mine.flags, mine.groups, mine.groupindex) == (
            theirs.pattern,
            theirs.flags,
            theirs.groups,
            theirs.groupindex,
        )
        for text in TEXTS:
            assert [m.span() for m in mine.finditer(text)] == [
                m.span() for m in theirs.finditer(text)
            ], pattern


def test_a_pattern_in_the_table_is_not_compiled_again(
    table: dict[tuple[str, int], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    def refuse(*_args: object) -> None:
        raise AssertionError("compiled by re")

    pattern, flags = next(iter(table))
    monkeypatch.setattr(rx_cache, "_table", dict(table))
    monkeypatch.setattr(rx_cache, "_patterns", {})
    monkeypatch.setattr(rx_cache, "re", SimpleNamespace(compile=refuse))
    assert rx_cache.compiled(pattern, flags).pattern == pattern
    # compiled once: asked again, the same pattern (its table entry is no longer needed)
    assert rx_cache.compiled(pattern, flags) is rx_cache.compiled(pattern, flags)
    assert (pattern, flags) not in rx_cache._table
    with pytest.raises(AssertionError, match="compiled by re"):
        rx_cache.compiled(r"not (in) the table \d+", 0)


def test_a_damaged_table_or_entry_is_compiled_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged.marshal"
    damaged.write_bytes(b"\x00garbage")
    assert rx_cache.read_table(damaged) == {}
    assert rx_cache.read_table(tmp_path / "missing.marshal") == {}
    final, _code, groups, groupindex, indexgroup = rx_cache.entry_of(r"(?P<a>x+)y", 0)
    bad = (final, b"\x07\x00\x00\x00" * 3, groups, groupindex, indexgroup)  # invalid code
    monkeypatch.setattr(rx_cache, "_table", {(r"(?P<a>x+)y", 0): bad})
    monkeypatch.setattr(rx_cache, "_patterns", {})
    found = rx_cache.compiled(r"(?P<a>x+)y", 0)  # the engine refuses it: re compiles it
    assert found.search("axxy") is not None and found.groupindex == {"a": 1}


def test_a_table_of_another_interpreter_or_layout_is_not_read(tmp_path: Path) -> None:
    """A bug-fix release of Python keeps the engine's code version (the table's file name)
    but may change the code ``re`` generates: only the interpreter that wrote a table reads it."""
    import marshal
    import sys

    entry = rx_cache.entry_of(r"\d+", 0)
    path = tmp_path / "table.marshal"
    for header, read in [
        ((rx_cache.FORMAT, sys.version), True),
        ((rx_cache.FORMAT, sys.version + " (another build)"), False),
        ((rx_cache.FORMAT - 1, sys.version), False),
    ]:
        path.write_bytes(marshal.dumps((*header, {(r"\d+", 0): entry})))
        assert (rx_cache.read_table(path) != {}) is read
