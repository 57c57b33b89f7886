#!/usr/bin/env bash
# Refresh the Qt Linguist catalogues from the sources (see scripts/extract_strings.py for
# why we extract with ast rather than pyside6-lupdate), then compile them to .qm.
#   mycrm_zh_CN.ts — the Chinese catalogue (every message must be translated; a test checks)
#   mycrm_en.ts    — English plural forms only ("%n day(s)" → "1 day" / "2 days")
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python scripts/extract_strings.py
make -s translations
