"""How a chapter is named where the reader looks for it: the contents and the status line.

A heading that is only a numeral ("一", "7", "IV") reads well as a heading on its
page, but alone in a list or a status line "一" looks like a dash and "7" like a
page number. :func:`shown_chapter_title` names such a chapter as its contents
entry does: "第一", "Chapter 7", "Chapter IV" (in the book's language where known).
"""

from __future__ import annotations

import re

CJK_NUMERALS = frozenset("〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")
"""Characters of Chinese and Japanese numerals."""
_ARABIC = re.compile(r"[0-9]{1,5}\.?")
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?")
CHAPTER_WORDS = {
    "en": "Chapter",
    "fr": "Chapitre",
    "de": "Kapitel",
    "es": "Capítulo",
    "it": "Capitolo",
    "pt": "Capítulo",
    "nl": "Hoofdstuk",
    "pl": "Rozdział",
    "ru": "Глава",
    "uk": "Розділ",
}
"""The word for "chapter" by language code (English for any other)."""


def is_numeral_only(title: str) -> bool:
    """True for a title that is just a number: CJK numerals, digits or a roman numeral."""
    core = title.strip().rstrip(".．、")
    if not core:
        return False
    if all(c in CJK_NUMERALS for c in core):
        return True
    return bool(_ARABIC.fullmatch(core) or (_ROMAN.fullmatch(core.upper()) and core.isupper()))


def shown_chapter_title(title: str, language: str = "") -> str:
    """``title`` as it is, or a numeral-only one named as a chapter ("一" → "第一")."""
    if not is_numeral_only(title):
        return title
    core = title.strip().rstrip(".．、")
    if all(c in CJK_NUMERALS for c in core):
        return f"第{core}"
    word = CHAPTER_WORDS.get(language.replace("-", "_").split("_")[0].lower(), "Chapter")
    return f"{word} {core}"


__all__ = ["CHAPTER_WORDS", "CJK_NUMERALS", "is_numeral_only", "shown_chapter_title"]
