"""How much a decoded text looks like real prose: the check behind every encoding guess.

A wrong decoding of a real book gives text that no writer produces: control codes
and private-use characters, symbols glued to letters (``cafŽ``, ``Ìîé ÷``),
letters of two scripts inside one word, a capital in the middle of a lower-case
word (KOI8 read as cp1251 swaps the cases), half-width katakana among kanji,
combining marks with no letter to sit on. :func:`badness` counts those events.

It is deliberately language-blind: it cannot tell Czech read as Latin-1 from
Czech (both are plausible Latin letters) — that needs letter statistics, which
chardet has — but it reliably rejects decodings that turn text into garbage,
which is what chardet alone gets wrong on short or sparse evidence.

Each character is first mapped to a one-letter class (a ``str.translate`` with
a table built once), so that the events are counted by regular expressions
over an ASCII string, at C speed.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import NamedTuple

from reader.text import rx

# Character classes (one ASCII letter each).
_SPACE = " "
_NEWLINE = "n"
_DIGIT = "d"
_PUNCT = "q"  # punctuation that sits next to letters in real text
_SYMBOL = "s"  # symbols, odd punctuation, superscripts, fractions …
_JUNK = "x"  # controls, unassigned, private use, U+FFFD
_FORMAT = "f"  # soft hyphen, zero-width joiners, direction marks
_MARK = "m"  # combining marks
_RARE = "r"  # letters real books seldom use (Latin Extended-B, CJK Ext. A …)
_HALF_KANA = "K"  # half-width katakana
_QUOTE = "Q"  # quotation marks, which never sit between two letters
_ELLIPSIS = "D"  # … and ‥, which seldom sit between two letters
_INVERTED = "i"  # ¡ ¿, which open a clause and never follow a letter
_CJK_PUNCT = "P"  # CJK and full-width punctuation, which sits next to CJK text
_ARABIC_PUNCT = "A"  # ، ؛ ؟ …, which sits next to Arabic letters
_HEBREW_PUNCT = "H"  # ־ ׳ ״ …, which sits next to Hebrew letters
# Letters: lower/upper case for the cased scripts, one class for the rest; ASCII
# letters apart from the other Latin ones (they read the same in every code page).
_ASCII, _ASCII_UP = "e", "E"
_LATIN, _LATIN_UP = "l", "L"
_CYR, _CYR_UP = "c", "C"
_GREEK, _GREEK_UP = "g", "G"
_HEBREW, _ARABIC, _THAI, _CJK, _HANGUL, _OTHER = "h", "a", "t", "k", "j", "o"

LETTER_CLASSES = "eElLcCgGhatkjKor"
_NON_ASCII_LETTERS = "lLcCgGhatKor"  # CJK and Hangul left out: their texts mix in digits

_SCRIPTS = {
    "latin": "eElL",
    "cyrillic": "cC",
    "greek": "gG",
    "hebrew": "h",
    "arabic": "a",
    "thai": "t",
    "cjk": "k",
    "hangul": "j",
    "halfkana": "K",
    "other": "o",
}


SCRIPT_GROUPS: tuple[str, ...] = (*_SCRIPTS.values(), _RARE)
"""Letter classes grouped by script (cases together), rare letters as a group of their own."""


_HAN_PER_PUNCT = 50
"""CJK prose has a 。、，「 … at least every this many characters; a decoding with fewer
(a Shift_JIS file read as GBK: all rare ideographs) is missing one per this many."""
_GROUP_OF = {cls: name for name, members in _SCRIPTS.items() for cls in members}
_NON_CJK_LETTERS = "eElLcCgGhato"
_CASE_BREAKS = ("lL", "eL", "lE", "cC", "gG")
# A non-ASCII capital run into a capitalised word ("ĄŽOh", "ÒWell"): misread punctuation.
_CAPITAL_RUN_INTO_WORD = rx.lazy_stdlib("(?=L[LE][le])")
_ELLIPSIS_IN_WORD = rx.lazy_stdlib(f"(?=[{LETTER_CLASSES}]D[{LETTER_CLASSES}])")
# Trigrams, found with regular expressions (only run when their rare middle class occurs).
_QUOTE_IN_WORD = rx.lazy_stdlib(f"(?=[{LETTER_CLASSES}]Q[{LETTER_CLASSES}])")
_PUNCT_IN_FOREIGN_WORD = rx.lazy_stdlib(f"(?=[{_NON_CJK_LETTERS}]P[{_NON_CJK_LETTERS}])")
_STRAY_MARK = rx.lazy_stdlib(f"(?<![{LETTER_CLASSES}m])m")
# Script punctuation and the letters it is foreign to.
_FOREIGN_TO = {"P": "lLcCgGhato", "A": "eElLcCgGhtkjKo", "H": "eElLcCgGatkjKo"}


# Punctuation and symbols that real prose puts next to letters.
_GOOD_PUNCT = set(
    "!\"#%&'()*,-./:;?@[\\]_{}$+<=>^`|~’–—―…·•′″‐‑‒;·"  # Greek question mark and ano teleia
)
_CJK_PUNCTS = set(
    "、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟・"
    "！＂＃％＆＇（）＊，－．／：；？＠［＼］＿｛｝～｟｠｡｢｣､･｜＋＝＜＞"
    "※○●◎◇◆□■△▲▽▼★☆♪→←↑↓"
)
_ARABIC_PUNCTS = set("،؛؟٪٫٬")
_HEBREW_PUNCTS = set("־׀׃׳״")
_QUOTES = set("“”„‟«»‹›‘‚‛")
_ELLIPSES = set("…‥")
_INVERTED_MARKS = set("¡¿")
_SYMBOL_LETTERS = set("ªºµ")  # letters by category, symbols in practice


_CATEGORY_CLASS = {
    "Cc": _JUNK,
    "Cn": _JUNK,
    "Co": _JUNK,
    "Cs": _JUNK,
    "Cf": _FORMAT,
    "Zs": _SPACE,
    "Zl": _SPACE,
    "Zp": _SPACE,
    "Nd": _DIGIT,
    "Mn": _MARK,
    "Mc": _MARK,
    "Me": _MARK,
}
"""Non-letter categories; every other P*, S* and N* category is a symbol."""

# Letter ranges: (first, end, class of lower-case/uncased letters, class of capitals).
_LETTER_RANGES: tuple[tuple[int, int, str, str], ...] = (
    (0x0000, 0x0080, _ASCII, _ASCII_UP),
    (0x0080, 0x0180, _LATIN, _LATIN_UP),
    (0x0180, 0x0370, _RARE, _RARE),  # Latin Extended-B, IPA, spacing modifiers
    (0x0370, 0x0400, _GREEK, _GREEK_UP),
    (0x0400, 0x0500, _CYR, _CYR_UP),
    (0x0500, 0x0530, _RARE, _RARE),  # Cyrillic supplement
    (0x05D0, 0x0600, _HEBREW, _HEBREW),
    (0x0620, 0x0700, _ARABIC, _ARABIC),
    (0x0E00, 0x0E80, _THAI, _THAI),
    (0x1100, 0x1200, _RARE, _RARE),  # Hangul jamo
    (0x1E00, 0x1F00, _LATIN, _LATIN_UP),  # Latin Extended Additional (Vietnamese)
    (0x1F00, 0x2000, _GREEK, _GREEK_UP),  # polytonic Greek
    (0x3005, 0x3008, _CJK, _CJK),  # 々 〆 〇
    (0x3040, 0x3100, _CJK, _CJK),  # hiragana, katakana
    (0x3100, 0x3190, _RARE, _RARE),  # bopomofo, compatibility jamo
    (0x31F0, 0x3200, _CJK, _CJK),  # katakana extensions
    (0x3400, 0x4DC0, _RARE, _RARE),  # CJK extension A
    (0x4E00, 0xA000, _CJK, _CJK),  # CJK unified ideographs
    (0xAC00, 0xD7A4, _HANGUL, _HANGUL),
    (0xF900, 0xFF00, _RARE, _RARE),  # compatibility ideographs, presentation forms
    (0xFF00, 0xFF66, _CJK, _CJK),  # full-width Latin letters
    (0xFF66, 0xFFA0, _HALF_KANA, _HALF_KANA),
)


@functools.cache
def _table() -> str:
    """Class of every BMP code point, indexable by ordinal (a ``str.translate`` table)."""
    cats = list(map(unicodedata.category, map(chr, range(0x10000))))
    table = [_OTHER if cat[0] == "L" else _CATEGORY_CLASS.get(cat, _SYMBOL) for cat in cats]
    for first, end, lower, upper in _LETTER_RANGES:
        for cp in range(first, end):
            cat = cats[cp]
            if cat[0] == "L":
                table[cp] = upper if cat == "Lu" else lower
    for cp, cat in enumerate(cats):
        if cat == "Lt":
            table[cp] = _RARE
    table[ord("\t")] = _SPACE
    for ch in "\n\r\f\v\u2028\u2029":
        table[ord(ch)] = _NEWLINE
    for first, end in ((0x2160, 0x2189), (0x2460, 0x2500), (0x3200, 0x3400)):
        for cp in range(first, end):  # Roman numerals, ①, ㈱, ㍻ …: at home in CJK text
            if table[cp] == _SYMBOL:
                table[cp] = _CJK_PUNCT
    for ch in _GOOD_PUNCT:
        table[ord(ch)] = _PUNCT
    for chars, cls in (
        (_CJK_PUNCTS, _CJK_PUNCT),
        (_ARABIC_PUNCTS, _ARABIC_PUNCT),
        (_HEBREW_PUNCTS, _HEBREW_PUNCT),
        (_QUOTES, _QUOTE),
        (_ELLIPSES, _ELLIPSIS),
    ):
        for ch in chars:
            table[ord(ch)] = cls
    for ch in _INVERTED_MARKS:
        table[ord(ch)] = _INVERTED
    for ch in _SYMBOL_LETTERS:
        table[ord(ch)] = _SYMBOL
    for cp in (0xFFFD, 0xFFFE, 0xFFFF, *range(0xFDD0, 0xFDF0)):
        table[cp] = _JUNK
    return "".join(table)


def classes(text: str) -> str:
    """``text`` with every character replaced by its one-letter class.

    Characters beyond the BMP (emoji, CJK Extension B) count as rare letters.
    """
    out = text.translate(_table())  # IndexError past the BMP: the character is kept
    if not out.isascii():
        out = "".join(c if c < "\x80" else _RARE for c in out)
    return out


class Badness(NamedTuple):
    """The implausible events found in a text, and their weighted total."""

    junk: int
    rare: int
    half_kana: int
    symbols: int
    symbol_by_letter: int
    cross_script: int
    case_break: int
    stray_mark: int
    quote_in_word: int
    digit_by_letter: int
    spaced_han: int
    ellipsis_in_word: int
    unpunctuated_han: int
    foreign_punct: int
    cjk_punct_by_ascii: int

    @property
    def total(self) -> float:
        """Weighted sum: a control code or a broken byte weighs most, a rare letter least."""
        return (
            10.0 * self.junk
            + 3.0 * (self.symbol_by_letter + self.cross_script + self.stray_mark)
            + 3.0 * (self.quote_in_word + self.foreign_punct)
            + 2.0 * self.case_break
            + 1.0 * (self.rare + self.half_kana + self.symbols)
            + 1.0 * (self.digit_by_letter + self.spaced_han + self.cjk_punct_by_ascii)
            + 1.0 * (self.unpunctuated_han + self.ellipsis_in_word)
        )


def _bigrams(cls: str, pairs: list[str]) -> int:
    """Occurrences of the two-class sequences ``pairs`` in ``cls`` (``str.count`` each)."""
    return sum(map(cls.count, pairs))


def badness_of_classes(cls: str) -> Badness:
    """Count the implausible events in a class string (see :func:`classes`).

    Adjacent pairs are counted with ``str.count`` over the pairs of classes that
    actually occur, and the three-class patterns only run when their rare middle
    class occurs, so scoring a few KB costs well under a millisecond.
    """
    present = set(cls)
    letters = [c for c in LETTER_CLASSES if c in present]
    non_ascii = [c for c in letters if c in _NON_ASCII_LETTERS]
    cross = [
        a + b
        for a in letters
        for b in letters
        if a != _RARE and b != _RARE and _GROUP_OF[a] != _GROUP_OF[b]
    ]
    foreign = [
        pair
        for punct, letters_foreign in _FOREIGN_TO.items()
        if punct in present
        for c in letters
        if c in letters_foreign
        for pair in (c + punct, punct + c)
    ]
    symbol = [p for c in letters for p in (c + _SYMBOL, _SYMBOL + c)] if _SYMBOL in present else []
    quote_in_word = len(_QUOTE_IN_WORD.findall(cls)) if _QUOTE in present else 0
    if _INVERTED in present:
        quote_in_word += _bigrams(cls, [c + _INVERTED for c in letters])
    return Badness(
        junk=cls.count(_JUNK),
        rare=cls.count(_RARE),
        half_kana=cls.count(_HALF_KANA),
        symbols=cls.count(_SYMBOL),
        symbol_by_letter=_bigrams(cls, symbol),
        cross_script=_bigrams(cls, cross),
        case_break=_bigrams(cls, [p for p in _CASE_BREAKS if p[1] in present])
        + (len(_CAPITAL_RUN_INTO_WORD.findall(cls)) if _LATIN_UP in present else 0),
        stray_mark=len(_STRAY_MARK.findall(cls)) if _MARK in present else 0,
        quote_in_word=quote_in_word,
        digit_by_letter=_bigrams(cls, [p for c in non_ascii for p in (c + "d", "d" + c)])
        if _DIGIT in present
        else 0,
        spaced_han=cls.count("k k"),
        ellipsis_in_word=len(_ELLIPSIS_IN_WORD.findall(cls)) if _ELLIPSIS in present else 0,
        unpunctuated_han=max(0, cls.count(_CJK) // _HAN_PER_PUNCT - cls.count(_CJK_PUNCT)),
        foreign_punct=_bigrams(cls, foreign)
        + (len(_PUNCT_IN_FOREIGN_WORD.findall(cls)) if _CJK_PUNCT in present else 0),
        cjk_punct_by_ascii=_bigrams(cls, ["eP", "EP", "Pe", "PE"]) if _CJK_PUNCT in present else 0,
    )


def badness(text: str) -> Badness:
    """The implausible events in ``text`` (see the module docstring)."""
    return badness_of_classes(classes(text))
