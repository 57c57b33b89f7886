"""Normalised keys for duplicate detection: company names, phone numbers, e-mail addresses."""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes that do not distinguish one company from another. Longest first, so
# "有限责任公司" is removed before "公司" would be.
_SUFFIXES = sorted(
    {
        "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "集团",
        "公司", "co ltd", "co., ltd", "company limited", "limited", "ltd", "inc",
        "incorporated", "corp", "corporation", "llc", "gmbh", "plc", "co", "company",
        "group", "ag", "sa", "srl", "bv", "pte", "pty",
    },
    key=len,
    reverse=True,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def company_key(name: str) -> str:
    """A comparison key for a company name.

    NFKC folds full-width characters to half-width; case, whitespace, punctuation and
    legal-form suffixes (Ltd, Inc, 有限公司 …) are dropped. ``"ＡＢＣ Co., Ltd."`` and
    ``"abc"`` share a key. A name made only of a suffix keeps its own letters.
    """
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _NON_WORD.sub(" ", text).strip()
    stripped = _strip_suffixes(text)
    key = stripped.replace(" ", "")
    return key or text.replace(" ", "")


def _strip_suffixes(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for suffix in _SUFFIXES:
            plain = _NON_WORD.sub(" ", suffix).strip()
            if text == plain:
                return text
            if text.endswith(plain) and (
                not plain.isascii() or text[: -len(plain)].endswith(" ")
            ):
                text = text[: -len(plain)].strip()
                changed = True
                break
    return text


def phone_key(phone: str, region: str = "CN") -> str:
    """E.164 form of ``phone`` when it parses, else its digits; empty when there are none."""
    text = unicodedata.normalize("NFKC", phone).strip()
    if not text:
        return ""
    import phonenumbers  # ~20 ms to import: loaded when a phone is first normalised

    try:
        parsed = phonenumbers.parse(text, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= 5 else ""


def email_key(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()
