"""Choosing a legacy code page for bytes that are not UTF-8: plausibility, then chardet.

Step 7 of :mod:`reader.text.decode`'s order of decisions.

1. **Evidence.** Lines that hold non-ASCII bytes, from windows spread over the
   whole file (and around its first non-UTF-8 byte); when such lines are scarce
   (an English book with thirteen accented words), the file is searched for
   more (:mod:`reader.text.detect_evidence`).
2. **Plausibility.** The evidence is decoded with every candidate code page and
   each decoding is scored by :func:`reader.text.detect_plausible.badness` per
   non-ASCII byte. Candidates whose text is garbage (control codes, symbols inside
   words, swapped cases, mixed scripts) are dropped; what is left decodes to
   plausible text.
3. **chardet** ranks the evidence with its language statistics; the first of its
   candidates that is still plausible wins (method ``chardet``). When chardet
   names none of them — it gives up on sparse evidence such as English with
   GBK or Shift_JIS quotes — or the evidence is a handful of bytes, the least
   implausible candidate wins, ties going to the first in :data:`CANDIDATES`
   order (method ``plausibility``, confidence at most 0.5: no language
   statistics stand behind it).
4. **The name.** Code pages that read the evidence alike are checked where they
   part ways in the file itself (:mod:`reader.text.detect_equivalents`); of
   those that read the whole file alike, the first in :data:`CANDIDATES` order
   is reported, so a Latin-1 file without bytes 0x80–0x9F is ``iso8859-1`` (not
   ``cp1252``). The GBK, Shift_JIS, Big5 and EUC-KR families are read with the
   supersets real files need (``gb18030``, ``cp932``, ``cp950``, ``cp949``).

chardet itself is imported on first use only.
"""

from __future__ import annotations

import codecs
from typing import Any, NamedTuple

from reader.text.detect_equivalents import settle
from reader.text.detect_evidence import evidence, high_byte_count, thin
from reader.text.detect_plausible import badness

CANDIDATES: tuple[str, ...] = (
    "utf-8",
    "iso8859-1",
    "cp1252",
    "iso8859-15",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "cp866",
    "iso8859-5",
    "mac-cyrillic",
    "cp855",
    "gb18030",
    "cp932",
    "euc_jp",
    "cp949",
    "cp950",
    "cp1250",
    "iso8859-2",
    "cp1253",
    "iso8859-7",
    "cp1254",
    "iso8859-9",
    "cp1255",
    "iso8859-8",
    "cp1256",
    "iso8859-6",
    "cp1257",
    "iso8859-13",
    "mac-roman",
    "cp874",
    "cp1258",
)
"""Codecs a legacy file may be read with (Python's names), in order of preference.

The order breaks ties between decodings that are equally plausible and that
chardet does not rank, and picks the name among equivalent ones."""

_SINGLE_BYTE = frozenset(CANDIDATES) - {"utf-8", "gb18030", "cp932", "euc_jp", "cp949", "cp950"}

# chardet's answers → the codec this reader decodes with.
_FAMILIES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "big5": "cp950",
    "big5hkscs": "cp950",
    "euc_kr": "cp949",
    "utf-8-sig": "utf-8",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}
_CHARDET_INCLUDE = (
    *(name for name in CANDIDATES if name != "euc_jp"),
    "euc_jis_2004",  # chardet's name for EUC-JP
    "shift_jis_2004",
    "big5hkscs",
    "euc_kr",
)

_MARGIN_EVENTS = 3.0
"""Bad-event weight more than the best decoding's that still counts as plausible (one
symbol glued to a letter weighs 4, so a single misread letter rules a code page out)."""
_MARGIN_PER_BYTE = 0.05
"""… but no more than this weight per non-ASCII byte of evidence."""
_MARGIN_RELATIVE = 0.25
"""… plus this share of the best decoding's own weight (real text has some noise)."""


_CHARDET_MIN_EVIDENCE = 8
"""Non-ASCII bytes of evidence below which chardet is not asked (priority decides)."""
_QUICK = 3 * 1024
"""Bytes of evidence every candidate is first scored on."""
_QUICK_MARGIN = 0.05
"""A candidate survives the first look within twice the best score plus this."""
_CHARDET_MIN = 0.1
"""chardet's confidence below which its ranking is not used (it gives up at about 0.1)."""


class LegacyGuess(NamedTuple):
    """A legacy codec (Python's name), a confidence (0–1) and how it was chosen."""

    name: str
    confidence: float
    method: str


