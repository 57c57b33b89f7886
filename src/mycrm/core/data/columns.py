"""Which spreadsheet column feeds which field: the guess, the user's ``--map`` overrides and
the plan the preview shows (every column: a field, kept in the notes, or not imported).

The guess scores every (column, field) pair and hands out the best pairs first, so a weak
match never takes a field a better column deserves:

- headers are compared as words and phrases, not substrings: "Customer Id" is the words
  ``customer id``; an exact header (``Company``) scores 100, a known phrase inside a longer
  header less, the fewer extra words the better. Chinese has no spaces: an alias inside the
  header counts, more when it ends the header (the head noun: 联系人电话 is a phone);
- an identifier column ("id", "No.", "编号", "code" …) never feeds a name field;
- for the name fields the values count too: a column of ``DD37Cf93aecA6Dc`` codes is not
  a column of names, even under a header that says "customer".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Field(StrEnum):
    COMPANY = "company"
    CONTACT = "contact"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    TITLE = "title"
    PHONE = "phone"
    PHONE2 = "phone2"
    EMAIL = "email"
    WECHAT = "wechat"
    RENEWAL_DATE = "renewal_date"
    AMOUNT = "amount"
    TIER = "tier"
    STATE = "state"
    INDUSTRY = "industry"
    ADDRESS = "address"
    CITY = "city"
    COUNTRY = "country"
    WEBSITE = "website"
    NOTES = "notes"
    TAGS = "tags"
    IGNORE = "ignore"  # chosen (or guessed for a row counter): not imported, and said so


NAME_FIELDS = frozenset({Field.COMPANY, Field.CONTACT, Field.FIRST_NAME, Field.LAST_NAME})

# Header spellings as words ("company name" also matches "CompanyName" and "company_name").
HEADER_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.COMPANY: ("客户名称", "客户", "公司", "公司名称", "单位", "单位名称", "企业名称",
                    "企业", "客户名", "客户全称", "公司全称", "company", "company name",
                    "customer", "customer name", "account", "account name", "organization",
                    "organisation", "organization name", "client", "client name", "firm"),
    Field.CONTACT: ("联系人", "联系人姓名", "姓名", "contact", "contact name", "contact person",
                    "name", "full name", "person"),
    Field.FIRST_NAME: ("first name", "given name", "forename", "名"),
    Field.LAST_NAME: ("last name", "surname", "family name", "姓"),
    Field.TITLE: ("职位", "职务", "title", "job title", "position", "role"),
    Field.PHONE: ("电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联系方式",
                  "phone", "mobile", "tel", "telephone", "phone number", "cell",
                  "mobile phone", "contact number", "phone 1", "mobile 1", "电话1", "手机1"),
    Field.PHONE2: ("phone 2", "mobile 2", "second phone", "other phone", "alternate phone",
                   "landline", "电话2", "手机2", "备用电话", "其他电话", "座机", "固定电话"),
    Field.EMAIL: ("邮箱", "电子邮件", "电子邮箱", "邮件", "email", "e-mail", "mail",
                  "email address", "e-mail address"),
    Field.WECHAT: ("微信", "微信号", "wechat", "weixin", "wechat id"),
    Field.RENEWAL_DATE: ("到期日期", "到期日", "续费日期", "续约日期", "合同到期", "合同到期日",
                         "合同结束日期", "结束日期", "到期时间", "renewal", "renewal date",
                         "end date", "expiry", "expiry date", "expiration date", "expires",
                         "contract end", "due date"),
    Field.AMOUNT: ("金额", "合同金额", "续费金额", "年费", "amount", "value", "contract value",
                   "arr", "price", "revenue"),
    Field.TIER: ("级别", "客户级别", "等级", "分级", "tier", "level", "grade", "rank"),
    Field.STATE: ("状态", "跟进状态", "state", "status", "stage"),
    Field.INDUSTRY: ("行业", "所属行业", "industry", "sector"),
    Field.ADDRESS: ("地址", "公司地址", "详细地址", "通讯地址", "办公地址", "address",
                    "street", "street address", "postal address"),
    Field.CITY: ("城市", "所在城市", "city", "town"),
    Field.COUNTRY: ("国家", "国家地区", "country", "country region", "nation"),
    Field.WEBSITE: ("网站", "网址", "官网", "主页", "website", "web site", "web", "url",
                    "homepage", "home page"),
    Field.NOTES: ("备注", "说明", "notes", "note", "remarks", "comment", "comments",
                  "description"),
    Field.TAGS: ("标签", "tags", "tag", "labels"),
    # A row counter carries nothing worth keeping.
    Field.IGNORE: ("index", "#", "no", "row", "序号", "行号"),
}
# Words that make a header an identifier: such a column is never a name.
ID_WORDS = frozenset({"id", "no", "nr", "num", "number", "code", "ref", "key", "uuid",
                      "guid", "index"})
ID_WORDS_CJK = ("编号", "序号", "代码", "编码", "号码", "工号", "账号")
MIN_SCORE = 40


def header_words(text: str) -> list[str]:
    """A header as lower-case words: ``"CustomerId"`` → ``["customer", "id"]``,
    ``"客户名称(全称)"`` → ``["客户名称", "全称"]``, ``"No."`` → ``["no"]``."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", unicodedata.normalize("NFKC", str(text)))
    if spaced.strip() == "#":
        return ["#"]
    return re.findall(r"[a-z]+|\d+|[^\W\d_a-z]+", spaced.casefold())


