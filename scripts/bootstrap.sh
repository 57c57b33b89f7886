#!/usr/bin/env bash
# Set up .venv with mycrm and its test tools, and make sure the system libraries Qt needs are
# present. Run by `make run` / `make test`; safe to run again (it only does what is missing).
#   scripts/bootstrap.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-test}"
VENV=.venv
PYTHON="${PYTHON:-python3}"

# Debian packages: what PySide6's wheels dlopen, CJK fonts, and (for `run`) the X11 plugin.
QT_PKGS=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
         fonts-noto-cjk libnotify-bin)
XCB_PKGS=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
          libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0
          libx11-xcb1)
# Test tools: a virtual X server, a session bus and a notification server for the e2e tests;
# a real browser for the phone page, and a QR reader to prove the pairing code.
TEST_PKGS=(xvfb xauth dbus-daemon dbus-bin dunst chromium chromium-driver zbar-tools poppler-utils)

missing_debs() {
  local missing=()
  command -v dpkg-query >/dev/null || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

want=("${QT_PKGS[@]}" "${XCB_PKGS[@]}")
[[ "$MODE" == test ]] && want+=("${TEST_PKGS[@]}")
missing="$(missing_debs "${want[@]}")"
if [[ -n "${missing// /}" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing system packages Qt needs: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >/dev/null
  else
    echo "mycrm needs these system packages, which are missing: $missing" >&2
    echo "Install them with:  sudo apt-get install $missing" >&2
    [[ "$MODE" == run ]] && exit 1
    echo "(continuing: tests that need them will say so)" >&2
  fi
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "mycrm needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
  exit 1
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV" || {
    echo "Could not create a virtual environment. On Debian: sudo apt-get install python3-venv" >&2
    exit 1
  }
fi
STAMP="$VENV/.installed"
if [[ ! -f "$STAMP" || pyproject.toml -nt "$STAMP" ]]; then
  # (grep drops pip's notes about local mirror folders that do not exist on this machine)
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import mycrm, PySide6, sqlmodel" || { echo "install failed" >&2; exit 1; }
  touch "$STAMP"
fi
make -s translations >/dev/null 2>&1 || true
