"""Quire: a desktop reader for plain-text fiction."""

__version__ = "0.1.0"
APP_ID = "io.github.quirereader.Quire"
APP_NAME = "Quire"
