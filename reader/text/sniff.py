"""Sniffing a file's first bytes: binary or text, byte-order marks.

Used by :mod:`reader.text.decode` (step 3 of its order of decisions) and, through
it, by the importer to refuse images, archives and executables early. BOM-less
UTF-16/32 is recognised by :mod:`reader.text.detect_wide`; this module asks it
before calling a file with NUL bytes binary.
"""

from __future__ import annotations

import codecs
import re

from reader.text.detect_wide import detect_wide

SAMPLE = 16 * 1024
"""Size of the head inspected by looks_binary and by the BOM-less UTF-16/32 check."""

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
    if iso2022_codecs(head):
        return False  # 7-bit ISO-2022-JP/KR: ESC, SO and SI are part of the text
    if detect_wide(head) is not None:
        return False  # BOM-less UTF-16/32 in any script (its NULs and controls are text)
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


_ISO2022_JP = re.compile(rb"\x1b(?:\$[@B]|\$\([DOPQ]|\([BJI]|\$A|\$\(C|\.[AF]|N)")
_ISO2022_KR = b"\x1b$)C"


def iso2022_codecs(data: bytes) -> tuple[str, ...]:
    """The ISO-2022 codecs to try on 7-bit ``data`` that carries their escape sequences.

    ISO-2022-JP and ISO-2022-KR are 7-bit: they pass a UTF-8 check, so they
    are recognised first, by their designations (``ESC $ B``, ``ESC $ ) C`` …).
    The caller decodes strictly with each codec in turn; text that merely
    contains an ESC (terminal colours) fails that and goes on to UTF-8.
    """
    if b"\x1b" not in data or not data.isascii():
        return ()
    if _ISO2022_KR in data and b"\x0e" in data:
        return ("iso2022_kr",)
    if _ISO2022_JP.search(data) is not None:
        return ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004")
    return ()
