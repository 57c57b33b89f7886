"""Translations: our .qm catalogue and Qt's own (qtbase), for the chosen or system locale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
SUPPORTED = ("en", "zh_CN")
_installed: list[QTranslator] = []


def choose_locale(language: str) -> QLocale:
    return QLocale(language) if language else QLocale.system()


def install(app: QApplication, language: str) -> QLocale:
    """Install translators for ``language`` ("" follows the system); returns the locale."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = choose_locale(language)
    QLocale.setDefault(locale)
    if locale.language() == QLocale.Language.Chinese:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for directory, name in ((qt_dir, "qtbase"), (str(TRANSLATIONS_DIR), "mycrm")):
            translator = QTranslator(app)
            if translator.load(locale, name, "_", directory):
                app.installTranslator(translator)
                _installed.append(translator)
    return locale
