"""Paragraph modes: detection on synthetic texts and corpus files, and block splitting."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.text.book import BlockKind, Book, ParagraphMode
from reader.text.paragraphs import BlockSink, detect_mode, split_region
from reader.text.parse import load_book, parse_text
from reader.text.render import display_block

SAMPLE = "the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing"
WORDS = SAMPLE.split()


def prose(n_words: int, seed: int = 0) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n_words)]
    return " ".join(words).capitalize() + "."


def wrap(paragraph: str, width: int = 70) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def wrapped_text(n: int = 30) -> str:
    return "\n\n".join("\n".join(wrap(prose(60 + i % 40, i))) for i in range(n)) + "\n"


def shown(book: Book, kinds: tuple[BlockKind, ...] = (BlockKind.PARAGRAPH,)) -> list[str]:
    """Shown text of the blocks of ``kinds``, straight quotes as in the source."""
    return [unsmart(book, i) for i, b in enumerate(book.blocks) if b.kind in kinds]


def unsmart(book: Book, index: int) -> str:
    """Block ``index``'s shown text with smart quotes and em dashes put back as the source's
    straight quotes and ``--``."""
    d = display_block(book, index)
    return "".join(
        book.text[at] if ch in "“”‘’" and book.text[at] in "\"'"
        else "--" if ch == "—" and book.text.startswith("--", at)
        else ch
        for ch, at in zip(d.text, d.offsets, strict=False)
    )  # fmt: skip


def kinds(book: Book) -> list[BlockKind]:
    return [b.kind for b in book.blocks]


# --------------------------------------------------------------------------- detection


def test_hard_wrapped_text_is_wrapped_and_paragraphs_are_joined() -> None:
    text = wrapped_text()
    info = detect_mode(text)
    assert info.mode is ParagraphMode.WRAPPED
    assert 60 <= info.width <= 70
    assert "hard-wrapped" in info.reason
    book = parse_text(text)
    paras = shown(book)
    assert len(paras) == 30
    assert paras[0] == prose(60, 0)
    assert all("\n" not in p for p in paras)


def test_one_long_line_per_paragraph_with_blank_lines_is_blank_mode() -> None:
    text = "\n\n".join(prose(40 + i * 7 % 60, i) for i in range(20)) + "\n"
    info = detect_mode(text)
    assert info.mode is ParagraphMode.BLANK
    assert "blank line" in info.reason
    book = parse_text(text)
    assert shown(book) == [prose(40 + i * 7 % 60, i) for i in range(20)]


def test_long_lines_without_blank_lines_are_line_mode() -> None:
    text = "\n".join(prose(40 + i * 7 % 60, i) for i in range(20))
    info = detect_mode(text)
    assert info.mode is ParagraphMode.LINE
    assert len(parse_text(text).blocks) == 20


def test_indented_paragraphs_without_blank_lines() -> None:
    lines: list[str] = []
    for i in range(25):
        para = wrap(prose(50 + i % 30, i), 66)
        lines.append("    " + para[0])
        lines.extend(para[1:])
    text = "\n".join(lines) + "\n"
    info = detect_mode(text)
    assert info.mode is ParagraphMode.INDENTED
    assert info.para_indent == 4
    book = parse_text(text)
    assert shown(book) == [prose(50 + i % 30, i) for i in range(25)]


def test_override_forces_the_mode_and_says_so() -> None:
    text = wrapped_text(10)
    info = detect_mode(text, override=ParagraphMode.LINE)
    assert info.mode is ParagraphMode.LINE
    assert info.reason.startswith("Set by the reader")
    book = parse_text(text, paragraph_mode=ParagraphMode.LINE)
    assert book.paragraph_mode is ParagraphMode.LINE
    assert len(book.blocks) == text.strip().count("\n") + 1 - text.count("\n\n")


def test_empty_and_blank_text() -> None:
    assert detect_mode("").mode is ParagraphMode.LINE
    assert detect_mode("\n\n   \n").reason == "The text has no lines to read."


# --------------------------------------------------------------------------- wrapped splitting


def test_short_line_ending_a_sentence_ends_its_paragraph() -> None:
    first = wrap(prose(40, 1))
    second = wrap(prose(45, 2))
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10, 20))
    text = body + "\n\n" + "\n".join(first + second) + "\n\n" + body
    book = parse_text(text)
    assert prose(40, 1) in shown(book)
    assert prose(45, 2) in shown(book)


def test_short_line_without_sentence_end_or_before_lowercase_does_not_split() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    text = (
        body + "\n\nHe met Mr.\nsmith at the door and they went on talking for a while.\n\n" + body
    )
    book = parse_text(text)
    assert "He met Mr. smith at the door and they went on talking for a while." in shown(book)


def test_indented_verse_in_wrapped_text_is_kept_line_by_line() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    verse = (
        "   “You are old, Father William,” the young man said,\n"
        "     “And your hair has become very white;\n"
        "   And yet you incessantly stand on your head—\n"
        "     Do you think, at your age, it is right?”"
    )
    book = parse_text(body + "\n\n" + verse + "\n\n" + body)
    (v,) = shown(book, (BlockKind.VERSE,))
    assert v.split("\n") == [
        "“You are old, Father William,” the young man said,",
        "  “And your hair has become very white;",
        "And yet you incessantly stand on your head—",
        "  Do you think, at your age, it is right?”",
    ]


def test_unindented_short_lines_are_verse_but_a_wrapped_paragraph_is_not() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    letter = "My dear Harker,\nBistritz,\nThe Carpathians"
    two = "\n".join(wrap(prose(16, 3)))  # a paragraph of two lines: first full, second short
    assert two.count("\n") == 1
    book = parse_text(f"{body}\n\n{letter}\n\n{two}\n\n{body}")
    assert shown(book, (BlockKind.VERSE,)) == [letter]
    assert prose(16, 3) in shown(book)


def test_prose_line_then_verse_in_one_run() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    lead = wrap(prose(30, 5))
    chunk = (
        "\n".join(lead) + "\n    Twinkle, twinkle, little bat!\n    How I wonder what you're at!"
    )
    book = parse_text(f"{body}\n\n{chunk}\n\n{body}")
    assert prose(30, 5) in shown(book)
    assert "Twinkle, twinkle, little bat!\nHow I wonder what you're at!" in shown(
        book, (BlockKind.VERSE,)
    )


def test_indented_quoted_letter_is_a_paragraph_not_verse() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    letter = prose(60, 7)
    quoted = "\n".join("     " + line for line in wrap(letter, 65))
    assert quoted.count("\n") >= 3
    book = parse_text(f"{body}\n\n{quoted}\n\n{body}")
    assert letter in shown(book)
    assert shown(book, (BlockKind.VERSE,)) == []


def test_indented_quote_under_its_lead_in_line_is_its_own_paragraph() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    letter = prose(50, 8)
    quoted = "\n".join("     " + line for line in wrap(letter, 65))
    book = parse_text(f"{body}\n\nHe read the letter aloud:\n{quoted}\nAnd he slept.\n\n{body}")
    paras = shown(book)
    assert "He read the letter aloud:" in paras
    assert letter in paras
    assert "And he slept." in paras


def test_two_line_paragraph_wrapped_narrower_than_the_book_is_prose() -> None:
    # War and Peace: “…” suggested Anna / Pávlovna. — a wrap, not a couplet
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    pairs = [
        "“Won’t you come over to the other table?” suggested Anna\nPávlovna.",
        "“Well, maybe!” said Prince Andrew. “Go, Másha; I’ll come\nimmediately.”",
    ]
    book = parse_text(body + "\n\n" + "\n\n".join(pairs) + "\n\n" + body)
    assert shown(book, (BlockKind.VERSE,)) == []
    for pair in pairs:
        assert pair.replace("\n", " ") in shown(book)


def test_short_verse_with_phrase_ends_and_capitals_stays_verse() -> None:
    body = "\n\n".join("\n".join(wrap(prose(70, i))) for i in range(10))
    couplet = (
        "La mort est secourable et la mort est tranquille,\n"
        "Ah! contre les douleurs il n’y a pas d’autre asile. *"
    )
    song = "Bring glory then to Alexander’s reign\nAnd on the throne our Titus shield."
    book = parse_text(f"{body}\n\n{couplet}\n\n{song}\n\n{body}")
    assert shown(book, (BlockKind.VERSE,)) == [couplet, song]


def test_trailing_spaces_on_wrapped_lines_do_not_leak() -> None:
    paras = [prose(70, i) for i in range(12)]
    text = "\n\n".join("\n".join(line + "  \t " for line in wrap(p)) for p in paras)
    book = parse_text(text)
    assert book.paragraph_mode is ParagraphMode.WRAPPED
    assert shown(book) == paras


def test_cjk_short_line_ending_a_sentence_ends_its_paragraph() -> None:
    sentence = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。"
    paras = [sentence * (3 + i % 4) + "及秦灭之后。" for i in range(20)]
    chunks = ["\n".join(p[k : k + 40] for k in range(0, len(p), 40)) for p in paras]
    assert all(len(c.rsplit("\n", 1)[-1]) < 32 for c in chunks)  # each ends on a short line
    book = parse_text("\n".join(chunks))  # no blank lines at all
    assert book.cjk
    assert shown(book) == paras


def test_cjk_wrapped_paragraphs_join_without_spaces() -> None:
    sentence = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。"
    paras = [sentence * (3 + i % 4) for i in range(20)]
    lines = []
    for p in paras:
        chunk = ["    " + p[:40]] + [p[k : k + 40] for k in range(40, len(p), 40)]
        lines.append("\n".join(chunk))
    book = parse_text("\n\n\n".join(lines))
    assert book.cjk
    assert book.paragraph_mode is ParagraphMode.WRAPPED
    assert shown(book) == paras


# --------------------------------------------------------------------------- blank mode


def test_runs_of_extra_blank_lines_are_scene_breaks_in_blank_mode() -> None:
    paras = [prose(40 + i * 5 % 50, i) for i in range(12)]
    text = "\n\n".join(paras[:4]) + "\n\n\n\n" + "\n\n".join(paras[4:8]) + "\n\n\n"
    text += "\n\n".join(paras[8:])
    book = parse_text(text)
    assert book.paragraph_mode is ParagraphMode.BLANK
    ks = kinds(book)
    assert ks.count(BlockKind.SCENE_BREAK) == 2
    assert ks[4] is BlockKind.SCENE_BREAK and ks[9] is BlockKind.SCENE_BREAK
    assert shown(book) == paras


def test_short_lines_together_in_blank_mode_are_verse() -> None:
    paras = [prose(40 + i * 5 % 50, i) for i in range(10)]
    song = "Hush little baby\ndon't say a word\nmama's gonna buy you"
    text = "\n\n".join([*paras[:5], song, *paras[5:]])
    book = parse_text(text)
    assert shown(book, (BlockKind.VERSE,)) == [song]
    assert shown(book) == paras


def test_split_region_mid_line_start_and_matter_lines() -> None:
    text = "tail of a line\nTitle: A Book\nAuthor: Someone\n\nProse here."
    info = detect_mode(wrapped_text())  # a 70-column book
    sink = BlockSink()
    split_region(text, 5, len(text), info, sink, prose_kind=int(BlockKind.MATTER), verse_kind=None)
    got = [text[s:e] for s, e in zip(sink.starts, sink.ends, strict=True)]
    assert got[0] == "of a line"
    assert "Title: A Book" in got and "Author: Someone" in got


# --------------------------------------------------------------------------- corpus


CORPUS_MODES = [
    ("gutenberg/war_and_peace__pg2600-0.txt", ParagraphMode.WRAPPED),
    ("gutenberg/alices_adventures_in_wonderland__pg11-0.txt", ParagraphMode.WRAPPED),
    ("gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt", ParagraphMode.WRAPPED),
    ("gutenberg/pride_and_prejudice__pg1342.txt", ParagraphMode.WRAPPED),
    ("gutenberg/dracula__pg345.txt", ParagraphMode.WRAPPED),
    ("french_latin1/madame_bovary_fr__pg14155-8.txt", ParagraphMode.WRAPPED),
    ("chinese_gbk/sanguo_yanyi.txt", ParagraphMode.WRAPPED),
    ("japanese_sjis/wagahaiwa_nekodearu.txt", ParagraphMode.LINE),
    ("russian_cp1251/evgeniy_onegin.txt", ParagraphMode.WRAPPED),
    ("fanfic/desperate_measures.txt", ParagraphMode.BLANK),
    ("fanfic/alaric_leaving.txt", ParagraphMode.BLANK),
    ("variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt", ParagraphMode.WRAPPED),
    ("variants/evgeniy_onegin.utf8-bom.txt", ParagraphMode.WRAPPED),
]


@pytest.mark.parametrize(("name", "mode"), CORPUS_MODES)
def test_corpus_paragraph_mode(corpus: Path, name: str, mode: ParagraphMode) -> None:
    book = load_book(corpus / name)
    assert book.paragraph_mode is mode, book.paragraph_reason
    assert book.paragraph_reason


def test_corpus_war_and_peace_paragraphs(corpus: Path) -> None:
    book = load_book(corpus / "gutenberg/war_and_peace__pg2600-0.txt")
    paras = shown(book)
    assert any(
        p.startswith("“Well, Prince, so Genoa and Lucca are now just family estates of the")
        and "Buonapartes." in p
        for p in paras
    )
    # hard-wrapped: no paragraph keeps a line break; most paragraphs run past one line
    assert all("\n" not in p for p in paras)
    assert sum(len(p) > 80 for p in paras) > len(paras) / 2


def test_corpus_alice_father_william_is_verse(corpus: Path) -> None:
    book = load_book(corpus / "gutenberg/alices_adventures_in_wonderland__pg11-0.txt")
    verse = shown(book, (BlockKind.VERSE,))
    first = next(v for v in verse if v.startswith("‘You are old, Father William,’"))
    assert first.count("\n") == 3
    assert "the young man said,\n ‘And your hair" in first


def test_corpus_quoted_letters_and_telegrams_read_as_paragraphs(corpus: Path) -> None:
    book = load_book(corpus / "gutenberg/dracula__pg345.txt")
    paras = shown(book)
    assert any(
        p.startswith('"My Friend.--Welcome to the Carpathians. I am anxiously expecting you.')
        and p.endswith("enjoy your stay in my beautiful land.")
        for p in paras
    )
    assert '"Am coming up by train. Jonathan at Whitby. Important news.--MINA HARKER."' in paras
    verse = shown(book, (BlockKind.VERSE,))
    assert '"We thought her dying whilst she slept,\n    And sleeping when she died."' in verse


def test_corpus_war_and_peace_dialogue_is_prose_and_songs_are_verse(corpus: Path) -> None:
    book = load_book(corpus / "gutenberg/war_and_peace__pg2600-0.txt")
    paras = shown(book)
    assert "“Won’t you come over to the other table?” suggested Anna Pávlovna." in paras
    verse = shown(book, (BlockKind.VERSE,))
    assert "“It’s a long, long way.\nTo my native land...”" in verse
    assert any(v.startswith("Enchantress, say, to my forsaken lyre\n") for v in verse)
    assert not any(v.startswith("“") and v.split("\n")[1][:1].islower() for v in verse)


def test_corpus_onegin_stanzas_are_verse(corpus: Path) -> None:
    for name in ("russian_cp1251/evgeniy_onegin.txt", "variants/evgeniy_onegin.utf8-bom.txt"):
        book = load_book(corpus / name)
        verse = shown(book, (BlockKind.VERSE,))
        first = next(v for v in verse if v.startswith("«Мой дядя самых честных правил,"))
        assert first.split("\n")[1] == "Когда не в шутку занемог,"
        # trailing spaces on every line never reach the display
        assert all(not line.endswith(" ") for v in verse for line in v.split("\n"))
        assert len(verse) > 300


def test_corpus_sanguo_paragraphs_join_without_spaces(corpus: Path) -> None:
    book = load_book(corpus / "chinese_gbk/sanguo_yanyi.txt")
    assert book.cjk
    paras = shown(book)
    assert paras[0].startswith("话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。")
    assert all(" " not in p and "\n" not in p for p in paras[:50])


def test_corpus_fanfic_scene_breaks_and_paragraphs(corpus: Path) -> None:
    book = load_book(corpus / "fanfic/alaric_leaving.txt")
    # five runs of two or more blank lines in the file
    assert kinds(book).count(BlockKind.SCENE_BREAK) == 5
    assert shown(book)[0].startswith("He has it all planned out:")
    book = load_book(corpus / "fanfic/desperate_measures.txt")
    assert BlockKind.SCENE_BREAK not in kinds(book)
    assert shown(book)[0].startswith("It's her swollen sense of duty")
