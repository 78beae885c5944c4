"""Page furniture and web debris: lines kept in the text but never shown.

A book exported from a PDF keeps each page's furniture in its text: the running
page number (``23``, ``- 23 -``, ``Page 23``, ``TITLE        23``), the running
header (the author, the title or the current chapter) and rules such as
``---- Page 23 ----``. A book saved from a web site carries the site's banners
and watermarks. :func:`find_furniture` finds these lines so that the reader
never sees them and they never become chapters, while their offsets stay
positions in the text like any other.

Page numbers are told from chapter numbers by how they behave as a series: they
count up one page at a time, a page's worth of text apart, and interrupt
paragraphs and sentences; a chapter number sits between a sentence's end and a
new paragraph. Running headers are the lines that recur next to page numbers.
Banners are short lines with a web address or a site's stock phrases, at the
start, at the end, or repeated through the text.

Scanning a 30 MB book line by line costs time every book would pay, so the text
is first sampled (its start, middle and end): only a book whose samples show
furniture is scanned whole.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from reader.text import rx
from reader.text.book import Dropped
from reader.text.footnotes import find_footnotes
from reader.text.heading_forms import looks_like_heading
from reader.text.spacing import collapse

Range = tuple[int, int]

PAGE_NUMBER = "page number"
RUNNING_HEADER = "running header"
PAGE_RULE = "page rule"
BANNER = "banner"
WATERMARK = "watermark"
CREDIT = "credit"
FOOTNOTE_RULE = "footnote rule"

_WINDOW = 60_000
_SENTENCE_END = frozenset(".!?…:;\"'”’»)]}。！？」』）】›")

# A line that is only a page number: "23", "- 23 -", "[23]", "Page 23", "Стр. 23", "第23页",
# "23 / 300". "\n" first: re jumps from line to line.
_NUM_LINE = rx.lazy(
    r"\n(?P<line>[ \t\f]*+(?P<pre>[-–—~·•=*]{1,3}[ \t]*+|[\[(<{|][ \t]*+)?"
    r"(?P<word>(?:[Pp]age|PAGE|[Pp]\.|[Сс]тр(?:аница)?\.?|[Сс]\.|第)[ \t]*+)?"
    r"(?P<num>\d{1,4})(?P<post>(?:[ \t]*+[页頁])?(?:[ \t]*+(?:/|of|из)[ \t]*+\d{1,4})?"
    r"[ \t]*+(?:[-–—~·•=*]{1,3}|[\])>}|])?)[ \t]*+)(?=\n|\Z)"
)
# "23        TITLE" and "TITLE        23": a header and a number on one line
_NUM_HEAD = rx.lazy(
    r"\n(?P<line>[ \t\f]*+(?P<num>\d{1,4})[ \t]{3,}(?P<head>\S[^\n]{0,80}?))[ \t]*+(?=\n|\Z)"
)
# the literal first lets re skip quickly; the look-behind keeps a run of spaces linear
_HEAD_NUM = rx.lazy(r"   (?<=[^ \t]   )[ \t]*+(?P<num>\d{1,4})[ \t]*+(?=\n|\Z)")
# "---- Page 23 ----", "===== 第23页 =====", "-- 23 of 300 --"
_RULE = rx.lazy(
    r"\n(?P<line>[ \t\f]*+[-=~_—–*#]{2,}[ \t]*+"
    r"(?:(?:[Pp]age|PAGE|[Сс]тр(?:аница)?\.?|p\.)[ \t]*+\d{1,4}|第[ \t]*+\d{1,4}[ \t]*+[页頁]"
    r"|\d{1,4}(?:[ \t]*+(?:/|of|из)[ \t]*+\d{1,4})?)"
    r"[ \t]*+[-=~_—–*#]{2,}[ \t]*+)(?=\n|\Z)"
)
# a web address: "http://", "www." or a dot and a common top-level domain after a name
# (each branch starts with a literal character, so re skips through prose quickly)
_TLD = r"\.(?:com|net|org|ru|cn|info|biz|su|ua|tw|jp|io|me|cc)(?![^\W_])"
_URL = rx.lazy(r"https?://[^\s]+|www\.[^\s]+|" + _TLD, re.I)
# in long texts, one pattern per literal start: re skips to each far faster than to any
# of several (an alternation is tried at every character)
_URL_PARTS = (rx.lazy(r"www\."), rx.lazy(r"https?://"), rx.lazy(_TLD))
_BANNER_WORDS = rx.lazy(
    r"downloaded from|download(?:ed)? (?:more|free)|free (?:e-?books?|stories|novels)|"
    r"more (?:free )?(?:e-?books|stories|novels)|visit us|this (?:e-?book|story) was|"
    r"e-?book (?:is )?(?:from|by)|"
    r"скачано|скачать|скачали|электронн\w+ библиотек|читать онлайн|приятного чтения|"
    r"библиотек[аи] (?:книг|онлайн)|"
    r"本书由|更多精彩|更多好书|小说网|小说下载|请访问|版权归|版权所有|侵犯|仅供|下载|电子书|"
    r"本站|手机阅读|txt|TXT",
    re.I,
)
_CREDIT = rx.lazy(
    r"(?:produced|transcribed|prepared|digiti[sz]ed|scanned|proofread|converted|typed)"
    r"(?: and [a-z]+)? by\b|e-?text prepared|\bvolunteers?\b|distributed proofread|"
    r"\bocr\b|spell-?check|сканирова|распознава|вычитк|оцифров|верстк|подготовк[аи] текста|"
    r"整理|制作|校对|扫描|录入|排版",
    re.I,
)


class _Num(NamedTuple):
    start: int
    end: int
    value: int
    plain: bool
    """Only the number (with decorations); False for "Page 23", "TITLE   23" …"""
    head: str


@dataclass(slots=True)
class Furniture:
    """Lines :func:`find_furniture` found, as ranges into the text (sorted)."""

    dropped: list[Dropped] = field(default_factory=list)
    """Lines inside the reading text that are not shown."""
    front: list[Dropped] = field(default_factory=list)
    """Banners and credits that open the text (front matter)."""
    back: list[Dropped] = field(default_factory=list)
    """Banners that close it (back matter)."""
    footnotes: list[Range] = field(default_factory=list)


def _windows(lo: int, hi: int) -> list[Range]:
    """Up to three sample windows (start, middle, end) of ``[lo, hi)``."""
    if hi - lo <= 3 * _WINDOW:
        return [(lo, hi)]
    mid = (lo + hi) // 2
    return [(lo, lo + _WINDOW), (mid - _WINDOW // 2, mid + _WINDOW // 2), (hi - _WINDOW, hi)]


def _line_at(text: str, pos: int, lo: int, hi: int) -> Range:
    """``[start, end)`` of the line holding ``pos``."""
    s = max(lo, text.rfind("\n", lo, pos) + 1)
    e = text.find("\n", pos, hi)
    return s, hi if e < 0 else e


def _prev_line(text: str, s: int, lo: int) -> Range | None:
    """The last non-blank line ending before ``s`` (None at the start)."""
    e = s - 1
    while e > lo:
        a = max(lo, text.rfind("\n", lo, e) + 1)
        if text[a:e].strip():
            return a, e
        e = a - 1
    return None


def _next_line(text: str, e: int, hi: int) -> Range | None:
    """The first non-blank line starting after ``e`` (None at the end)."""
    a = e + 1
    while a < hi:
        b = text.find("\n", a, hi)
        b = hi if b < 0 else b
        if text[a:b].strip():
            return a, b
        a = b + 1
    return None


def _blank_lines_between(text: str, a: int, b: int) -> int:
    return text.count("\n", a, b) - 1


def _numbers(text: str, lo: int, hi: int) -> list[_Num]:
    """Every line of ``text[lo:hi]`` that could be a page number."""
    out: list[_Num] = []
    for m in _NUM_LINE.finditer(text, max(lo - 1, 0), hi):
        s, e = m.span("line")
        if s >= lo:
            plain = not (m.group("word") or m.group("post").strip())
            out.append(_Num(s, e, int(m.group("num")), plain, ""))
    for m in _NUM_HEAD.finditer(text, max(lo - 1, 0), hi):
        s, e = m.span("line")
        if s >= lo:
            out.append(_Num(s, e, int(m.group("num")), False, m.group("head").strip()))
    for m in _HEAD_NUM.finditer(text, lo, hi):
        s, e = _line_at(text, m.start(), lo, hi)
        head = text[s : m.start()].strip()
        if head and len(head) <= 80 and not head[-1:].isdigit():
            out.append(_Num(s, e, int(m.group("num")), False, head))
    out.sort()
    return out


def _chains(nums: list[_Num]) -> list[list[_Num]]:
    """Series of numbers that count up (by one to three: blank pages carry none)."""
    chains: list[list[_Num]] = []
    for n in nums:
        best = None
        for ch in chains[-40:]:
            last = ch[-1]
            step = n.value - last.value
            if 1 <= step <= 3 and n.start - last.end < 30_000:
                key = (step, -len(ch))
                if best is None or key < best[0]:
                    best = (key, ch)
        if best is None:
            chains.append([n])
        else:
            best[1].append(n)
    return chains


def _interrupts(text: str, n: _Num, lo: int, hi: int) -> bool:
    """True when the line at ``n`` stands inside a sentence (the text before it does not end
    one, or the text after it goes on in lower case)."""
    prev = _prev_line(text, n.start, lo)
    nxt = _next_line(text, n.end, hi)
    if prev is None or nxt is None:
        return False
    before = text[prev[0] : prev[1]].rstrip()
    after = text[nxt[0] : nxt[1]].lstrip(" \t\u3000\f")
    return before[-1:] not in _SENTENCE_END or after[:1].islower()


def _is_page_series(text: str, chain: list[_Num], lo: int, hi: int) -> bool:
    """Whether a counting-up series of number lines is running page numbers."""
    if len(chain) < 3:
        return False
    score = 0.0
    if sum(not n.plain for n in chain) * 2 >= len(chain):
        score += 2  # "Page 23", "- 23 -" with words or headers: never a chapter number
    import statistics  # here, not at import: it loads decimal, fractions and random (~2 ms)

    gaps = [b.start - a.end for a, b in itertools.pairwise(chain)]
    mean = statistics.fmean(gaps)
    if len(gaps) >= 2 and statistics.pstdev(gaps) <= 0.6 * mean:
        score += 1  # pages hold about the same amount of text; chapters do not
    cut = sum(_interrupts(text, n, lo, hi) for n in chain) / len(chain)
    score += 2 if cut >= 0.4 else 1 if cut >= 0.15 else 0
    if chain[0].value > 1:
        score += 0.5
    if cut == 0 and chain[0].value <= 1 and score < 2.5:
        return False  # 1, 2, 3 … each between a sentence's end and a new paragraph
    return score >= 2


def _page_lines(text: str, lo: int, hi: int) -> list[_Num]:
    pages: list[_Num] = []
    for chain in _chains(_numbers(text, lo, hi)):
        if _is_page_series(text, chain, lo, hi):
            pages.extend(chain)
    pages.sort()
    return pages


def _headers(text: str, marks: list[Range], lo: int, hi: int) -> list[Range]:
    """Running headers: lines that recur next to the page marks (page numbers, rules)."""
    near: dict[str, list[Range]] = {}
    for s, e in marks:
        for line in (_prev_line(text, s, lo), _next_line(text, e, hi)):
            if line is None:
                continue
            a, b = line
            if _blank_lines_between(text, *((b, s) if b <= s else (e, a))) > 3:
                continue
            key = " ".join(text[a:b].split())
            # a header is short: a name, a title, a chapter (not a line of wrapped prose)
            if not 2 < len(key) <= 60 or len(key.split()) > 8 or key[-1] in ",;":
                continue
            if key[-1] in ".!?…" or looks_like_heading(text, a, b):
                # a sentence that ends a page; or a heading, which may stand at the top
                # of a page (a chapter's heading repeated as a running header is found
                # with the headings)
                continue
            near.setdefault(key, []).append((a, b))
    out: list[Range] = []
    for spans in near.values():
        spans = sorted(set(spans))
        if len(spans) >= 2:
            out.extend(spans)
    return out


def _rules(text: str, lo: int, hi: int) -> list[Range]:
    out = []
    for m in _RULE.finditer(text, max(lo - 1, 0), hi):
        if m.start("line") >= lo:
            out.append(m.span("line"))
    return out


def is_credit_line(line: str) -> bool:
    """True for a producer's, scanner's or transcriber's credit ("Produced by …",
    "Сканирование: …", "本书由…整理")."""
    line = line.strip()
    return 0 < len(line) <= 160 and _CREDIT.search(line) is not None


def is_banner_line(line: str) -> bool:
    """True for a short line with a web address or a site's stock phrase (a banner)."""
    return _is_banner(line)


