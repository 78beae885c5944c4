"""A story header's facts as data: JSON for the store and the parse cache, and rows and
lines for showing them (the Story info view, ``quire info``).

Kept apart from the parser (:mod:`reader.text.story`): reading a header and handing its
facts on are different jobs, and the store and the window need only this half.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from reader.text.story import StoryInfo

__all__ = ["story_dict", "story_from_json", "story_lines", "story_rows", "story_to_json"]


def story_dict(info: StoryInfo) -> dict[str, Any]:
    """``info`` as a JSON-ready dict (lists for tuples; ``other`` as ``[label, value]``)."""
    return asdict(info)


def story_to_json(info: StoryInfo) -> str:
    """``info`` as a JSON object (the store keeps it in ``books.story``)."""
    return json.dumps(asdict(info), ensure_ascii=False)


def story_rows(info: StoryInfo) -> list[tuple[str, str]]:
    """``(label, value)`` rows for showing a story's facts (the Story info view, ``quire
    info``), in a reading order; empty fields are left out, unknown labels come last."""
    words = f"{info.words:,}" if info.words is not None else ""
    series = info.series
    if series and info.series_part is not None:
        series = f"{series}, part {info.series_part}"
    status = {"complete": "Complete", "wip": "In progress"}.get(info.status, "")
    rows = [
        ("Title", info.title),
        ("Author", info.author),
        ("Fandom", ", ".join(info.fandoms)),
        ("Rating", info.rating),
        ("Warnings", ", ".join(info.warnings)),
        ("Category", ", ".join(info.categories)),
        ("Relationships", ", ".join(info.relationships)),
        ("Characters", ", ".join(info.characters)),
        ("Tags", ", ".join(info.tags)),
        ("Language", info.language),
        ("Status", status),
        ("Chapters", info.chapters_text()),
        ("Words", words),
        ("Published", info.published),
        ("Updated", info.updated),
        ("Series", series),
        ("Story URL", info.story_url),
        ("Author URL", info.author_url),
        ("Summary", info.summary),
        *info.other,
    ]
    return [(label, value) for label, value in rows if value]


def story_lines(info: StoryInfo, width: int = 78) -> list[str]:
    """The story's facts as aligned plain-text lines for ``quire info``."""
    lines = ["Story header:"]
    for label, value in story_rows(info):
        shown = " ".join(value.split())
        if len(shown) > 300:
            shown = shown[:299] + "…"
        lines.append(f"  {label + ':':<15}{shown}")
    return lines


def _field_kinds() -> tuple[tuple[str, str], ...]:
    """Each StoryInfo field and what it holds: ``pairs``, ``list``, ``str`` or ``int``."""
    blank = StoryInfo()
    out = []
    for f in fields(StoryInfo):
        default = getattr(blank, f.name)
        if f.name == "other":
            out.append((f.name, "pairs"))
        elif isinstance(default, tuple):
            out.append((f.name, "list"))
        elif isinstance(default, str):
            out.append((f.name, "str"))
        else:
            out.append((f.name, "int"))
    return tuple(out)


_FIELD_KINDS = _field_kinds()


def story_from_json(data: str | None) -> StoryInfo | None:
    """The StoryInfo a JSON object holds, or None when ``data`` is empty or malformed.

    Unknown keys are ignored and wrongly typed values left at their defaults, so an older
    or damaged entry never breaks the library.
    """
    if not data:
        return None
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(raw, dict):
        return None
    kwargs: dict[str, Any] = {}
    for name, kind in _FIELD_KINDS:
        v = raw.get(name)
        if v is None:
            continue
        if kind == "pairs":
            if isinstance(v, list):
                kwargs[name] = tuple(
                    (str(p[0]), str(p[1])) for p in v if isinstance(p, list) and len(p) == 2
                )
        elif kind == "list":
            if isinstance(v, list):
                kwargs[name] = tuple(str(x) for x in v)
        elif kind == "str":
            if isinstance(v, str):
                kwargs[name] = v
        elif isinstance(v, int) and not isinstance(v, bool):
            kwargs[name] = v
    return StoryInfo(**kwargs)
