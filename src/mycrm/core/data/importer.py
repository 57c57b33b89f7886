"""Importing customers from a spreadsheet (CSV or .xlsx): read → map columns → preview → apply.

The steps are separate so the UI can show and let the user fix each one:

1. ``read_table(path, encoding=None, sheet=None, header_row=None)`` (``workbook``) decodes
   the file into header + rows of raw cells: encodings, the first visible sheet, title rows
   above the header, merged company cells filled down. Phone numbers stay text.
2. ``propose_mapping(session, table)`` proposes which column feeds which field: the mapping
   used last time for the same headers (``remembered``), else the guess (``columns``); the
   user may override it (a plain ``{column index: Field}`` dict, or ``--map`` text).
3. ``build_preview(session, table, mapping, day_first=...)`` parses every row on its own and
   classifies it: new customer, duplicate of an existing customer (``duplicates`` — the same
   rules as the editor's check), another person of a company seen earlier in the file (same
   ``company_key``, or a name ``duplicates.similar_keys`` finds nearly the same), or error.
   A field that cannot be understood (an amount, a date, a tier …) is a *warning*: the row
   is imported without it and the warning says so. Columns with no field are kept in the
   customer's notes as "header: value"; ``Preview.plan`` lists where every column goes.
4. ``apply_import(session=, now=, preview=, actions=, progress=)`` writes the chosen rows
   through ``customers.create_customer`` / ``add_contact`` inside the caller's ONE
   transaction and remembers the mapping; ``progress`` reports (and may cancel) as it goes.
   Duplicates only gain the contacts they do not have yet, so importing the same file twice
   creates nothing new.

Errors and warnings are ``FieldError`` codes with the offending value, never sentences: the
window and the command line word them in the user's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from sqlmodel import Session, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.normalize import company_key, email_key, phone_key
from mycrm.core.common.validation import (
    MAX_AMOUNT_CENTS,
    ErrorCode,
    FieldError,
    ValidationError,
    parse_date,
)
from mycrm.core.customers.duplicates import DuplicateMatch, find_duplicates, similar_keys
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    add_contact,
    change_state,
    clean_customer,
    create_customer,
)
from mycrm.core.data.columns import (
    ColumnPlan,
    Destination,
    Field,
    guess_mapping,
    header_key,
    plan_columns,
)
from mycrm.core.data.money import AmountError, parse_money_cents
from mycrm.core.data.remembered import remember_mapping, remembered_mapping
from mycrm.core.data.workbook import (  # noqa: F401 — the importer's public names
    Cell,
    ImportFileError,
    RawTable,
    SheetInfo,
    detect_encoding,
    list_sheets,
    read_table,
)
from mycrm.core.db.models import Contact, State

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts the non-existent 1900-02-29)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "latin-1")

STATE_ALIASES: dict[str, str] = {
    "tocontact": State.TO_CONTACT.value, "待联系": State.TO_CONTACT.value,
    "未联系": State.TO_CONTACT.value, "new": State.TO_CONTACT.value,
    "intouch": State.IN_TOUCH.value, "已联系": State.IN_TOUCH.value,
    "联系中": State.IN_TOUCH.value, "contacted": State.IN_TOUCH.value,
    "visited": State.VISITED.value, "已拜访": State.VISITED.value,
    "已回访": State.VISITED.value, "已访问": State.VISITED.value,
}


def propose_mapping(session: Session, table: RawTable) -> tuple[dict[int, Field], bool]:
    """The mapping to start from and whether it is the one remembered for these headers."""
    remembered = remembered_mapping(session, table.headers)
    if remembered is not None:
        return remembered, True
    return guess_mapping(table.headers, table.column_texts()), False


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


def parse_import_amount(value: Cell) -> int:
    """An amount cell in integer cents: Excel numbers as they are, text through
    ``money.parse_money_cents`` (``1.2万``, ``RMB 8000``, ``￥8,000.50``, ``12k`` …).

    Raises ``AmountError`` (not an amount, or ambiguous like ``1,2万``) or
    ``ArithmeticError`` (negative)."""
    if value is None:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            cents = (Decimal(str(value)) * 100).quantize(Decimal(1))
        except InvalidOperation as exc:
            raise AmountError(str(value)) from exc
        if not cents.is_finite():
            raise AmountError(str(value))
        if cents < 0:
            raise ArithmeticError(f"negative amount: {value!r}")
        return int(cents)
    return parse_money_cents(cell_text(value))


# Fields a row can be imported without: when one is not understood, it is left empty and
# the row gets a warning (what it was reset to on the right).
_DROPPABLE = {
    "tier": "C", "industry": "", "address": "", "city": "", "country": "", "website": "",
    "contact_title": "", "contact_phone": "", "contact_phone2": "", "contact_email": "",
    "contact_wechat": "",
}


@dataclass
class ParsedRow:
    """One spreadsheet row cleaned into the editor's input, or the reasons it cannot be.

    ``errors``: the row cannot be imported (no company name …). ``warnings``: a field
    that was not understood; the row is imported without it."""

    index: int
    line: int
    company: str
    customer: CustomerInput | None
    contact: ContactInput | None
    state: str = ""
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)


def parse_row(
    values: list[Cell], mapping: dict[int, Field], *, day_first: bool = True,
    index: int = 0, line: int = 0, notes_columns: dict[int, str] | None = None,
) -> ParsedRow:
    """Clean one row. Never raises for bad cell content: errors and warnings are codes.
    ``notes_columns``: column → header of the columns kept in the notes."""
    cells: dict[Field, Cell] = {}
    for col, fld in mapping.items():
        if col < len(values) and fld is not Field.IGNORE:
            cells[fld] = values[col]

    def text(fld: Field) -> str:
        return cell_text(cells.get(fld))

    warnings: list[FieldError] = []
    renewal = _renewal(cells.get(Field.RENEWAL_DATE), text(Field.RENEWAL_DATE), day_first,
                       warnings)
    amount = _amount(cells.get(Field.AMOUNT), text(Field.AMOUNT), warnings)
    contact_name = text(Field.CONTACT) or " ".join(
        p for p in (text(Field.FIRST_NAME), text(Field.LAST_NAME)) if p)
    phone, email = text(Field.PHONE), text(Field.EMAIL)
    has_contact = any((contact_name, phone, email, text(Field.PHONE2)))
    contact = ContactInput(name=contact_name or phone or email or text(Field.PHONE2),
                           title=text(Field.TITLE), phone=phone, email=email,
                           wechat=text(Field.WECHAT), phone2=text(Field.PHONE2))
    state = ""
    raw_state = text(Field.STATE)
    if raw_state:
        state = STATE_ALIASES.get(header_key(raw_state), "")
        if not state:
            warnings.append(FieldError("state", ErrorCode.BAD_CHOICE, {"value": raw_state}))
    data = CustomerInput(
        name=text(Field.COMPANY), tier=text(Field.TIER).upper() or "C",
        industry=text(Field.INDUSTRY), renewal_date=renewal, amount=amount,
        notes=_notes(text(Field.NOTES), values, notes_columns or {}), tags=text(Field.TAGS),
        contact=contact if has_contact else None, address=text(Field.ADDRESS),
        city=text(Field.CITY), country=text(Field.COUNTRY), website=text(Field.WEBSITE),
    )
    errors = _clean_dropping(data, warnings)
    return ParsedRow(index=index, line=line or index + 2, company=data.name, customer=data,
                     contact=data.contact, state=state, errors=errors, warnings=warnings)


def _renewal(raw: Cell, shown: str, day_first: bool, warnings: list[FieldError]
             ) -> date | None:
    try:
        return parse_import_date(raw, day_first=day_first)
    except (ValueError, OverflowError):
        warnings.append(FieldError("renewal_date", ErrorCode.BAD_DATE, {"value": shown}))
        return None


def _amount(raw: Cell, shown: str, warnings: list[FieldError]) -> int:
    try:
        cents = parse_import_amount(raw)
    except AmountError as exc:
        params = {"value": shown, **({"ambiguous": "1"} if exc.ambiguous else {})}
        warnings.append(FieldError("amount", ErrorCode.BAD_AMOUNT, params))
        return 0
    except ArithmeticError:
        warnings.append(FieldError("amount", ErrorCode.NEGATIVE_AMOUNT, {"value": shown}))
        return 0
    if cents > MAX_AMOUNT_CENTS:
        warnings.append(FieldError("amount", ErrorCode.AMOUNT_TOO_LARGE, {"value": shown}))
        return 0
    return cents


def _notes(notes: str, values: list[Cell], columns: dict[int, str]) -> str:
    """The notes cell, then one "header: value" line per kept column that has a value."""
    lines = [notes] if notes else []
    for col, header in columns.items():
        value = cell_text(values[col]) if col < len(values) else ""
        if value:
            lines.append(f"{header}: {value}")
    return "\n".join(lines)


def _clean_dropping(data: CustomerInput, warnings: list[FieldError]) -> list[FieldError]:
    """Validate ``data``; a field the row can do without is emptied (and warned about)
    until only the errors that block the row remain."""
    for _attempt in range(len(_DROPPABLE) + 1):
        try:
            clean_customer(data)
        except ValidationError as exc:
            droppable = [e for e in exc.errors if e.field in _DROPPABLE]
            if not droppable:
                return list(exc.errors)
            for error in droppable:
                warnings.append(error)
                _reset(data, error.field)
            continue
        return []
    return []


def _reset(data: CustomerInput, name: str) -> None:
    if name.startswith("contact_") and data.contact is not None:
        setattr(data.contact, name.removeprefix("contact_"), _DROPPABLE[name])
    else:
        setattr(data, name, _DROPPABLE[name])


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
    similar: bool = False  # grouped by a nearly equal name, not the same one

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
    plan: list[ColumnPlan] = field(default_factory=list)
    remembered: bool = False  # the mapping is the one used last time for these headers

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    def count_importable(self) -> int:
        return sum(1 for row in self.rows if row.status is not RowStatus.ERROR)

    def errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status is RowStatus.ERROR]

    def warnings(self) -> list[PreviewRow]:
        return [row for row in self.rows
                if row.status is not RowStatus.ERROR and row.parsed.warnings]

    def columns(self, destination: Destination) -> list[ColumnPlan]:
        return [p for p in self.plan if p.destination is destination]


def build_preview(
    session: Session, table: RawTable, mapping: dict[int, Field] | None = None, *,
    day_first: bool = True,
) -> Preview:
    """Classify every row; reads the database, writes nothing. ``mapping`` None: the one
    ``propose_mapping`` gives."""
    remembered = False
    if mapping is None:
        mapping, remembered = propose_mapping(session, table)
    mapping = dict(mapping)
    plan = plan_columns(table.headers, mapping, table.rows)
    notes_columns = {p.index: p.header or f"#{p.index + 1}" for p in plan
                     if p.destination is Destination.NOTES}
    has_company = Field.COMPANY in mapping.values()
    rows: list[PreviewRow] = []
    first_of_key: dict[str, int] = {}  # company key → index of its first row
    key_of_first: dict[int, str] = {}  # the same, the other way (for similar names)
    for index, values in enumerate(table.rows):
        parsed = parse_row(values, mapping, day_first=day_first, index=index,
                           line=table.line_of(index), notes_columns=notes_columns)
        if not has_company and not parsed.errors:
            parsed.errors.append(FieldError("name", ErrorCode.REQUIRED))
        rows.append(_classify(session, parsed, rows, first_of_key, key_of_first))
    return Preview(rows, mapping, table, plan=plan, remembered=remembered)


def _classify(session: Session, parsed: ParsedRow, rows: list[PreviewRow],
              first_of_key: dict[str, int], key_of_first: dict[int, str]) -> PreviewRow:
    """A row's status. Rows of one company (same key, or a name ``similar_keys`` finds
    nearly the same — the rule used against the saved customers) follow its first row."""
    if parsed.errors:
        return PreviewRow(parsed, RowStatus.ERROR)
    key = company_key(parsed.company)
    first_index = first_of_key.get(key)
    similar = False
    if first_index is None:
        near = similar_keys(key, key_of_first, limit=1)
        first_index, similar = (near[0], True) if near else (None, False)
    if first_index is not None:
        first = rows[first_index]
        return PreviewRow(parsed, RowStatus.SAME_COMPANY, match=first.match,
                          group_first=first_index, similar=similar)
    first_of_key[key] = parsed.index
    key_of_first[parsed.index] = key
    contact = parsed.contact or ContactInput()
    matches = find_duplicates(session, name=parsed.company, phone=contact.phone,
                              email=contact.email)
    if matches:
        return PreviewRow(parsed, RowStatus.DUPLICATE, match=matches[0])
    return PreviewRow(parsed, RowStatus.NEW)


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


class ImportCancelled(Exception):  # noqa: N818 — a request, not an error
    """Raised by an import's ``progress`` callback to stop it. It ends the caller's one
    transaction like any exception: rolled back, nothing written."""


ImportProgress = Callable[[int, int], None]
"""``progress(rows_done, rows_in_all)``: called every ``PROGRESS_EVERY`` rows and once at
the end with ``rows_done == rows_in_all``; may raise ``ImportCancelled``."""
PROGRESS_EVERY = 50


@changes(Change.ALL)
def apply_import(
    *, session: Session, now: datetime, preview: Preview,
    actions: dict[int, RowAction] | None = None, progress: ImportProgress | None = None,
) -> ImportResult:
    """Write the preview's rows (each row's ``default_action`` unless ``actions`` overrides
    it by row index). All in the caller's one transaction: an exception leaves nothing —
    ``ImportCancelled`` from ``progress`` included.

    Rows of the same company follow their first row: when it is added they join the new
    customer, when it merges they join the matched customer, when it is skipped they are
    skipped. The mapping is remembered for the next file with the same headers.
    """
    actions = actions or {}
    result = ImportResult()
    contacts = _ContactIndex(session)
    target_of: dict[int, int | None] = {}  # first-row index → customer id (None = skipped)
    report = progress or (lambda _done, _total: None)
    total = len(preview.rows)
    for done, row in enumerate(preview.rows):
        if done % PROGRESS_EVERY == 0:
            report(done, total)
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
    if preview.table is not None:
        remember_mapping(session, preview.table.headers, preview.mapping)
    session.flush()
    report(total, total)  # the last chance to cancel: nothing is committed yet
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
