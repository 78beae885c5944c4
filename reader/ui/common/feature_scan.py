"""Keep PySide6 from reading the source of every module imported after it.

PySide6 replaces ``__import__`` with a hook for its ``__feature__`` switches
(``snake_case``, ``true_property``). The first time any module is imported after
PySide6, the hook calls ``inspect.getsource`` on it and looks for the word
"PySide6", to choose the module's default: 0 ("uses PySide, no feature") or -1
("ignore this module"). For Quire that is some 170 source files read at start-up
(every module of the window is imported after PySide6), 10–25 ms, and every
source kept in ``linecache``: megabytes of memory.

The default only matters while some module has selected a feature; a module that
selects one sets its own entry when it runs ``from __feature__ import …``, before
the scan would. Quire selects no feature anywhere, and no library it loads does,
so every module's default can be 0 without reading it: the value PySide6 gives a
module whose source names PySide6. The hook is private to PySide6: when it is not
there (another version), nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "PySide6.support.feature"


def _no_feature(_module: ModuleType) -> bool:
    """PySide6's "does this module use PySide?", answered yes without reading it."""
    return True


def skip_source_scans() -> bool:
    """Stop PySide6 from reading each newly imported module's source (see the module).

    Call once, after PySide6 is imported and before the window's modules are.
    Returns True when PySide6's scan was found and replaced (False: nothing done).
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _no_feature  # type: ignore[attr-defined]
    return True
