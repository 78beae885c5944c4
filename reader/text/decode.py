"""Bytes → text: BOMs, strict UTF-8, chardet, legacy fallbacks, line endings.

The order of decisions (each stops the search):

1. an empty file is empty UTF-8 text (method ``empty``);
2. an explicit ``override`` codec is used as is (method ``override``);
3. a byte-order mark: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (method ``bom``);
4. BOM-less UTF-16/32, recognised by its pattern of NUL bytes (method ``fallback``);
5. strict UTF-8 over the *whole* file — pure ASCII counts as UTF-8 — or a file
   that is UTF-8 with a handful of broken sequences among many valid multi-byte
   ones (kept as UTF-8, the broken bytes replaced) (method ``utf-8``);
6. chardet over samples from the start, middle and end (and around the first
   byte that is not UTF-8), cut at line boundaries (method ``chardet``).
   chardet may choose among modern, ISO-8859 and Russian DOS (cp866) code
   pages, not Mac, EBCDIC or Western DOS ones (those turn cp1252 curly quotes
   into box drawing). Its answer is corrected: the GBK family is always
   ``gb18030``; the Shift_JIS family is always ``cp932`` (Microsoft's superset:
   it also decodes the NEC/IBM extensions — circled numbers, roman numerals,
   髙 — common in web novels; on plain JIS X 0208 text it differs from
   ``shift_jis`` only in mapping 0x8160/0x817C to U+FF5E/U+FF0D instead of
   U+301C/U+2212); Big5 is read as ``cp950`` and EUC-KR as ``cp949`` (their
   supersets) for the same reason; an ISO-8859 guess becomes its Windows code page when bytes
   0x80–0x9F occur (C1 control codes in ISO-8859, curly quotes and dashes in
   Windows text), and ``cp1252``/``ascii`` without such bytes is reported as
   ``iso8859-1``;
7. when chardet has no answer, or only a weak one (< 0.2) for some non-Western
   Latin code page, or says UTF-8 about a file that is mostly not: ``cp1252``
   if bytes 0x80–0x9F occur, else ``iso8859-1`` (method ``fallback``).

Bytes that do not decode are replaced with U+FFFD and counted; a file is never
refused over them. Line endings (CRLF, lone CR) become ``\\n``; nothing else
splits or joins lines here (U+0085, U+2028 and legacy 0x85 bytes are kept as
the characters they are).
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
from typing import Any, NamedTuple

from reader.text.book import EncodingReport

__all__ = ["decode", "looks_binary", "normalise_newlines"]

_SAMPLE = 16 * 1024
"""Size of each sample handed to chardet (and inspected by looks_binary)."""

_MAX_UTF8_ERRORS = 64
"""A file with more invalid UTF-8 sequences than this is not "UTF-8 with a few bad bytes"."""

_PROBE_CHUNK = 256 * 1024
"""Window of the UTF-8 error scan."""

_MAX_COUNTED_ERRORS = 200_000
"""Past this many decode errors, replacements are counted approximately (speed)."""

_LONE_CR = re.compile(rb"\r(?!\n)")
_C1 = bytes(range(0x80, 0xA0))
_UTF8_LEADS = bytes(range(0xC2, 0xF5))
# Control bytes that never occur in text (TAB, LF, VT, FF, CR and ESC are allowed).
_BINARY_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

_BOMS: tuple[tuple[bytes, str], ...] = (
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

# ISO-8859 parts → the Windows code page with the same letters plus
# punctuation (curly quotes, dashes …) in 0x80–0x9F.
_ISO_TO_WINDOWS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-15": "cp1252",
    "iso8859-2": "cp1250",
    "iso8859-4": "cp1257",
    "iso8859-6": "cp1256",
    "iso8859-7": "cp1253",
    "iso8859-8": "cp1255",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "iso8859-13": "cp1257",
}
# Latin-script single-byte code pages chardet may pick on thin evidence.
_LATIN_SINGLE_BYTE = frozenset(
    {"cp1250", "cp1254", "cp1257", "cp1258", "cp437", "cp850", "cp852"}
    | {f"iso8859-{n}" for n in (2, 3, 4, 9, 10, 13, 14, 16)}
)
_WEAK_GUESS = 0.2

# chardet candidates: modern, ISO and DOS code pages (see _chardet); not Mac or EBCDIC
# ones, and of the DOS pages only Russian cp866 (the Western ones swallow cp1252 quotes).
_EXCLUDED = tuple(f"cp{n}" for n in (437, 737, 775, 850, 852, 855, 856, 857, 858, 860, 861))
_EXCLUDED += tuple(f"cp{n}" for n in (862, 863, 864, 865, 869))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936"}
_SJIS_FAMILY = {"shift_jis", "cp932", "ms932", "sjis"}
# Microsoft supersets that also decode the vendor extensions real files use.
_SUPERSETS = {"big5": "cp950", "euc_kr": "cp949"}


# --------------------------------------------------------------------------- public


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: an image, archive, executable, a run of NULs.

    Checks well-known magic numbers, then the share of NUL and other control
    bytes in the first 16 KB. UTF-16/32 text (with or without a BOM) is text;
    so is Shift_JIS, GBK or any other ASCII-compatible legacy encoding (their
    multi-byte sequences never use control bytes). An empty file is text.
    """
    if not data:
        return False
    head = bytes(data[:_SAMPLE])
    if any(head.startswith(bom) for bom, _name in _BOMS):
        return False
    if any(head.startswith(magic) for magic in _MAGIC):
        return True
    if _other_magic(head):
        return True
    if b"\x00" in head and _wide_unicode(head) is not None:
        return False
    n = len(head)
    nuls = head.count(0)
    controls = n - len(head.translate(None, _BINARY_CONTROLS))
    return nuls * 100 > n or controls * 10 > n


