"""Translations: our .qm catalogue and Qt's own (qtbase), for the chosen or system locale.

English is the source language; its catalogue only carries plural forms ("%n day(s)" →
"1 day" / "2 days"). Chinese is a full catalogue. Anything else falls back to English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
SUPPORTED = ("zh_CN", "en")
_installed: list[QTranslator] = []


def translator(context: str) -> Callable[..., str]:
    """``tr()`` for code outside a QObject: ``_t = translator("dashboard")``, then
    ``_t("Visits")`` or ``_t("%n day(s)", n)``. scripts/extract_strings.py files every
    ``_t("…")`` of the module under ``context``, as Qt looks it up at run time."""

    def translate(text: str, n: int = -1) -> str:
        return QCoreApplication.translate(context, text, None, n)

    return translate


def choose_locale(language: str) -> QLocale:
    """The locale for a stored language setting ("" = the system's). The "C" locale of a
    bare container stays "C" (dates then show as ISO 8601, see ui/common/fmt.py) with English
    text."""
    return QLocale(language) if language else QLocale.system()


def catalogue_for(locale: QLocale) -> str:
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def uninstall(app: QApplication) -> None:
    """Remove the translators ``install`` added (source-language English remains)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()


def install(app: QApplication, language: str) -> QLocale:
    """Install translators for ``language`` ("" follows the system); returns the locale."""
    uninstall(app)
    locale = choose_locale(language)
    QLocale.setDefault(locale)
    catalogue = catalogue_for(locale)
    files = [(TRANSLATIONS_DIR, f"mycrm_{catalogue}")]
    if catalogue == "zh_CN":
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files.append((qt_dir, "qtbase_zh_CN"))
    for directory, name in files:
        translator = QTranslator(app)
        if translator.load(name, str(directory)):
            app.installTranslator(translator)
            _installed.append(translator)
    return locale
