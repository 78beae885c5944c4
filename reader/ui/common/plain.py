"""Showing text from a book as plain text where Qt would guess at rich text.

Qt shows a tooltip as HTML whenever the string *looks* like rich text
(``Qt::mightBeRichText``), so a title or quote containing ``<b>`` would turn bold
and ``&amp;`` would become ``&``. Every tooltip built from book text goes through
:func:`plain_tooltip`.
"""

from __future__ import annotations

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
"""What ``html.escape`` replaces (importing :mod:`html` loads its 2,000 named entities:
0.6 MB, and this is on the way to the first page)."""


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that Qt shows literally (line breaks kept, long lines wrapped)."""
    body = "<br>".join(line.translate(_ESCAPES) for line in text.split("\n"))
    return f"<qt><p style='white-space:pre-wrap'>{body}</p></qt>"
