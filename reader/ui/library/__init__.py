"""The library pane: every book, filtered, sorted and opened; background import."""
