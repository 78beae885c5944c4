"""Footnotes printed in the text: at the foot of a page, or after their paragraph.

A footnote starts with its marker — ``[1]``, ``1)``, ``¹``, ``*``, or, in a PDF
export whose superscripts came out as plain digits, ``1`` — often under a short
rule (``__________``), and the same marker stands earlier on its page after a
word (``word[1]``, ``word¹``, ``word*``, ``word1``). A note is recognised when
that reference is found, so a numbered list or a line that happens to start
with a number is left alone.
"""

from __future__ import annotations

import re

from reader.text import rx

Range = tuple[int, int]

_PAGE_TEXT = 5_000  # how far back a note's reference may stand
_WINDOW = 60_000
_RULE = rx.lazy_stdlib(r"[ \t]*(?:_{5,}|-{5,}|—{3,}|–{5,})[ \t]*")
_SUPERS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_MARK = rx.lazy_stdlib(
    r"[ \t]*(?P<mark>\[(?P<b>\d{1,3})\]|(?P<p>\d{1,3})\)|(?P<s>[" + _SUPERS + r"]+)|"
    r"(?P<star>\*{1,4})|(?P<d>\d{1,3}))[ \t]+\S"
)
_GLUE = ",.;:!?»”’)—–"


def _reference(text: str, m: re.Match[str], a: int, b: int) -> bool:
    """Whether the marker of note line ``m`` is referred to in ``text[a:b]`` (after a word).

    Each occurrence of the marker is found with ``str.find`` and its neighbours checked:
    a pattern that starts with a class of characters would be tried at every one.
    """
    mark = m.group("mark")
    glued = m.group("d") is not None
    star = m.group("star") is not None
    if m.group("p") is not None and text.find(m.group("p") + ")", a, b) >= 0:
        return True
    i = text.find(mark, a, b)
    while i >= 0:
        before = text[i - 1] if i > a else " "
        after = text[i + len(mark)] if i + len(mark) < len(text) else " "
        if glued:
            # a digit glued to a word: "слово1", "слово,1" (not "1805" or "Apollo 11")
            prev2 = text[i - 2] if i - 2 >= a else " "
            word = before.isalpha() or (before in _GLUE and (prev2.isalpha() or prev2 in _GLUE))
            if word and not after.isdigit():
                return True
        elif star:
            if not before.isspace() and before != "*" and after != "*":
                return True
        elif not before.isspace():
            return True
        i = text.find(mark, i + 1, b)
    return False


def _lines_up(text: str, end: int, lo: int) -> list[Range]:
    """Non-blank lines going up from ``end``, each with at most one blank line between."""
    out: list[Range] = []
    e = end
    blanks = 0
    while e > lo and len(out) < 12:
        s = max(lo, text.rfind("\n", lo, e) + 1)
        if text[s:e].strip():
            out.append((s, e))
            blanks = 0
        else:
            blanks += 1
            if blanks > 1:
                break
        e = s - 1
    return out


def _note_above(text: str, mark_start: int, lo: int) -> tuple[Range, Range | None] | None:
    """The footnotes that end just above a page mark, and the rule over them, if any."""
    lines = _lines_up(text, max(lo, mark_start - 1), lo)
    top = bottom = None
    rule = None
    confirmed = False
    for s, e in lines:
        if _RULE.fullmatch(text, s, e):
            if top is not None:
                rule = (s, e)
            break
        m = _MARK.match(text, s, e)
        if m is None:
            break
        top = s
        if bottom is None:
            bottom = e
        if not confirmed and _reference(text, m, max(lo, s - _PAGE_TEXT), s):
            confirmed = True
    if top is None or bottom is None or not confirmed:
        return None
    return (top, bottom), rule


