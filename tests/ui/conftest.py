"""Shared set-up for the ui tests: puts this folder on ``sys.path`` (pytest's prepend mode does
that for a conftest outside a package), so tests in the feature folders can import
``notes_support``."""
