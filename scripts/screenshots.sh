#!/usr/bin/env bash
# Render every page in both languages and both palettes into docs/screenshots/ (for the
# README). Uses the sample portfolio in a throw-away data folder and a fixed clock.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=docs/screenshots
mkdir -p "$OUT"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$DATA" MYCRM_NOW="${MYCRM_NOW:-2026-11-22T01:30:00+00:00}"
export TZ="${TZ:-Asia/Shanghai}"
for lang in en zh_CN; do
  for theme in light dark; do
    for page in home board calendar customers todos needs customer; do
      .venv/bin/python -m mycrm --demo --language "$lang" --theme "$theme" \
        --screenshot "$OUT/$page-$lang-$theme.png" --page "$page" 2>/dev/null
    done
  done
done
ls "$OUT"
.venv/bin/python scripts/phone_screenshots.py