def _windows(lo: int, hi: int) -> list[Range]:
    if hi - lo <= 3 * _WINDOW:
        return [(lo, hi)]
    mid = (lo + hi) // 2
    return [(lo, lo + _WINDOW), (mid - _WINDOW // 2, mid + _WINDOW // 2), (hi - _WINDOW, hi)]


# A note's marker with its first word; each form starts with a literal character, so re
# skips through the text quickly (a class of characters first is tried at every one).
# Paired with that character: a form is compiled only for a text holding it.
_LOOSE_FORMS = (
    ("*", rx.lazy_stdlib(r"\*\*{0,3}[ \t]+[^\W\d_]")),  # not \*{1,4}: that hides the literal
    ("[", rx.lazy_stdlib(r"\[\d{1,3}\][ \t]+[^\W\d_]")),
    *((ch, rx.lazy_stdlib(ch + r"[" + _SUPERS + r"]*[ \t]+[^\W\d_]")) for ch in _SUPERS),
)


def _paragraph_start(text: str, at: int, lo: int) -> int | None:
    """Where the paragraph holding the note marker at ``at`` starts — its line, or the rule
    line right above it — when the marker starts a paragraph; else None."""
    ls = max(lo, text.rfind("\n", lo, at) + 1)
    if text[ls:at].strip(" \t"):
        return None  # the marker is inside a line: a reference, not a note
    if ls <= lo:
        return ls
    prev_end = ls - 1
    ps = max(lo, text.rfind("\n", lo, prev_end) + 1)
    if not text[ps:prev_end].strip():
        return ls  # a blank line above
    if _RULE.fullmatch(text, ps, prev_end):
        above = max(lo, text.rfind("\n", lo, max(ps - 1, lo)) + 1)
        if ps <= lo or not text[above : ps - 1].strip():
            return ps  # a rule over the note, a blank line above the rule
    return None


def _loose_notes(text: str, lo: int, hi: int) -> list[tuple[Range, Range | None]]:
    """Notes that stand as paragraphs of their own (under a rule, or after their paragraph)."""
    windows = _windows(lo, hi)
    forms = [
        form
        for first, form in _LOOSE_FORMS
        if any(text.find(first, a, b) >= 0 and form.search(text, a, b) for a, b in windows)
    ]
    if not forms:
        return []
    starts: set[int] = set()
    for form in forms:
        for m in form.finditer(text, lo, hi):
            s = _paragraph_start(text, m.start(), lo)
            if s is not None:
                starts.add(s)
    out: list[tuple[Range, Range | None]] = []
    for s in sorted(starts):
        if out and s < out[-1][0][1]:
            continue
        end = text.find("\n\n", s, hi)
        end = hi if end < 0 else end
        while end > s and text[end - 1] in " \t":
            end -= 1
        first = s
        rule = None
        nl = text.find("\n", s, end)
        if nl >= 0 and _RULE.fullmatch(text, s, nl):
            rule = (s, nl)
            first = nl + 1
        ln_end = text.find("\n", first, end)
        mm = _MARK.match(text, first, end if ln_end < 0 else ln_end)
        if mm and mm.group("d") is None and _reference(text, mm, max(lo, s - _PAGE_TEXT), s):
            out.append(((first, end), rule))
    return out


def find_footnotes(
    text: str, lo: int, hi: int, marks: list[Range]
) -> tuple[list[Range], list[Range]]:
    """Footnotes in ``text[lo:hi]`` — above each page mark (a page number or rule line in
    ``marks``) and as paragraphs of their own — and the short rules printed over them.
    Both lists sorted, nothing overlapping."""
    found: list[tuple[Range, Range | None]] = []
    for s, _e in marks:
        note = _note_above(text, s, lo)
        if note is not None:
            found.append(note)
    found.extend(_loose_notes(text, lo, hi))
    found.sort()
    notes: list[Range] = []
    rules: list[Range] = []
    for (s, e), rule in found:
        if notes and s < notes[-1][1]:
            continue
        notes.append((s, e))
        if rule is not None:
            rules.append(rule)
    return notes, rules