def decode(data: bytes, override: str | None = None) -> tuple[str, EncodingReport]:
    """Decode a file's bytes into normalised text and say how it was decided.

    Returns the text (BOM removed, CRLF and lone CR turned into ``\\n``) and an
    :class:`EncodingReport` whose ``name`` is Python's canonical codec name.
    ``override`` (any codec name or alias Python knows) skips detection.

    Never raises for any input bytes; raises ``ValueError`` only when
    ``override`` is not a known text encoding.
    """
    if override is not None:
        return _decode_override(data, override)
    if not data:
        return "", EncodingReport("utf-8", 1.0, "empty")

    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-32-le" and not _plausible_utf32(data):
                continue  # FF FE 00 00: a UTF-16 LE BOM followed by a NUL character
            text, bad = _decode_text(memoryview(data)[len(bom) :], name)
            return text, EncodingReport(name, 1.0, "bom", bad, bom=True)

    head = data[:_SAMPLE]
    if b"\x00" in head:
        wide = _wide_unicode(head)
        if wide is not None:
            text, bad = _decode_text(data, wide)
            return text, EncodingReport(wide, 0.8, "fallback", bad)

    # From here on the encoding is ASCII-compatible (UTF-8 or a legacy code
    # page), where 0x0D/0x0A are never part of a multi-byte character, so line
    # endings are normalised on the bytes: cheaper than on the decoded text.
    lf_data = _bytes_newlines(data)
    try:
        text = lf_data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    else:
        return text, EncodingReport("utf-8", 1.0, "utf-8")

    probe = _probe_utf8(lf_data, first_bad)
    if probe.mostly_utf8:
        text, bad = _decode_counting(lf_data, "utf-8")
        return text, EncodingReport("utf-8", 0.9, "utf-8", bad)

    name, confidence, method = _detect_legacy(lf_data, first_bad, probe)
    text, bad = _decode_text(lf_data if _ascii_newlines(name) else data, name)
    return text, EncodingReport(name, confidence, method, bad)


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into ``\\n`` (nothing else: U+0085/U+2028 are left alone)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------- helpers


def _bytes_newlines(data: bytes) -> bytes:
    """CRLF and lone CR → LF on bytes of an ASCII-compatible encoding."""
    if b"\r" in data:
        if _LONE_CR.search(data) is None:
            # Every CR starts a CRLF (the usual case): deleting the CRs gives the same
            # bytes, and deleting one byte value is ~6x faster than replacing pairs.
            return data.replace(b"\r", b"")
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            data = data.replace(b"\r", b"\n")
    return data


