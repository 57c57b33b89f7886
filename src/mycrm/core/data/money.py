"""Amounts as people write them in Chinese and English spreadsheets, into integer cents.

Understood: plain numbers with ``,`` thousands groups (``8,000.50``), a currency sign or
word before or after (``¥`` ``￥`` ``$`` ``€`` ``£``, ``RMB``, ``CNY``, ``人民币``, ``元``,
``块``), and a multiplier after the number: ``k`` / ``千`` (thousand), ``万`` / ``w`` (ten
thousand), ``百万`` (million), ``千万``, ``亿`` (hundred million). Full-width digits and
punctuation are folded first (NFKC). The currency is not converted: the amount is stored as
the number written (mycrm keeps one currency per contract, CNY by default).

``1,2万`` is **ambiguous** and refused: a comma there is either a decimal comma (1.2万 =
12 000) or a thousands separator missing digits (12万 = 120 000), and guessing wrong by ten
times is worse than asking. A comma is accepted only between groups of exactly three digits.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_MULTIPLIERS = {"亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000, "万": 10_000,
                "w": 10_000, "千": 1_000, "k": 1_000}
_CURRENCY = ("人民币", "rmb", "cny", "us$", "usd", "hk$", "hkd", "eur", "gbp", "¥", "$", "€",
             "£", "元", "块", "圆", "yuan")
_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^\.\d+$")


class AmountError(ValueError):
    """Text that is not an amount (``ambiguous`` for ``1,2万``-like commas)."""

    def __init__(self, text: str, *, ambiguous: bool = False) -> None:
        super().__init__(f"not an amount: {text!r}")
        self.ambiguous = ambiguous


def parse_money_cents(text: str) -> int:
    """``text`` in integer cents; empty text is 0. Raises ``AmountError`` for text that is
    not an amount and ``ArithmeticError`` for a negative one."""
    value = _strip_currency(unicodedata.normalize("NFKC", text).strip().casefold())
    value = re.sub(r"[\s_']", "", value)
    if not value:
        return 0
    if value.startswith("-"):
        raise ArithmeticError(f"negative amount: {text!r}")
    multiplier = 1
    for unit, factor in _MULTIPLIERS.items():
        if value.endswith(unit):
            value, multiplier = _strip_currency(value[: -len(unit)]), factor
            break
    if not _NUMBER.match(value):
        raise AmountError(text, ambiguous="," in value and bool(re.fullmatch(r"[\d,.]+", value)))
    try:
        amount = Decimal(value.replace(",", "")) * multiplier
    except InvalidOperation as exc:
        raise AmountError(text) from exc
    return int((amount * 100).quantize(Decimal(1)))


def _strip_currency(value: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _CURRENCY:
            if value.startswith(word):
                value, changed = value[len(word):].strip(), True
            if value.endswith(word):
                value, changed = value[: -len(word)].strip(), True
    return value
