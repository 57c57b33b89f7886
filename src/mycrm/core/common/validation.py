"""Parsing and validating what a person typed. Errors are codes with parameters, not
sentences: the UI renders them in the user's language beside the field."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class ErrorCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_DATE = "bad_date"
    BAD_AMOUNT = "bad_amount"
    NEGATIVE_AMOUNT = "negative_amount"
    AMOUNT_TOO_LARGE = "amount_too_large"
    BAD_CHOICE = "bad_choice"
    BAD_EMAIL = "bad_email"
    DATE_ORDER = "date_order"
    BAD_DATETIME = "bad_datetime"


@dataclass(frozen=True)
class FieldError:
    field: str
    code: ErrorCode
    # dataclasses.field, qualified: the attribute ``field`` above shadows the bare name.
    params: dict[str, str] = dataclasses.field(default_factory=dict)


class ValidationError(ValueError):
    """Raised by services before anything is written; carries every field's error."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors

    def for_field(self, name: str) -> FieldError | None:
        return next((e for e in self.errors if e.field == name), None)


MAX_AMOUNT_CENTS = 10**15  # a thousand trillion cents — beyond any real contract
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY_SIGNS = "¥￥$€£元"


def parse_date(text: str) -> date | None:
    """Parse ``2026-03-01``, ``2026/3/1``, ``2026.3.1`` or ``2026年3月1日``; empty → None.

    Raises ``ValueError`` for text that is not one of those or names an impossible day.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)  # raises ValueError on 2026-02-30
    raise ValueError(f"not a date: {text!r}")


def parse_amount_cents(text: str) -> int:
    """Parse a money amount (``12,000.50``, ``¥ 3000``, ``€1.234``…) into integer cents.

    Empty text is zero. Raises ``ValueError`` for non-numbers and negative amounts.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    for sign in _CURRENCY_SIGNS:
        value = value.replace(sign, "")
    value = value.replace(",", "").replace(" ", "").replace("_", "")
    if not value:
        return 0
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    if amount < 0:
        raise ArithmeticError(f"negative amount: {text!r}")
    return int((amount * 100).quantize(Decimal(1)))


class Collector:
    """Gathers field errors while cleaning a form; ``check()`` raises them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str, code: ErrorCode, **params: str) -> None:
        self.errors.append(FieldError(field_name, code, params))

    def text(self, field_name: str, value: str, *, required: bool = False, max_len: int = 0) -> str:
        cleaned = (value or "").strip()
        if required and not cleaned:
            self.add(field_name, ErrorCode.REQUIRED)
        elif max_len and len(cleaned) > max_len:
            self.add(field_name, ErrorCode.TOO_LONG, max=str(max_len))
        return cleaned

    def date(self, field_name: str, value: str | date | None) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except ValueError:
            self.add(field_name, ErrorCode.BAD_DATE, value=value.strip())
            return None

    def amount(self, field_name: str, value: str | int | None) -> int:
        if value is None:
            return 0
        if isinstance(value, int):
            cents = value
            if cents < 0:
                self.add(field_name, ErrorCode.NEGATIVE_AMOUNT)
                return 0
        else:
            try:
                cents = parse_amount_cents(value)
            except ArithmeticError:
                self.add(field_name, ErrorCode.NEGATIVE_AMOUNT)
                return 0
            except ValueError:
                self.add(field_name, ErrorCode.BAD_AMOUNT, value=value.strip())
                return 0
        if cents > MAX_AMOUNT_CENTS:
            self.add(field_name, ErrorCode.AMOUNT_TOO_LARGE)
            return 0
        return cents

    def choice(self, field_name: str, value: str, choices: set[str]) -> str:
        if value not in choices:
            self.add(field_name, ErrorCode.BAD_CHOICE, value=value)
        return value

    def email(self, field_name: str, value: str) -> str:
        cleaned = (value or "").strip()
        if cleaned and not _EMAIL.match(cleaned):
            self.add(field_name, ErrorCode.BAD_EMAIL, value=cleaned)
        return cleaned

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
