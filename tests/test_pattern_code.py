"""Start-up patterns compiled ahead (reader.pattern_code, issue 12): the patterns made from
the table are the patterns ``re`` makes, a bad table only means compiling, ``re`` gets its
own ``_compile`` back, and a start-up compiles none of the patterns the build recorded."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader import pattern_code
from reader.text.rx_cache import entry_of

ROOT = Path(__file__).resolve().parents[1]

_PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<word>\w+)-(?P=word)", 0),
    (r"^chapter\s+(\d+|[ivxlc]+)\.?$", re.IGNORECASE | re.MULTILINE),
    (r"(?x) a  b # a comment", 0),
    (r"\s*(?:,|$)", 0),
    (rb"^\x00+|[\xfe\xff]{2}", 0),
    (r"[^\W\d_]+(?=’s)", 0),
]
_SAMPLES = ["word-word chapter 12.", "CHAPTER xiv\nab", " a , b", "Anna’s book", "ab"]


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """``re`` (with its own ``_compile``) and the module as they were, whatever a test
    installs."""
    own = re._compile  # type: ignore[attr-defined]
    if own is pattern_code._compile:  # left installed by an earlier test: a defect there
        own = pattern_code._original
    monkeypatch.setattr(re, "_compile", own)
    monkeypatch.setattr(pattern_code, "_original", None)
    monkeypatch.setattr(pattern_code, "_active", False)
    monkeypatch.setattr(pattern_code, "_table", {})
    monkeypatch.setattr(pattern_code, "_made", {})
    monkeypatch.setattr(pattern_code, "_recording", None)


def _table(path: Path, entries: dict[tuple[str | bytes, int], bytes]) -> Path:
    path.write_bytes(marshal.dumps((pattern_code.FORMAT, sys.version, entries)))
    return path


def _recorded(patterns: list[tuple[str | bytes, int]]) -> dict[tuple[str | bytes, int], bytes]:
    return {(p, int(f)): marshal.dumps(entry_of(p, int(f))) for p, f in patterns}  # type: ignore[arg-type]


def _seen(found: re.Pattern[Any]) -> list[object]:
    """What a program sees of a compiled pattern."""
    seen: list[object] = [found.pattern, found.flags, found.groups, dict(found.groupindex)]
    for sample in _SAMPLES:
        text: Any = sample.encode("utf-8") if isinstance(found.pattern, bytes) else sample
        seen.append([m.span() for m in found.finditer(text)])
        seen.append([m.groups() for m in found.finditer(text)])
    return seen


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every pattern ``re``'s own compiler is asked for from now on."""
    from re import _compiler  # type: ignore[attr-defined]

    asked: list[object] = []
    real = _compiler.compile
    monkeypatch.setattr(_compiler, "compile", lambda p, f=0: asked.append(p) or real(p, f))
    return asked


@pytest.mark.usefixtures("restored")
def test_patterns_from_the_table_are_the_patterns_re_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [_seen(re.compile(p, f)) for p, f in _PATTERNS]
    re.purge()  # not from re's own cache either
    assert pattern_code.install(_table(tmp_path / "t", _recorded(_PATTERNS)))
    asked = _compiles(monkeypatch)
    made = [re.compile(p, f) for p, f in _PATTERNS]
    assert [_seen(m) for m in made] == expected
    assert asked == [] and pattern_code._table == {}  # none compiled: all from the table
    assert re.compile(*_PATTERNS[0]) is made[0]  # made once, as re keeps what it compiled
    assert re.match(_PATTERNS[0][0], "ab-ab") is not None  # re's other functions too
    flagged = re.compile(_PATTERNS[1][0], re.RegexFlag(_PATTERNS[1][1]))
    assert flagged is made[1]  # flags given as RegexFlag find the same entry
    assert asked == []


