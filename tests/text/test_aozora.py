"""Aozora Bunko notation: detection, ruby, annotations, and their display."""

from __future__ import annotations

import time
from pathlib import Path

from reader.text.aozora import find_annotations, find_rubies, is_aozora, strip_notation
from reader.text.book import BlockKind, Blocks, Book, EncodingReport, Metadata, ParagraphMode
from reader.text.parse import load_book, parse_text
from reader.text.render import display_block, display_problems


def aozora_book(text: str) -> Book:
    return Book(
        text=text,
        blocks=Blocks.from_blocks([(int(BlockKind.PARAGRAPH), 0, len(text))]),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "text"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.LINE,
        paragraph_reason="",
        aozora=True,
    )


def test_ruby_base_is_the_kanji_run_before_the_reading() -> None:
    text = "　吾輩《わがはい》は猫である。"
    (r,) = find_rubies(text)
    assert text[r.base_start : r.base_end] == "吾輩"
    assert r.reading == "わがはい"
    assert r.bar_at == -1


def test_bar_marks_the_start_of_the_base() -> None:
    text = "兄弟が一｜疋《ぴき》も見えぬ"
    (r,) = find_rubies(text)
    assert text[r.base_start : r.base_end] == "疋"
    assert text[r.bar_at] == "｜"


def test_bar_base_may_hold_kana_and_kanji_run_stops_at_kana() -> None:
    text = "｜お茶の水《おちゃのみず》と茶園《ちゃえん》"
    a, b = find_rubies(text)
    assert text[a.base_start : a.base_end] == "お茶の水"
    assert text[b.base_start : b.base_end] == "茶園"


def test_gaiji_with_its_annotation_is_a_ruby_base() -> None:
    text = "まだ※［＃「言＋墟のつくり」、第4水準2-88-74］《いつ》わられた"
    (r,) = find_rubies(text)
    assert text[r.base_start] == "※"
    assert text[r.base_end - 1] == "］"
    book = aozora_book(text)
    d = display_block(book, 0)
    assert d.text == "まだ※わられた"
    assert [(d.text[x.start : x.end], x.reading) for x in d.ruby] == [("※", "いつ")]
    assert display_problems(book, 0) == []


def test_reading_after_kana_is_not_ruby() -> None:
    assert find_rubies("ひらがな《かな》") == []


def test_annotations_are_found_on_one_line() -> None:
    text = "※［＃「言＋墟のつくり」、第4水準2-88-74］と［＃８字下げ］"
    spans = find_annotations(text)
    assert [text[s:e] for s, e in spans] == [
        "［＃「言＋墟のつくり」、第4水準2-88-74］",
        "［＃８字下げ］",
    ]


def test_strip_notation_for_titles() -> None:
    assert strip_notation("［＃８字下げ］一［＃「一」は中見出し］") == "一"
    assert strip_notation("一番｜獰悪《どうあく》な種族") == "一番獰悪な種族"


def test_display_removes_notation_and_keeps_exact_offsets_and_ruby() -> None:
    text = "　吾輩《わがはい》は猫である。御めえ［＃「御めえ」に傍点］の一｜疋《ぴき》"
    book = aozora_book(text)
    d = display_block(book, 0)
    assert d.text == "吾輩は猫である。御めえの一疋"
    assert display_problems(book, 0) == []
    readings = {d.text[r.start : r.end]: r.reading for r in d.ruby}
    assert readings == {"吾輩": "わがはい", "疋": "ぴき"}
    # the shown base maps back to the source base
    r = d.ruby[0]
    assert (d.offsets[r.start], d.offsets[r.end - 1]) == (1, 2)


def test_notation_is_kept_as_text_when_the_book_is_not_aozora() -> None:
    text = "He wrote 《title》 and ［＃note］."
    book = aozora_book(text)
    book.aozora = False
    assert display_block(book, 0).text == text


def test_is_aozora() -> None:
    header = "吾輩は猫である\n夏目漱石\n\n【テキスト中に現れる記号について】\n\n本文"
    assert is_aozora(header)
    body = "［＃８字下げ］一［＃「一」は中見出し］\n"
    body += "吾輩《わがはい》は猫《ねこ》である《ある》。\n［＃改ページ］\n"
    assert is_aozora(body)
    assert not is_aozora("话说天下大势，分久必合，合久必分。《三国志》")
    assert not is_aozora("Plain English text.")


def test_annotation_only_lines_are_not_blocks() -> None:
    text = "吾輩《わがはい》は猫である。\n［＃改ページ］\n名前はまだ無い。［＃「無い」に傍点］\n"
    book = parse_text(text * 3)
    assert book.aozora
    assert book.paragraph_mode is ParagraphMode.LINE
    shown = [display_block(book, i).text for i in range(len(book.blocks))]
    assert "" not in shown
    assert shown[:2] == ["吾輩は猫である。", "名前はまだ無い。"]


def test_long_line_of_kanji_before_a_reading_is_fast() -> None:
    text = "漢" * 500_000 + "《かん》"
    t0 = time.perf_counter()
    (r,) = find_rubies(text)
    assert time.perf_counter() - t0 < 1.0
    assert r.base_end - r.base_start <= 30


def test_corpus_aozora_first_paragraph(corpus: Path) -> None:
    for name in (
        "japanese_sjis/wagahaiwa_nekodearu.txt",
        "variants/wagahaiwa_nekodearu.utf16be-bom.txt",
    ):
        book = load_book(corpus / name)
        assert book.aozora and book.cjk
        assert book.paragraph_mode is ParagraphMode.LINE
        paragraphs = [
            i for i in range(len(book.blocks)) if book.blocks[i].kind is BlockKind.PARAGRAPH
        ]
        first = display_block(book, paragraphs[0])
        assert first.text == "吾輩は猫である。名前はまだ無い。"
        assert [(first.text[r.start : r.end], r.reading) for r in first.ruby] == [
            ("吾輩", "わがはい")
        ]
        second = display_block(book, paragraphs[1])
        assert second.text.startswith("どこで生れたかとんと見当がつかぬ。")
        assert ("見当", "けんとう") in [
            (second.text[r.start : r.end], r.reading) for r in second.ruby
        ]
        # no notation survives anywhere in the reading text
        for i in paragraphs:
            d = display_block(book, i)
            assert "《" not in d.text and "［＃" not in d.text, d.text[:80]
