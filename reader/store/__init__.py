"""Qt-free per-user storage: one SQLite file holding the library, progress and notes."""
