"""A long book opened the first time: a provisional Book from its opening, then the whole."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reader.text import quick_open
from reader.text.book import PENDING_CHAPTER, Book, EncodingReport
from reader.text.parse import _decode, load_book, parse_text, read_file
from reader.text.quick_open import (
    LONG_OPENING_CHARS,
    OPENING_CHARS,
    QUICK_MIN_CHARS,
    open_quickly,
    opening_cut,
)
from tests.text.messy import LARGE, Variant, variants
from tests.text.messy_sources import available


def _long_book(folder: Path) -> Path:
    chapter = "\n\n".join(
        "The fog pressed on against the glass, and the lamps burned low in the street. " * 3
        for _ in range(40)
    )
    parts = [f"CHAPTER {n}\n\n{chapter}" for n in range(1, 200)]
    text = "A LONG NOVEL\r\n\r\nby A. Writer\r\n\r\n" + "\n\n".join(parts).replace("\n", "\r\n")
    path = folder / "long.txt"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_the_opening_is_shown_first_with_exact_offsets(tmp_path: Path) -> None:
    path = _long_book(tmp_path)
    whole = load_book(path)
    assert len(whole.text) >= QUICK_MIN_CHARS
    quick = open_quickly(path, cache_dir=tmp_path / "cache")
    assert quick.provisional and quick.finish is not None
    first = quick.book
    assert first.text == whole.text  # the whole text: every offset is the final one
    assert first.book_key == whole.book_key and first.file_size == whole.file_size
    assert first.opening_offset == whole.opening_offset
    assert first.paragraph_mode is whole.paragraph_mode
    cut = opening_cut(whole.text)
    assert OPENING_CHARS <= cut < len(whole.text)
    n = len(first.blocks)
    assert n > 0 and first.blocks.ends()[n - 1] <= cut
    for i in range(n - 1):  # the opening's blocks are the whole book's (the last may be cut)
        assert first.blocks.starts()[i] == whole.blocks.starts()[i]
        assert first.blocks.ends()[i] == whole.blocks.ends()[i]
        assert first.blocks.kinds()[i] == whole.blocks.kinds()[i]
    assert first.back_matter == []

    done = quick.finish()
    assert len(done.blocks) == len(whole.blocks) and len(done.chapters) == len(whole.chapters)
    assert done.book_key == whole.book_key
    again = open_quickly(path, cache_dir=tmp_path / "cache")  # finish stored the whole
    assert not again.provisional and len(again.book.chapters) == len(whole.chapters)


def test_short_books_and_far_positions_are_parsed_whole(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("CHAPTER 1\n\nA short story.\n", encoding="utf-8")
    assert not open_quickly(short).provisional
    path = _long_book(tmp_path)
    far = open_quickly(path, within=len(path.read_text(encoding="utf-8")) // 2)
    assert not far.provisional  # the saved position lies beyond the opening


def test_the_opening_leaves_lost_italics_to_the_whole(tmp_path: Path) -> None:
    """The provisional book never scans for glued words (the word list would delay the first
    page); the whole book, parsed after the first paint, finds them."""
    path = _long_book(tmp_path)
    text = path.read_text(encoding="utf-8")
    glued = text.replace("the lamps burned low", "the lamps burned lowAlaric Alaric", 1)
    path.write_text(glued, encoding="utf-8", newline="")
    quick = open_quickly(path)
    assert quick.provisional and quick.finish is not None
    assert quick.book.glued_words == ()
    whole = quick.finish()
    assert [text_of(whole, g) for g in whole.glued_words] == ["lowAlaric"]


def text_of(book, glued) -> str:  # type: ignore[no-untyped-def]
    """The source characters of a glued word."""
    return book.text[glued.start : glued.end]


def _corpus_books() -> list[str]:
    from tests.conftest import CORPUS

    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.txt"))


@pytest.mark.parametrize("name", _corpus_books() or ["(no corpus)"])
@pytest.mark.parametrize("opening", ["first", "long"])
def test_every_corpus_opening_gives_the_whole_books_first_pages(
    corpus: Path, name: str, opening: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provisional book of every corpus book, from the opening quick_open parses first
    (and from the long one it falls back to), starts as the whole book does."""
    path = corpus / name
    text, report = _decode(read_file(path), path.name, None)
    if opening == "long":
        monkeypatch.setattr(quick_open, "OPENING_CHARS", LONG_OPENING_CHARS)
    _assert_same_first_pages(text, path.name, report)


