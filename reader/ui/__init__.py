"""Qt widgets: the main window, reading view, panes and dialogs."""