@pytest.mark.usefixtures("restored")
def test_what_the_table_does_not_hold_is_left_to_re(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern_code.install(_table(tmp_path / "t", _recorded(_PATTERNS[:1])))
    asked = _compiles(monkeypatch)
    assert re.compile(r"new\d", re.I).match("NEW5")
    assert re.compile(_PATTERNS[0][0], re.I).match("A-a")  # same pattern, other flags
    assert asked == [r"new\d", _PATTERNS[0][0]]
    del asked[:]

    class Text(str):
        """A str of its own kind: re keeps its patterns apart."""

    own = re.compile(Text(_PATTERNS[0][0]))
    assert type(own.pattern) is Text and asked[-1] == _PATTERNS[0][0]
    with pytest.raises(TypeError):
        re.compile(r"\d", "2")  # type: ignore[arg-type]  # flags re refuses, refused
    compiled = re.compile("x")
    assert re.compile(compiled) is compiled  # a compiled pattern passes through
    with pytest.raises(ValueError):
        re.compile(compiled, re.I)  # as re says
    with pytest.raises(re.error):
        re.compile("(unclosed")
    with pytest.raises(TypeError):
        re.compile(3)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal",
        marshal.dumps((pattern_code.FORMAT + 1, sys.version, {})),
        marshal.dumps(  # (an entry that, read, would give other matches)
            (
                pattern_code.FORMAT,
                sys.version + " (another build)",
                {("\\d", 0): marshal.dumps(entry_of("[a-z]", 0))},
            )
        ),
        marshal.dumps((pattern_code.FORMAT, sys.version, ["a list"])),
        marshal.dumps(
            (pattern_code.FORMAT, sys.version, {("\\d", 0): b"damaged", (1, 2): b"", "k": 1})
        ),
        marshal.dumps(
            (
                pattern_code.FORMAT,
                sys.version,
                {("\\d", 0): marshal.dumps((0, b"\x01\x02\x03\x04", 0, {}, ()))},
            )
        ),
    ],
    ids=[
        "empty",
        "garbage",
        "other layout",
        "other interpreter",
        "not a dict",
        "damaged entries",
        "bad engine code",
    ],
)
@pytest.mark.usefixtures("restored")
def test_a_bad_table_only_means_compiling(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "t"
    path.write_bytes(content)
    re.purge()
    assert pattern_code.install(path)
    found = re.compile(r"\d")
    assert found.findall("a1b22") == ["1", "2", "2"]
    assert pattern_code.install(tmp_path / "missing")


@pytest.mark.usefixtures("restored")
def test_release_gives_re_its_own_compile_back(tmp_path: Path) -> None:
    own = re._compile  # type: ignore[attr-defined]
    assert pattern_code.install(_table(tmp_path / "t", _recorded(_PATTERNS)))
    assert pattern_code.install(_table(tmp_path / "t", {}))  # again: nothing changes
    assert re._compile is pattern_code._compile  # type: ignore[attr-defined]
    assert pattern_code._original is own and pattern_code._table
    re.compile(*_PATTERNS[0])
    pattern_code.release()
    assert re._compile is own  # type: ignore[attr-defined]
    assert pattern_code._table == {} and pattern_code._made == {}

    def theirs(pattern: Any, flags: Any) -> Any:
        return own(pattern, flags)

    pattern_code.install(_table(tmp_path / "t", {}))
    re._compile = theirs  # type: ignore[attr-defined]  # someone else's, installed since
    pattern_code.release()
    assert re._compile is theirs  # type: ignore[attr-defined]


@pytest.mark.usefixtures("restored")
def test_no_more_than_re_would_keep_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pattern_code, "MAX_KEPT", 2)
    pattern_code.install(None)
    for n in range(5):
        assert re.compile(f"a{{{n}}}").fullmatch("a" * n)
    assert len(pattern_code._made) == 2


_START_UP = """
import json, re, sys
from re import _compiler
from reader import pattern_code

asked = []
real = _compiler.compile
_compiler.compile = lambda p, f=0: asked.append(str(p)) or real(p, f)
pattern_code.install(pattern_code.TABLE_FILE if sys.argv[1] == "table" else None)
import PySide6.QtWidgets  # compiles the patterns of its signature support
import reader.app, reader.ui.window.main_window, reader.text.parse
print(json.dumps(asked))
"""


def test_a_start_up_compiles_no_pattern_the_build_recorded(tmp_path: Path) -> None:
    """The build (in a fresh interpreter, as install.py runs it) records what importing
    PySide6 and Quire compiles; a fresh start-up importing them then compiles none of it,
    where without the table it compiles some dozens."""
    import json

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    table = tmp_path / "table.marshal"
    build = f"from reader import pattern_code; print(pattern_code.build({str(table)!r}))"
    out = subprocess.run(
        [sys.executable, "-c", build], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout) >= 20
    start = _START_UP.replace("pattern_code.TABLE_FILE", repr(str(table)))
    runs = {}
    for mode in ("table", "none"):
        argv = [sys.executable, "-c", start, mode]
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        runs[mode] = json.loads(done.stdout.splitlines()[-1])
    assert runs["table"] == []
    assert len(runs["none"]) >= 20


@pytest.mark.usefixtures("restored")
def test_a_command_that_opens_no_window_gives_re_its_compile_back(tmp_path: Path) -> None:
    """``main()`` installs the table first; commands that never build a window (here
    ``quire info``) give ``re`` its own ``_compile`` back as they return."""
    from reader.app import main

    own = re._compile  # type: ignore[attr-defined]
    book = tmp_path / "story.txt"
    book.write_text("Chapter 1\n\nSome words.\n", encoding="utf-8")
    assert main(["info", str(book)]) == 0
    assert re._compile is own  # type: ignore[attr-defined]
    assert pattern_code._original is own and not pattern_code._active
