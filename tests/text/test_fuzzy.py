"""The gated rapidfuzz scores: rapidfuzz's own score wherever it reaches the least asked
for, rapidfuzz not even imported for pairs that cannot (issue 12: 17 ms and 4 MB)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from reader.text import fuzzy

# keys as match_key makes them: lower-case words, digits and spaces, some non-Latin
_ALPHABET = st.sampled_from(list("abcdehiklmnoprstuvy 0123456789 глвачсть 第一回"))
_KEYS = st.text(_ALPHABET, max_size=40)
_LEAST = st.floats(min_value=0.0, max_value=100.0)


@st.composite
def _near_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A key and the same key edited a little, maybe inside other words: scores near the
    thresholds, where a bound that is too low would show."""
    a = draw(_KEYS)
    chars = list(a)
    for _ in range(draw(st.integers(0, 3))):
        if chars and draw(st.booleans()):
            del chars[draw(st.integers(0, len(chars) - 1))]
        else:
            chars.insert(draw(st.integers(0, len(chars))), draw(_ALPHABET))
    b = (
        draw(st.text(_ALPHABET, max_size=12))
        + "".join(chars)
        + draw(st.text(_ALPHABET, max_size=12))
    )
    return (a, b) if draw(st.booleans()) else (b, a)


_PAIRS: list[tuple[Callable[[str, str, float], float], Callable[..., float]]] = [
    (fuzzy.ratio, fuzz.ratio),
    (fuzzy.token_sort_ratio, fuzz.token_sort_ratio),
    (fuzzy.partial_ratio, fuzz.partial_ratio),
]


@pytest.mark.parametrize(("gated", "plain"), _PAIRS, ids=["ratio", "token_sort", "partial"])
@settings(max_examples=400, deadline=None)
@given(a=_KEYS, b=_KEYS, least=_LEAST)
def test_a_gated_score_is_rapidfuzz_s_wherever_that_reaches_least(
    gated: Callable[[str, str, float], float],
    plain: Callable[..., float],
    a: str,
    b: str,
    least: float,
) -> None:
    fuzzy._fuzz = None  # the bounds decide until some pair needs rapidfuzz
    want = float(plain(a, b))
    got = gated(a, b, least)
    if want >= least:
        assert got == want
    else:
        assert got < least


@pytest.mark.parametrize(("gated", "plain"), _PAIRS, ids=["ratio", "token_sort", "partial"])
@settings(max_examples=400, deadline=None)
@given(pair=_near_pairs(), least=st.sampled_from([60.0, 80.0, 88.0, 90.0, 90.0 / 0.95]))
def test_near_pairs_at_the_thresholds_used_get_rapidfuzz_s_score(
    gated: Callable[[str, str, float], float],
    plain: Callable[..., float],
    pair: tuple[str, str],
    least: float,
) -> None:
    a, b = pair
    fuzzy._fuzz = None
    want = float(plain(a, b))
    got = gated(a, b, least)
    assert got == want if want >= least else got < least


@pytest.mark.parametrize(("gated", "plain"), _PAIRS, ids=["ratio", "token_sort", "partial"])
@settings(max_examples=400, deadline=None)
@given(a=_KEYS, b=_KEYS)
def test_without_a_least_the_score_is_rapidfuzz_s(
    gated: Callable[[str, str, float], float], plain: Callable[..., float], a: str, b: str
) -> None:
    assert gated(a, b, 0.0) == float(plain(a, b))


def test_once_loaded_rapidfuzz_is_asked_directly() -> None:
    """The bounds only spare the import; after it, rapidfuzz scores every pair (faster)."""
    fuzzy._fuzz = None
    assert fuzzy.ratio("book 11 1812", "chapter 11", 80.0) < 80.0
    assert fuzzy._fuzz is None  # a hopeless pair: not loaded
    fuzzy.ratio("chapter 12 the dinner", "chapter 12 the diner", 88.0)
    assert fuzzy._fuzz is fuzz
    assert fuzzy.ratio("book 11 1812", "chapter 11", 80.0) == fuzz.ratio(
        "book 11 1812", "chapter 11"
    )


def test_near_titles_still_reach_rapidfuzz() -> None:
    fuzzy._fuzz = None
    # a typo: the letters are nearly all shared, so the bound lets rapidfuzz decide
    assert fuzzy.ratio("chapter 12 the dinner", "chapter 12 the diner", 88.0) == fuzz.ratio(
        "chapter 12 the dinner", "chapter 12 the diner"
    )
    assert fuzzy.partial_ratio("the dinner", "chapter 12 the dinner", 90.0) == 100.0


_LINK_SCRIPT = """
import json, sys
from reader.text.book import Chapter
from reader.text.links import link_contents
out = []
for lines, titles in json.loads(sys.argv[1]):
    contents = "\\n".join(lines)
    text = contents + "\\n\\n"
    chapters = []
    for title in titles:
        chapters.append(Chapter(title, 1, len(text)))
        text += title + "\\n\\nSome words of the chapter.\\n\\n"
    out.append([link.chapter for link in link_contents(text, [(0, len(contents))], chapters)])
print(json.dumps({"chapters": out, "rapidfuzz": "rapidfuzz" in sys.modules}))
"""


def test_pairs_that_cannot_match_never_import_rapidfuzz() -> None:
    """War and Peace's contents met one hopeless pair at its first page ("book 11 1812"
    against "chapter 11") and Dracula's subtitles some ("Lucy Westenra's Diary" against
    "chapter 13 dr seward s diary continued"); rapidfuzz was imported for them."""
    cases = [
        (["BOOK ELEVEN: 1812", "CHAPTER XI"], ["CHAPTER XI"]),
        (
            ["CHAPTER XII", "Dr. Seward's Diary      136", "CHAPTER XIII", "Lucy Westenra's Diary"],
            ["CHAPTER XII: DR. SEWARD'S DIARY", "CHAPTER XIII: DR. SEWARD'S DIARY--continued."],
        ),
    ]
    out = subprocess.run(
        [sys.executable, "-c", _LINK_SCRIPT, json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(out.stdout) == {"chapters": [[-1, 0], [0, 0, 1, -1]], "rapidfuzz": False}
