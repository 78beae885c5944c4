"""The labels of story headers (FanFicFare, AO3, and the same in a few other languages).

:data:`LABELS` maps a label, lower case and without its colon, to the
:class:`reader.text.story.StoryInfo` field it fills (or to ``stats``, ``packaged``,
``publisher``: read but kept as written).
"""

from __future__ import annotations

# Canonical field of each label, in English and a few other languages. Lower case,
# without the colon.
LABELS: dict[str, str] = {}
"""Label (lower case, no colon) → field."""


def _label(field: str, *names: str) -> None:
    """Map each of ``names`` to ``field``."""
    for name in names:
        LABELS[name] = field


_label("fandoms", "fandom", "fandoms", "fandom(s)", "fandome", "fandomes")
_label("categories", "category", "categories", "catégorie", "kategorie", "categoría", "categoria")
_label(
    "tags",
    "genre",
    "genres",
    "additional tags",
    "tags",
    "freeform",
    "género",
    "etiquetas",
    "schlagwörter",
)
_label("language", "language", "langue", "sprache", "idioma", "lingua", "язык")
_label(
    "characters",
    "characters",
    "character",
    "personnages",
    "charaktere",
    "figuren",
    "personajes",
    "personaggi",
    "персонажи",
)
_label(
    "relationships",
    "relationships",
    "relationship",
    "ships",
    "pairing",
    "pairings",
    "relations",
    "beziehungen",
    "relaciones",
    "пейринг",
)
_label("status", "status", "statut", "estado", "stato", "статус")
_label(
    "published",
    "published",
    "publié",
    "veröffentlicht",
    "publicado",
    "pubblicato",
    "опубликовано",
    "date published",
)
_label(
    "updated",
    "updated",
    "mis à jour",
    "aktualisiert",
    "actualizado",
    "aggiornato",
    "обновлено",
    "date updated",
    "completed",
)
_label("packaged", "packaged")
_label("rating", "rating", "rated", "classement", "bewertung", "clasificación", "рейтинг")
_label(
    "warnings",
    "warnings",
    "warning",
    "archive warning",
    "archive warnings",
    "avertissements",
    "warnungen",
    "advertencias",
    "предупреждения",
)
_label("chapters", "chapters", "chapitres", "kapitel", "capítulos", "capitoli", "главы")
_label("words", "words", "mots", "wörter", "palabras", "parole", "слов", "word count")
_label("series", "series", "série", "serie", "серия")
_label("summary", "summary", "résumé", "zusammenfassung", "resumen", "riassunto", "описание")
_label("story_url", "story url", "url", "source", "original url")
_label("author_url", "author url")
_label("title", "title", "titre", "titel", "título", "titolo", "название")
_label("author", "author", "authors", "auteur", "autor", "autore", "автор")
_label("stats", "stats", "statistics")
_label("publisher", "publisher", "site")

LIST_FIELDS = frozenset(
    {"fandoms", "categories", "tags", "characters", "relationships", "warnings"}
)
"""Fields whose value is a comma-separated list."""
