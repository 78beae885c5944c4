"""Bytes → text: BOMs, ISO-2022, BOM-less UTF-16/32, strict UTF-8, legacy code pages.

The order of decisions (each stops the search):

1. an empty file is empty UTF-8 text (method ``empty``);
2. an explicit ``override`` codec is used as is (method ``override``);
3. a byte-order mark: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (method ``bom``);
4. 7-bit ISO-2022-JP/KR, recognised by its escape sequences and decoded
   strictly (method ``escapes``) — before UTF-8, which it would pass;
5. BOM-less UTF-16/32 in any script, recognised by the NUL and control bytes
   ASCII-compatible text never has and by the plausibility of its decoding
   (:mod:`reader.text.detect_wide`; method ``pattern``) — also before UTF-8,
   which UTF-16 English would pass;
6. strict UTF-8 over the *whole* file — pure ASCII counts as UTF-8 — or a file
   that is UTF-8 with a handful of broken sequences among many valid multi-byte
   ones (kept as UTF-8, the broken bytes replaced) (method ``utf-8``);
7. a legacy code page (:mod:`reader.text.legacy`): every candidate decodes the
   evidence (lines with non-ASCII bytes from all over the file), garbage
   decodings are dropped, and chardet's language statistics rank the rest
   (method ``chardet``, or ``plausibility`` when chardet ranks none of them).
   The GBK family is read as ``gb18030``, Shift_JIS as ``cp932`` (Microsoft's
   superset: it also decodes the NEC/IBM extensions — circled numbers, roman
   numerals, 髙 — common in web novels; on plain JIS X 0208 text it differs
   from ``shift_jis`` only in mapping 0x8160/0x817C to U+FF5E/U+FF0D instead of
   U+301C/U+2212), Big5 as ``cp950`` and EUC-KR as ``cp949``; a Latin-1 file
   without bytes 0x80–0x9F is reported as ``iso8859-1``, with them as ``cp1252``.

Bytes that do not decode are replaced with U+FFFD and counted; a file is never
refused over them. Line endings (CRLF, lone CR) become ``\\n``; nothing else
splits or joins lines here (U+0085, U+2028 and legacy 0x85 bytes are kept as
the characters they are).

The work is shared with :mod:`reader.text.sniff` (binary files, BOMs, ISO-2022),
:mod:`reader.text.detect_wide` (BOM-less UTF-16/32) and :mod:`reader.text.legacy`
(plausibility and chardet); ``looks_binary`` is re-exported here.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import threading
from collections.abc import Callable, Iterator
from typing import NamedTuple

from reader.text.book import EncodingReport
from reader.text.detect_wide import detect_wide
from reader.text.sniff import BOMS, SAMPLE, iso2022_codecs, looks_binary, plausible_utf32

__all__ = [
    "decode",
    "decode_head",
    "decode_utf8_stream",
    "detect",
    "looks_binary",
    "normalise_newlines",
]

_MAX_UTF8_ERRORS = 64
"""A file with more invalid UTF-8 sequences than this is not "UTF-8 with a few bad bytes"."""

_UTF8_HEAD = 1024 * 1024
"""Bytes checked for UTF-8 before the whole file is (most legacy files fail in them)."""

_PROBE_CHUNK = 256 * 1024
"""Window of the UTF-8 error scan."""

_MAX_COUNTED_ERRORS = 200_000
"""Past this many decode errors, replacements are counted approximately (speed)."""

_UTF8_LEADS = bytes(range(0xC2, 0xF5))

_DECODE_CHUNK = 1 << 16
"""Bytes decoded at a time (see :func:`_decode_lf`)."""


# --------------------------------------------------------------------------- public


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
    decision = _decide(data)
    report = decision.report
    if decision.text is not None:
        return decision.text, report
    text, bad = _decode_text(decision.body, report.name)
    return text, dataclasses.replace(report, replaced_bytes=bad) if bad else report


def decode_head(data: bytes, limit: int) -> tuple[str, EncodingReport, int] | None:
    """The text of the whole lines in the first ``limit`` bytes of ``data``, as
    :func:`decode` will read them, without reading the rest; None when that cannot be
    known from them (then decode the whole).

    That is a file with no BOM or UTF-8's, not ISO-2022 nor BOM-less UTF-16/32, whose
    first lines are strict UTF-8: :func:`decode` reads such a file as UTF-8 and gives
    these lines the same text, unless further on it finds so much invalid UTF-8 that
    it reads the whole file in a legacy code page (then only an ASCII head reads the
    same). Returns ``(text, report, bytes read)``; the report is the one the whole file
    gets unless some bytes after the head need replacing.
    """
    if len(data) <= limit:
        return None
    bom = data.startswith(codecs.BOM_UTF8)
    if not bom and any(data.startswith(mark) for mark, _name in BOMS):
        return None
    if iso2022_codecs(data) or detect_wide(data[:SAMPLE]) is not None:
        return None
    end = data.rfind(b"\n", 0, limit) + 1  # whole lines: no CRLF or character cut
    start = len(codecs.BOM_UTF8) if bom else 0
    if end <= start:
        return None
    try:
        text = _decode_lf(memoryview(data)[start:end], "utf-8", "strict")
    except UnicodeDecodeError:
        return None
    report = EncodingReport("utf-8", 1.0, "bom" if bom else "utf-8", bom=bom)
    return text, report, end


def decode_utf8_stream(read: Callable[[int], bytes]) -> str | None:
    """The text of a file read with ``read`` (a binary file's) to its end, as
    :func:`decode` reads a file that is strict UTF-8 through and through — or None at the
    first byte that is not (then decode its bytes). A UTF-8 BOM must have been read already.

    Reads :data:`_DECODE_CHUNK` bytes at a time and never holds the file's bytes: for a
    file whose head :func:`decode_head` read, the whole file's text costs only itself.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    text = ""
    carry = b""
    try:
        # A for loop: see _decode_lf on CPython growing ``text`` in place.
        for raw in iter(functools.partial(read, _DECODE_CHUNK), b""):
            chunk = carry + raw
            carry = b"\r" if chunk.endswith(b"\r") else b""  # it may start a CRLF
            text += decoder.decode(_bytes_newlines(chunk[: len(chunk) - len(carry)]))
        text += decoder.decode(_bytes_newlines(carry), True)
    except UnicodeDecodeError:
        return None
    return text


def detect(data: bytes) -> EncodingReport:
    """How :func:`decode` would read ``data``, without decoding all of a legacy file.

    The report's ``replaced_bytes`` is 0 unless the decision itself decoded the
    whole file (UTF-8 with a few broken bytes). Never raises.
    """
    return _decide(data).report


# --------------------------------------------------------------------------- decisions


class _Decision(NamedTuple):
    """The encoding of a file, and what is left to do to get its text."""

    report: EncodingReport
    body: bytes | memoryview
    """The bytes still to decode with ``report.name`` (BOM removed, maybe line ends too)."""
    text: str | None = None
    """The text, when deciding already produced it."""


def _decide(data: bytes) -> _Decision:
    """Steps 1 and 3–7 of the order of decisions (see the module docstring)."""
    if not data:
        return _Decision(EncodingReport("utf-8", 1.0, "empty"), b"", "")

    for bom, name in BOMS:
        if data.startswith(bom):
            if name == "utf-32-le" and not plausible_utf32(data):
                continue  # FF FE 00 00: a UTF-16 LE BOM followed by a NUL character
            return _Decision(
                EncodingReport(name, 1.0, "bom", bom=True), memoryview(data)[len(bom) :]
            )

    for name in iso2022_codecs(data):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return _Decision(EncodingReport(name, 1.0, "escapes"), data, normalise_newlines(text))

    wide = detect_wide(data[:SAMPLE])
    if wide is not None:
        return _Decision(EncodingReport(wide.name, wide.confidence, "pattern"), data)

    # From here on the encoding is ASCII-compatible (UTF-8 or a legacy code
    # page), where 0x0D/0x0A are never part of a multi-byte character, so line
    # endings are normalised on the bytes: cheaper than on the decoded text.
    first_bad = _first_utf8_error(data, _UTF8_HEAD)
    if first_bad is None:
        try:
            text = _decode_lf(data, "utf-8", "strict")
            return _Decision(EncodingReport("utf-8", 1.0, "utf-8"), data, text)
        except UnicodeDecodeError:
            first_bad = _first_utf8_error(data, len(data)) or 0

    probe = _probe_utf8(data, first_bad)
    if probe.mostly_utf8:
        text, bad = _decode_lf_counting(data, "utf-8")
        return _Decision(EncodingReport("utf-8", 0.9, "utf-8", bad), data, text)

    from reader.text.legacy import detect_legacy  # only files that are not UTF-8 need it

    guess = detect_legacy(data, first_bad)
    return _Decision(EncodingReport(guess.name, guess.confidence, guess.method), data)


def _first_utf8_error(data: bytes, span: int) -> int | None:
    """Offset of the first byte of ``data[:span]`` that is not UTF-8 (None: no such byte).

    Works on a memoryview: a UnicodeDecodeError copies the input it was given, and
    a legacy file of 50 MB fails at its first non-ASCII byte.
    """
    end = min(span, len(data))
    view = memoryview(data)
    pos = 0
    # Chunked: decoding it all at once would hold a draft of the whole text.
    while pos < end:
        stop = min(end, pos + _PROBE_CHUNK)
        try:
            _text, used = codecs.utf_8_decode(view[pos:stop], "strict", stop == len(data))
        except UnicodeDecodeError as err:
            return pos + err.start
        if stop == end:
            break  # what is left is a character cut by ``span``: no error
        pos += used  # a full chunk: a character cut by the chunk's end is read again
    return None


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into ``\\n`` (nothing else: U+0085/U+2028 are left alone)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------- helpers


def _bytes_newlines(data: bytes) -> bytes:
    """CRLF and lone CR → LF on bytes of an ASCII-compatible encoding."""
    if b"\r" in data:
        pairs = data.count(b"\r\n")
        if not pairs:
            return data.replace(b"\r", b"\n")  # lone CRs only (classic Mac OS)
        # Deleting one byte value is ~3x faster than replacing pairs, and gives the same
        # bytes when every CR starts a CRLF (the usual case): then it deleted as many CRs
        # as there are pairs (this is cheaper than counting the CRs first).
        stripped = data.replace(b"\r", b"")
        if len(data) - len(stripped) == pairs:
            return stripped
        del stripped
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
        return _decode_lf_counting(raw, name)
    text, bad = _decode_counting(raw, name)
    return normalise_newlines(text), bad


def _decode_lf(raw: bytes | memoryview, name: str, errors: str) -> str:
    """``raw`` decoded with ``name`` (a codec whose line ends are the bytes 0x0D/0x0A), its
    CRLF and lone CR made LF, :data:`_DECODE_CHUNK` bytes at a time.

    The text grows in place (CPython's ``+=`` on a string nothing else holds resizes it),
    so the peak is the text and one chunk: decoding the whole at once also held the bytes
    with their line ends changed and, for text beyond Latin-1, a one-byte draft of it —
    for a 20 MB novel some 40 MB more. Raises what the codec raises with ``errors``.
    """
    decoder = codecs.getincrementaldecoder(name)(errors)
    view = memoryview(raw)
    text = ""
    # A for loop, not a while loop: CPython 3.11 specialises ``+=`` into the in-place
    # append only in code that has warmed up, which a loop's back edge does (a
    # ``while`` loop's conditional jump back does not count).
    for pos, end in _chunks(view):
        text += decoder.decode(_bytes_newlines(view[pos:end].tobytes()), end == len(view))
    return text


def _chunks(view: memoryview) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the successive :data:`_DECODE_CHUNK`-byte parts of ``view``,
    none ending inside a CRLF (nor a run of CRs)."""
    n = len(view)
    pos = 0
    while pos < n:
        end = min(n, pos + _DECODE_CHUNK)
        while end < n and view[end - 1] == 0x0D:
            end += 1
        yield pos, end
        pos = end


def _decode_lf_counting(raw: bytes | memoryview, name: str) -> tuple[str, int]:
    """:func:`_decode_lf` with U+FFFD for bad bytes, and the number of bytes replaced
    (approximate past :data:`_MAX_COUNTED_ERRORS`, as :func:`_decode_counting`)."""
    _counter.errors = 0
    _counter.replaced = 0
    try:
        text = _decode_lf(raw, name, "quire-count")
    except _TooManyErrors:
        text = _decode_lf(raw, name, "replace")
        return text, text.count("\ufffd")
    return text, _counter.replaced


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
