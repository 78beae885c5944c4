"""Names of the marks painted under the text, shared by the page, the notes and the session.

A mark is a source range with a colour name: one of the highlight colours, a
search hit, the search hit jumped to, or the selection. The reading view
paints them; the annotation session and the notes panel produce them.
"""

from __future__ import annotations

COLORS = ("yellow", "green", "blue", "pink", "purple")
"""Highlight colours, in the order of keys 1–5."""
DEFAULT_COLOR = "yellow"
"""The colour Enter (and the mouse's Highlight item) uses."""
SEARCH_HIT = "search"
"""Mark colour name of a search hit."""
CURRENT_HIT = "search-current"
"""Mark colour name of the search hit jumped to: a stronger fill and an outline."""
SELECTION = "selection"
"""Mark colour name of the selection (mouse or keyboard)."""

__all__ = ["COLORS", "CURRENT_HIT", "DEFAULT_COLOR", "SEARCH_HIT", "SELECTION"]
