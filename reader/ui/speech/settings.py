"""Read-aloud settings: voice per language, rate, pitch, volume and what to skip.

They are one JSON value in ``Store.settings`` under :data:`SETTINGS_KEY`, like the
reading style; :meth:`ReadAloudSettings.from_dict` accepts anything (a missing,
mistyped or out-of-range value takes its default), so a damaged setting never
stops read aloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from reader.ui.speech.script import SkipRules

SETTINGS_KEY = "read_aloud"
RATE_STEP = 0.1
"""How much Faster/Slower change the rate (the engine's scale is -1 … 1, 0 normal)."""


def _number(value: object, lo: float, hi: float, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return float(min(hi, max(lo, value)))


@dataclass(frozen=True)
class ReadAloudSettings:
    """What the reader chose for reading aloud (see the module docstring)."""

    rate: float = 0.0
    """Speaking rate, -1 (slowest) … 1 (fastest); 0 is the voice's normal rate."""
    pitch: float = 0.0
    """Voice pitch, -1 … 1; 0 is the voice's own."""
    volume: float | None = None
    """Volume 0 … 1; None leaves the engine's own volume."""
    voices: Mapping[str, str] = field(default_factory=dict)
    """Voice name chosen per language code (``{"en": "English (America)"}``); a language
    without a choice uses the engine's first voice for it."""
    skip_matter: bool = True
    """Skip front and back matter (Gutenberg and Aozora boilerplate)."""
    skip_contents: bool = True
    """Skip tables of contents printed in the book."""
    skip_scene_breaks: bool = True
    """Skip scene-break ornaments (``* * *``, ``~oOo~``)."""
    skip_author_notes: bool = True
    """Skip fan-fiction author's notes (``A/N:``), of every kind."""

    @classmethod
    def from_dict(cls, data: object) -> ReadAloudSettings:
        """Settings from a stored value; anything unusable takes its default."""
        if not isinstance(data, Mapping):
            return cls()
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("rate", "pitch"):
                kwargs[f.name] = _number(value, -1.0, 1.0, 0.0)
            elif f.name == "volume":
                kwargs[f.name] = None if value is None else _number(value, 0.0, 1.0, 1.0)
            elif f.name == "voices":
                if isinstance(value, Mapping):
                    kwargs[f.name] = {
                        str(k): v for k, v in value.items() if isinstance(v, str) and v
                    }
            elif isinstance(value, bool):
                kwargs[f.name] = value
        return cls(**kwargs)

    def to_dict(self) -> dict[str, object]:
        """The value stored in ``Store.settings``."""
        return {
            "rate": round(self.rate, 3),
            "pitch": round(self.pitch, 3),
            "volume": None if self.volume is None else round(self.volume, 3),
            "voices": dict(self.voices),
            "skip_matter": self.skip_matter,
            "skip_contents": self.skip_contents,
            "skip_scene_breaks": self.skip_scene_breaks,
            "skip_author_notes": self.skip_author_notes,
        }

    def with_(self, **changes: Any) -> ReadAloudSettings:
        """A copy with ``changes`` applied (rate and pitch kept within -1 … 1)."""
        for name in ("rate", "pitch"):
            if name in changes:
                changes[name] = _number(changes[name], -1.0, 1.0, 0.0)
        return replace(self, **changes)

    def with_voice(self, language: str, voice: str) -> ReadAloudSettings:
        """A copy with ``voice`` chosen for ``language`` ('' forgets the choice)."""
        voices = dict(self.voices)
        if voice:
            voices[language] = voice
        else:
            voices.pop(language, None)
        return replace(self, voices=voices)

    def skip_rules(self) -> SkipRules:
        """Which blocks the script leaves out."""
        return SkipRules(
            matter=self.skip_matter,
            contents=self.skip_contents,
            scene_breaks=self.skip_scene_breaks,
            author_notes=self.skip_author_notes,
        )


def format_rate(rate: float) -> str:
    """The rate as the bar shows it: ``normal``, ``+20%``, ``-10%``."""
    percent = round(rate * 100)
    if percent == 0:
        return "normal speed"
    return f"speed {percent:+d}%"


__all__ = ["RATE_STEP", "SETTINGS_KEY", "ReadAloudSettings", "format_rate"]
