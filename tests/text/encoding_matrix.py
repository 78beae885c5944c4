"""The encoding conformance matrix: every corpus text in every encoding that can hold it.

Nothing here is committed as data: the cases are built on demand from the corpus
(``../shared/corpus``, each file read with the encoding its MANIFEST gives) and
from the short texts in :mod:`tests.text.encoding_texts`. Used by
``tests/text/test_encoding_matrix.py`` (the whole-file column and the UTF-16/32
rule) and ``tests/bench/bench_encodings.py`` (the accuracy tables).

A case is one text, re-encoded into one :data:`ROWS` encoding, with

- line endings ``LF``, ``CRLF`` or ``CR``;
- a start: ``head`` (the book's own beginning, header and all) or ``mid`` (from
  the first line boundary after the middle of the book, e.g. straight into
  kanji with no ASCII header);
- a length: ``2KB`` or ``20KB`` of encoded bytes, or ``whole`` (the whole text
  from that start, optionally capped at ``whole_cap`` bytes).

Texts an encoding cannot represent are skipped for it. Where the only obstacle is
typographic punctuation the code page lacks (a dash, an ellipsis, curly quotes,
guillemets), the text is first *folded* to the ASCII forms files in that code
page use (``--``, ``...``, ``"``): Onegin in KOI8-R is Onegin with ``--``. A
case in an ASCII-compatible encoding whose excerpt is pure ASCII is skipped too:
it would test nothing about that encoding.

A detector is right when the text it decodes equals the case's text after the
reader's own normalisation (BOM removed, CRLF/CR → LF), or differs from it only
by vendor mappings of the same bytes (:func:`same_text`: Shift_JIS vs cp932's
U+2212/U+FF0D, Big5 vs cp950 …). Names are never compared: ISO-8859-15 read as
ISO-8859-1 is right when no byte that differs between them occurs.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.text.encoding_texts import OWN_TEXTS

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

KB = 1024
LENGTHS: dict[str, int | None] = {"2KB": 2 * KB, "20KB": 20 * KB, "whole": None}
ENDINGS: dict[str, str] = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}
STARTS = ("head", "mid")
OWN_TEXT_SIZE = 24_000
"""Characters each own text is cycled to (whole paragraphs), so a 20 KB excerpt exists."""

# Corpus texts, one per distinct text: the variants/ files are re-encodings of
# three of these (Alice, Onegin, Wagahai) and give no new text.
CORPUS_TEXTS: dict[str, tuple[str, str]] = {
    "war_and_peace": ("gutenberg/war_and_peace__pg2600-0.txt", "utf-8-sig"),
    "alice": ("gutenberg/alices_adventures_in_wonderland__pg11-0.txt", "utf-8-sig"),
    "sherlock": ("gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt", "latin-1"),
    "pride": ("gutenberg/pride_and_prejudice__pg1342.txt", "ascii"),
    "dracula": ("gutenberg/dracula__pg345.txt", "ascii"),
    "bovary": ("french_latin1/madame_bovary_fr__pg14155-8.txt", "latin-1"),
    "sanguo": ("chinese_gbk/sanguo_yanyi.txt", "gbk"),
    "wagahai": ("japanese_sjis/wagahaiwa_nekodearu.txt", "shift_jis"),
    "onegin": ("russian_cp1251/evgeniy_onegin.txt", "cp1251"),
    "desperate_measures": ("fanfic/desperate_measures.txt", "ascii"),
    "alaric": ("fanfic/alaric_leaving.txt", "utf-8"),
}


@dataclass(frozen=True)
class Row:
    """One encoding of the matrix: its label, Python codec, BOM and family."""

    label: str
    codec: str
    bom: bytes = b""
    family: str = ""

    @property
    def wide(self) -> bool:
        """UTF-16 or UTF-32 (the encodings that must never be confused with the rest)."""
        return self.codec.startswith(("utf-16", "utf-32"))

    @property
    def ascii_compatible(self) -> bool:
        """ASCII text is the same bytes in this encoding (so pure-ASCII excerpts test nothing)."""
        return not self.wide


def _rows() -> tuple[Row, ...]:
    u = "Unicode"
    rows = [
        Row("UTF-8", "utf-8", b"", u),
        Row("UTF-8 BOM", "utf-8", codecs.BOM_UTF8, u),
    ]
    for bits in ("16", "32"):
        for order in ("LE", "BE"):
            codec = f"utf-{bits}-{order.lower()}"
            bom = getattr(codecs, f"BOM_UTF{bits}_{order}")
            rows.append(Row(f"UTF-{bits}{order}", codec, b"", u))
            rows.append(Row(f"UTF-{bits}{order} BOM", codec, bom, u))
    table = {
        "CJK": [
            ("GB18030", "gb18030"),
            ("GBK", "gbk"),
            ("Big5", "big5"),
            ("Shift_JIS", "shift_jis"),
            ("EUC-JP", "euc_jp"),
            ("EUC-KR", "euc_kr"),
            ("ISO-2022-JP", "iso2022_jp"),
            ("ISO-2022-KR", "iso2022_kr"),
        ],
        "Cyrillic": [
            ("cp1251", "cp1251"),
            ("KOI8-R", "koi8_r"),
            ("KOI8-U", "koi8_u"),
            ("cp866", "cp866"),
            ("cp855", "cp855"),
            ("ISO-8859-5", "iso8859_5"),
            ("mac-cyrillic", "mac_cyrillic"),
        ],
        "Western/Central European": [
            ("cp1252", "cp1252"),
            ("ISO-8859-1", "latin_1"),
            ("ISO-8859-15", "iso8859_15"),
            ("mac-roman", "mac_roman"),
            ("cp1250", "cp1250"),
            ("ISO-8859-2", "iso8859_2"),
        ],
        "Greek, Turkish, Hebrew, Arabic": [
            ("cp1253", "cp1253"),
            ("ISO-8859-7", "iso8859_7"),
            ("cp1254", "cp1254"),
            ("ISO-8859-9", "iso8859_9"),
            ("cp1255", "cp1255"),
            ("cp1256", "cp1256"),
            ("ISO-8859-6", "iso8859_6"),
        ],
    }
    for family, entries in table.items():
        rows.extend(Row(label, codec, b"", family) for label, codec in entries)
    return tuple(rows)


ROWS: tuple[Row, ...] = _rows()
ROW_BY_LABEL = {row.label: row for row in ROWS}

# Typographic characters and the ASCII a file in a code page without them uses.
_FOLD = {
    "\u2014": "--",
    "\u2013": "-",
    "\u2015": "--",
    "\u2026": "...",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2116": "N",
    "\u00a0": " ",
}


# --------------------------------------------------------------------------- texts


def corpus_available() -> bool:
    """True when the shared corpus folder is present."""
    return CORPUS.is_dir()


def _normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cycle(text: str, size: int) -> str:
    """Whole paragraphs of ``text`` repeated until the result reaches ``size`` characters."""
    paragraphs = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    out: list[str] = []
    length = 0
    i = 0
    while length < size:
        p = paragraphs[i % len(paragraphs)] + "\n\n"
        out.append(p)
        length += len(p)
        i += 1
    return "".join(out)


@functools.cache
def source_texts() -> dict[str, str]:
    """Every text of the matrix by id, ``\\n`` line endings, no BOM."""
    texts: dict[str, str] = {}
    if corpus_available():
        for text_id, (rel, codec) in CORPUS_TEXTS.items():
            texts[text_id] = _normalise((CORPUS / rel).read_bytes().decode(codec))
    for text_id, (_language, text) in OWN_TEXTS.items():
        texts[text_id] = _cycle(text, OWN_TEXT_SIZE)
    return texts


@functools.cache
def representable(text_id: str, label: str) -> str | None:
    """The text as a file in ``label``'s encoding would hold it, or None if it cannot.

    The text itself when it encodes without loss; else the text with the typographic
    characters the code page lacks folded to ASCII, if that is enough; else None.
    """
    text = source_texts()[text_id]
    codec = ROW_BY_LABEL[label].codec
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        pass
    else:
        return text
    for ch, ascii_form in _FOLD.items():
        if ch in text:
            try:
                ch.encode(codec)
            except UnicodeEncodeError:
                text = text.replace(ch, ascii_form)
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return None
    return text


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One cell entry: a text in one encoding, line ending, start and length."""

    text_id: str
    label: str
    ending: str
    start: str
    length: str
    whole_cap: int | None = None

    @property
    def row(self) -> Row:
        """The encoding row of this case."""
        return ROW_BY_LABEL[self.label]

    @property
    def name(self) -> str:
        """A readable id, e.g. ``wagahai/Shift_JIS/CRLF/mid/2KB``."""
        return f"{self.text_id}/{self.label}/{self.ending}/{self.start}/{self.length}"

    def build(self) -> tuple[bytes, str] | None:
        """The file's bytes and the text a reader must get from them (None: case skipped)."""
        text = representable(self.text_id, self.label)
        if text is None:
            return None
        if self.start == "mid":
            text = text[_mid_line(text) :]
        budget = LENGTHS[self.length]
        if budget is None:
            budget = self.whole_cap
        row = self.row
        excerpt = _fit(text, row, self.ending, budget)
        if row.ascii_compatible and excerpt.isascii():
            return None
        return _encode(excerpt, row, self.ending), excerpt


