"""Front and back matter, title pages, scene breaks and author's notes.

* Project Gutenberg: the header up to and including the ``*** START OF THE/THIS
  PROJECT GUTENBERG EBOOK … ***`` line is front matter; from the ``*** END OF …``
  line (or the ``End of the Project Gutenberg EBook …`` line just above it) to the
  end is back matter. Only these exact marker lines count, so a chapter titled
  "… END OF THE …" is never taken for the footer.
* Aozora Bunko: the notation block (``-------`` / ``【テキスト中に現れる記号について】`` /
  ``-------``) is front matter; the colophon from ``底本：`` to the end is back matter.
* Scene breaks: lines made only of ``*``, ``#``, ``~``, dashes, ``oOo``, ``xXx`` …
* Author's notes: paragraphs starting ``A/N:``, ``AN:``, ``Author's Note:`` …

All functions work on the whole text with ``re`` and return ``[start, end)`` ranges.
"""

from __future__ import annotations

import re

from reader.text import rx

Range = tuple[int, int]

# the literal "***" first lets re skip quickly through the text; line start is checked after
_PG_START = rx.lazy(
    r"\*{3}[ \t]*START OF (?:THIS|THE) PROJECT GUTENBERG E-?(?:BOOK|TEXT)[^\n]*", re.I
)
_PG_END = rx.lazy(r"\*{3}[ \t]*END OF (?:THIS|THE) PROJECT GUTENBERG E-?(?:BOOK|TEXT)[^\n]*", re.I)
# "\n" first so re skips from line to line (the first line of a text is never this)
_PG_END_LINE = rx.lazy(
    r"\n(?P<line>[ \t]*+End of (?:the )?Project Gutenberg(?:'s|’s)?[ \t]+[^\n]*)", re.I
)
_AOZORA_NOTES = rx.lazy(
    r"^-{10,}[ \t]*\n(?:[^\n]*\n){0,2}?[ \t]*【テキスト中に現れる記号について】[^\n]*\n"
    r"(?:[^\n]*\n)*?-{10,}[ \t]*$",
    re.M,
)

_SCENE_FULL = rx.lazy(
    r"(?:[*＊✱⁂§❧•·●◆◇○☆★✦#+~][ \t]*){1,40}"  # *** * * * # ⁂ ❧ …
    r"|(?:[-_=~—–─━][ \t]*){3,80}"  # --- ___ === ~~~ ———
    r"|(?:[-~=*.·•_][ \t]*)*(?:oOo|OoO|o0o|0o0|xXx|XxX|xox|oxo|OxO|XoX)+(?:[ \t]*[-~=*.·•_])*"
)
# "\n" first: re jumps from line to line instead of trying every character; the
# possessive quantifiers never backtrack, so a 5 MB line of spaces stays linear.
# A line starts with a symbol or a letter ornament (a line starting "Oh" is prose).
_SCENE_START = "(?:[*＊✱⁂§❧•·●◆◇○☆★✦#+~\\-_=—–─━.·]|oOo|OoO|o0o|0o0|xXx|XxX|xox|oxo|OxO|XoX)"
_SCENE = rx.lazy(r"\n(?P<line>[ \t]*+" + _SCENE_START + r"[^\n]*+)")
_SCENE_AT = rx.lazy(r"(?P<line>[ \t]*+" + _SCENE_START + r"[^\n]*+)")


def _any_case(words: str) -> str:
    """``words`` as a pattern matching them in any case, spelled out as character classes.

    Case-insensitive matching (``re.I``) is much slower when a pattern is tried at
    every line of a 30 MB text; these classes match exactly what ``re.I`` would
    (long s included).
    """
    out = []
    for ch in words:
        if ch.isalpha():
            extra = "ſ" if ch in "sS" else ""
            out.append(f"[{ch.upper()}{ch.lower()}{extra}]")
        else:
            out.append(ch)
    return "".join(out)


_A, _N, _AUTHOR, _NOTES = _any_case("A"), _any_case("N"), _any_case("Author"), _any_case("Note")
_S = _any_case("s")
_AUTHOR_NOTE_BODY = (
    rf"(?P<note>[ \t]*+(?:[\[(*_]++[ \t]*+)?+(?:{_A}/{_N}|{_A}\.{_N}\.|{_A}{_N}(?=[ \t]*:)"
    rf"|{_AUTHOR}'?{_S}'?[ \t]+{_NOTES}{_S}?|{_AUTHOR}’{_S}[ \t]+{_NOTES}{_S}?"
    rf"|{_AUTHOR}{_S}’[ \t]+{_NOTES}{_S}?|{_AUTHOR}[ \t]+{_NOTES}{_S}?"
    rf"|{_any_case('Note from the author')})"
    r"(?![\w])[^\n]*+(?:\n(?![ \t]*+\n)[^\n]*+)*+)"
)
# the look-ahead turns most lines away before the note pattern's groups are entered
_AUTHOR_NOTE = rx.lazy(r"\n(?=[ \t]*+[\[(*_AaNn])" + _AUTHOR_NOTE_BODY)
_AUTHOR_NOTE_AT = rx.lazy(_AUTHOR_NOTE_BODY)


