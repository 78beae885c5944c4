"""Paragraphs broken in the middle of a sentence are joined again (issue 11)."""

from __future__ import annotations

import textwrap

import pytest

from reader.text.book import BlockKind, ParagraphMode
from reader.text.parse import parse_text
from reader.text.rejoin import continues
from reader.text.render import display_block, display_problems

PARAS = [
    "The rain had not stopped for three days, and the river was rising fast. Nobody in "
    "the village could remember a spring like it, not even the oldest of the fishermen "
    "who sat by the harbour wall.",
    "On the fourth morning the boats went out again. They came back at noon with nothing "
    "in their nets, and the men would not say what they had seen out beyond the point.",
    "Anna waited on the quay until the last of them was tied up. Then she walked home the "
    "long way, past the church and the school, and did not look back at the water.",
] * 4


def paragraphs(book) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        display_block(book, i).text
        for i, b in enumerate(book.blocks)
        if b.kind == BlockKind.PARAGRAPH
    ]


def test_a_double_spaced_export_is_read_as_paragraphs() -> None:
    lines = [ln for p in PARAS for ln in textwrap.wrap(p, 64)]
    book = parse_text("\n\n".join(lines) + "\n")
    assert book.paragraph_mode is ParagraphMode.BLANK
    shown = paragraphs(book)
    # every sentence broken at a line end is whole again
    for p in PARAS:
        for sentence in p.split(". "):
            assert any(sentence in s for s in shown), sentence
    for i in range(len(book.blocks)):
        assert display_problems(book, i) == []


def test_broken_lines_in_a_one_paragraph_per_line_chinese_novel() -> None:
    para = (
        "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。及秦灭之后，楚、汉分争，又并入于汉。"
        * 4
    )
    lines = []
    for k in range(30):
        if k % 3 == 0:  # a paragraph a converter broke mid-sentence
            lines += ["\u3000\u3000" + para[:50], para[50:]]
        else:
            lines.append("\u3000\u3000" + para)
    book = parse_text("\n".join(lines) + "\n")
    assert book.paragraph_mode is ParagraphMode.LINE
    shown = paragraphs(book)
    assert len(shown) == 30
    assert all(s.strip("\u3000") == para for s in shown)


def test_the_readers_own_mode_is_never_second_guessed() -> None:
    lines = [ln for p in PARAS for ln in textwrap.wrap(p, 64)]
    book = parse_text("\n\n".join(lines) + "\n", paragraph_mode=ParagraphMode.BLANK)
    assert len(paragraphs(book)) == len(lines)


def test_a_sentence_end_and_a_capital_keep_paragraphs_apart() -> None:
    text = "\n\n".join(PARAS[:3]) + "\n"
    book = parse_text(text)
    assert len(paragraphs(book)) == 3


@pytest.mark.parametrize(
    ("a", "b", "page_break", "joined"),
    [
        ("and the river was", "rising fast.", False, True),  # goes on in lower case
        ("the oldest of the fishermen who sat by the harbour wall and", "Anna", True, True),
        ("the oldest of the fishermen who sat by the harbour wall and", "Anna", False, True),
        ("short line and", "Anna", False, False),  # not a full line, no page break
        ("He stopped.", "Then he went on.", True, False),  # a sentence ended
        ("She said:", "“Come here.”", True, False),
        ("河水涨得", "很快。", False, True),
        ("河水涨得很快。", "他走了。", True, False),
        ("Хотел писать", "– но труд упорный", True, True),
    ],
)
def test_what_continues_a_sentence(a: str, b: str, page_break: bool, joined: bool) -> None:
    text = a + "\n\n" + b
    got = continues(text, (0, len(a)), (len(a) + 2, len(text)), width=60, page_break=page_break)
    assert got is joined