@functools.cache
def _messy() -> dict[str, Variant]:
    """The generated messy books at their large size (some 120,000–220,000 characters,
    longer than the opening), by name; none without the corpus they are made from."""
    return {v.name: v for v in variants(size=LARGE)} if available() else {}


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(_messy()) or ["(no corpus)"])
def test_every_messy_opening_gives_the_whole_books_first_pages(corpus: Path, name: str) -> None:
    """Likewise for the generated messy books: page numbers, footnotes, PDF breaks, letter
    spacing, banners, fuzzy contents, credits …"""
    v = _messy()[name]
    text, report = _decode(v.data, v.file_name, None)
    _assert_same_first_pages(text, v.file_name, report)


def _assert_same_first_pages(text: str, file_name: str, report: EncodingReport) -> None:
    """The provisional book of ``text`` starts as the whole book does: the same place to
    open, paragraph mode, title and author, blocks, chapters, front matter and contents
    entries, over the first half of the opening (what may be shown before the whole book
    is there)."""
    whole = parse_text(text, file_name=file_name, report=report)
    first = quick_open.provisional_book(text, file_name, report)
    _assert_the_head_gives_the_same(text, file_name, report, first)
    if first is None:
        # Only a book no longer than the opening, or whose story starts beyond the
        # first half of every opening, is parsed whole at once.
        cut = opening_cut(text, LONG_OPENING_CHARS)
        assert cut >= len(text) or whole.opening_offset > cut // 2
        return
    parsed = first.blocks.ends()[-1]  # the end of the opening that was parsed
    assert parsed <= opening_cut(text, LONG_OPENING_CHARS) and parsed < len(text)
    shown = parsed // 2
    assert first.text == whole.text
    assert first.opening_offset == whole.opening_offset
    assert (first.paragraph_mode, first.cjk, first.aozora) == (
        whole.paragraph_mode,
        whole.cjk,
        whole.aozora,
    )
    assert first.metadata == whole.metadata
    assert first.story == whole.story
    starts = first.blocks.starts()
    n = next((i for i, s in enumerate(starts) if s >= shown), len(starts))
    assert n > 1
    for i in range(n):
        assert (starts[i], first.blocks.ends()[i], first.blocks.kinds()[i]) == (
            whole.blocks.starts()[i],
            whole.blocks.ends()[i],
            whole.blocks.kinds()[i],
        )
    early = [c for c in first.chapters if c.offset < shown]
    assert early == whole.chapters[: len(early)]
    assert [r for r in first.front_matter if r[0] < shown] == [
        r for r in whole.front_matter if r[0] < shown
    ]
    # The entries of a contents on the first pages (one at the back is not there yet)
    mine_shown = [link for link in first.contents_links if link.start < shown]
    final_shown = [link for link in whole.contents_links if link.start < shown]
    assert len(mine_shown) == len(final_shown)
    for mine, final in zip(mine_shown, final_shown, strict=True):
        assert (mine.start, mine.end) == (final.start, final.end)
        if mine.offset >= 0 and mine.offset < shown:  # a chapter on the first pages
            assert (mine.chapter, mine.offset) == (final.chapter, final.offset)
        elif mine.chapter == PENDING_CHAPTER:
            assert final.offset >= early[-1].offset if early else final.chapter >= 0


