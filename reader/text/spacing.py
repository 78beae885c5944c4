"""Letter-spaced lines: ``C H A P T E R   O N E``, ``如 侵 犯 了 您 的 版 权``.

Headings and banners are often spaced out letter by letter (emphasis in print,
or a web page's CSS letter-spacing flattened into real spaces). Such a line is
read, shown and recognised as the words it spells: one space between letters
goes, a wider gap is a word break. Only whole lines count, and only when every
unit is a single character and most are letters, so prose ("I saw a b c")
is never touched.
"""

from __future__ import annotations

from reader.text import rx

# A line of single characters separated by one to three spaces (letters are checked
# after). "\n" first: re jumps from line to line; possessive groups never backtrack.
_BODY = r"[ \t]*+(?:\S(?: {1,3}|\u3000))++\S[ \t]*+"
_SPACED = rx.lazy(_BODY)
SPACED_LINE_RE = rx.lazy(r"\n(?P<line>" + _BODY + r")(?=\n|\Z)")
"""A line that may be letter-spaced (group ``line``); confirm with :func:`is_spaced`."""
_GAP = rx.lazy(r"(?: {2,}|\u3000)")
_SPACES = rx.lazy(r"[ \u3000]+")
_CJK = rx.lazy(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_spaced(line: str) -> bool:
    """True when ``line`` (one line, no newline) is letter-spaced text."""
    s = line.strip()
    if len(s) < 5 or not _SPACED.fullmatch(s):
        return False
    units = s.replace("\u3000", " ").split()
    if any(len(u) != 1 for u in units):
        return False
    letters = sum(u.isalpha() for u in units)
    cjk = sum(1 for u in units if _CJK.match(u))
    if cjk >= 3 and cjk >= 0.6 * len(units):
        return True
    # Latin or Cyrillic: four letters or more, nearly all of the line
    return len(units) >= 4 and letters >= 0.8 * len(units) and letters >= 4


def collapse(line: str) -> str:
    """The words a letter-spaced ``line`` spells (``"C H A P T E R   O N E"`` →
    ``"CHAPTER ONE"``); lines that are not letter-spaced come back unchanged."""
    if not is_spaced(line):
        return line
    words = _GAP.split(line.strip())
    if all(_CJK.match(w.replace(" ", "")[:1] or " ") for w in words):
        return "\u3000".join(w.replace(" ", "") for w in words)
    return " ".join(w.replace(" ", "") for w in words)


def spaced_gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Source ranges to leave out so that the letter-spaced line ``text[start:end]``
    shows as its words: every single space, and all but the first character of each
    wider gap (empty when the line is not letter-spaced)."""
    line = text[start:end]
    if not is_spaced(line):
        return []
    lead = len(line) - len(line.lstrip())
    body_end = start + len(line.rstrip())
    out: list[tuple[int, int]] = []
    for m in _SPACES.finditer(text, start + lead, body_end):
        a, b = m.start(), m.end()
        wide = b - a >= 2 or text[a] == "\u3000"
        out.append((a + 1, b) if wide else (a, b))
    return [(a, b) for a, b in out if a < b]


def spaced_lines(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``[start, end)`` of every letter-spaced line in ``text[lo:hi]``."""
    out = []
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        m = _SPACED.match(text, lo, hi)
        if m and (m.end() == hi or text[m.end()] == "\n") and is_spaced(m.group()):
            out.append(m.span())
    for m in SPACED_LINE_RE.finditer(text, max(lo - 1, 0), hi):
        s, e = m.span("line")
        if s >= lo and is_spaced(m.group("line")):
            out.append((s, e))
    return out