def _web_address(line: str) -> bool:
    """True when ``line`` holds a web address ("http://…", "www.…", "name.com")."""
    for m in _URL.finditer(line):
        if m.group()[0] != "." or (m.start() > 0 and line[m.start() - 1].isalnum()):
            return True
    return False


def _web_addresses(text: str, lo: int, hi: int) -> list[int]:
    """Where web addresses stand in ``text[lo:hi]`` (sorted offsets)."""
    found = []
    for part in _URL_PARTS:
        for m in part.finditer(text, lo, hi):
            at = m.start()
            if text[at] != "." or (at > 0 and text[at - 1].isalnum()):
                found.append(at)
    return sorted(found)


def _is_banner(line: str) -> bool:
    words = collapse(line.strip())
    if not words or len(words) > 120:
        return False
    return bool(_web_address(words) or _BANNER_WORDS.search(words))


def _short_para(text: str, a: int, b: int, lo: int, hi: int) -> bool:
    """The line ``[a, b)`` is a paragraph of its own, or one of at most two short lines."""
    prev = text.rfind("\n", lo, max(a - 1, lo))
    before = text[max(prev + 1, lo) : max(a - 1, lo)].strip() if a > lo else ""
    nxt = text.find("\n", b + 1, hi)
    after = text[b + 1 : hi if nxt < 0 else nxt].strip() if b < hi else ""
    return (not before or len(before) <= 80) and (not after or len(after) <= 80)