def _markers(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The first START marker line and the first END marker line after it (or, with no
    START, the first END line), as ``(line start, match end)``; one pass over the text.

    A marker line has only spaces before its ``***``. ``str.find`` for the "***"
    every marker starts with is much faster than a case-insensitive regex scan
    over a 30 MB text.
    """
    start = first_end = None
    i = text.find("***")
    while i >= 0:
        ls = text.rfind("\n", 0, i) + 1
        if not text[ls:i].strip():
            if start is None:
                m = _PG_START.match(text, i)
                if m:
                    start = (ls, m.end())
                elif first_end is None:
                    m = _PG_END.match(text, i)
                    if m:
                        first_end = (ls, m.end())
            else:
                m = _PG_END.match(text, i)
                if m:
                    return start, (ls, m.end())
        j = text.find("\n", i)
        if j < 0:
            break
        i = text.find("***", j)
    return start, (None if start else first_end)


def gutenberg_matter(text: str) -> tuple[list[Range], list[Range]]:
    """Project Gutenberg header and footer ranges (empty lists when there are none)."""
    front: list[Range] = []
    back: list[Range] = []
    start, end = _markers(text)
    after = 0
    if start:
        after = _credit_end(text, start[1])
        front.append((0, after))
    if end is not None:
        cut = end[0]
        # "End of the Project Gutenberg EBook of …" shortly above the *** END line
        for m in _PG_END_LINE.finditer(text, max(after, cut - 3000) - 1, cut):
            cut = m.start("line")
            break
        back.append((cut, len(text)))
    else:
        last = None
        tail_from = max(after, len(text) * 2 // 3)
        found = text.find("utenberg", tail_from) >= 0 or text.find("UTENBERG", tail_from) >= 0
        for m in _PG_END_LINE.finditer(text, max(tail_from - 1, 0)) if found else ():
            last = m
        if last is not None:
            back.append((last.start("line"), len(text)))
    return front, back


def _credit_end(text: str, pos: int) -> int:
    """End of a volunteers' credit ("Produced by …") right after the START line, else ``pos``.

    The credit belongs to the Gutenberg edition, not to the book's title page.
    """
    m = rx.compile(r"\s*").match(text, pos)
    first = m.end() if m else pos
    if first - pos > 2000 or not _CREDIT.match(text, first):
        return pos
    blank = rx.compile(r"\n[ \t]*\n").search(text, first)
    return blank.start() if blank else len(text)


def aozora_matter(text: str) -> tuple[Range | None, list[Range], list[Range]]:
    """Aozora Bunko title lines, notation block and colophon.

    Returns ``(title_block, front, back)``: the title and author lines above the
    notation block, the block itself, and the colophon from ``底本：`` to the end.
    """
    title: Range | None = None
    front: list[Range] = []
    back: list[Range] = []
    notes = _AOZORA_NOTES.search(text, 0, min(len(text), 20000))
    if notes:
        front.append((notes.start(), notes.end()))
        head = text[: notes.start()]
        lines = [ln for ln in head.split("\n") if ln.strip()]
        if 0 < len(lines) <= 5:
            s = len(head) - len(head.lstrip())
            title = (s, len(head.rstrip()))
    # the colophon: the first line in the second half starting "底本：" (str.find is fast)
    i = text.find("底本", len(text) // 2)
    while i >= 0:
        if (i == 0 or text[i - 1] == "\n") and text[i + 2 : i + 3] in ("：", ":"):
            back.append((i, len(text)))
            break
        i = text.find("底本", i + 2)
    return title, front, back


def scene_breaks(text: str, lo: int, hi: int) -> list[Range]:
    """Scene-break marker lines in ``text[lo:hi]``; markers separated only by blank lines merge.

    A line of dashes or equals signs directly under a line of text is an
    underline (a Markdown-style heading), not a break.
    """
    out: list[Range] = []
    found = [(m.start("line"), m.end("line")) for m in _SCENE.finditer(text, max(lo - 1, 0), hi)]
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        first = _SCENE_AT.match(text, lo, hi)
        if first and (not found or found[0][0] != lo):
            found.insert(0, (first.start(), first.end()))
    for s, e in found:
        if s < lo or e - s > 120:
            continue
        line = text[s:e]
        if not _SCENE_FULL.fullmatch(line.strip()):
            continue
        if line.strip()[:1] in "-_=~—–─━" and s > lo:
            p = text.rfind("\n", lo, s - 1)
            if text[max(p + 1, lo) : s - 1].strip():
                continue
        if out and _NOT_SPACE.search(text, out[-1][1], s) is None:  # only blank lines between
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_NOT_SPACE = rx.lazy_stdlib(r"\S")
"""Searched for instead of slicing and stripping: two markers may be megabytes apart."""
_BLANK_RUN = rx.lazy_stdlib(r"\n[ \t]*\n[ \t]*\n[ \t]*\n\s*\S")


def author_notes(text: str, lo: int, hi: int, stops: list[int] | None = None) -> list[Range]:
    """Author's-note paragraphs in ``text[lo:hi]``.

    A note covers its paragraph (up to the next blank line). The last note runs
    on to ``hi`` when what follows it is short and holds none of ``stops``
    (heading starts): a sign-off such as "There will be a sequel …" is the
    author talking too.
    """
    out: list[Range] = []
    ms = list(_AUTHOR_NOTE.finditer(text, max(lo - 1, 0), hi))
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        first = _AUTHOR_NOTE_AT.match(text, lo, hi)
        if first:
            ms.insert(0, first)
    for m in ms:
        s, e = m.start("note"), min(m.end("note"), hi)
        if s >= lo and (not out or s >= out[-1][1]):
            out.append((s, e))
    if out:
        s, e = out[-1]
        tail = text[e:hi]
        short = len(tail) < 1500 and len("".join(tail.split())) < 600
        scene = _BLANK_RUN.search(tail) is not None  # a run of blank lines: the story goes on
        if tail.strip() and short and not scene and not any(e <= x < hi for x in stops or ()):
            out[-1] = (s, e + len(tail.rstrip()))
    return out


# dialogue is not a title page: a line opening with a quote or ending a quoted sentence
_SPOKEN = rx.lazy(r"^[ \t]*[\"“‘«„]|[.!?…][\"”’»]+[ \t]*$")


# a sentence: five words or more, ending in . ! ? or … (closing quotes allowed)
_SENTENCE = rx.lazy(r"^\s*(?:\S+\s+){4,}\S*[.!?…][\"”’»)\]]*\s*$")
_CREDIT = rx.lazy(r"(?:Produced|Transcribed|Prepared|E-?text prepared|Scanned) by\b", re.I)


_CJK_PUNCT = rx.lazy(r"[，。、；：！？]")


def _wrapped_prose(line: str) -> bool:
    """A line too wordy for a title page: over ten words (not in capitals), or CJK text
    with two or more commas and stops."""
    if len(line.split()) > 10 and not line.isupper():
        return True
    return len(_CJK_PUNCT.findall(line)) >= 2


def _title_like(raw: list[str], lines: list[str]) -> bool:
    """A title-page paragraph: one short line, a list of short lines, centred lines or a credit.

    A flush-left paragraph of several long lines is wrapped prose, and neither
    dialogue nor a flush-left sentence (five words or more, a full stop) is a title page.
    """
    if any(map(_SPOKEN.search, lines)) or _AUTHOR_NOTE_AT.match(raw[0]):
        return False
    longest = max(len(ln) for ln in lines)
    if _CREDIT.match(lines[0]):
        return True
    if longest > 75:
        return False
    centred = all(len(r) - len(r.lstrip()) >= 4 for r in raw)
    if not centred and any(_SENTENCE.search(ln) and not ln.isupper() for ln in lines):
        return False  # a sentence is prose, however short its line ("He waited by the door.")
    if not centred and any(_wrapped_prose(ln) for ln in lines):
        return False  # a line of hard-wrapped prose that happens to stand alone
    return len(lines) == 1 or longest <= 45 or centred


def title_block(text: str, lo: int, hi: int, free: list[Range]) -> Range | None:
    """Title-page lines at ``lo``: short-line paragraphs before the first prose paragraph.

    ``free`` are spans (printed contents) whose lines count as title-page lines
    whatever their number. Returns None when there are none or too many.
    """
    pos = lo
    end = None
    count = 0
    para = rx.compile(r"[ \t]*+\S[^\n]*+(?:\n[ \t]*+\S[^\n]*+)*+")
    ws = rx.compile(r"\s*")
    while pos < hi:
        pos = ws.match(text, pos, hi).end()  # type: ignore[union-attr]
        if pos >= hi:
            break
        pos = max(lo, text.rfind("\n", lo, pos) + 1)  # keep the indentation (centred lines)
        m = para.match(text, pos, hi)
        if m is None:
            break
        if any(a <= m.start() < b for a, b in free):
            end = max(m.end(), next(b for a, b in free if a <= m.start() < b))
            pos = end
            continue
        raw = m.group().split("\n")
        lines = [" ".join(ln.split()) for ln in raw]
        if not _title_like(raw, lines):
            break  # a prose paragraph: the title page ends here
        count += sum(len(ln) for ln in lines)
        if count > 1500:
            return None
        end = m.end()
        pos = m.end()
    if end is None:
        return None
    start = ws.match(text, lo, end).end()  # type: ignore[union-attr]
    return (start, end)
