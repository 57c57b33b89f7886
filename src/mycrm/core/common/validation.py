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
    BAD_CHARACTERS = "bad_characters"  # control characters, text-direction overrides
    DATE_OUT_OF_RANGE = "date_out_of_range"
    BAD_CURRENCY = "bad_currency"


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
# Dates a customer's contract can have: "a year later" of 9999-12-31 does not exist.
MIN_YEAR, MAX_YEAR = 1900, 2199
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")  # ISO 4217's shape
# Characters that change how the text around them is shown, not what it says: bidi
# embeddings, overrides and isolates (U+202E turns "Ltd" into "dtL").
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class AmountTooLargeError(ValueError):
    """An amount beyond ``MAX_AMOUNT_CENTS`` (``1e309`` too: it is a number, just no one's)."""


def _invisible(char: str) -> bool:
    """Whitespace, or a format character (zero-width space, BOM, marks) that shows nothing."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def clean_text(value: str) -> str:
    """``value`` without invisible characters at either end (joiners inside are kept:
    Persian and emoji need them). A name of only invisible characters becomes empty."""
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def has_bad_characters(value: str, *, multiline: bool = False) -> bool:
    """Control characters (NUL, BEL…; line breaks and tabs only where ``multiline``) or
    text-direction overrides, which no one means in a name or a phone number."""
    allowed = "\t\n\r" if multiline else ""
    return any((unicodedata.category(ch) == "Cc" and ch not in allowed)
               or ch in _DIRECTION_CONTROLS for ch in value)
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
    if amount * 100 > MAX_AMOUNT_CENTS:  # before quantize: it cannot hold 1e309
        raise AmountTooLargeError(f"amount too large: {text!r}")
    return int((amount * 100).quantize(Decimal(1)))


class Collector:
    """Gathers field errors while cleaning a form; ``check()`` raises them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str, code: ErrorCode, **params: str) -> None:
        self.errors.append(FieldError(field_name, code, params))

    def text(self, field_name: str, value: str, *, required: bool = False, max_len: int = 0,
             multiline: bool = False) -> str:
        """``multiline``: a text of several lines (a discussion, an address), where line
        breaks and tabs are text, not control characters."""
        cleaned = clean_text(value or "")
        if required and not cleaned:
            self.add(field_name, ErrorCode.REQUIRED)
        elif has_bad_characters(cleaned, multiline=multiline):
            self.add(field_name, ErrorCode.BAD_CHARACTERS)
        elif max_len and len(cleaned) > max_len:
            self.add(field_name, ErrorCode.TOO_LONG, max=str(max_len))
        return cleaned

    def date(self, field_name: str, value: str | date | None) -> date | None:
        if value is None:
            return None
        if isinstance(value, date):
            day: date | None = value
        else:
            try:
                day = parse_date(value)
            except ValueError:
                self.add(field_name, ErrorCode.BAD_DATE, value=value.strip())
                return None
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            self.add(field_name, ErrorCode.DATE_OUT_OF_RANGE, value=day.isoformat(),
                     min=str(MIN_YEAR), max=str(MAX_YEAR))
            return None
        return day

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
            except AmountTooLargeError:
                self.add(field_name, ErrorCode.AMOUNT_TOO_LARGE)
                return 0
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

    def currency(self, field_name: str, value: str) -> str:
        """A three-letter currency code (``eur`` → ``EUR``)."""
        code = unicodedata.normalize("NFKC", value or "").strip().upper()
        if not _CURRENCY_CODE.match(code):
            self.add(field_name, ErrorCode.BAD_CURRENCY, value=(value or "").strip())
        return code

    def email(self, field_name: str, value: str) -> str:
        cleaned = (value or "").strip()
        if cleaned and not _EMAIL.match(cleaned):
            self.add(field_name, ErrorCode.BAD_EMAIL, value=cleaned)
        return cleaned

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
