"""Commands: the registry of user actions, key bindings, the palette and the key help."""
