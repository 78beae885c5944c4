"""Dialogs: settings, go-to, key help, per-book overrides."""
