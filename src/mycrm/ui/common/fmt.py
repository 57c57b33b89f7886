"""Dates, numbers and money in the user's locale."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTimeZone

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("fmt", text, disambiguation, n)


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return value.isoformat()  # the "C" locale's own short format is unreadable
    return locale.toString(qdate(value), QLocale.FormatType.ShortFormat)


def format_datetime(value: datetime | None, zone: str) -> str:
    if value is None:
        return ""
    qdt = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone(zone.encode()))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return qdt.toString("yyyy-MM-dd HH:mm")
    return locale.toString(qdt, QLocale.FormatType.ShortFormat)


def format_money(cents: int, currency: str = "CNY") -> str:
    """Money in the user's locale, whole amounts without decimals (``¥36,000``)."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    amount = cents / 100
    decimals = 0 if cents % 100 == 0 else 2
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # "C" would print "36000¥"
        return f"{symbol}{amount:,.{decimals}f}"
    return locale.toCurrencyString(amount, symbol, decimals)


def format_percent(done: int, target: int) -> str:
    """``done`` as a share of ``target`` (> 0) in whole percent, floored — "100 %" only
    once the target is met — with the locale's digits and grouping ("1.234 %")."""
    whole = done * 100 // target
    locale = QLocale()
    number = str(whole) if locale.language() == QLocale.Language.C else locale.toString(whole)
    return tr("%1 %", "a percentage").replace("%1", number)


def format_amount_input(cents: int) -> str:
    """An amount as an editor shows it for editing: plain digits, no grouping."""
    if cents % 100 == 0:
        return str(cents // 100)
    return f"{cents / 100:.2f}"


def days_left_text(days: int | None) -> str:
    if days is None:
        return tr("no renewal date")
    if days < 0:
        return QCoreApplication.translate("fmt", "%n day(s) overdue", None, -days)
    if days == 0:
        return tr("today")
    return QCoreApplication.translate("fmt", "in %n day(s)", None, days)


def format_iso_date(text: str) -> str:
    """A date stored as ISO text (timeline payloads) in the user's locale."""
    try:
        return format_date(date.fromisoformat(text))
    except ValueError:
        return text
