"""The words of an import, shared by the window (``ui.data.import_dialog``) and the command
line (``cli``): field names, why a row is skipped, what a row is imported without, where a
row is. The core gives codes (``FieldError``); this module words them in the user's
language. Only Qt's translation (QtCore) is used, as in ``explain``, so the command line
pays for no widget.

Translation context ``import_dialog`` (the catalogue's existing entries). The command line
has no ``QCoreApplication``: ``use_language`` loads the catalogue into a translator this
module asks first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from mycrm.core.common.validation import ErrorCode, FieldError
from mycrm.core.data.columns import Field

CONTEXT = "import_dialog"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "resources" / "translations"
_own: list[QTranslator] = []


def use_language(language: str | None) -> None:
    """For a front end without a Qt application (the command line): translate into
    ``language`` ("zh_CN", "en"; None or "" = the system's locale)."""
    _own.clear()
    locale = QLocale(language) if language else QLocale.system()
    if locale.language() != QLocale.Language.Chinese:
        return
    translator = QTranslator()
    if translator.load("mycrm_zh_CN", str(TRANSLATIONS_DIR)):
        _own.append(translator)


def tr(text: str, context: str = CONTEXT) -> str:
    for translator in _own:
        found = translator.translate(context, text)
        if found:
            return found
    return QCoreApplication.translate(context, text)


def _t(text: str) -> str:
    return tr(text, "import_dialog")  # = CONTEXT, spelled out for the string extractor


def field_labels() -> dict[str, str]:
    """Field → its name; "" (no field: the column goes into the notes) included."""
    return {
        "": _t("(keep in notes)"), Field.IGNORE: _t("(ignore)"),
        Field.COMPANY: _t("Company"), Field.CONTACT: _t("Contact name"),
        Field.FIRST_NAME: _t("First name"), Field.LAST_NAME: _t("Last name"),
        Field.TITLE: _t("Job title"), Field.PHONE: _t("Phone"),
        Field.PHONE2: _t("Second phone"), Field.EMAIL: _t("E-mail"),
        Field.WECHAT: _t("WeChat"), Field.RENEWAL_DATE: _t("Renewal date"),
        Field.AMOUNT: _t("Amount"), Field.TIER: _t("Tier"), Field.STATE: _t("State"),
        Field.INDUSTRY: _t("Industry"), Field.ADDRESS: _t("Address"), Field.CITY: _t("City"),
        Field.COUNTRY: _t("Country"), Field.WEBSITE: _t("Website"), Field.NOTES: _t("Notes"),
        Field.TAGS: _t("Tags"),
    }


def field_name(error_field: str) -> str:
    """The name of a ``FieldError.field`` (``contact_email`` → E-mail)."""
    labels = field_labels()
    names = {"name": labels[Field.COMPANY], "renewal_date": labels[Field.RENEWAL_DATE],
             "contact_name": labels[Field.CONTACT], "contact_email": labels[Field.EMAIL],
             "contact_phone": labels[Field.PHONE], "contact_phone2": labels[Field.PHONE2],
             "contact_title": labels[Field.TITLE], "contact_wechat": labels[Field.WECHAT]}
    return names.get(error_field) or labels.get(error_field, error_field)


def error_text(error: FieldError) -> str:
    """Why a row cannot be imported (or a field not understood), in one phrase."""
    problems = {"required": _t("%1 is missing"), "too_long": _t("%1 is too long"),
                "bad_date": _t("%1 is not a date: “%2”"),
                "bad_amount": _t("%1 is not an amount: “%2”"),
                "negative_amount": _t("%1 is negative"), "amount_too_large": _t("%1 is too large"),
                "bad_choice": _t("%1 is not a known value: “%2”"),
                "bad_email": _t("%1 is not an e-mail address: “%2”"),
                "bad_characters": _t("%1 holds control or text-direction characters"),
                "date_out_of_range": _t("%1 is too far from today: “%2”"),
                "bad_currency": _t("%1 is not a currency code: “%2”")}
    template = problems.get(error.code.value, _t("%1 is not valid"))
    return template.replace("%1", field_name(error.field)).replace(
        "%2", error.params.get("value", ""))


def warning_text(error: FieldError) -> str:
    """A field the row is imported without: "Amount “1.2亿” is not understood — imported
    without an amount"."""
    value = error.params.get("value", "")
    if error.field == "amount" and error.params.get("ambiguous"):
        text = _t("Amount “%2” is ambiguous (1.2万 or 12万?) — imported without an amount")
    elif error.field == "amount" and error.code is ErrorCode.BAD_AMOUNT:
        text = _t("Amount “%2” is not understood — imported without an amount")
    elif error.field == "renewal_date":
        text = _t("Renewal date “%2” is not understood — imported without a renewal date")
    elif value:
        text = _t("%1 “%2” is not understood — imported without it")
    else:
        text = _t("%1: %3 — imported without it").replace("%3", error_text(error))
    return text.replace("%1", field_name(error.field)).replace("%2", value)


def where(line: int, sheet: str = "") -> str:
    """Where a row is: "row 7", or "sheet “Customers”, row 7" for a workbook."""
    if sheet:
        return _t("sheet “%1”, row %2").replace("%1", sheet).replace("%2", str(line))
    return _t("row %1").replace("%1", str(line))


def file_error_text(code: str, params: dict[str, str], fallback: str) -> str:
    """An ``ImportFileError`` (``code``, ``params``) in words; ``fallback`` for a code this
    table does not know."""
    templates = {
        "missing": _t("cannot read %path: no such file"),
        "os_error": _t("cannot read %path: %reason"),
        "no_header": _t("%path has no header row"),
        "no_such_row": _t("row %row is empty or missing"),
        "bad_encoding": _t("the file is not readable as %encoding"),
        "not_text": _t("the file is not a text (CSV) file"),
        "malformed": _t("the CSV file is malformed: %reason"),
        "not_xlsx": _t("%path is not a readable Excel .xlsx file"),
        "no_such_sheet": _t("there is no sheet “%sheet” (sheets: %sheets)"),
        "no_visible_sheet": _t("%path has no visible sheet"),
        "too_large": _t("the file is too large to import (%size MB; at most %max MB)"),
        "too_many_rows": _t("the file has more than %max rows; split it into smaller files"),
        "too_many_cells": _t("the file has more than %max cells; remove the columns you do "
                             "not need"),
    }
    text = templates.get(code)
    if text is None:
        return fallback
    for key, value in sorted(params.items(), key=lambda kv: -len(kv[0])):
        text = text.replace("%" + key, value)
    return text
