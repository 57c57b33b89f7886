#!/usr/bin/env bash
# Build the one-folder bundle dist/mycrm/ with PyInstaller (Linux; works on macOS too).
#   packaging/build.sh            build (compiles translations and icons first if needed)
# Needs .venv with mycrm installed and the `package` extra:  .venv/bin/pip install -e '.[package]'
# MYCRM_DIST / MYCRM_WORK put the bundle and PyInstaller's work files elsewhere (the slow test
# builds into a private folder); two builds into the same folder wait for each other.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
DIST="${MYCRM_DIST:-dist}"
WORK="${MYCRM_WORK:-build/pyinstaller}"

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "PyInstaller is missing. Install it with:  $VENV/bin/pip install -e '.[package]'" >&2
  exit 1
fi

mkdir -p "$DIST" "$WORK"
exec 9>"$WORK/.build.lock"
flock 9

# Compiled translations (.qm) from the Qt Linguist sources, if there are any yet.
shopt -s nullglob
for ts in src/mycrm/resources/translations/*.ts; do
  qm="${ts%.ts}.qm"
  if [[ ! -f "$qm" || "$ts" -nt "$qm" ]]; then
    "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
  fi
done

# The PNG/.ico/.icns icons are generated from mycrm.svg and committed; regenerate when missing.
if [[ ! -f src/mycrm/resources/icons/mycrm-256.png ]]; then
  QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$PY" packaging/make_icons.py
fi

# (No --clean: it empties PyInstaller's shared cache under another build's feet; the work
# folder's own change tracking is enough.)
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/mycrm.spec

# Desktop integration files travel with the bundle so packagers (and install-user.sh) find them.
SHARE="$DIST/mycrm/share"
mkdir -p "$SHARE/applications" "$SHARE/metainfo"
cp packaging/linux/io.github.mycrm.desktop "$SHARE/applications/"
cp packaging/linux/io.github.mycrm.metainfo.xml "$SHARE/metainfo/"
for png in src/mycrm/resources/icons/mycrm-*.png; do
  size="${png##*-}"; size="${size%.png}"
  mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$SHARE/icons/hicolor/${size}x${size}/apps/io.github.mycrm.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp src/mycrm/resources/icons/mycrm.svg "$SHARE/icons/hicolor/scalable/apps/io.github.mycrm.svg"
cp packaging/linux/install-user.sh "$DIST/mycrm/"
echo "Built $DIST/mycrm/ (run $DIST/mycrm/mycrm; install for this user with $DIST/mycrm/install-user.sh)"
