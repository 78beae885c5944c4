"""Titles and authors from file names, in the conventions people name books by.

* web novels: ``《斗破苍穹》作者：天蚕土豆.txt`` (the author labelled ``作者`` with a
  colon of either width, in brackets ``《书名》（作者）``/``[作者]``, or bare), or
  ``书名 作者：作者名.txt``; status notes such as ``（精校版全本）`` are left out;
* FanFicFare: ``Title-site_12345.txt`` (``The_Long_Way_Home-ffnet_12345.txt``,
  ``-ao3_``): the title, without the site and the story id;
* ``Author - Title.txt`` (or ``Title - Author``, told apart by which part reads as a
  person's name), ``Title by Author.txt`` and ``[Author] Title.txt``;
* otherwise the name itself, cleaned: ``pride_and_prejudice__pg1342.txt`` →
  "Pride and Prejudice".

A name that is only an id or a hash (``004_2b6f1807d6bb2112``, ``12345``, a UUID)
carries no title at all.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from reader.text import rx

__all__ = ["FileName", "is_id_like", "looks_like_name", "read_file_name", "title_case"]

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "onto", "or", "the", "to", "upon", "vs", "with"}
)
_PG_NAME_SUFFIX = rx.lazy_stdlib(r"(?:[-_.\s]*pg\d+)?(?:-\d{1,2})?$", re.IGNORECASE)
_ENCODING_SUFFIX = rx.lazy_stdlib(
    r"\.(?:utf-?8|utf-?16(?:le|be)?|utf-?32(?:le|be)?|ascii|latin-?1|gbk|gb2312|gb18030|big5"
    r"|sjis|shift[-_]?jis|cp\d{3,4}|win(?:dows)?-?\d{3,4}|koi8-?[ru])(?:[-_.]?bom)?$",
    re.IGNORECASE,
)
_STATUS = r"全本|完结|完本|精校|校对|全集|txt|出版|修订|最新|全文|未删节|番外"
_STATUS_GROUP = rx.lazy_stdlib(
    r"[（(\[【〔][^）)\]】〕]*(?:" + _STATUS + r")[^）)\]】〕]*[）)\]】〕]", re.I
)
_WEB = rx.lazy_stdlib(
    r"^[\s_]*[《〈«](?P<t>[^》〉»]+)[》〉»][\s_]*"
    r"(?:(?:作者|著者|作\s*者)\s*[:：]?\s*(?P<a1>.+?)"
    r"|[（(\[【〔](?P<a2>[^）)\]】〕]+)[）)\]】〕]"
    r"|(?P<a3>[^\s_].*?))?[\s_]*(?:著|作品)?[\s_]*$"
)
_LABELLED = rx.lazy_stdlib(r"^(?P<t>.+?)[\s_]*(?:作者|著者)\s*[:：]\s*(?P<a>.+?)[\s_]*$")
_FANFICFARE = rx.lazy_stdlib(r"^(?P<t>.+?)-(?P<site>[a-z][a-z0-9]{1,14})_(?P<id>\d{2,})$")
_DASHED = rx.lazy_stdlib(r"^(?P<l>.+?)\s+[-–—]\s+(?P<r>.+)$")
_BY = rx.lazy_stdlib(r"^(?P<t>.+?)\s+by\s+(?P<a>.+)$", re.IGNORECASE)
_BRACKET_AUTHOR = rx.lazy_stdlib(r"^[\[(](?P<a>[^\])]+)[\])]\s*(?P<t>.+)$")
_TOKEN = rx.lazy_stdlib(r"[^\W_]+")
_HEX = rx.lazy_stdlib(r"[0-9a-f]+", re.IGNORECASE)


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NAME_PARTICLES = _words("de da di du del della der van von le la bin ibn al y")
_INITIAL = rx.lazy_stdlib(r"^(?:[^\W\d_]\.)+$")
_NOT_NAME_WORDS = _words(
    "and the of in on at to for with or a an from into und der die das et les des un une "
    "и в на с к о по из за от для не или"
)


class FileName(NamedTuple):
    """What a file name says: ``title`` and ``author`` ("" when absent) and ``how`` it was
    read (``web novel``, ``FanFicFare``, ``author - title``, ``title - author``,
    ``title by author``, ``[author] title``, ``plain`` or ``id``)."""

    title: str
    author: str
    how: str


def _stem(file_name: str) -> str:
    name = os.path.basename(str(file_name).replace("\\", "/"))
    stem, ext = os.path.splitext(name)
    if not stem or len(ext) > 6 or " " in ext:
        stem = name
    return _ENCODING_SUFFIX.sub("", stem)


def is_id_like(file_name: str) -> bool:
    """True when the name (without its extension) is only numbers, hashes or ids."""
    stem = _stem(file_name)
    stem = _PG_NAME_SUFFIX.sub("", stem)
    tokens = _TOKEN.findall(stem)
    if not tokens:
        return True
    for tok in tokens:
        if tok.isdigit():
            continue
        if _HEX.fullmatch(tok) and len(tok) >= 4 and any(ch.isdigit() for ch in tok):
            continue  # a hash, or part of a UUID
        return False
    return True


def title_case(value: str) -> str:
    """``value`` with each word capitalised, short English words in lower case inside;
    words with deliberate mixed case (McGonagall, iPhone) are kept."""
    words = value.split(" ")
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if 0 < i < len(words) - 1 and lower in _SMALL_WORDS:
            out.append(lower)
        elif word.islower() or word.isupper():
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word)
    return " ".join(out)


def looks_like_name(value: str) -> bool:
    """True when ``value`` reads as a person's name: two to four capitalised words or
    initials (``Leo Tolstoy``, ``Л. Н. Толстой``, ``J.R.R. Tolkien``, ``Ursula K. Le Guin``),
    no digits and no function words."""
    words = value.replace(".", ". ").split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in value) or len(value) > 50:
        return False
    letters = 0
    for w in words:
        if w.lower() in _NOT_NAME_WORDS:
            return False
        if w.lower() in _NAME_PARTICLES or _INITIAL.match(w):
            continue
        if not w[:1].isupper() or not all(ch.isalpha() or ch in "-'’" for ch in w):
            return False
        letters += 1
    return letters >= 1


def _clean(stem: str) -> str:
    cleaned = _PG_NAME_SUFFIX.sub("", stem) or stem
    cleaned = re.sub(r"[_\s]+", " ", cleaned)
    cleaned = re.sub(r"(?<=\w)-(?=\w)", " ", cleaned) if " " not in cleaned else cleaned
    return " ".join(cleaned.split())


def _plain(stem: str) -> str:
    cleaned = _PG_NAME_SUFFIX.sub("", stem) or stem
    cleaned = re.sub(r"[_\-\s]+", " ", cleaned).strip()
    return title_case(cleaned) if cleaned else stem.strip()


def _holds_any(text: str, chars: str) -> bool:
    return any(c in text for c in chars)


def read_file_name(file_name: str) -> FileName:
    """The title and author a file name carries (see the module docstring)."""
    stem = _stem(file_name)
    if is_id_like(file_name):
        return FileName("", "", "id")
    # Each pattern needs one of these brackets: a name without them skips compiling it.
    web = (_STATUS_GROUP.sub("", stem) if _holds_any(stem, "（([【〔") else stem).strip()
    m = _WEB.match(web) if _holds_any(web, "《〈«") else None
    if m:
        author = (m.group("a1") or m.group("a2") or m.group("a3") or "").strip(" _-")
        return FileName(m.group("t").strip(), author, "web novel")
    m = _LABELLED.match(web)
    if m:
        return FileName(m.group("t").strip(" _-《》"), m.group("a").strip(" _-"), "web novel")
    m = _FANFICFARE.match(stem)
    if m:
        return FileName(title_case(_clean(m.group("t"))), "", "FanFicFare")
    spaced = " ".join(stem.replace("_", " ").split())
    m = _BRACKET_AUTHOR.match(spaced)
    if m:
        return FileName(_plain(m.group("t")), m.group("a").strip(), "[author] title")
    m = _DASHED.match(spaced)
    if m:
        left, right = m.group("l").strip(), m.group("r").strip()
        if looks_like_name(right) and not looks_like_name(left):
            return FileName(_plain(left), right, "title - author")
        return FileName(_plain(right), left, "author - title")
    m = _BY.match(spaced) if " " in stem else None
    if m and looks_like_name(m.group("a").strip()):
        return FileName(_plain(m.group("t")), m.group("a").strip(), "title by author")
    return FileName(_plain(stem), "", "plain")
