"""Importing customers from a spreadsheet (CSV or .xlsx): read → map columns → preview → apply.

The steps are separate so the UI can show and let the user fix each one:

1. ``read_table(path, encoding=None)`` decodes the file (UTF-8 with or without BOM, GBK /
   GB18030 detected with charset-normalizer, or the encoding the user chose) into header +
   rows of raw cell values. Phone numbers stay text.
2. ``guess_mapping(headers)`` proposes which column feeds which field from Chinese or English
   headers; the user may override it (a plain ``{column index: Field}`` dict).
3. ``build_preview(session, table, mapping, day_first=...)`` parses every row on its own (a
   bad row never blocks the others) and classifies it: new customer, duplicate of an existing
   customer (``duplicates.find_duplicates`` — the same rules as the editor's check), another
   person of a company already seen earlier in the file (same ``company_key``), or error with
   the field errors as codes.
4. ``apply_import(session=, now=, preview=, actions=)`` writes the chosen rows through
   ``customers.create_customer`` / ``add_contact`` inside the caller's ONE transaction.
   Duplicates only gain the contacts they do not have yet, so importing the same file twice
   creates nothing new.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.normalize import company_key, email_key, phone_key
from mycrm.core.common.validation import (
    ErrorCode,
    FieldError,
    ValidationError,
    parse_date,
)
from mycrm.core.customers.duplicates import DuplicateMatch, find_duplicates
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    add_contact,
    change_state,
    clean_customer,
    create_customer,
)
from mycrm.core.db.models import Contact, State

Cell = str | int | float | date | datetime | None
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts the non-existent 1900-02-29)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "latin-1")


class ImportFileError(Exception):
    """The file cannot be read at all (missing, not CSV/xlsx, undecodable, empty)."""


class Field(StrEnum):
    COMPANY = "company"
    CONTACT = "contact"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    TITLE = "title"
    PHONE = "phone"
    EMAIL = "email"
    WECHAT = "wechat"
    RENEWAL_DATE = "renewal_date"
    AMOUNT = "amount"
    TIER = "tier"
    STATE = "state"
    INDUSTRY = "industry"
    NOTES = "notes"
    TAGS = "tags"


# Header spellings, compared after ``_header_key`` (NFKC, casefold, no spaces/punctuation).
HEADER_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.COMPANY: ("客户名称", "客户", "公司", "公司名称", "单位", "单位名称", "企业名称",
                    "客户名", "company", "companyname", "customer", "customername",
                    "account", "accountname", "organization", "organisation", "client"),
    Field.CONTACT: ("联系人", "联系人姓名", "姓名", "contact", "contactname", "contactperson",
                    "name", "fullname", "person"),
    Field.FIRST_NAME: ("firstname", "givenname", "名"),
    Field.LAST_NAME: ("lastname", "surname", "familyname", "姓"),
    Field.TITLE: ("职位", "职务", "title", "jobtitle", "position", "role"),
    Field.PHONE: ("电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联系方式",
                  "phone", "mobile", "tel", "telephone", "phonenumber", "cell", "mobilephone"),
    Field.EMAIL: ("邮箱", "电子邮件", "电子邮箱", "邮件", "email", "e-mail", "mail",
                  "emailaddress"),
    Field.WECHAT: ("微信", "微信号", "wechat", "weixin", "wechatid"),
    Field.RENEWAL_DATE: ("到期日期", "到期日", "续费日期", "续约日期", "合同到期", "合同到期日",
                         "合同结束日期", "结束日期", "renewal", "renewaldate", "enddate",
                         "expiry", "expirydate", "expires", "contractend", "duedate"),
    Field.AMOUNT: ("金额", "合同金额", "续费金额", "年费", "amount", "value", "contractvalue",
                   "arr", "price", "revenue"),
    Field.TIER: ("级别", "客户级别", "等级", "分级", "tier", "level", "grade", "rank"),
    Field.STATE: ("状态", "跟进状态", "state", "status", "stage"),
    Field.INDUSTRY: ("行业", "所属行业", "industry", "sector"),
    Field.NOTES: ("备注", "说明", "notes", "note", "remarks", "comment", "comments",
                  "description"),
    Field.TAGS: ("标签", "tags", "tag", "labels"),
}

STATE_ALIASES: dict[str, str] = {
    "tocontact": State.TO_CONTACT.value, "待联系": State.TO_CONTACT.value,
    "未联系": State.TO_CONTACT.value, "new": State.TO_CONTACT.value,
    "intouch": State.IN_TOUCH.value, "已联系": State.IN_TOUCH.value,
    "联系中": State.IN_TOUCH.value, "contacted": State.IN_TOUCH.value,
    "visited": State.VISITED.value, "已拜访": State.VISITED.value,
    "已回访": State.VISITED.value, "已访问": State.VISITED.value,
}


def _header_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"[\W_]+", "", folded)


_ALIAS_LOOKUP = {
    _header_key(alias): fld for fld, aliases in HEADER_ALIASES.items() for alias in aliases
}


# --------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    """A decoded spreadsheet: header texts and rows of raw cells (line = 1-based file row)."""

    headers: list[str]
    rows: list[list[Cell]]
    encoding: str = ""
    source: str = ""
    lines: list[int] = field(default_factory=list)

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else index + 2


def detect_encoding(data: bytes) -> str:
    """The encoding of CSV bytes: BOM first, then strict UTF-8, then charset-normalizer.

    Chinese legacy files are read as GB18030 (a superset of GBK/GB2312), so a GBK file never
    comes out garbled as Latin-1.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    name = (best.encoding if best else "").lower().replace("_", "-")
    if not name or name in {"gbk", "gb2312", "gb18030", "hz", "cp936"}:
        return "gb18030"
    try:
        data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return "gb18030"
    return name