@functools.lru_cache(maxsize=64)
def _ascii_newlines(name: str) -> bool:
    """True when the codec writes CR and LF as the single bytes 0x0D and 0x0A."""
    if name.startswith(("utf-16", "utf-32")):
        return False
    try:
        return "\r\n".encode(name) == b"\r\n"
    except Exception:
        return False


def _decode_text(raw: bytes | memoryview, name: str) -> tuple[str, int]:
    """Decode with replacement counting and normalise line endings, cheapest way first."""
    if _ascii_newlines(name):
        return _decode_counting(_bytes_newlines(bytes(raw)), name)
    text, bad = _decode_counting(raw, name)
    return normalise_newlines(text), bad


def _decode_override(data: bytes, override: str) -> tuple[str, EncodingReport]:
    try:
        info = codecs.lookup(override)
    except (LookupError, TypeError, ValueError):
        raise ValueError(f"unknown encoding: {override!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"not a text encoding: {override!r}")
    name = info.name
    try:
        text, bad = _decode_text(data, name)
    except Exception as err:  # exotic codecs (idna, punycode …) raise their own errors
        raise ValueError(f"the file cannot be decoded as {name}: {err}") from None
    bom = False
    if text.startswith("\ufeff"):
        text, bom = text[1:], True
    elif name.startswith(("utf-16", "utf-32")) and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        bom = name in ("utf-16", "utf-32")  # Python's BOM-sniffing codecs ate it
    return text, EncodingReport(name, 1.0, "override", bad, bom=bom)


def _plausible_utf32(data: bytes) -> bool:
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


def _wide_unicode(head: bytes) -> str | None:
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


class _Utf8Probe(NamedTuple):
    """What a scan for invalid UTF-8 found (stopping after too many errors)."""

    errors: int
    multibyte: int
    finished: bool

    @property
    def mostly_utf8(self) -> bool:
        """UTF-8 with a few bad bytes: at most 64 invalid sequences, all of the
        file scanned, outnumbered ten to one by valid multi-byte characters (a
        UTF-8 file with a corrupt byte, not a Latin-1 file that starts as ASCII)."""
        return self.finished and self.multibyte >= 10 * self.errors


def _probe_utf8(data: bytes, first_bad: int) -> _Utf8Probe:
    """Count invalid UTF-8 sequences and valid multi-byte characters from ``first_bad`` on."""
    view = memoryview(data)
    n = len(data)
    errors = 0
    multibyte = _count_leads(view[:first_bad])
    pos = first_bad
    # Chunked, because each UnicodeDecodeError copies the input it was given.
    while pos < n:
        end = min(n, pos + _PROBE_CHUNK)
        try:
            _text, used = codecs.utf_8_decode(view[pos:end], "strict", end == n)
        except UnicodeDecodeError as err:
            errors += 1
            multibyte += _count_leads(view[pos : pos + err.start])
            pos += err.end
            if errors > _MAX_UTF8_ERRORS:
                return _Utf8Probe(errors, multibyte, False)
        else:
            multibyte += _count_leads(view[pos : pos + used])
            pos += used
    return _Utf8Probe(errors, multibyte, True)


def _count_leads(chunk: memoryview) -> int:
    """Lead bytes of multi-byte UTF-8 characters in a chunk known to be valid UTF-8."""
    raw = bytes(chunk)
    return len(raw) - len(raw.translate(None, _UTF8_LEADS))


def _detect_legacy(data: bytes, first_bad: int, probe: _Utf8Probe) -> tuple[str, float, str]:
    """Ask chardet about line-aligned samples; return (codec name, confidence, method)."""
    guess = _chardet(_samples(data, first_bad))
    confidence = float(guess.get("confidence") or 0.0)
    name = _normalise(guess.get("encoding") or "")
    if name == "utf-8" and probe.multibyte < probe.errors:
        name = None  # the samples looked like UTF-8 but the file is mostly not
    if name in _LATIN_SINGLE_BYTE and confidence < _WEAK_GUESS:
        name = None  # a weak guess among Latin code pages: Western European is likelier
    # chardet answers "no match" with its sentinel cp1252 at confidence 0.10.
    if name in ("cp1252", "iso8859-1", "ascii") and confidence <= 0.1:
        name = None
    if name is None:
        return ("cp1252" if _has_c1(data) else "iso8859-1"), 0.0, "fallback"
    if name in _ISO_TO_WINDOWS or name == "cp1252":
        if _has_c1(data):
            # 0x80–0x9F are C1 controls in ISO-8859, never real text: the
            # Windows code page (curly quotes, dashes …) is what was meant.
            name = _ISO_TO_WINDOWS.get(name, name)
        elif name in ("ascii", "cp1252"):
            name = "iso8859-1"  # same characters; the name the file most likely declares
    return name, confidence, "chardet"


def _chardet(sample: bytes) -> dict[str, Any]:
    """chardet's guess, limited to encodings that .txt fiction is really written in."""
    # Imported here: UTF-8 files and cached books never need chardet (~10 ms to import).
    import chardet
    from chardet import EncodingEra

    eras = EncodingEra.MODERN_WEB | EncodingEra.LEGACY_ISO | EncodingEra.DOS
    for kwargs in ({"encoding_era": eras, "exclude_encodings": _EXCLUDED}, {}):
        try:
            return dict(chardet.detect(sample, **kwargs))
        except TypeError:  # an older chardet 7 without these keywords
            continue
        except Exception:  # chardet must never take the reader down
            break
    return {"encoding": None, "confidence": 0.0}


def _normalise(guess: str) -> str | None:
    """chardet's name → the Python codec this reader decodes with (None if unusable)."""
    if not guess:
        return None
    try:
        info = codecs.lookup(guess)
    except LookupError:
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True):
        return None
    if name in _GB_FAMILY:
        return "gb18030"
    if name in _SJIS_FAMILY:
        return "cp932"
    if name in _SUPERSETS:
        return _SUPERSETS[name]
    if name == "utf-8-sig":
        return "utf-8"
    if name in ("utf-16", "utf-32"):
        return None  # BOM-less wide text was already handled; do not guess byte order
    return name


