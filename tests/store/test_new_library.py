"""A first start's library file, created on a background thread."""

from __future__ import annotations

from pathlib import Path

from reader.store.db import SCHEMA_VERSION, open_store
from reader.store.new_library import NewLibrary


def test_the_file_is_made_with_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "library.db"
    assert NewLibrary(path).start().wait() == []
    assert path.is_file()
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.library.all_books() == []


def test_a_failure_is_left_to_the_start_up_and_raises_nothing(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.mkdir()  # a folder where the file should be: open_store refuses it
    assert NewLibrary(path).start().wait() == []
    assert path.is_dir()  # untouched
