"""The quick hyphenation table: same break points as pyphen, and its disk cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from reader.layout import hyphenate
from reader.layout.hyphenate import (
    Patterns,
    _quick_dict,
    _read_patterns,
    hyphenatable,
    hyphenator,
    insert_soft_hyphens,
)

PROSE = (
    "Notwithstanding the extraordinary circumstances, the commissioners deliberated "
    "interminably about the unquestionably incomprehensible correspondence. "
    "ÉCOLES POLYTECHNIQUES İstanbullular Straßenbahnhaltestellen"
)


@pytest.fixture(autouse=True)
def _fresh_hyphenators() -> Iterator[None]:
    """Each test builds its own tables (and no test leaves a cache folder set)."""
    saved = dict(hyphenate._HYPHEN_CACHE)
    hyphenate._HYPHEN_CACHE.clear()
    yield
    hyphenate._HYPHEN_CACHE.clear()
    hyphenate._HYPHEN_CACHE.update(saved)
    hyphenate.set_cache_dir(None)


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"[^\W\d_]{4,}", text)))


def _corpus_words(corpus: Path, name: str, encoding: str, limit: int) -> list[str]:
    return _words((corpus / name).read_bytes().decode(encoding))[:limit]


@pytest.mark.parametrize(
    ("lang", "name", "encoding"),
    [
        ("en", "gutenberg/war_and_peace__pg2600-0.txt", "utf-8-sig"),
        ("fr", "french_latin1/madame_bovary_fr__pg14155-8.txt", "latin-1"),
        ("ru_RU", "russian_cp1251/evgeniy_onegin.txt", "cp1251"),
    ],
)
def test_break_points_are_pyphens(corpus: Path, lang: str, name: str, encoding: str) -> None:
    path = Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])
    quick = _quick_dict(path)
    raw = _read_patterns(path)
    assert quick is not None and raw is not None
    reference = pyphen.Pyphen(filename=path, left=2, right=3, cache=False)
    words = _corpus_words(corpus, name, encoding, 3000) + _words(PROSE)
    assert len(words) > 1000
    # parsed up front, and as written (each pattern read when a word first needs it)
    for ours in (Patterns.from_patterns(quick.patterns), Patterns.from_patterns(raw)):
        expected = [[int(p) for p in reference.positions(w)] for w in words]
        assert [ours.positions(w) for w in words] == expected


def test_patterns_as_written_are_read_once_and_only_when_needed() -> None:
    raw = {"abc": "a1bc", "bc": "b2c", "xyz": "x0y3z", "q": "4q"}
    ours = Patterns.from_patterns(raw)
    assert ours.table["xyz"] == "x0y3z" and ours.table["xy"] is None
    assert ours.positions("xxabcxx") == Patterns.from_patterns(
        {"abc": (1, (1,)), "bc": (1, (2,)), "xyz": (2, (3,)), "q": (0, (4,))}
    ).positions("xxabcxx")
    assert ours.table["abc"] == (1, (1,)) and ours.table["bc"] == (1, (2,))
    assert ours.table["xyz"] == "x0y3z"  # no word needed it yet


def test_patterns_pyphen_skips_are_skipped(tmp_path: Path) -> None:
    """Zero-only and digitless patterns are not patterns; the last of duplicates wins."""
    path = tmp_path / "hyph_xx.dic"
    path.write_text("UTF-8\n% comment\nLEFTHYPHENMIN 2\nab1c\nde\nf0g\nab2c\nh1i\nh0i\n", "utf-8")
    raw = _read_patterns(path)
    assert raw == {"abc": "ab2c", "hi": "h1i"}
    assert raw.keys() == pyphen.HyphDict(path).patterns.keys()


def test_soft_hyphens_match_pyphen_placement() -> None:
    """Soft hyphens go where the American patterns (Quire's choice for "en") allow, except in
    words with capitals inside (ÉCOLES, POLYTECHNIQUES) and in the paragraph's last word."""
    hyph = hyphenator("en")
    assert hyph is not None and isinstance(hyph[0], Patterns)
    text, shy = insert_soft_hyphens(PROSE, hyph)
    reference = pyphen.Pyphen(lang="en_US", left=2, right=3)
    pieces = re.split(r"([^\W\d_]+)", PROSE)
    last = max(i for i, piece in enumerate(pieces) if piece.isalpha())
    expected = "".join(
        reference.inserted(piece, hyphen="\u00ad")
        if len(piece) >= 7 and hyphenatable(piece) and i != last
        else piece
        for i, piece in enumerate(pieces)
    )
    assert text == expected
    assert [text[i] for i in shy] == ["\u00ad"] * len(shy)
    assert "ÉCOLES POLYTECHNIQUES İst\u00ad" in text  # İstanbullular: a capital only first
    assert text.endswith(" Straßenbahnhaltestellen")


def test_table_is_kept_on_disk_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hyphenate.set_cache_dir(tmp_path)
    first = hyphenator("en")
    assert first is not None
    (stored,) = list(tmp_path.iterdir())
    assert stored.suffix == ".marshal"
    expected = first[0].positions("extraordinary")
    assert expected

    # A later start reads the table instead of parsing the pattern file.
    hyphenate._HYPHEN_CACHE.clear()

    def no_parse(path: Path) -> None:
        raise AssertionError(f"{path} parsed although the table is cached")

    monkeypatch.setattr(hyphenate, "_read_patterns", no_parse)
    again = hyphenator("en")
    assert again is not None and again[0] is not first[0]
    assert again[0].positions("extraordinary") == expected


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xe9\x00\x00\x00"])
def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    hyphenate.set_cache_dir(tmp_path)
    good = hyphenator("en")
    assert good is not None
    expected = good[0].positions("commissioners")
    (stored,) = list(tmp_path.iterdir())
    stored.write_bytes(damage)
    hyphenate._HYPHEN_CACHE.clear()
    rebuilt = hyphenator("en")
    assert rebuilt is not None and rebuilt[0].positions("commissioners") == expected
    assert stored.read_bytes() != damage  # written again


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    hyphenate.set_cache_dir(blocker / "hyphenation")
    hyph = hyphenator("en")
    assert hyph is not None and hyph[0].positions("extraordinary")


def test_the_word_cache_stays_bounded_and_breaks_stay_the_same(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Past its bound the per-word cache starts over; breaks found after that are the
    same as before."""
    from reader.layout import hyphenate

    monkeypatch.setattr(hyphenate, "MAX_CACHED_WORDS", 50)
    hyph = hyphenate.hyphenator("en")
    assert hyph is not None
    _, cache = hyph
    cache.clear()
    words = [f"international{'x' * (i % 7)}ization{i}" for i in range(400)]
    first = hyphenate.insert_soft_hyphens(" ".join(words) + " end", hyph)
    assert 0 < len(cache) <= 50
    again = hyphenate.insert_soft_hyphens(" ".join(words) + " end", hyph)
    assert again == first
    assert first[1]  # words were broken at all
