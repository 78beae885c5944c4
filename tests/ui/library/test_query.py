"""The library filter's language, Qt-free: any text parses, every term narrows (issue 14)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store.models import BookRecord
from reader.text.story import parse_story_info
from reader.text.story_data import story_to_json
from reader.ui.library.query import (
    completions,
    filter_rows,
    group_rows,
    parse_query,
    story_keys,
)
from tests.text.fanfic_gen import alaric_spec, ao3_text

_INFO = parse_story_info(ao3_text(alaric_spec()))
assert _INFO is not None
_STORY = BookRecord(
    1, "k1", "/s.txt", "Alaric Leaving", "Nightingale", story=story_to_json(_INFO),
    fandom="Vampire Diaries",
)  # fmt: skip
_PLAIN = BookRecord(2, "k2", "/p.txt", "Plain", "")
_KEYS = [story_keys(_STORY), story_keys(_PLAIN)]
_FREE = ["alaric leaving\nnightingale\ns.txt\nvampire diaries", "plain\n\np.txt"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_filter_text_parses_and_filters_a_subset(text: str) -> None:
    query = parse_query(text)
    rows = filter_rows(query, [0, 1], _FREE, _KEYS)
    assert set(rows) <= {0, 1}
    assert rows == sorted(rows)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "fandom:vamp",
                "rating:T",
                "tag:slow",
                "ship:damon/alaric",
                "complete",
                "wip",
                "-tag:angst",
                "words:>100",
                "chapters:<5",
                "character:elijah",
                "series:x",
                'fandom:"Vampire Diaries"',
                "alaric",
                "nobody",
            ]
        ),
        max_size=5,
    )
)
def test_more_terms_never_show_more(terms: list[str]) -> None:
    shown = [0, 1]
    for k in range(len(terms) + 1):
        rows = filter_rows(parse_query(" ".join(terms[:k])), [0, 1], _FREE, _KEYS)
        assert set(rows) <= set(shown)
        shown = rows


def test_completions_and_groups() -> None:
    known = completions(_KEYS)
    assert 'fandom:"Vampire Diaries"' in known
    assert "ship:Damon/Alaric" in known
    assert "rating:T" in known and "status:wip" in known
    rows, headings = group_rows([_STORY, _PLAIN], [1, 0], "fandom")
    assert headings == ["Vampire Diaries (1)", "(none) (1)"]
    assert rows == [-1, 0, -2, 1]