_WS = rx.lazy(r"\s*+")


def _edge_lines(text: str, lo: int, hi: int, *, backwards: bool = False) -> list[Range]:
    """The lines that open (or close) ``text[lo:hi]`` before its text proper: up to 20
    non-blank lines, stopping at a heading or a line of prose longer than 100 characters."""
    out: list[Range] = []
    pos = hi if backwards else lo
    while len(out) < 20:
        if backwards:
            e = pos
            while e > lo and text[e - 1].isspace():
                e -= 1
            if e <= lo:
                break
            s = max(lo, text.rfind("\n", lo, e) + 1)
            pos = s
        else:
            first = _WS.match(text, pos, hi).end()  # type: ignore[union-attr]
            if first >= hi:
                break
            s = max(lo, text.rfind("\n", lo, first) + 1)
            e = text.find("\n", first, hi)
            e = hi if e < 0 else e
            pos = e
        line = text[s:e].strip()
        if len(line) > 100 or looks_like_heading(line, 0, len(line)):
            break
        out.append((s, e))
    return out


def _banners(text: str, lo: int, hi: int, full: bool) -> list[Range]:
    """Banner and watermark lines: opening and closing the text, and (``full``) web
    addresses throughout."""
    found: set[Range] = set()
    for s, e in _edge_lines(text, lo, hi) + _edge_lines(text, lo, hi, backwards=True):
        if _is_banner(text[s:e]):
            found.add((s, e))
    for a, b in _windows(lo, hi) if not full else [(lo, hi)]:
        for at in _web_addresses(text, a, b):
            s, e = _line_at(text, at, lo, hi)
            if e - s <= 120 and _short_para(text, s, e, lo, hi):
                found.add((s, e))
    return sorted(found)


