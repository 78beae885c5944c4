"""Sniffing a file's first bytes: binary or text, byte-order marks, BOM-less UTF-16/32.

Used by :mod:`reader.text.decode` (steps 3 and 4 of its order of decisions) and,
through it, by the importer to refuse images, archives and executables early.
"""

from __future__ import annotations

import codecs

SAMPLE = 16 * 1024
"""Size of the head inspected by looks_binary (and of each sample handed to chardet)."""

# Control bytes that never occur in text (TAB, LF, VT, FF, CR and ESC are allowed).
_BINARY_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

# Byte-order marks and their codecs, longest first where prefixes overlap (UTF-32 LE
# before UTF-16 LE).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # ZIP, EPUB, DOCX, ODT, JAR
    b"PK\x05\x06",  # empty ZIP
    b"PK\x07\x08",
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"SQLite format 3\x00",
    b"OggS",
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\xca\xfe\xba\xbe",  # Mach-O fat / Java class
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE (old .doc)
    b"\x00asm",
)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: an image, archive, executable, a run of NULs.

    Checks well-known magic numbers, then the share of NUL and other control
    bytes in the first 16 KB. UTF-16/32 text (with or without a BOM) is text;
    so is Shift_JIS, GBK or any other ASCII-compatible legacy encoding (their
    multi-byte sequences never use control bytes). An empty file is text.
    """
    if not data:
        return False
    head = bytes(data[:SAMPLE])
    if any(head.startswith(bom) for bom, _name in BOMS):
        return False
    if any(head.startswith(magic) for magic in _MAGIC):
        return True
    if _other_magic(head):
        return True
    if b"\x00" in head and wide_unicode(head) is not None:
        return False
    n = len(head)
    nuls = head.count(0)
    controls = n - len(head.translate(None, _BINARY_CONTROLS))
    return nuls * 100 > n or controls * 10 > n


def plausible_utf32(data: bytes) -> bool:
    """A UTF-32 LE BOM is only believed when the rest decodes as UTF-32 LE."""
    if len(data) % 4:
        return False
    try:
        data.decode("utf-32-le")
    except UnicodeDecodeError:
        return False
    return True


def _other_magic(head: bytes) -> bool:
    """Binary formats whose signature needs more than a prefix test."""
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return True
    if head[4:8] == b"ftyp":  # MP4, MOV, HEIC, M4A
        return True
    if head[:3] == b"BZh" and head[4:10] == b"1AY&SY":
        return True
    if head[:3] == b"ID3" and len(head) > 4 and head[3] < 10:  # MP3 with a tag
        return True
    return head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00"  # Windows bitmap


def wide_unicode(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` or ``utf-32-le``/``-be`` when the NUL pattern says so, else None.

    BOM-less UTF-16/32 text in Latin/Cyrillic/… scripts has NULs in the high
    byte of most code units; the candidate is kept only if the sample then
    decodes to mostly printable characters (so a file of NULs is not text).
    """
    n4 = len(head) - len(head) % 4
    if n4 < 4:
        return None
    cols = [head[i:n4:4].count(0) / (n4 // 4) for i in range(4)]
    candidates: list[str] = []
    if cols[2] > 0.9 and cols[3] > 0.9 and cols[0] < 0.05:
        candidates.append("utf-32-le")
    if cols[0] > 0.9 and cols[1] > 0.9 and cols[3] < 0.05:
        candidates.append("utf-32-be")
    even = (cols[0] + cols[2]) / 2
    odd = (cols[1] + cols[3]) / 2
    if odd > 0.3 and even < 0.05:
        candidates.append("utf-16-le")
    if even > 0.3 and odd < 0.05:
        candidates.append("utf-16-be")
    for name in candidates:
        sample = head[:n4].decode(name, "replace")
        if not sample:
            continue
        junk = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f\v"))
        if junk * 20 <= len(sample):
            return name
    return None


def _cjk_share(sample: str) -> float:
    """Share of ``sample`` that is CJK script, CJK punctuation, full-width forms or line breaks."""
    if not sample:
        return 0.0
    good = sum(
        1
        for ch in sample
        if "\u3000" <= ch <= "\u30ff"  # CJK punctuation, hiragana, katakana
        or "\u4e00" <= ch <= "\u9fff"  # CJK unified ideographs
        or "\uac00" <= ch <= "\ud7a3"  # Hangul syllables
        or "\uff00" <= ch <= "\uffef"  # full-width forms
        or ch in "\n\r "
    )
    return good / len(sample)


def cjk_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 text written in CJK scripts, else None.

    Such text has few or no NUL bytes (only line breaks and ASCII do), so
    :func:`wide_unicode` cannot see it. The byte order whose strict decoding is
    almost all CJK wins; a legacy CJK code page (GBK, Shift_JIS …) read as UTF-16
    gives surrogates or scattered code points instead.
    """
    head = head[:4096]  # plenty to tell, and cheap for every legacy file that gets here
    n = len(head) - len(head) % 2
    if n < 64:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            sample = head[:n].decode(name)
        except UnicodeDecodeError as err:
            if err.start < n - 4:  # a sample cut inside a surrogate pair is fine
                continue
            sample = head[: err.start].decode(name)
        if _cjk_share(sample) >= 0.9:
            return name
    return None
