"""Qt widgets, one package per feature; see docs/ARCHITECTURE.md.

``window`` is the shell and composition root; ``reading``, ``library``, ``notes``,
``dialogs`` and ``commands`` are the features, each declaring what it needs in its
``ports`` module; ``session`` is the open book they share; ``common`` the small pieces
all of them use.
"""