def _credits(text: str, lo: int, hi: int) -> list[Range]:
    """Producer, scanner and transcriber credits among the lines that open the text."""
    return [(s, e) for s, e in _edge_lines(text, lo, hi) if is_credit_line(text[s:e])]


def _wanted(text: str, lo: int, hi: int) -> bool:
    """Whether samples of the text show page numbers, page rules or web addresses."""
    for a, b in _windows(lo, hi):
        if _RULE.search(text, max(a - 1, 0), b) or _web_addresses(text, a, b):
            return True
        if len(_numbers(text, a, b)) >= 3:
            return True
    return False


def _only_blank_or(text: str, a: int, b: int, spans: list[Range]) -> bool:
    """True when ``text[a:b]`` holds nothing but blank lines and the ranges ``spans``."""
    pos = a
    for s, e in spans:
        if e <= a or s >= b:
            continue
        if text[pos:s].strip():
            return False
        pos = max(pos, e)
    return not text[pos:b].strip()


def find_furniture(text: str, lo: int, hi: int) -> Furniture:
    """Page furniture, banners, credits and footnotes in ``text[lo:hi]``. Never raises
    for any string."""
    out = Furniture()
    if hi <= lo:
        return out
    full = _wanted(text, lo, hi)
    dropped: dict[Range, str] = {}
    marks: list[Range] = []
    if full:
        pages = _page_lines(text, lo, hi)
        for n in pages:
            dropped[(n.start, n.end)] = PAGE_NUMBER
        marks = [(n.start, n.end) for n in pages]
        for span in _rules(text, lo, hi):
            dropped[span] = PAGE_RULE
            marks.append(span)
        marks.sort()
        for span in _headers(text, marks, lo, hi):
            dropped.setdefault(span, RUNNING_HEADER)
    banners = _banners(text, lo, hi, full)
    counts: dict[str, int] = {}
    for s, e in banners:
        key = " ".join(text[s:e].split())
        counts[key] = counts.get(key, 0) + 1
    for s, e in banners:
        key = " ".join(text[s:e].split())
        dropped.setdefault((s, e), WATERMARK if counts[key] >= 3 else BANNER)
    for span in _credits(text, lo, hi):
        dropped.setdefault(span, CREDIT)
    lines = sorted(Dropped(s, e, why) for (s, e), why in dropped.items())
    # what opens or closes the text (only blank lines around) is front or back matter
    spans = [(d.start, d.end) for d in lines]
    for d in lines:
        if d.reason in (BANNER, WATERMARK, CREDIT) and _only_blank_or(text, lo, d.start, spans):
            out.front.append(d)
        elif d.reason in (BANNER, WATERMARK) and _only_blank_or(text, d.end, hi, spans):
            out.back.append(d)
        else:
            out.dropped.append(d)
    marks = [(d.start, d.end) for d in out.dropped if d.reason in (PAGE_NUMBER, PAGE_RULE)]
    out.footnotes, rules = find_footnotes(text, lo, hi, marks)
    if rules:
        out.dropped = sorted([*out.dropped, *(Dropped(s, e, FOOTNOTE_RULE) for s, e in rules)])
    return out
