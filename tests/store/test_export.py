"""Notes export: Markdown and JSON parse back to the same annotations; the CLI command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import parse_args
from reader.paths import resolve_paths
from reader.store.db import open_store
from reader.store.export import (
    NOT_FOUND_HEADING,
    BookNotes,
    chapter_label,
    escape_markdown,
    export_json,
    export_markdown,
    run_export_notes,
)
from reader.store.models import Annotation, Bookmark, BookRecord
from reader.text.anchor import make_anchor
from reader.text.book import Chapter
from reader.text.identity import book_key_of_file

# ------------------------------------------------------------------ a small Markdown reader

_UNESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])|&#32;|&#9;")


def unescape(s: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        return " " if m.group() == "&#32;" else "\t"

    return _UNESCAPE_RE.sub(repl, s)


_META_RE = re.compile(r"^\*(?!\*)(.*)\*$")


def parse_markdown(md: str) -> list[dict]:
    """Books → entries {chapter, quote, note, color, created, section} read back from an export."""
    books: list[dict] = []
    book: dict | None = None
    chapter: str | None = None
    section = "notes"
    quote: list[str] | None = None
    note: list[str] = []
    for line in md.split("\n"):
        if line.startswith("# "):
            book = {"title": unescape(line[2:]), "author": None, "entries": [], "bookmarks": []}
            books.append(book)
            chapter, section, quote, note = None, "notes", None, []
            continue
        assert book is not None, f"text before the first book heading: {line!r}"
        if line.startswith("## "):
            heading = unescape(line[3:])
            section = {NOT_FOUND_HEADING: "not_found", "Bookmarks": "bookmarks"}.get(
                heading, "notes"
            )
            if section == "notes":
                chapter = heading
            quote, note = None, []
            continue
        if section == "bookmarks":
            if line.startswith("- "):
                book["bookmarks"].append(line[2:])
            continue
        if line.startswith(">"):
            if quote is None:
                quote, note = [], []
            quote.append(unescape(line[2:]) if line.startswith("> ") else "")
            continue
        m = _META_RE.match(line)
        if m and quote is None and not book["entries"] and book["author"] is None:
            book["author"] = unescape(m.group(1))
            continue
        if m and quote is not None:
            color, created = unescape(m.group(1)).split(" · ")[:2]
            book["entries"].append(
                {
                    "chapter": chapter if section == "notes" else None,
                    "section": section,
                    "quote": "\n".join(quote),
                    "note": "\n".join(note).strip("\n"),
                    "color": color,
                    "created": created,
                }
            )
            quote, note = None, []
            continue
        if quote is not None:
            note.append(unescape(line))
    return books


# ------------------------------------------------------------------ fixtures by hand

TRICKY = [
    "# Not a heading",
    "> not a quote\n- not a list\n1. not numbered\n+ plus",
    "*stars* and _under_ `code` <b>html</b> &amp; [link](x) | pipe ~~strike~~ \\back\\slash",
    "First paragraph line one\nline two\n\nSecond paragraph",
    "    indented verse line\n        more indented\ntrailing spaces  ",
    "===\n---\n***",
    "Ünïcödé “curly” — dashes… 中文",
]


def _book() -> BookRecord:
    return BookRecord(
        id=1,
        book_key="abc-123",
        path="/books/p&p.txt",
        title="Pride & *Prejudice*",
        author="Jane_Austen",
    )


def _annotations() -> list[Annotation]:
    out = []
    colors = ["yellow", "green", "blue", "pink", "purple"]
    for i, quote in enumerate(TRICKY):
        note = TRICKY[-1 - i] if i % 2 == 0 else ""
        out.append(
            Annotation(
                id=i + 1,
                book_id=1,
                start=100 * i + 5,
                end=100 * i + 5 + len(quote),
                quote=quote,
                prefix="before ",
                suffix=" after",
                color=colors[i % len(colors)],
                note=note,
                created=f"2024-05-0{i + 1}T14:03:00+00:00",
                updated=f"2024-05-0{i + 1}T14:03:00+00:00",
            )
        )
    out.append(
        Annotation(99, 1, 50, 60, "gone words", "p", "s", "blue", "lost note", "2024-06-01", "")
    )
    out[-1].status = "not_found"
    return out


CHAPTERS = [
    Chapter("BOOK ONE", 1, 100),
    Chapter("CHAPTER I", 2, 150),
    Chapter("CHAPTER II", 2, 400),
    Chapter("BOOK *TWO*", 1, 600),
]


def _notes() -> BookNotes:
    bookmarks = [
        Bookmark(1, 1, 420, "It was a dark night", "prefix", "# Dark [night]", "2024-05-09"),
        Bookmark(2, 1, 9999, "lost", "", "Lost one", "2024-05-10", status="not_found"),
    ]
    return BookNotes(_book(), _annotations(), bookmarks, CHAPTERS)


def test_chapter_label_names_nested_chapters_with_their_part() -> None:
    assert chapter_label(CHAPTERS, 0) is None
    assert chapter_label(CHAPTERS, 120) == "BOOK ONE"
    assert chapter_label(CHAPTERS, 150) == "BOOK ONE — CHAPTER I"
    assert chapter_label(CHAPTERS, 599) == "BOOK ONE — CHAPTER II"
    assert chapter_label(CHAPTERS, 10_000) == "BOOK *TWO*"


def test_escape_markdown_line_starts() -> None:
    assert escape_markdown("# x") == "\\# x"
    assert escape_markdown("1984. A year") == "1984\\. A year"
    assert escape_markdown("  - item ") == "&#32;&#32;\\- item&#32;"
    assert escape_markdown("a*b*c") == "a\\*b\\*c"
    assert escape_markdown("plain words, 3 of them.") == "plain words, 3 of them."


def test_markdown_round_trip() -> None:
    notes = _notes()
    md = export_markdown([notes])
    [book] = parse_markdown(md)
    assert book["title"] == "Pride & *Prejudice*"
    assert book["author"] == "Jane_Austen"
    entries = book["entries"]
    assert len(entries) == len(notes.annotations)
    found = sorted((a for a in notes.annotations if a.status == "ok"), key=lambda a: a.start)
    for a, e in zip(found, entries, strict=False):
        assert e["section"] == "notes"
        assert e["quote"] == a.quote
        assert e["note"] == a.note
        assert e["color"] == a.color
        assert e["chapter"] == (chapter_label(CHAPTERS, a.start) if a.start >= 100 else None)
        assert e["created"] == a.created[:10] + " 14:03 UTC"
    lost = entries[-1]
    assert lost["section"] == "not_found" and lost["quote"] == "gone words"
    assert lost["note"] == "lost note"
    assert len(book["bookmarks"]) == 2
    assert unescape(book["bookmarks"][0]).startswith("**# Dark [night]** · BOOK ONE — CHAPTER II")
    assert "not found in this version" in book["bookmarks"][1]
    # Nothing from the book became markup: no raw heading or list lines (before our
    # own bookmark list).
    for line in md.split("\n## Bookmarks")[0].split("\n"):
        assert not re.match(r"#{3,}|[-+] |\d+\. ", line), line


def test_markdown_without_chapters_and_several_books() -> None:
    first = BookNotes(_book(), _annotations()[:2], [], None)
    other = BookNotes(
        BookRecord(2, "k2", "/b.txt", "Second", title_override="My Title"),
        [Annotation(1, 2, 0, 4, "Word", "", "", "green", "", "2024-01-01T00:00:00+00:00", "")],
    )
    books = parse_markdown(export_markdown([first, other]))
    assert [b["title"] for b in books] == ["Pride & *Prejudice*", "My Title"]
    assert books[1]["author"] is None
    assert all(e["chapter"] is None for b in books for e in b["entries"])
    assert books[1]["entries"][0]["quote"] == "Word"


def test_json_round_trip() -> None:
    notes = _notes()
    doc = json.loads(export_json([notes], exported="2024-07-01T00:00:00+00:00"))
    assert doc["format"] == "quire-notes" and doc["version"] == 1
    assert doc["exported"] == "2024-07-01T00:00:00+00:00"
    [book] = doc["books"]
    assert (book["title"], book["author"], book["book_key"], book["path"]) == (
        "Pride & *Prejudice*",
        "Jane_Austen",
        "abc-123",
        "/books/p&p.txt",
    )
    by_start = {a["start"]: a for a in book["annotations"]}
    for a in notes.annotations:
        j = by_start[a.start]
        for key in ("end", "quote", "prefix", "suffix", "color", "note", "created", "updated"):
            assert j[key] == getattr(a, key), key
        assert j["status"] == a.status
        expected = chapter_label(CHAPTERS, a.start) if a.status == "ok" else None
        assert j["chapter"] == expected
    assert [b["name"] for b in book["bookmarks"]] == ["# Dark [night]", "Lost one"]
    assert book["bookmarks"][1]["chapter"] is None


_ALPHABET = st.sampled_from([*"ab #>*-_=+1.)`[]<>&|~\\\t!", "\n", "  ", "   ", "é", "中"])


@settings(max_examples=200, deadline=None)
@given(
    quote=st.lists(_ALPHABET, min_size=1, max_size=30).map("".join),
    note=st.lists(_ALPHABET, max_size=30).map("".join),
)
def test_any_text_survives_markdown(quote: str, note: str) -> None:
    ann = Annotation(1, 1, 0, len(quote), quote, "", "", "pink", note, "2024-01-01", "")
    [book] = parse_markdown(export_markdown([BookNotes(_book(), [ann])]))
    [entry] = book["entries"]
    assert entry["quote"] == quote
    # Notes lose only what Markdown cannot keep: blank lines at the ends, blank-only lines.
    kept = note.strip("\n")
    expected = (
        "\n".join(ln if ln.strip() else "" for ln in kept.split("\n")) if kept.strip() else ""
    )
    assert entry["note"] == expected.strip("\n")
    assert entry["color"] == "pink"


# ------------------------------------------------------------------ the command line

BOOK_TEXT = (
    "The Tale of Two Towns\n\nby A. Writer\n\n\n"
    "CHAPTER I\n\nIt was the best of days, it was the worst of days.\n\n"
    "Sam said: # not a heading.\n\n\n"
    "CHAPTER II\n\nThe river ran cold and\nthe bridge stood still.\n"
)


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, Path]:
    """A basedir with one book (two highlights, one bookmark) and the book file."""
    basedir = tmp_path / "home"
    book_path = tmp_path / "tale.txt"
    book_path.write_text(BOOK_TEXT, encoding="utf-8")
    with open_store(resolve_paths(basedir).database) as store:
        rec, _ = store.library.upsert_book(
            book_key=book_key_of_file(book_path), path=str(book_path), title="The Tale"
        )
        for needle, note in (("best of days", "A *good* start"), ("river ran cold and\nthe", "")):
            s = BOOK_TEXT.index(needle)
            q, p, x = make_anchor(BOOK_TEXT, s, s + len(needle))
            store.annotations.add_annotation(rec.id, s, s + len(needle), q, p, x, "green", note)
        store.annotations.add_bookmark(rec.id, BOOK_TEXT.index("Sam"), "Sam said", "", "Sam")
        other, _ = store.library.upsert_book(
            book_key="ffff-1", path=str(tmp_path / "gone.txt"), title="Gone Book"
        )
        store.annotations.add_annotation(other.id, 0, 5, "Hello", "", " world", "blue", "hi")
        store.library.upsert_book(book_key="eeee-2", path="/nowhere/x.txt", title="No notes")
    return basedir, book_path


def _run(argv: list[str]) -> int:
    return run_export_notes(parse_args(["export-notes", *argv]))


def test_cli_exports_one_book_markdown_with_chapters(library, tmp_path: Path) -> None:
    basedir, book_path = library
    out = tmp_path / "notes.md"
    assert _run([str(book_path), "--basedir", str(basedir), "-o", str(out)]) == 0
    [book] = parse_markdown(out.read_text(encoding="utf-8"))
    assert book["title"] == "The Tale"
    assert [(e["quote"], e["note"], e["chapter"], e["color"]) for e in book["entries"]] == [
        ("best of days", "A *good* start", "CHAPTER I", "green"),
        ("river ran cold and\nthe", "", "CHAPTER II", "green"),
    ]
    assert len(book["bookmarks"]) == 1 and "Sam" in book["bookmarks"][0]


def test_cli_finds_a_moved_file_by_book_key(library, tmp_path: Path, capsys) -> None:
    basedir, book_path = library
    moved = tmp_path / "renamed.txt"
    book_path.rename(moved)
    assert _run([str(moved), "--basedir", str(basedir), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    [book] = doc["books"]
    assert book["title"] == "The Tale"
    assert [a["chapter"] for a in book["annotations"]] == ["CHAPTER I", "CHAPTER II"]


def test_cli_whole_library_json(library, tmp_path: Path) -> None:
    basedir, _ = library
    out = tmp_path / "all.json"
    assert _run(["--basedir", str(basedir), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [b["title"] for b in doc["books"]] == ["The Tale", "Gone Book"]
    gone = doc["books"][1]["annotations"][0]
    # The file is gone: no chapters, but the note is exported all the same.
    assert (gone["quote"], gone["note"], gone["chapter"]) == ("Hello", "hi", None)


def test_cli_whole_library_markdown_to_stdout(library, capsys) -> None:
    basedir, _ = library
    assert _run(["--basedir", str(basedir)]) == 0
    books = parse_markdown(capsys.readouterr().out)
    assert [b["title"] for b in books] == ["The Tale", "Gone Book"]


def test_cli_errors_are_one_line(library, tmp_path: Path, capsys) -> None:
    basedir, _ = library
    stranger = tmp_path / "stranger.txt"
    stranger.write_text("Not in the library.\n", encoding="utf-8")
    cases = [
        ([str(stranger), "--basedir", str(basedir)], "not in the Quire library"),
        ([str(tmp_path / "missing.txt"), "--basedir", str(basedir)], "No such file"),
        (["--basedir", str(tmp_path / "empty")], "No Quire library"),
        (["--basedir", str(basedir), "-o", str(tmp_path / "no" / "dir" / "x.md")], "Cannot write"),
    ]
    for argv, message in cases:
        capsys.readouterr()
        assert _run(argv) == 1
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    assert not (tmp_path / "empty").exists()
