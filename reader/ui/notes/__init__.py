"""The notes panel: contents, bookmarks, highlights and notes, search."""