def header_key(text: str) -> str:
    """A header without case, spaces and punctuation (for exact comparisons)."""
    return "".join(header_words(text))


_ALIASES = [(fld, header_words(alias)) for fld, aliases in HEADER_ALIASES.items()
            for alias in aliases]


def is_identifier_header(header: str) -> bool:
    words = header_words(header)
    return bool(set(words) & ID_WORDS) or any(w in header_key(header) for w in ID_WORDS_CJK)


def header_score(header: str, fld: Field) -> int:
    """How well ``header`` names ``fld``: 100 exact, less for a phrase inside, 0 none."""
    words = header_words(header)
    if not words:
        return 0
    if fld in NAME_FIELDS and is_identifier_header(header):
        return 0
    key = "".join(words)
    exact_only = fld is Field.IGNORE  # "Customer No." is worth keeping; "No." is not
    best = 0
    for alias_field, alias in _ALIASES:
        if alias_field is not fld or not alias:
            continue
        alias_key = "".join(alias)
        if alias_key == key:
            return 100
        if exact_only:
            continue
        best = max(best, _phrase_score(words, key, alias, alias_key))
    return best


def _phrase_score(words: list[str], key: str, alias: list[str], alias_key: str) -> int:
    n = len(alias)
    for start in range(len(words) - n + 1):
        if words[start:start + n] == alias:
            return max(MIN_SCORE, 80 - 10 * (len(words) - n))
    if not alias_key.isascii() and len(alias_key) >= 2 and alias_key in key:
        suffix_bonus = 10 if key.endswith(alias_key) else 0
        return 40 + 2 * len(alias_key) + suffix_bonus
    return 0


def _name_likeness(values: Sequence[str]) -> float:
    """The share of ``values`` that read like a person's or company's name."""
    sample = [v for v in values if v][:50]
    if not sample:
        return 1.0
    return sum(1 for v in sample if _looks_like_name(v)) / len(sample)


def _looks_like_name(value: str) -> bool:
    letters = sum(1 for ch in value if ch.isalpha())
    digits = sum(1 for ch in value if ch.isdigit())
    if letters == 0 or digits >= max(1, (letters + digits) * 0.25):
        return False
    return not (value.isascii() and " " not in value and re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]",
                                                                   value) and digits)


def guess_mapping(headers: Sequence[str], columns: Sequence[Sequence[str]] | None = None
                  ) -> dict[int, Field]:
    """Column index → field for every column we recognise; each field used at most once
    (``Field.IGNORE`` any number of times). ``columns``: each column's cell texts, to prefer
    the column whose values look like names."""
    candidates: list[tuple[float, int, Field]] = []
    for index, header in enumerate(headers):
        for fld in Field:
            score: float = header_score(header, fld)
            if score < MIN_SCORE:
                continue
            if fld in NAME_FIELDS and columns is not None and index < len(columns):
                score *= 0.5 + 0.5 * _name_likeness(columns[index])
            candidates.append((score, index, fld))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    mapping: dict[int, Field] = {}
    taken: set[Field] = set()
    for score, index, fld in candidates:
        if score < MIN_SCORE or index in mapping or (fld in taken and fld is not Field.IGNORE):
            continue
        mapping[index] = fld
        taken.add(fld)
    return dict(sorted(mapping.items()))


