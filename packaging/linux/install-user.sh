#!/usr/bin/env bash
# Install this mycrm bundle for the current user (no root): the program folder goes to
# ~/.local/lib/mycrm, a `mycrm` link to ~/.local/bin, and the desktop entry, icons and
# AppStream metainfo to ~/.local/share so the app appears in the desktop's menu.
#   ./install-user.sh            install or update
#   ./install-user.sh --remove   uninstall (your data file is never touched)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
DEST="$PREFIX/lib/mycrm"
SHARE="$PREFIX/share"

remove() {
  rm -rf "$DEST" "$PREFIX/bin/mycrm" "$SHARE/applications/io.github.mycrm.desktop" \
    "$SHARE/metainfo/io.github.mycrm.metainfo.xml"
  find "$SHARE/icons/hicolor" -name 'io.github.mycrm.*' -delete 2>/dev/null || true
}

if [[ "${1:-}" == --remove ]]; then
  remove
  echo "mycrm removed (your data is still in ~/.local/share/mycrm)."
  exit 0
fi
[[ -x "$HERE/mycrm" ]] || { echo "run this from inside the built dist/mycrm folder" >&2; exit 1; }
remove
mkdir -p "$DEST" "$PREFIX/bin"
cp -a "$HERE/." "$DEST/"
ln -sf "$DEST/mycrm" "$PREFIX/bin/mycrm"
cp -a "$HERE/share/." "$SHARE/"
# The menu entry must find the program even when ~/.local/bin is not on the session's PATH.
sed -i "s|^Exec=mycrm|Exec=$DEST/mycrm|; s|^TryExec=mycrm|TryExec=$DEST/mycrm|" \
  "$SHARE/applications/io.github.mycrm.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "mycrm installed in $DEST; start it from the menu or with: mycrm"
