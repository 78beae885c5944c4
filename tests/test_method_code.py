"""Dataclass methods compiled ahead (reader.method_code, issue 12): the classes made from
the table are the classes ``dataclasses`` makes alone, a bad table only means compiling,
and a start-up finds every method it needs in a table that the build wrote."""

from __future__ import annotations

import builtins
import dataclasses
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader import method_code
from reader.text import ahead

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test installs is taken back after it."""
    monkeypatch.setattr(dataclasses, "exec", builtins.exec, raising=False)
    monkeypatch.setattr(method_code, "_table", None)
    monkeypatch.setattr(method_code, "_recording", None)


def _classes() -> tuple[type, type]:
    """A frozen, slotted, ordered class with every kind of default, and a plain one."""

    @dataclasses.dataclass(frozen=True, slots=True, order=True)
    class Frozen:
        """Frozen."""

        name: str
        count: int = 3
        tags: list[str] = dataclasses.field(default_factory=list, hash=False)
        hidden: float = dataclasses.field(default=0.5, repr=False, compare=False)

    @dataclasses.dataclass
    class Plain:
        """Plain."""

        value: Any
        more: tuple[int, ...] = ()

    return Frozen, Plain


def _behaviour(frozen: type, plain: type) -> list[object]:
    """What a program sees of the two classes."""
    a, b = frozen("a"), frozen("b", 4, ["x"], 2.0)
    seen: list[object] = [repr(a), repr(b), a == frozen("a", hidden=9.0), a < b, hash(a)]
    seen.append(a.tags is not frozen("a").tags)  # a new list each time
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "c"
    with pytest.raises(TypeError):
        frozen()
    p = plain([1])
    p.value = 2
    seen += [repr(p), p == plain(2), p != plain(3), plain.__hash__ is None, frozen.__slots__]
    return seen


def _recorded_table(path: Path) -> int:
    """Make the classes while recording, write their table to ``path``; its size."""
    method_code._recording = recorded = {}
    method_code._table = {}
    method_code.install(Path("/nonexistent"))
    _classes()
    method_code._recording = None
    path.write_bytes(ahead.dump(method_code.FORMAT, recorded))
    return len(recorded)


def test_classes_made_from_the_table_behave_as_dataclasses_alone_makes_them(
    shim: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = _behaviour(*_classes())  # no table: dataclasses compiles
    table = tmp_path / "methods.marshal"
    assert _recorded_table(table) >= 8  # __init__, __repr__, __eq__, the order, frozen …
    method_code._table = None
    assert method_code.install(table)
    used: list[bytes] = []
    real = method_code._code
    monkeypatch.setattr(method_code, "_code", lambda b: used.append(b) or real(b))
    compiled: list[str] = []
    monkeypatch.setattr(
        method_code, "compile", lambda *a: compiled.append(a[0]) or compile(*a), raising=False
    )
    assert _behaviour(*_classes()) == want
    assert compiled == []  # every method came from the table
    assert len(used) >= 8


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps((99, {})),
        marshal.dumps((method_code.FORMAT, sys.version, ["a list"])),
        ahead.dump(method_code.FORMAT, {"def __create_fn__": 42}),
    ],
    ids=["empty", "garbage", "other-format", "not-a-dict", "not-bytes"],
)
def test_a_bad_table_only_means_compiling(shim: None, tmp_path: Path, content: bytes) -> None:
    want = _behaviour(*_classes())
    table = tmp_path / "methods.marshal"
    table.write_bytes(content)
    assert method_code.install(table)
    assert _behaviour(*_classes()) == want


def test_an_entry_that_is_not_code_is_compiled_instead(shim: None, tmp_path: Path) -> None:
    want = _behaviour(*_classes())
    table = tmp_path / "methods.marshal"
    _recorded_table(table)
    recorded = method_code.read_table(table)
    spoilt = {source: marshal.dumps(7) for source in recorded}  # valid marshal, not code
    spoilt.update(dict.fromkeys(list(recorded)[:2], b"\x00broken"))
    table.write_bytes(ahead.dump(method_code.FORMAT, spoilt))
    method_code._table = None
    method_code.install(table)
    assert _behaviour(*_classes()) == want


def test_release_drops_the_table(shim: None, tmp_path: Path) -> None:
    table = tmp_path / "methods.marshal"
    _recorded_table(table)
    method_code._table = None
    method_code.install(table)
    assert method_code._table
    method_code.release()
    assert method_code._table == {}
    _classes()  # compiled again, as without a table


def test_the_build_records_every_method_a_start_up_makes(tmp_path: Path) -> None:
    """A fresh interpreter builds the table (importing all of Quire); another, with it
    installed, imports what a first page needs without compiling a single method."""
    table = tmp_path / "methods.marshal"
    build = f"from reader import method_code; print(method_code.build({str(table)!r}))"
    done = subprocess.run(
        [sys.executable, "-c", build], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) > 300
    start = (
        "import json, dataclasses\n"
        "from pathlib import Path\n"
        "from reader import method_code\n"
        f"method_code.install(Path({str(table)!r}))\n"
        "compiled = []\n"
        "real = compile\n"
        "method_code.compile = lambda *a: compiled.append(a[0]) or real(*a)\n"
        "import reader.app, reader.text.parse, reader.store.db, reader.text.quick_open\n"
        "import reader.ui.window.main_window\n"
        "print(json.dumps({'compiled': len(compiled), 'shim': dataclasses.exec is "
        "method_code._exec}))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", start],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert json.loads(ran.stdout) == {"compiled": 0, "shim": True}


def test_the_app_installs_it_before_anything_else(shim: None, tmp_path: Path) -> None:
    from reader.app import main

    book = tmp_path / "story.txt"
    book.write_text("Chapter 1\n\nSome words.\n", encoding="utf-8")
    assert main(["info", str(book)]) == 0
    assert dataclasses.exec is method_code._exec  # type: ignore[attr-defined]