# --------------------------------------------------------------------------- --map


class MappingSpecError(ValueError):
    """A ``--map`` entry names no column of the file or no field. ``code`` is one of
    ``unknown_column``, ``unknown_field``, ``bad_entry``; ``value`` is the text at fault —
    the front end words the message (translatable)."""

    def __init__(self, code: str, value: str) -> None:
        super().__init__(f"{code}: {value}")
        self.code = code
        self.value = value


FIELD_NAMES: dict[str, Field] = {
    **{fld.value.replace("_", ""): fld for fld in Field},
    "name": Field.COMPANY, "customer": Field.COMPANY, "renewal": Field.RENEWAL_DATE,
    "firstname": Field.FIRST_NAME, "lastname": Field.LAST_NAME, "mobile": Field.PHONE,
    "secondphone": Field.PHONE2, "mail": Field.EMAIL, "note": Field.NOTES, "none": Field.IGNORE,
    "skip": Field.IGNORE, "url": Field.WEBSITE,
}


def parse_mapping_spec(spec: str, headers: Sequence[str]) -> dict[int, Field]:
    """``"Company=name,Phone 1=phone,Index=ignore"`` → ``{column: field}``. A column is
    named by its header (case and spacing ignored) or its 1-based position; raises
    ``MappingSpecError``."""
    keys = [header_key(h) for h in headers]
    result: dict[int, Field] = {}
    for entry in (e for e in spec.split(",") if e.strip()):
        column, sep, target = entry.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise MappingSpecError("bad_entry", entry.strip())
        fld = FIELD_NAMES.get(header_key(target) or target.strip())
        if fld is None:
            raise MappingSpecError("unknown_field", target.strip())
        result[_column_index(column.strip(), keys)] = fld
    return result


def _column_index(column: str, keys: list[str]) -> int:
    wanted = header_key(column)
    if wanted in keys:
        return keys.index(wanted)
    if column.isdigit() and 1 <= int(column) <= len(keys):
        return int(column) - 1
    raise MappingSpecError("unknown_column", column)


def apply_overrides(mapping: dict[int, Field], overrides: dict[int, Field]) -> dict[int, Field]:
    """``mapping`` with the user's choices on top: a field the user gives to a column
    leaves the column the guess gave it to."""
    result = {col: fld for col, fld in mapping.items()
              if col not in overrides and (fld is Field.IGNORE or fld not in overrides.values())}
    result.update(overrides)
    return dict(sorted(result.items()))


# --------------------------------------------------------------------------- the plan


class Destination(StrEnum):
    FIELD = "field"  # imported into ``ColumnPlan.field``
    NOTES = "notes"  # no field: kept in the customer's notes as "header: value"
    IGNORED = "ignored"  # the user (or the guess, for a row counter) left it out
    EMPTY = "empty"  # no field and no value in any row: nothing to keep


@dataclass(frozen=True)
class ColumnPlan:
    index: int
    header: str
    destination: Destination
    field: Field | None = None


def plan_columns(headers: Sequence[str], mapping: dict[int, Field], rows: Sequence[Any]
                 ) -> list[ColumnPlan]:
    """Where every column of the file goes: nothing is dropped without being listed."""
    plans = []
    for index, header in enumerate(headers):
        fld = mapping.get(index)
        if fld is Field.IGNORE:
            plans.append(ColumnPlan(index, header, Destination.IGNORED))
        elif fld is not None:
            plans.append(ColumnPlan(index, header, Destination.FIELD, fld))
        elif any(index < len(r) and r[index] not in (None, "") and str(r[index]).strip()
                 for r in rows):
            plans.append(ColumnPlan(index, header, Destination.NOTES))
        else:
            plans.append(ColumnPlan(index, header, Destination.EMPTY))
    return plans
