"""Export everything to one JSON document or one CSV file per table; load such a JSON
document into an empty database.

The JSON format is documented in ``docs/export-format.md``: top-level keys are the plural
table names, plus ``schema`` (format name and version, the database's alembic revision) and
``exported_at``. Values keep their database meaning: dates ``YYYY-MM-DD``, instants ISO 8601
UTC with offset, reminder wall times ISO without offset, money integer cents.

CSV cells that start with ``=``, ``+``, ``-``, ``@`` (or tab / carriage return) get a leading
apostrophe, so a spreadsheet shows them as text instead of running them as formulas — except
phone numbers in ``+86 …`` form, which cannot call anything and must stay dialable.
"""

from __future__ import annotations

import csv
import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Engine, Integer, func, insert
from sqlalchemy import select as sa_select
from sqlalchemy.sql.schema import Table
from sqlmodel import Session, SQLModel, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.models import (
    Contact,
    Contract,
    Customer,
    Goal,
    Interaction,
    Need,
    Setting,
    TimelineEvent,
    Todo,
    UTCDateTime,
)

FORMAT_NAME = "mycrm-export"
FORMAT_VERSION = 1

# Plural key → table, in an order that satisfies foreign keys when loading.
TABLES: dict[str, type[SQLModel]] = {
    "customers": Customer,
    "contacts": Contact,
    "contracts": Contract,
    "interactions": Interaction,
    "needs": Need,
    "todos": Todo,
    "goals": Goal,
    "timeline_events": TimelineEvent,
    "settings": Setting,
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+\d[\d ()./-]{4,}$")


class ImportTargetNotEmptyError(Exception):
    """A JSON export is only loaded into a database without customers, to keep ids."""


class ExportFormatError(ValueError):
    """The JSON document is not a mycrm export this version understands."""


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_rows(session: Session, model: type[SQLModel]) -> list[dict[str, Any]]:
    """Every row of ``model`` as a JSON-ready dict, in primary-key order."""
    table = _table(model)
    # Core select: a Table is not a model class, and the rows go through connection.execute.
    statement = sa_select(table).order_by(*table.primary_key.columns)
    return [
        {key: _encode(value) for key, value in row._mapping.items()}
        for row in session.connection().execute(statement)
    ]


def export_document(session: Session, *, now: datetime) -> dict[str, Any]:
    """All data as one JSON-serialisable dict (see docs/export-format.md)."""
    revision = session.connection().exec_driver_sql(
        "SELECT version_num FROM alembic_version").scalar()
    document: dict[str, Any] = {
        "schema": {"name": FORMAT_NAME, "version": FORMAT_VERSION, "database_revision": revision},
        "exported_at": require_aware(now).isoformat(),
    }
    for key, model in TABLES.items():
        document[key] = table_rows(session, model)
    return document


@changes(Change.NONE)
def export_json(*, session: Session, path: Path, now: datetime) -> dict[str, int]:
    """Write the JSON document to ``path`` (0600, replaced atomically); return row counts."""
    document = export_document(session, now=now)
    _write_private(Path(path), json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return {key: len(document[key]) for key in TABLES}


def neutralise_cell(value: Any) -> str:
    """A CSV cell as text that no spreadsheet evaluates as a formula.

    A phone number in international form (``+86 138 0013 8000``, ``+1 (555) 010-9999``) is
    left as it is: it holds only digits, spaces and ``-()./``, so a spreadsheet reading it
    as a formula can at most do arithmetic — it cannot call a function or reach another
    file — and an apostrophe would corrupt the number for every other reader of the file.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(_encode(value))
    if _PHONE.match(text):
        return text
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_csv(*, session: Session, directory: Path) -> list[Path]:
    """One ``<table>.csv`` per table (UTF-8 with BOM so Excel shows Chinese correctly)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for key, model in TABLES.items():
        columns = [c.name for c in _table(model).columns]
        rows = table_rows(session, model)
        target = directory / f"{key}.csv"
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([neutralise_cell(row[c]) for c in columns])
        os.replace(tmp, target)
        written.append(target)
    return written


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _decoder(column: Any) -> Any:
    kind = column.type
    impl = getattr(kind, "impl", kind)
    if isinstance(kind, UTCDateTime):
        return lambda v: None if v is None else require_aware(datetime.fromisoformat(v))
    if isinstance(impl, DateTime):
        # Other datetime decorators (e.g. sqlmodel's) get back exactly what they exported.
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(kind, Integer):
        return lambda v: None if v is None else int(v)
    return lambda v: v


def is_export_document(document: Any) -> bool:
    return (isinstance(document, dict) and isinstance(document.get("schema"), dict)
            and document["schema"].get("name") == FORMAT_NAME)


def _required_columns(table: Table) -> list[str]:
    """The columns a row must give: NOT NULL, no default, not an id SQLite assigns."""
    return [c.name for c in table.columns
            if not c.nullable and c.default is None and c.server_default is None
            and not (c.primary_key and c.autoincrement in (True, "auto"))]


def load_document(*, session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Insert an export document's rows, ids included, into an empty database (one
    transaction: the caller's). Settings present in the target are replaced.

    Raises ``ExportFormatError`` for a document this version cannot read and
    ``ImportTargetNotEmptyError`` when the database already holds customers or to-dos.
    """
    if not is_export_document(document):
        raise ExportFormatError("not a mycrm export")
    if int(document["schema"].get("version", 0)) > FORMAT_VERSION:
        raise ExportFormatError("the export was made by a newer version of mycrm")
    if not target_is_empty(session):
        raise ImportTargetNotEmptyError("the database is not empty")
    counts = {}
    for key, model in TABLES.items():
        table = _table(model)
        decoders = {c.name: _decoder(c) for c in table.columns}
        required = _required_columns(table)
        rows = []
        for number, raw in enumerate(document.get(key) or [], start=1):
            if not isinstance(raw, dict):
                raise ExportFormatError(f"{key}: a row is not an object")
            missing = [name for name in required if raw.get(name) is None]
            if missing:
                raise ExportFormatError(f"{key}: row {number} has no “{missing[0]}” field")
            try:
                rows.append({name: decoders[name](raw[name]) for name in decoders
                             if name in raw})
            except (TypeError, ValueError) as exc:
                raise ExportFormatError(f"{key}: {exc}") from exc
        connection = session.connection()
        if model is Setting:
            connection.execute(table.delete())
        if rows:
            connection.execute(insert(table), rows)
        counts[key] = len(rows)
    session.flush()
    return counts


def read_export(path: Path) -> dict[str, Any]:
    """The export document in ``path``, checked to be one this version reads; raises
    ``ExportFormatError``. Nothing is written: what the command line previews."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ExportFormatError(f"cannot read {path}: {exc}") from exc
    if not is_export_document(document):
        raise ExportFormatError("not a mycrm export")
    if int(document["schema"].get("version", 0)) > FORMAT_VERSION:
        raise ExportFormatError("the export was made by a newer version of mycrm")
    return document


def document_counts(document: dict[str, Any]) -> dict[str, int]:
    """Rows per table in an export document (the preview of loading it)."""
    return {key: len(document.get(key) or []) for key in TABLES}


def target_is_empty(session: Session) -> bool:
    """Whether an export can be loaded here (no customers, to-dos or goals yet)."""
    return not any(session.exec(select(func.count()).select_from(guarded)).one()
                   for guarded in (Customer, Todo, Goal))


def import_json(*, session: Session, path: Path) -> dict[str, int]:
    return load_document(session=session, document=read_export(path))


def dump_all(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows (for comparisons in tests and checks)."""
    with Session(engine) as session:
        return {key: table_rows(session, model) for key, model in TABLES.items()}
