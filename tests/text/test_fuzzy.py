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
    want = float(plain(a, b))
    got = gated(a, b, least)
    if want >= least:
        assert got == want
    else:
        assert got < least


@pytest.mark.parametrize(("gated", "plain"), _PAIRS, ids=["ratio", "token_sort", "partial"])
@settings(max_examples=400, deadline=None)
@given(a=_KEYS, b=_KEYS)
def test_without_a_least_the_score_is_rapidfuzz_s(
    gated: Callable[[str, str, float], float], plain: Callable[..., float], a: str, b: str
) -> None:
    assert gated(a, b, 0.0) == float(plain(a, b))


def test_near_titles_still_reach_rapidfuzz() -> None:
    # a typo: the letters are nearly all shared, so the bound lets rapidfuzz decide
    assert fuzzy.ratio("chapter 12 the dinner", "chapter 12 the diner", 88.0) == fuzz.ratio(
        "chapter 12 the dinner", "chapter 12 the diner"
    )
    assert fuzzy.partial_ratio("the dinner", "chapter 12 the dinner", 90.0) == 100.0


def test_pairs_that_cannot_match_never_import_rapidfuzz() -> None:
    """The contents of War and Peace met one such pair at its first page ("book 11 1812"
    against "chapter 11"), and rapidfuzz was imported for it."""
    script = (
        "import json, sys\n"
        "from reader.text.book import Chapter\n"
        "from reader.text.links import link_contents\n"
        "contents = 'BOOK ELEVEN: 1812\\nCHAPTER XI\\n'\n"
        "text = contents + '\\n\\nCHAPTER XI\\n\\nText.\\n'\n"
        "chapters = [Chapter('CHAPTER XI', 1, text.index('CHAPTER XI', len(contents)))]\n"
        "links = link_contents(text, [(0, len(contents))], chapters)\n"
        "print(json.dumps({'chapters': [link.chapter for link in links],\n"
        "                  'rapidfuzz': 'rapidfuzz' in sys.modules}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(out.stdout) == {"chapters": [-1, 0], "rapidfuzz": False}
