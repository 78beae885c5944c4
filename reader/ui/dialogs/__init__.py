"""Dialogs: settings (reading, behaviour, keys), book settings, go to."""