def read_table(path: Path, encoding: str | None = None) -> RawTable:
    """Read a CSV or .xlsx file. ``encoding`` None means detect; raises ``ImportFileError``."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"cannot read {path}: no such file")
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            table = _read_xlsx(path)
        else:
            table = _read_csv(path.read_bytes(), encoding)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    table.source = str(path)
    if not table.headers or not any(h.strip() for h in table.headers):
        raise ImportFileError(f"{path} has no header row")
    return table


def _read_csv(data: bytes, encoding: str | None) -> RawTable:
    chosen = encoding or detect_encoding(data)
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportFileError(f"the file is not readable as {chosen}") from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ImportFileError("the file is not a text (CSV) file")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    headers: list[str] = []
    rows: list[list[Cell]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if not headers:
                if any(cell.strip() for cell in record):
                    headers = [cell.strip() for cell in record]
                continue
            if any(cell.strip() for cell in record):
                rows.append(list(record))
                lines.append(reader.line_num)
    except csv.Error as exc:
        raise ImportFileError(f"the CSV file is malformed: {exc}") from exc
    return RawTable(headers, rows, encoding=chosen, lines=lines)


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for bad files
        raise ImportFileError(f"{path.name} is not a readable Excel .xlsx file") from exc
    try:
        sheet = workbook.worksheets[0]
        headers: list[str] = []
        rows: list[list[Cell]] = []
        lines: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if not headers:
                if any(v not in (None, "") for v in cells):
                    headers = ["" if v is None else str(v).strip() for v in cells]
                continue
            if any(v not in (None, "") for v in cells):
                rows.append(cells)
                lines.append(number)
    finally:
        workbook.close()
    return RawTable(headers, rows, encoding="xlsx", lines=lines)


# --------------------------------------------------------------------------- mapping


def guess_mapping(headers: list[str]) -> dict[int, Field]:
    """Column index → field for every header we recognise; each field used at most once."""
    mapping: dict[int, Field] = {}
    used: set[Field] = set()
    for index, header in enumerate(headers):
        fld = _ALIAS_LOOKUP.get(_header_key(header))
        if fld is None:
            fld = _fuzzy_header(header)
        if fld is not None and fld not in used:
            mapping[index] = fld
            used.add(fld)
    return mapping


def _fuzzy_header(header: str) -> Field | None:
    """Headers such as "客户名称(全称)" or "Renewal date (contract)": a known alias inside."""
    key = _header_key(header)
    if len(key) < 2:
        return None
    for alias, fld in sorted(_ALIAS_LOOKUP.items(), key=lambda kv: -len(kv[0])):
        if len(alias) >= 2 and alias in key:
            return fld
    return None


# --------------------------------------------------------------------------- parsing


def cell_text(value: Cell) -> str:
    """A cell as the text the user sees; whole floats (Excel numbers) without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")


def parse_import_date(value: Cell, *, day_first: bool = True) -> date | None:
    """A date cell: a date object, an Excel serial number, ``2026-03-01``, ``2026/3/1``,
    ``2026年3月1日``, or ``01/03/2026`` read day-first or month-first as the user chose.

    Raises ``ValueError`` for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)  # "2026-03-01 00:00:00"
    if _SERIAL.match(text):
        return _from_serial(float(text))
    match = _NUMERIC_DATE.match(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if day_first else (second, first)
        return date(year, month, day)
    return parse_date(text)


def _from_serial(serial: float) -> date:
    if not 1 <= serial < 2_958_466:  # Excel's range: 1900-01-01 … 9999-12-31
        raise ValueError(f"not a date serial: {serial}")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_import_amount(value: Cell) -> str | int:
    """An amount cell for ``clean_customer``: numbers become cents, text goes through its
    parser (thousands separators, ¥/$/€ signs)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            cents = (Decimal(str(value)) * 100).quantize(Decimal(1))
        except InvalidOperation:
            return str(value)
        return int(cents) if cents.is_finite() else str(value)
    return str(value)


