"""The window shell: the main window, its command table, docks, focus and chrome."""
