"""Legado's chapter rules (``txtTocRule`` JSON) read as chapter-rule patterns.

Legado, the Android reader, exports its table-of-contents rules for text files as JSON:
a list of objects (or a single object) with ``name``, ``rule`` (a Java regular
expression, run in multiline mode over the text), ``enable``, ``example`` and
``serialNumber``. Legado tries one rule per book; Quire offers them to the reader by
name, who picks the one that finds the book's chapters (see the Chapter rules dialog).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from reader.text.chapter_rules import MAX_PATTERN_CHARS, RuleError

__all__ = ["MAX_FILE_BYTES", "MAX_LEGADO_RULES", "LegadoRule", "parse_legado_rules"]

MAX_FILE_BYTES = 2_000_000
"""A rules file larger than this is refused (Legado's own list is about 5 KB)."""
MAX_LEGADO_RULES = 1_000
"""At most this many rules are read from one file."""


@dataclass(frozen=True, slots=True)
class LegadoRule:
    """One Legado rule: its name, its pattern, whether Legado had it on, an example line."""

    name: str
    pattern: str
    enabled: bool = True
    example: str = ""


def parse_legado_rules(data: bytes | str) -> tuple[list[LegadoRule], list[str]]:
    """The rules in a Legado ``txtTocRule`` export, in Legado's order (``serialNumber``),
    and a note for each entry that was left out and why.

    Raises :class:`~reader.text.chapter_rules.RuleError` with a one-line message when
    the file is not such an export at all (not JSON, no rule in it, too large).
    """
    if len(data) > MAX_FILE_BYTES:
        raise RuleError("That file is too large to be a list of Legado rules.")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise RuleError(f"That file is not Legado rules (not JSON: {err}).") from None
    items = doc if isinstance(doc, list) else [doc]
    rules: list[tuple[float, int, LegadoRule]] = []
    notes: list[str] = []
    for i, item in enumerate(items):
        if len(rules) >= MAX_LEGADO_RULES:
            notes.append(f"Only the first {MAX_LEGADO_RULES} rules were read.")
            break
        if not isinstance(item, dict):
            notes.append(f"Entry {i + 1} is not a rule.")
            continue
        name, pattern = item.get("name"), item.get("rule")
        label = name if isinstance(name, str) and name.strip() else f"Rule {i + 1}"
        if not isinstance(pattern, str) or not pattern.strip():
            notes.append(f"“{label[:60]}” has no pattern.")
            continue
        if len(pattern) > MAX_PATTERN_CHARS:
            notes.append(f"“{label[:60]}” has too long a pattern.")
            continue
        example = item.get("example")
        serial = item.get("serialNumber")
        order = float(serial) if isinstance(serial, int | float) else float(i)
        rule = LegadoRule(
            name=" ".join(label.split())[:120],
            pattern=pattern,
            enabled=item.get("enable") is not False,
            example=example if isinstance(example, str) else "",
        )
        rules.append((order, i, rule))
    if not rules:
        raise RuleError("That file holds no Legado chapter rules (objects with a “rule”).")
    rules.sort(key=lambda r: (r[0], r[1]))
    return [r for _o, _i, r in rules], notes