@dataclass
class ParsedRow:
    """One spreadsheet row cleaned into the editor's input, or the reasons it cannot be."""

    index: int
    line: int
    company: str
    customer: CustomerInput | None
    contact: ContactInput | None
    state: str = ""
    errors: list[FieldError] = field(default_factory=list)


def parse_row(
    values: list[Cell], mapping: dict[int, Field], *, day_first: bool = True,
    index: int = 0, line: int = 0,
) -> ParsedRow:
    """Clean one row. Never raises for bad cell content: errors are returned as codes."""
    cells: dict[Field, Cell] = {}
    for col, fld in mapping.items():
        if col < len(values):
            cells[fld] = values[col]

    def text(fld: Field) -> str:
        return cell_text(cells.get(fld))

    errors: list[FieldError] = []
    renewal: date | None = None
    raw_date = cells.get(Field.RENEWAL_DATE)
    try:
        renewal = parse_import_date(raw_date, day_first=day_first)
    except (ValueError, OverflowError):
        errors.append(FieldError("renewal_date", ErrorCode.BAD_DATE, {"value": text(
            Field.RENEWAL_DATE)}))
    contact_name = text(Field.CONTACT) or " ".join(
        p for p in (text(Field.FIRST_NAME), text(Field.LAST_NAME)) if p)
    phone = text(Field.PHONE)
    email = text(Field.EMAIL)
    contact = ContactInput(name=contact_name or (phone or email), title=text(Field.TITLE),
                           phone=phone, email=email, wechat=text(Field.WECHAT))
    has_contact = any((contact_name, phone, email))
    tier = text(Field.TIER).upper() or "C"
    state = ""
    raw_state = text(Field.STATE)
    if raw_state:
        state = STATE_ALIASES.get(_header_key(raw_state), "")
        if not state:
            errors.append(FieldError("state", ErrorCode.BAD_CHOICE, {"value": raw_state}))
    data = CustomerInput(
        name=text(Field.COMPANY), tier=tier, industry=text(Field.INDUSTRY),
        renewal_date=renewal, amount=parse_import_amount(cells.get(Field.AMOUNT)),
        notes=text(Field.NOTES), tags=text(Field.TAGS),
        contact=contact if has_contact else None,
    )
    try:
        clean_customer(data)
    except ValidationError as exc:
        errors.extend(exc.errors)
    return ParsedRow(index=index, line=line or index + 2, company=data.name, customer=data,
                     contact=contact if has_contact else None, state=state, errors=errors)


# --------------------------------------------------------------------------- preview


class RowStatus(StrEnum):
    NEW = "new"  # a customer not in the database yet
    DUPLICATE = "duplicate"  # refers to an existing customer
    SAME_COMPANY = "same_company"  # another person of a company earlier in this file
    ERROR = "error"


class RowAction(StrEnum):
    ADD = "add"  # create a new customer (with this row's contact)
    MERGE = "merge"  # add this row's contact to the matched customer if it is missing
    SKIP = "skip"


@dataclass
class PreviewRow:
    parsed: ParsedRow
    status: RowStatus
    match: DuplicateMatch | None = None  # the existing customer, for DUPLICATE rows
    group_first: int | None = None  # index of the first row of the same company

    @property
    def line(self) -> int:
        return self.parsed.line

    @property
    def default_action(self) -> RowAction:
        if self.status is RowStatus.ERROR:
            return RowAction.SKIP
        if self.status is RowStatus.NEW:
            return RowAction.ADD
        return RowAction.MERGE


@dataclass
class Preview:
    rows: list[PreviewRow]
    mapping: dict[int, Field]
    table: RawTable | None = None

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    def count_importable(self) -> int:
        return sum(1 for row in self.rows if row.status is not RowStatus.ERROR)

    def errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status is RowStatus.ERROR]


