#!/usr/bin/env bash
# Add Quire to the applications menu and to "Open with" for text files, for the
# current user (XDG paths; no root needed). With --uninstall, remove it again.
# A thin wrapper around `quire --install-desktop` / `quire --uninstall-desktop`:
# uses the installed `quire` command, else runs this checkout with python3.
set -euo pipefail
action=--install-desktop
if [ "${1:-}" = "--uninstall" ]; then action=--uninstall-desktop; fi
if command -v quire >/dev/null 2>&1; then
  exec quire "$action"
fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
exec env PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" "${PYTHON:-python3}" -m reader "$action"
