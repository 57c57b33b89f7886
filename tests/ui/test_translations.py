"""Every user-visible string is in the Chinese catalogue, and the app speaks Chinese."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from mycrm.ui.common import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src/mycrm/resources/translations/mycrm_zh_CN.ts"


def load_extractor():
    spec = importlib.util.spec_from_file_location("extract_strings",
                                                  ROOT / "scripts/extract_strings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_strings"] = module
    spec.loader.exec_module(module)
    return module


def test_every_source_string_is_translated_to_chinese() -> None:
    """Every tr()/translate() string in the code has a finished Chinese translation."""
    extractor = load_extractor()
    messages = extractor.extract()
    assert len(messages) > 300  # the extractor really found the UI's strings
    missing = extractor.untranslated(CATALOGUE, messages)
    assert not missing, f"{len(missing)} untranslated (run scripts/update_translations.sh):\n" + (
        "\n".join(f"{m.context}: {m.source}" for m in missing[:40]))


def test_placeholders_survive_translation() -> None:
    extractor = load_extractor()
    for message, forms in extractor.read_ts(CATALOGUE).items():
        for placeholder in ("%1", "%2", "%3", "%n"):
            if placeholder in message.source:
                assert all(placeholder in form for form in forms), (message, forms)


def test_switching_to_chinese_translates_the_board_columns(qtbot, ctx, qapp) -> None:
    from mycrm.ui.board.page import BoardPage

    try:
        i18n.install(qapp, "zh_CN")
        page = BoardPage(ctx)
        qtbot.addWidget(page)
        titles = [c.title.text().split("·")[0].strip() for c in page.columns.values()]
        assert titles == ["待联系", "已初步沟通", "已拜访"]
        assert QCoreApplication.translate("fmt", "in %n day(s)", None, 3) != "in 3 day(s)"
    finally:
        i18n.uninstall(qapp)
        QLocale.setDefault(QLocale.c())


def test_english_plurals_read_naturally(qapp) -> None:
    try:
        i18n.install(qapp, "en")
        assert QCoreApplication.translate("fmt", "in %n day(s)", None, 1) == "in 1 day"
        assert QCoreApplication.translate("fmt", "in %n day(s)", None, 5) == "in 5 days"
    finally:
        i18n.uninstall(qapp)
        QLocale.setDefault(QLocale.c())


def _package(tmp_path: Path, module: str, source: str) -> Path:
    """A one-module package for the extractor to read."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / f"{module}.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n" + source)
    return package


def test_computed_texts_are_refused_by_the_extractor(tmp_path: Path) -> None:
    """A text built at run time never reaches the catalogue; the extractor must say so."""
    extractor = load_extractor()
    package = _package(tmp_path, "page", (
        "NAMES = {1: 'Overdue'}\n"
        "def label(n):\n"
        "    return QCoreApplication.translate('Page', NAMES[n])\n"))
    with pytest.raises(extractor.UnknownContextError, match="not a literal"):
        extractor.extract(package)


def test_nested_wrappers_are_followed(tmp_path: Path) -> None:
    extractor = load_extractor()
    package = _package(tmp_path, "menu", (
        "def choices():\n"
        "    def t(text):\n"
        "        return QCoreApplication.translate('menu', text)\n"
        "    return [t('10 minutes')]\n"))
    assert [(m.context, m.source) for m in extractor.extract(package)] == [
        ("menu", "10 minutes")]