def test_a_new_books_opening_is_decoded_from_the_head_of_its_file(tmp_path: Path) -> None:
    """``head_first``: only the head of the file is decoded before the first page; the
    provisional book is the same as from the whole text, its length estimated."""
    path = _long_book(tmp_path)
    whole = load_book(path)
    from_text = open_quickly(path)
    quick = open_quickly(path, cache_dir=tmp_path / "cache", head_first=True)
    assert quick.provisional and quick.finish is not None
    first = quick.book
    assert len(first.text) <= quick_open.HEAD_BYTES < len(whole.text)
    assert whole.text.startswith(first.text)  # the offsets are the whole text's
    assert abs(first.whole_length - len(whole.text)) < 0.01 * len(whole.text)
    assert first.text_end == first.whole_length
    assert first.reading_range() == (from_text.book.reading_range()[0], first.whole_length)
    assert first.book_key == whole.book_key and first.file_size == whole.file_size
    assert (first.opening_offset, first.metadata) == (whole.opening_offset, whole.metadata)
    assert first.chapters == from_text.book.chapters
    assert first.blocks.starts() == from_text.book.blocks.starts()
    done = quick.finish()
    assert done.text == whole.text and done.whole_length == 0
    assert done.text_end == len(done.text) and len(done.chapters) == len(whole.chapters)
    again = open_quickly(path, cache_dir=tmp_path / "cache", head_first=True)
    assert not again.provisional  # the whole was stored in the cache


def test_a_head_that_the_whole_file_reads_otherwise_gives_way_to_the_whole(
    tmp_path: Path,
) -> None:
    """A file that starts as UTF-8 but is mostly Latin-1 further on is read in its code
    page as a whole: the head's provisional book is then replaced by a different text."""
    path = _long_book(tmp_path)
    raw = path.read_bytes()
    middle = quick_open.HEAD_BYTES + 100_000
    assert middle < len(raw)
    # "café" in UTF-8 at the start, then hundreds of Latin-1 "é" bytes after the head
    data = raw[:20] + "café\r\n".encode() + raw[20:middle] + (b"caf\xe9 " * 400) + raw[middle:]
    path.write_bytes(data)
    quick = open_quickly(path, head_first=True)
    assert quick.provisional and quick.finish is not None
    assert "café" in quick.book.text
    done = quick.finish()
    assert done.encoding.name != "utf-8"
    # the head's UTF-8 is read in the code page too, as decode reads it
    assert not done.text.startswith(quick.book.text) and "café" not in done.text[:100]
    assert done.whole_length == 0 and len(done.chapters) > len(quick.book.chapters)


def test_head_first_is_only_for_utf8_and_unforced_files(tmp_path: Path) -> None:
    """Files of other encodings, or read with a chosen encoding, decode whole first."""
    path = _long_book(tmp_path)
    text = path.read_bytes().decode("utf-8").replace("A LONG NOVEL", "A LONG NOVEL, à la carte")
    for name in ("utf-16", "cp1252"):
        other = tmp_path / f"{name}.txt"
        other.write_bytes(text.encode(name))
        quick = open_quickly(other, head_first=True)
        assert quick.provisional and quick.book.whole_length == 0
    forced = open_quickly(path, encoding="utf-8", head_first=True)
    assert forced.provisional and forced.book.whole_length == 0


def test_a_file_changed_before_the_whole_is_read_says_so(tmp_path: Path) -> None:
    """The head path lets go of the file's bytes before the first page and reads the file
    again for the whole: a file replaced meanwhile is not parsed as the book shown."""
    from reader.text.errors import UnreadableError

    path = _long_book(tmp_path)
    quick = open_quickly(path, head_first=True)
    assert quick.provisional and quick.finish is not None
    path.write_bytes(path.read_bytes().replace(b"fog", b"fig"))
    with pytest.raises(UnreadableError, match="changed while it was being opened"):
        quick.finish()