def detect_legacy(data: bytes, first_bad: int = 0) -> LegacyGuess:
    """The legacy code page of ``data`` (see the module docstring).

    ``data`` is the file (any line endings), not valid UTF-8; ``first_bad`` is the
    offset of its first byte that is not UTF-8 (where the evidence search starts).
    """
    chunks = evidence(data, first_bad)
    # A first look at a few KB rules out most code pages; the rest see it all.
    quick = thin(chunks, _QUICK)
    decoded, scores = _score(quick, CANDIDATES)
    if quick is not chunks:
        best = min(scores.values())
        survivors = [name for name in CANDIDATES if scores[name] <= best * 2 + _QUICK_MARGIN]
        decoded, scores = _score(chunks, survivors)
    high = sum(map(high_byte_count, chunks))
    # Plausible: no more bad events than the best decoding, give or take one (or
    # less, on thin evidence, where one event is all there is to go by).
    best = min(scores.values()) * high
    limit = best * (1 + _MARGIN_RELATIVE) + min(_MARGIN_EVENTS, _MARGIN_PER_BYTE * high)
    plausible = [name for name in scores if scores[name] * high <= limit]

    winner, confidence, method = "", 0.0, "plausibility"
    if high >= _CHARDET_MIN_EVIDENCE:  # on a handful of bytes chardet's statistics are noise
        for name, conf in _chardet_ranking(b"\n".join(chunks)):
            if conf < _CHARDET_MIN:
                break
            if name in plausible:
                winner, confidence, method = name, conf, "chardet"
                break
    if not winner:
        winner = min(plausible, key=scores.__getitem__)  # the first of equals
        confidence = round(max(0.0, 1.0 - scores[winner]) * 0.5, 3)
    same = [name for name in plausible if decoded[name] == decoded[winner]]
    name = settle(data, chunks, winner, same, _SINGLE_BYTE, _more_plausible)
    return LegacyGuess(name, confidence, method)


def _more_plausible(chunks: list[bytes], a: str, b: str) -> str:
    """``b`` when it reads ``chunks`` clearly more plausibly than ``a``, else ``a``."""
    high = sum(map(high_byte_count, chunks))
    _decoded, scores = _score(chunks, (a, b))
    worse, better = scores[a] * high, scores[b] * high
    return (
        b
        if worse > better * (1 + _MARGIN_RELATIVE) + min(_MARGIN_EVENTS, _MARGIN_PER_BYTE * high)
        else a
    )


def _score(
    chunks: list[bytes], names: list[str] | tuple[str, ...]
) -> tuple[dict[str, str], dict[str, float]]:
    """Each codec's decoding of ``chunks`` and its bad-event weight per non-ASCII byte."""
    high = max(1, sum(map(high_byte_count, chunks)))
    decoded: dict[str, str] = {}
    scores: dict[str, float] = {}
    for name in names:
        text = _decode_chunks(chunks, name)
        decoded[name] = text
        scores[name] = badness(text).total / high
    return decoded, scores


def _decode_chunks(chunks: list[bytes], name: str) -> str:
    """Decode each chunk on its own (one cut at its end is not an error), joined by ``\\n``."""
    parts = []
    for chunk in chunks:
        decoder = codecs.getincrementaldecoder(name)("replace")
        parts.append(decoder.decode(chunk, final=False))
    return "\n".join(parts)


def _chardet_ranking(sample: bytes) -> list[tuple[str, float]]:
    """chardet's candidates for ``sample``, best first, as this reader's codec names."""
    # Imported here: UTF-8 files and cached books never need chardet (~10 ms to import).
    import chardet

    results: list[Any] = []
    for include in (_CHARDET_INCLUDE, None):  # None: a chardet that lacks one of ours
        try:
            results = chardet.detect_all(
                sample,
                ignore_threshold=True,
                encoding_era=chardet.EncodingEra.ALL,
                include_encodings=include,
            )
            break
        except ValueError:
            continue
        except Exception:  # chardet must never take the reader down
            break
    ranking: list[tuple[str, float]] = []
    for result in results:
        name = _normalise(result.get("encoding"))
        if name is not None and name not in (n for n, _c in ranking):
            ranking.append((name, float(result.get("confidence") or 0.0)))
    return ranking


def _normalise(guess: Any) -> str | None:
    """chardet's name → the Python codec this reader decodes with (None if unusable)."""
    if not isinstance(guess, str) or not guess:
        return None
    try:
        info = codecs.lookup(guess)
    except LookupError:
        return None
    return _FAMILIES.get(info.name, info.name)
