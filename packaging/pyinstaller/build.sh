#!/usr/bin/env bash
# Build Quire as a one-folder bundle with PyInstaller, then smoke-test it:
# start dist/Quire/Quire on a sample book under xvfb-run (a real X server) with
# QUIRE_TIMINGS=1 and wait until it reports that the first page was painted.
#
# Usage: bash packaging/pyinstaller/build.sh [--no-smoke]
# Env:   PYTHON (default python3), BUILD_DIR and DIST_DIR (default build/pyinstaller, dist),
#        SMOKE_BOOK (default: a corpus book, else a generated one),
#        SMOKE_EVENT (default first_page_painted), SMOKE_TIMEOUT seconds (default 60).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
SMOKE_EVENT="${SMOKE_EVENT:-first_page_painted}"
SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-60}"
BUILD="${BUILD_DIR:-$ROOT/build/pyinstaller}"
DIST="${DIST_DIR:-$ROOT/dist}"
APP="$DIST/Quire/Quire"

cd "$ROOT"
# xvfb-run, and the libraries Qt's xcb platform plugin needs (installed before the
# build so PyInstaller can collect them), on a bare Debian machine.
if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  need=""
  for pkg in xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 \
    libxcb-image0 libxcb-render-util0 libxcb-xinerama0; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
  done
  if [ -n "$need" ]; then
    echo "installing:$need"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
fi
"$PYTHON" -m pip install --quiet "pyinstaller>=6"

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$BUILD" --distpath "$DIST" "$HERE/quire.spec"
end=$(date +%s)
echo "built $DIST/Quire in $((end - start)) s, $(du -sh "$DIST/Quire" | cut -f1)"

[ "${1:-}" = "--no-smoke" ] && exit 0
if [ "$(uname -s)" != "Linux" ]; then
  echo "smoke test runs on Linux only; skipped"
  exit 0
fi

if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is missing: cannot smoke-test the bundle" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
book="${SMOKE_BOOK:-}"
if [ -z "$book" ]; then
  book="$ROOT/../shared/corpus/gutenberg/alices_adventures_in_wonderland__pg11-0.txt"
  if [ ! -f "$book" ]; then
    book="$work/sample.txt"
    { printf 'Chapter 1\n\n'; for i in $(seq 200); do printf 'A line of the sample book, number %s.\n\n' "$i"; done; } >"$book"
  fi
fi

log="$work/timings.log"
pidfile="$work/app.pid"
echo "smoke test: $APP on $(basename "$book") under xvfb-run, waiting for $SMOKE_EVENT"
# The app runs in the background *inside* xvfb-run so it can be stopped by its
# own pid, after which xvfb-run shuts the X server down by itself.
QUIRE_TIMINGS=1 QUIRE_HOME="$work/home" XDG_RUNTIME_DIR="$work" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  bash -c '"$1" --new-instance -- "$2" 2>"$3" & echo $! >"$4"; wait $!' _ \
  "$APP" "$book" "$log" "$pidfile" &
runner=$!
ok=0
for _ in $(seq $((SMOKE_TIMEOUT * 10))); do
  if grep -q "\"event\": \"$SMOKE_EVENT\"" "$log" 2>/dev/null; then ok=1; break; fi
  if ! kill -0 "$runner" 2>/dev/null; then break; fi
  sleep 0.1
done
[ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
if [ "$ok" -ne 1 ]; then
  echo "smoke test FAILED: no $SMOKE_EVENT event" >&2
  cat "$log" >&2
  exit 1
fi
grep "\"event\": \"$SMOKE_EVENT\"" "$log" | head -1
echo "smoke test passed (t = seconds since the bundle's process started)"