def build_preview(
    session: Session, table: RawTable, mapping: dict[int, Field] | None = None, *,
    day_first: bool = True,
) -> Preview:
    """Classify every row; reads the database, writes nothing."""
    mapping = guess_mapping(table.headers) if mapping is None else dict(mapping)
    rows: list[PreviewRow] = []
    first_of_key: dict[str, int] = {}
    for index, values in enumerate(table.rows):
        parsed = parse_row(values, mapping, day_first=day_first, index=index,
                           line=table.line_of(index))
        if Field.COMPANY not in mapping.values() and not parsed.errors:
            parsed.errors.append(FieldError("name", ErrorCode.REQUIRED))
        if parsed.errors:
            rows.append(PreviewRow(parsed, RowStatus.ERROR))
            continue
        key = company_key(parsed.company)
        if key in first_of_key:
            first = rows[first_of_key[key]]
            rows.append(PreviewRow(parsed, RowStatus.SAME_COMPANY, match=first.match,
                                   group_first=first_of_key[key]))
            continue
        first_of_key[key] = index
        contact = parsed.contact or ContactInput()
        matches = find_duplicates(session, name=parsed.company, phone=contact.phone,
                                  email=contact.email)
        if matches:
            rows.append(PreviewRow(parsed, RowStatus.DUPLICATE, match=matches[0]))
        else:
            rows.append(PreviewRow(parsed, RowStatus.NEW))
    return Preview(rows, mapping, table)


# --------------------------------------------------------------------------- apply


@dataclass
class ImportResult:
    created_customers: int = 0
    added_contacts: int = 0
    skipped_lines: list[int] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)


class _ContactIndex:
    """Which people a customer already has (by name, phone or e-mail), to add only the
    missing ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[int, set[str]] = {}

    def _keys(self, customer_id: int) -> set[str]:
        if customer_id not in self.known:
            keys: set[str] = set()
            for contact in self.session.exec(
                select(Contact).where(Contact.customer_id == customer_id)
            ):
                keys |= _person_keys(contact.name, contact.phone, contact.email)
            self.known[customer_id] = keys
        return self.known[customer_id]

    def has(self, customer_id: int, contact: ContactInput) -> bool:
        return bool(self._keys(customer_id) & _person_keys(contact.name, contact.phone,
                                                           contact.email))

    def remember(self, customer_id: int, contact: ContactInput) -> None:
        self._keys(customer_id).update(_person_keys(contact.name, contact.phone, contact.email))


def _person_keys(name: str, phone: str, email: str) -> set[str]:
    keys = set()
    if name.strip():
        keys.add("n:" + unicodedata.normalize("NFKC", name).strip().casefold())
    if phone_key(phone):
        keys.add("p:" + phone_key(phone))
    if email_key(email):
        keys.add("e:" + email_key(email))
    return keys


@changes(Change.ALL)
def apply_import(
    *, session: Session, now: datetime, preview: Preview,
    actions: dict[int, RowAction] | None = None,
) -> ImportResult:
    """Write the preview's rows (each row's ``default_action`` unless ``actions`` overrides
    it by row index). All in the caller's one transaction: an exception leaves nothing.

    Rows of the same company follow their first row: when it is added they join the new
    customer, when it merges they join the matched customer, when it is skipped they are
    skipped.
    """
    actions = actions or {}
    result = ImportResult()
    contacts = _ContactIndex(session)
    target_of: dict[int, int | None] = {}  # first-row index → customer id (None = skipped)
    for row in preview.rows:
        action = actions.get(row.parsed.index, row.default_action)
        if row.status is RowStatus.ERROR or action is RowAction.SKIP:
            result.skipped_lines.append(row.line)
            if row.group_first is None:
                target_of[row.parsed.index] = None
            continue
        if row.status is RowStatus.SAME_COMPANY and row.group_first is not None:
            customer_id = target_of.get(row.group_first)
            if customer_id is None and action is RowAction.ADD:
                customer_id = _create(session, now, row, result, contacts)
                target_of[row.group_first] = customer_id
                continue
        elif action is RowAction.ADD or row.match is None:
            target_of[row.parsed.index] = _create(session, now, row, result, contacts)
            continue
        else:
            customer_id = row.match.customer_id
            target_of[row.parsed.index] = customer_id
        if customer_id is None:
            result.skipped_lines.append(row.line)
            continue
        contact = row.parsed.contact
        if contact is not None and not contacts.has(customer_id, contact):
            add_contact(session=session, customer_id=customer_id, data=contact, now=now)
            contacts.remember(customer_id, contact)
            result.added_contacts += 1
    session.flush()
    return result


def _create(session: Session, now: datetime, row: PreviewRow, result: ImportResult,
            contacts: _ContactIndex) -> int:
    assert row.parsed.customer is not None
    customer = create_customer(session=session, data=row.parsed.customer, now=now)
    assert customer.id is not None
    if row.parsed.state and row.parsed.state != customer.state:
        change_state(session=session, customer_id=customer.id, state=row.parsed.state,
                     now=now, reason="import")
    contacts.known[customer.id] = set()
    if row.parsed.contact is not None:
        contacts.remember(customer.id, row.parsed.contact)
        result.added_contacts += 1
    result.created_customers += 1
    result.customer_ids.append(customer.id)
    return customer.id