def _mid_line(text: str) -> int:
    """Offset of the first line start after the middle of ``text`` (the middle if none)."""
    mid = len(text) // 2
    nl = text.find("\n", mid)
    return nl + 1 if nl != -1 and nl + 1 < len(text) else mid


def _encode(text: str, row: Row, ending: str) -> bytes:
    if ending != "LF":
        text = text.replace("\n", ENDINGS[ending])
    return row.bom + text.encode(row.codec)


def _fit(text: str, row: Row, ending: str, budget: int | None) -> str:
    """The longest prefix of ``text`` whose file (BOM, endings) is at most ``budget`` bytes."""
    if budget is None:
        return text
    lo, hi = 0, min(len(text), budget)  # every character takes at least one byte
    if len(_encode(text[:hi], row, ending)) <= budget:
        return text[:hi]
    # Narrow the search with the bytes-per-character ratio, then bisect what is left.
    k = hi
    for _ in range(4):
        size = len(_encode(text[:k], row, ending))
        if size <= budget:
            lo = max(lo, k)
        else:
            hi = min(hi, k - 1)
        k = max(lo, min(hi, k * budget // max(1, size)))
        if lo >= hi:
            break
    while lo < hi:
        k = (lo + hi + 1) // 2
        if len(_encode(text[:k], row, ending)) <= budget:
            lo = k
        else:
            hi = k - 1
    return text[:lo]


def cases(
    lengths: tuple[str, ...] = tuple(LENGTHS),
    whole_cap: int | None = None,
    rows: tuple[Row, ...] = ROWS,
) -> Iterator[Case]:
    """Every case of the matrix for these lengths (skipped ones are filtered by ``build``)."""
    for text_id in source_texts():
        for row in rows:
            if representable(text_id, row.label) is None:
                continue
            for length in lengths:
                for ending in ENDINGS:
                    for start in STARTS:
                        yield Case(text_id, row.label, ending, start, length, whole_cap)


# --------------------------------------------------------------------------- judging

# Codecs whose decodings of the same bytes differ only by vendor mapping tables.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "shift_jis": ("cp932", "shift_jis_2004", "shift_jisx0213"),
    "euc_jp": ("euc_jis_2004", "euc_jisx0213"),
    "iso2022_jp": ("iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3"),
    "gbk": ("gb18030",),
    "gb18030": ("gbk",),
    "big5": ("cp950",),
    "euc_kr": ("cp949",),
}


@functools.cache
def _vendor_fold() -> dict[int, int]:
    """char → canonical char, for characters that the same bytes become under sibling codecs."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for base, alts in _FAMILIES.items():
        for cp in range(0x80, 0x10000):
            ch = chr(cp)
            if 0xD800 <= cp < 0xE000:
                continue
            try:
                raw = ch.encode(base)
            except UnicodeEncodeError:
                continue
            for alt in alts:
                try:
                    other = raw.decode(alt)
                except UnicodeDecodeError:
                    continue
                if len(other) == 1 and other != ch:
                    a, b = find(ch), find(other)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    return {ord(c): ord(find(c)) for c in parent}


def same_text(got: str, expected: str) -> bool:
    """True when ``got`` is ``expected``, up to vendor mappings of the same bytes."""
    if got == expected:
        return True
    if len(got) != len(expected):
        return False
    fold = _vendor_fold()
    return got.translate(fold) == expected.translate(fold)


def reader_normalise(text: str) -> str:
    """What the reader does to any decoded text: drop a leading BOM, CRLF/CR → LF."""
    return _normalise(text)


def is_wide(codec: str | None) -> bool:
    """True for a UTF-16 or UTF-32 codec name (any spelling Python knows)."""
    if not codec:
        return False
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


# --------------------------------------------------------------------------- guard


class Hang(BaseException):
    """Raised by :func:`hang_guard` (a BaseException: no ``except Exception`` swallows it)."""


@contextlib.contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when the block runs longer than ``seconds`` (SIGALRM).

    A guard against endless loops, not a timing assertion: the limit is generous.
    """

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
