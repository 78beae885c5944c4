"""`quire info`: the JSON facts, the readable summary and the command's exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.info import book_info, chapter_preview, format_summary, run_info

REQUIRED_KEYS = {
    "title",
    "author",
    "language",
    "encoding",
    "paragraph_mode",
    "paragraphs",
    "chapters",
    "front_matter",
    "back_matter",
    "book_key",
    "chars",
}


def _hand_built_book(title: str = "A Small Book") -> Book:
    """A book whose blocks are placed by hand (no parser involved)."""
    pieces = [
        ("header", BlockKind.MATTER, "*** START OF THE BOOK ***"),
        ("hidden", BlockKind.PARAGRAPH, "A producer's note inside the header."),
        ("title", BlockKind.TITLE, "A SMALL BOOK"),
        ("part", BlockKind.HEADING, "PART ONE"),
        ("ch1", BlockKind.HEADING, "CHAPTER I"),
        ("p1", BlockKind.PARAGRAPH, "It   began\nwith a    letter,\nfolded twice."),
        ("p2", BlockKind.PARAGRAPH, "Nobody read it."),
        ("ch2", BlockKind.HEADING, "CHAPTER II"),
        ("br", BlockKind.SCENE_BREAK, "* * *"),
        ("v1", BlockKind.VERSE, "Twinkle, twinkle,\n  little bat"),
        ("n1", BlockKind.AUTHOR_NOTE, "A/N: thanks for reading! " + "x" * 200),
        ("footer", BlockKind.MATTER, "*** END OF THE BOOK ***"),
    ]
    text = ""
    blocks: list[Block] = []
    at: dict[str, tuple[int, int]] = {}
    for name, kind, body in pieces:
        start = len(text)
        text += body
        blocks.append(Block(kind, start, len(text)))
        at[name] = (start, len(text))
        text += "\n\n"
    front = [(0, at["title"][0])]
    back = [(at["footer"][0], len(text))]
    chapters = [
        Chapter("PART ONE", 1, at["part"][0]),
        Chapter("CHAPTER I", 2, at["ch1"][0]),
        Chapter("CHAPTER II", 2, at["ch2"][0]),
    ]
    return Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chapters,
        encoding=EncodingReport("cp1252", 0.4321, "chardet", replaced_bytes=3),
        metadata=Metadata(title=title, author="Ann Author", language="en"),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="lines are 60–72 characters long",
        front_matter=front,
        back_matter=back,
        book_key="0123456789abcdef0123456789abcdef-999",
        file_size=999,
        notices=["3 byte(s) could not be decoded as cp1252"],
    )


# --------------------------------------------------------------------------- book_info


def test_book_info_has_every_field_of_the_contract() -> None:
    book = _hand_built_book()
    info = book_info(book)
    assert info.keys() >= REQUIRED_KEYS
    assert info["title"] == "A Small Book"
    assert info["author"] == "Ann Author"
    assert info["language"] == "en"
    assert info["encoding"] == {
        "name": "cp1252",
        "confidence": 0.432,
        "method": "chardet",
        "replaced_bytes": 3,
        "bom": False,
    }
    assert info["paragraph_mode"] == "wrapped"
    assert info["paragraph_reason"] == "lines are 60–72 characters long"
    assert info["book_key"] == "0123456789abcdef0123456789abcdef-999"
    assert info["chars"] == len(book.text)
    assert info["front_matter"] == [[s, e] for s, e in book.front_matter]
    assert info["back_matter"] == [[s, e] for s, e in book.back_matter]
    json.dumps(info)  # JSON-ready


def test_paragraphs_count_prose_verse_and_notes_outside_matter() -> None:
    # p1, p2, v1, n1 — not the paragraph hidden in the front matter, not headings/breaks.
    assert book_info(_hand_built_book())["paragraphs"] == 4


def test_chapters_carry_level_offset_and_preview_after_the_heading() -> None:
    book = _hand_built_book()
    chapters = book_info(book)["chapters"]
    assert [(c["title"], c["level"]) for c in chapters] == [
        ("PART ONE", 1),
        ("CHAPTER I", 2),
        ("CHAPTER II", 2),
    ]
    assert [c["offset"] for c in chapters] == [c.offset for c in book.chapters]
    expected = "It began with a letter, folded twice. Nobody read it."
    # A part followed at once by its first chapter previews that chapter's prose.
    assert chapters[0]["preview"].startswith(expected)
    assert chapters[1]["preview"].startswith(expected)
    # Scene breaks are skipped, verse lines joined, the preview capped at 120 characters.
    second = chapters[2]["preview"]
    assert second.startswith("Twinkle, twinkle, little bat A/N: thanks for reading!")
    assert len(second) == 120
    assert "END OF THE BOOK" not in second


def test_preview_of_an_entry_that_starts_before_its_heading() -> None:
    book = _hand_built_book()
    ch1 = book.chapters[1]
    shifted = Chapter(ch1.title, ch1.level, ch1.offset - 2)  # in the blank line before it
    book.chapters[1] = shifted
    assert chapter_preview(book, 1).startswith("It began with a letter")


def test_untitled_opening_entry_previews_its_own_first_block() -> None:
    text = "Once upon a time there was a reader.\n\nCHAPTER 1\n\nThe end."
    blocks = Blocks.from_blocks(
        [
            (BlockKind.PARAGRAPH, 0, 36),
            (BlockKind.HEADING, 38, 47),
            (BlockKind.PARAGRAPH, 49, 57),
        ]
    )
    book = Book(
        text=text,
        blocks=blocks,
        chapters=[Chapter("Opening", 1, 0), Chapter("CHAPTER 1", 1, 38)],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata("T", "", "en"),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="blank lines",
    )
    previews = [c["preview"] for c in book_info(book)["chapters"]]
    assert previews == ["Once upon a time there was a reader. The end.", "The end."]


# --------------------------------------------------------------------------- summary


def test_format_summary_explains_each_decision() -> None:
    book = _hand_built_book()
    summary = format_summary(book, "/books/small.txt")
    assert "/books/small.txt" in summary
    assert "A Small Book" in summary and "Ann Author" in summary
    assert "cp1252" in summary and "chardet" in summary and "43%" in summary
    assert "3 byte(s) could not be decoded" in summary
    assert "wrapped" in summary and "60–72 characters" in summary
    assert "Paragraphs:  4" in summary
    lines = summary.splitlines()
    part = next(line for line in lines if line.strip() == "PART ONE")
    chapter = next(line for line in lines if line.strip() == "CHAPTER I")
    indent = len(chapter) - len(chapter.lstrip())
    assert indent > len(part) - len(part.lstrip())
    assert "Front matter:" in summary and "Back matter:" in summary


def test_format_summary_strips_terminal_escapes_from_book_strings() -> None:
    book = _hand_built_book(title="Evil\x1b[2J\x07 Title")
    summary = format_summary(book, "x.txt")
    assert "\x1b" not in summary and "\x07" not in summary
    assert "Evil" in summary and "Title" in summary


# --------------------------------------------------------------------------- run_info


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_run_info_json_for_a_real_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "Desperate Hours\n\nChapter 1\n\nIt rained. “Again,” she said.\n\nChapter 2\n\nSun.\n"
    path = _write(tmp_path, "desperate_hours.txt", body.encode("utf-8"))
    assert run_info(str(path), as_json=True) == 0
    out, err = capsys.readouterr()
    assert err == ""
    info = json.loads(out)
    assert info.keys() >= REQUIRED_KEYS
    assert info["encoding"]["name"] == "utf-8"
    assert info["encoding"]["method"] == "utf-8"
    assert info["chars"] == len(body)
    assert info["book_key"].endswith(f"-{len(body.encode('utf-8'))}")
    assert info["title"] == "Desperate Hours"


def test_run_info_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a_quiet_story.txt", b"Some words.\n\nMore words.\n")
    assert run_info(str(path), as_json=False) == 0
    out, _err = capsys.readouterr()
    assert "Title:" in out and "A Quiet Story" in out
    assert "Encoding:    utf-8" in out


def test_run_info_json_is_utf8_even_on_an_ascii_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "吾輩は猫である\n夏目漱石\n\n　吾輩は猫である。名前はまだ無い。\n"
    path = _write(tmp_path, "neko.txt", text.encode("utf-8"))
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert run_info(str(path), as_json=True) == 0
    info = json.loads(raw.getvalue().decode("utf-8"))
    assert info["title"] == "吾輩は猫である"
    # The plain summary degrades to "?" on such a terminal instead of crashing.
    raw.seek(0)
    raw.truncate()
    assert run_info(str(path), as_json=False) == 0
    assert b"Title:" in raw.getvalue()


@pytest.mark.parametrize("as_json", [True, False])
def test_run_info_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    jpeg = _write(tmp_path, "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(2000))
    nuls = _write(tmp_path, "nuls.txt", bytes(4096))
    for target in (tmp_path / "missing.txt", tmp_path, jpeg, nuls):
        assert run_info(str(target), as_json=as_json) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith("quire: ")
        assert err.count("\n") == 1
        assert "Traceback" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_run_info_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "locked.txt", b"secret")
    path.chmod(0)
    try:
        assert run_info(str(path), as_json=False) == 1
    finally:
        path.chmod(0o600)
    _out, err = capsys.readouterr()
    assert err.startswith("quire: ") and err.count("\n") == 1


@pytest.mark.corpus
def test_run_info_on_war_and_peace(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus / "gutenberg/war_and_peace__pg2600-0.txt"
    assert run_info(str(path), as_json=True) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["title"], info["author"], info["language"]) == (
        "War and Peace",
        "Leo Tolstoy",
        "en",
    )
    assert info["encoding"]["name"] == "utf-8" and info["encoding"]["method"] == "bom"
    assert info["book_key"] == "3a96e4d82a445fa25c7523e779bfdcca-3359542"
    assert info["front_matter"] and info["back_matter"]
    assert info["chapters"][0]["title"].startswith("BOOK ONE")
    assert info["chapters"][1]["preview"].startswith("“Well, Prince, so Genoa and Lucca")


def test_info_does_not_import_qt() -> None:
    code = (
        "import sys, reader.text.info, reader.text.parse\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, timeout=60)


def test_cjk_previews_do_not_gain_spaces() -> None:
    verse = "　　滚滚长江东逝水，\n　　浪花淘尽英雄。"
    text = f"第一回\n\n{verse}\n\n话说天下大势。"
    v = text.index(verse)
    p = text.index("话说")
    blocks = Blocks.from_blocks(
        [
            (BlockKind.HEADING, 0, 3),
            (BlockKind.VERSE, v, v + len(verse)),
            (BlockKind.PARAGRAPH, p, len(text)),
        ]
    )
    book = Book(
        text=text,
        blocks=blocks,
        chapters=[Chapter("第一回", 1, 0)],
        encoding=EncodingReport("gb18030", 0.9, "chardet"),
        metadata=Metadata("三国演义", "", "zh"),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="",
        cjk=True,
    )
    assert chapter_preview(book, 0) == "滚滚长江东逝水，浪花淘尽英雄。话说天下大势。"


# --------------------------------------------------------------------------- explanations


def test_info_explains_titles_opening_hidden_lines_and_contents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ("The Rain", "The Flood", "The Boats")
    body = "\n\n".join(
        f"Chapter {n}: {name}\n\n" + "The river rose in the night and nobody slept. " * 20
        for n, name in enumerate(names, 1)
    )
    text = (
        "Downloaded from www.free-fiction-archive.net\n\n"
        "THE RISING RIVER\n\nby Anna Smith\n\n\n"
        "CONTENTS\n\nChapter 1: The Rain ...... 1\nChapter Two: The Flod ...... 5\n"
        "Chapter 3: The Boats ...... 9\n\n\n" + body
    )
    f = _write(tmp_path, "004_2b6f1807d6bb2112.txt", text.encode())
    assert run_info(str(f), as_json=True) == 0
    info = json.loads(capsys.readouterr().out)
    # the title page won, and the id-like file name offered nothing
    assert [(c["source"], c["chosen"]) for c in info["title_candidates"]] == [("title page", True)]
    assert "by-line" in info["title_candidates"][0]["note"]
    assert info["opening"]["kind"] == "title page"
    assert info["opening"]["text"] == "THE RISING RIVER"
    assert [(r["reason"], r["where"]) for r in info["hidden_lines"]] == [("banner", "front matter")]
    assert [r["match"] for r in info["contents"]] == ["exact", "fuzzy", "exact"]
    fuzzy = info["contents"][1]
    assert fuzzy["chapter_title"] == "Chapter 2: The Flood" and 80 <= fuzzy["score"] < 100
    assert run_info(str(f), as_json=False) == 0
    summary = capsys.readouterr().out
    assert "Title from:  title page — chosen" in summary
    assert "Opens at:    the title page" in summary
    assert "Not shown:   1 line(s) — 1 banner" in summary
    assert "“Chapter Two: The Flod ...... 5” → “Chapter 2: The Flood” (score" in summary
