#!/usr/bin/env bash
# Extract every tr()/translate() string from the sources into the Qt Linguist catalogues.
#   mycrm_zh_CN.ts — the Chinese catalogue (every message must be translated; a test checks)
#   mycrm_en.ts    — English plural forms only ("%n day(s)" → "1 day" / "2 days")
# Then `make translations` compiles them to .qm (the build and bootstrap do that).
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=.venv/bin/pyside6-lupdate
DIR=src/mycrm/resources/translations
mapfile -t SOURCES < <(find src/mycrm -name '*.py' -not -path '*/migrations/*' | sort)
"$LUPDATE" -no-obsolete -locations none -source-language en -target-language zh_CN \
  "${SOURCES[@]}" -ts "$DIR/mycrm_zh_CN.ts"
"$LUPDATE" -no-obsolete -locations none -pluralonly -source-language en -target-language en \
  "${SOURCES[@]}" -ts "$DIR/mycrm_en.ts"
