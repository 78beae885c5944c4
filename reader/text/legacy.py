"""Choosing a legacy code page for bytes that are not UTF-8: chardet, corrected.

Step 6 and 7 of :mod:`reader.text.decode`'s order of decisions. chardet looks
at line-aligned samples from the start, middle and end of the file (and around
the first byte that is not UTF-8); its answer is corrected to the codec real
files need (the GBK family → ``gb18030``, Shift_JIS → ``cp932``, ISO-8859 with
0x80–0x9F bytes → the Windows code page …), and a missing or weak answer falls
back to ``cp1252``/``iso8859-1``. chardet itself is imported on first use only.
"""

from __future__ import annotations

import codecs
from typing import Any

from reader.text.sniff import SAMPLE

_C1 = bytes(range(0x80, 0xA0))

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


def detect_legacy(data: bytes, first_bad: int, utf8_unlikely: bool) -> tuple[str, float, str]:
    """Ask chardet about line-aligned samples; return (codec name, confidence, method).

    ``data`` has ``\\n`` line endings; ``first_bad`` is the offset of its first
    byte that is not UTF-8; ``utf8_unlikely`` says the file has more invalid
    UTF-8 sequences than valid multi-byte characters (so a UTF-8 guess is wrong).
    """
    guess = _chardet(_samples(data, first_bad))
    confidence = float(guess.get("confidence") or 0.0)
    name = _normalise(guess.get("encoding") or "")
    if name == "utf-8" and utf8_unlikely:
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
    if n <= 4 * SAMPLE:
        return data
    half = SAMPLE // 2
    around = max(SAMPLE, first_bad - half)
    parts = [
        _cut(data, 0, SAMPLE),
        _cut(data, around, around + SAMPLE),
        _cut(data, n // 2 - half, n // 2 + half),
        _cut(data, n - SAMPLE, n),
    ]
    return b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts)