def test_a_new_book_is_read_only_as_far_as_its_head_before_its_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the first page only the head of the file is read (not 20 MB for 20 MB); the
    whole is read by ``finish``. A book in the parse cache is read whole, from the cache."""
    path = _long_book(tmp_path)

    def whole_file(_path: object) -> bytes:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(quick_open, "read_file", whole_file)
    quick = open_quickly(path, cache_dir=tmp_path / "cache", head_first=True)
    assert quick.provisional and quick.finish is not None
    assert quick.book.file_size == path.stat().st_size
    monkeypatch.undo()
    quick.finish()  # stores the whole in the cache
    monkeypatch.setattr(quick_open, "read_file", whole_file)
    with pytest.raises(AssertionError, match="the whole file was read"):
        open_quickly(path, cache_dir=tmp_path / "cache", head_first=True)


def _assert_the_head_gives_the_same(
    text: str, file_name: str, report: EncodingReport, first: Book | None
) -> None:
    """The provisional book made from a head of ``text`` alone (whole lines, as
    ``decode_head`` gives them; the length of the whole known only as an estimate) is the
    one made from the whole text, or none when the head is too short to be sure."""
    for size in (quick_open.OPENING_CHARS + 100_000 + 5_000, quick_open.LONG_OPENING_CHARS * 2):
        end = text.rfind("\n", 0, size) + 1
        if end <= 0 or end >= len(text):
            continue
        head = quick_open.provisional_book(
            text[:end], file_name, report, whole_length=len(text) + 1234
        )
        if head is None:
            continue  # the head may be too short for the opening this text needs
        assert first is not None
        assert head.text == text[:end] and head.whole_length == len(text) + 1234
        assert (head.opening_offset, head.metadata, head.story) == (
            first.opening_offset,
            first.metadata,
            first.story,
        )
        assert head.chapters == first.chapters
        assert head.blocks.starts() == first.blocks.starts()
        assert head.blocks.kinds() == first.blocks.kinds()
        assert head.front_matter == first.front_matter


def _book_of(folder: Path, name: str, front: str, line: str) -> Path:
    """A long CRLF UTF-8 book: ``front`` matter, then 199 chapters of ``line``s."""
    chapter = "\n\n".join(line * 3 for _ in range(40))
    parts = [f"CHAPTER {n}\n\n{chapter}" for n in range(1, 200)]
    text = front + "\n\n".join(parts)
    path = folder / name
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize(
    ("kind", "decoded", "parses"),
    [
        ("latin", [quick_open.FIRST_HEAD_BYTES], 1),
        ("late start", [quick_open.FIRST_HEAD_BYTES, quick_open.HEAD_BYTES], 2),
        ("cyrillic", [quick_open.FIRST_HEAD_BYTES, quick_open.HEAD_BYTES], 1),
    ],
)
def test_a_new_books_head_is_decoded_as_far_as_its_opening_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, decoded: list[int], parses: int
) -> None:
    """A book in a Latin script whose story starts early decodes only the first quarter
    megabyte before its first page; one whose story starts late, or in a script of two
    bytes a character, decodes the longer head, and no opening is parsed twice. The
    provisional book is the one the whole text gives."""
    latin = "The fog pressed on against the glass, and the lamps burned low in the street. "
    if kind == "cyrillic":
        path = _book_of(tmp_path, "b.txt", "ДОЛГИЙ РОМАН\n\n", "Туман давил на стекло. " * 4)
    elif kind == "late start":  # a Gutenberg header of some 64,000 characters
        terms = "This eBook is for the use of anyone anywhere at no cost whatsoever. " * 3
        header = "\n\n".join(f"{terms}({n})" for n in range(300))
        start = "*** START OF THE PROJECT GUTENBERG EBOOK A LONG NOVEL ***"
        front = f"The Project Gutenberg eBook of A Long Novel\n\n{header}\n\n{start}\n\n"
        path = _book_of(tmp_path, "b.txt", front + "A LONG NOVEL\n\n", latin)
    else:
        path = _book_of(tmp_path, "b.txt", "A LONG NOVEL\n\nby A. Writer\n\n", latin)
    from_text = open_quickly(path).book
    limits: list[int] = []
    opened: list[int] = []
    real_decode, real_parse = quick_open._decode_head, quick_open.parse_text

    def decode(data: bytes, name: str, limit: int) -> object:
        limits.append(limit)
        return real_decode(data, name, limit)

    def parse(text: str, **kw: object) -> Book:
        opened.append(len(text))
        return real_parse(text, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(quick_open, "_decode_head", decode)
    monkeypatch.setattr(quick_open, "parse_text", parse)
    quick = open_quickly(path, head_first=True)
    assert quick.provisional and quick.book.whole_length > 0
    assert limits == decoded
    assert len(opened) == parses and len(set(opened)) == parses  # never the same opening twice
    first = quick.book
    assert (first.opening_offset > OPENING_CHARS // 2) is (kind == "late start")
    assert (first.opening_offset, first.chapters) == (from_text.opening_offset, from_text.chapters)
    assert first.blocks.starts() == from_text.blocks.starts()
    assert abs(first.whole_length - len(read_file(path).decode())) < 0.02 * first.whole_length