def _has_c1(data: bytes) -> bool:
    """True when any byte in 0x80–0x9F occurs."""
    return len(data.translate(None, _C1)) != len(data)


def _cut(data: bytes, start: int, end: int) -> bytes:
    """``data[start:end]`` widened/narrowed to whole lines where a line break is near."""
    start = max(0, start)
    end = min(len(data), end)
    if start > 0:
        nl = data.find(b"\n", start, end)
        if nl != -1:
            start = nl + 1
    if end < len(data):
        nl = data.rfind(b"\n", start, end)
        if nl != -1:
            end = nl + 1
    return data[start:end]


def _samples(data: bytes, first_bad: int) -> bytes:
    """Start, middle, end and the region around the first non-UTF-8 byte, as one sample."""
    n = len(data)
    if n <= 4 * _SAMPLE:
        return data
    half = _SAMPLE // 2
    around = max(_SAMPLE, first_bad - half)
    parts = [
        _cut(data, 0, _SAMPLE),
        _cut(data, around, around + _SAMPLE),
        _cut(data, n // 2 - half, n // 2 + half),
        _cut(data, n - _SAMPLE, n),
    ]
    return b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts)


class _TooManyErrors(Exception):
    pass


_counter = threading.local()


def _count_and_replace(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    _counter.errors += 1
    _counter.replaced += err.end - err.start
    if _counter.errors > _MAX_COUNTED_ERRORS:
        raise _TooManyErrors
    return "\ufffd", err.end


codecs.register_error("quire-count", _count_and_replace)


def _decode_counting(data: bytes | memoryview, name: str) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes; return the text and the number of bytes replaced."""
    try:
        return str(data, name), 0
    except UnicodeDecodeError:
        pass
    _counter.errors = 0
    _counter.replaced = 0
    try:
        text = str(data, name, "quire-count")
    except _TooManyErrors:
        # Garbage: stop paying a Python call per error; estimate one byte per U+FFFD.
        text = str(data, name, "replace")
        return text, text.count("\ufffd")
    return text, _counter.replaced
