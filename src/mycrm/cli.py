"""Command-line subcommands (``mycrm [--data PATH | --demo] COMMAND``) for scripts and
scheduled jobs. They run without a window and print plain text.

Exit status: 0 success, 1 the command ran but found a problem (check failed, nothing
importable), 2 the input or data file could not be read at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from mycrm.core.db.integrity import DatabaseError  # standard library only
from mycrm.explain import print_failure

if TYPE_CHECKING:
    from sqlalchemy import Engine

NOW_ENV = "MYCRM_NOW"


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser("check", help="verify the data file (integrity check)")
    check.set_defaults(handler=run_check)

    imp = subparsers.add_parser(
        "import", help="import customers from a CSV / Excel file (or a mycrm JSON export)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--yes", action="store_true",
                     help="apply without asking: new rows added, duplicates only add missing "
                          "contacts, error rows skipped")
    imp.add_argument("--encoding", help="CSV text encoding (default: detect)")
    imp.add_argument("--month-first", action="store_true",
                     help="read dates like 01/03/2026 as month/day (default: day/month)")
    imp.set_defaults(handler=run_import)

    exp = subparsers.add_parser("export", help="export all data")
    exp.add_argument("--json", type=Path, metavar="FILE", help="one JSON document")
    exp.add_argument("--csv", type=Path, metavar="DIR", help="one CSV file per table")
    exp.add_argument("--ics", type=Path, metavar="FILE", help="calendar file (renewals, to-dos)")
    exp.set_defaults(handler=run_export)

    bak = subparsers.add_parser("backup", help="write a verified backup now")
    bak.add_argument("directory", type=Path, nargs="?", metavar="DIR",
                     help="where to put it (default: the backups folder beside the data file)")
    bak.set_defaults(handler=run_backup)


def run_command(args: argparse.Namespace, data_path: Path) -> int:
    """Run the chosen subcommand. A file or folder out of reach (an export target in a
    folder that does not exist, a full disk) is told in one plain line, exit status 2 —
    never as a traceback."""
    try:
        return int(args.handler(args, data_path))
    except OSError as exc:
        _err(f"{exc.filename or data_path}: {exc.strerror or exc}")
        return 2


def _db() -> ModuleType:
    """The database module, imported on first use so that ``mycrm --help`` and the window's
    start-up do not pay for SQLAlchemy before they need it."""
    from mycrm.core.db import engine as db

    return db


def cli_now() -> datetime:
    """The command line is a composition root: it reads the clock (or ``MYCRM_NOW``)."""
    fake = os.environ.get(NOW_ENV)
    from mycrm.core.common.timeutil import require_aware

    return require_aware(datetime.fromisoformat(fake)) if fake else datetime.now(UTC)


def _err(message: str) -> None:
    print(f"mycrm: {message}", file=sys.stderr)


@contextmanager
def _opened(data_path: Path, *, must_exist: bool = False) -> Iterator[Engine | None]:
    if must_exist and not data_path.exists():
        _err(f"no data file at {data_path}")
        yield None
        return
    try:
        engine = _db().open_database(data_path)
    except (DatabaseError, OSError) as exc:
        print_failure(exc, data_path)
        yield None
        return
    try:
        yield engine
    finally:
        engine.dispose()


def run_check(args: argparse.Namespace, data_path: Path) -> int:
    try:
        engine = _db().open_database(data_path, migrate=False)
    except (DatabaseError, OSError) as exc:
        print(f"NOT OK: {exc}")
        print_failure(exc, data_path)
        return 1
    with engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    engine.dispose()
    print("OK" if result == "ok" else f"NOT OK: {result}")
    return 0 if result == "ok" else 1


# --------------------------------------------------------------------------- import


def run_import(args: argparse.Namespace, data_path: Path) -> int:
    source = Path(args.file)
    if source.suffix.lower() == ".json":
        return _import_json(source, data_path)
    from mycrm.core.data.importer import ImportFileError, apply_import, build_preview, read_table

    try:
        table = read_table(source, encoding=args.encoding)
    except ImportFileError as exc:
        _err(str(exc))
        return 2
    if not table.rows:
        _err(f"{source} has a header but no rows")
        return 2
    with _opened(data_path) as engine:
        if engine is None:
            return 2
        with _db().session_scope(engine) as session:
            preview = build_preview(session, table, day_first=not args.month_first)
        _print_preview(preview)
        if preview.count_importable() == 0:
            _err("no row can be imported")
            return 1
        if not args.yes and not _confirm("Import now? [y/N] "):
            print("Nothing imported.")
            return 0
        with _db().session_scope(engine) as session:
            result = apply_import(session=session, now=cli_now(), preview=preview)
    print(f"Imported: {result.created_customers} new customers, "
          f"{result.added_contacts} contacts added, {len(result.skipped_lines)} rows skipped.")
    return 0


def _confirm(prompt: str) -> bool:
    """Ask on stdin; no stdin (closed, /dev/null, EOF) means no."""
    if sys.stdin is None or sys.stdin.closed:
        return False
    print(prompt, end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    print()
    return answer.strip().casefold() in {"y", "yes", "是", "好"}


def _print_preview(preview) -> None:  # type: ignore[no-untyped-def]
    from mycrm.core.data.importer import RowStatus

    rows = preview.rows
    print(f"{len(rows)} rows: {preview.count(RowStatus.NEW)} new customers, "
          f"{preview.count(RowStatus.DUPLICATE)} already in mycrm, "
          f"{preview.count(RowStatus.SAME_COMPANY)} more people of a company above, "
          f"{preview.count(RowStatus.ERROR)} with errors.")
    for row in rows:
        if row.status is RowStatus.DUPLICATE and row.match is not None:
            print(f"  line {row.line}: {row.parsed.company!r} is already in mycrm as "
                  f"{row.match.name!r} ({row.match.reason.value.replace('_', ' ')}); "
                  "only missing contacts will be added")
    for row in preview.errors():
        reasons = "; ".join(_describe_error(e) for e in row.parsed.errors)
        print(f"  line {row.line}: skipped — {reasons}")


def _describe_error(error) -> str:  # type: ignore[no-untyped-def]
    field = error.field.replace("contact_", "contact ").replace("_", " ")
    value = error.params.get("value")
    text = {
        "required": "is missing",
        "too_long": f"is longer than {error.params.get('max', '')} characters",
        "bad_date": "is not a date",
        "bad_amount": "is not an amount",
        "negative_amount": "is negative",
        "amount_too_large": "is too large",
        "bad_choice": "is not one of the allowed values",
        "bad_email": "is not an e-mail address",
    }.get(error.code.value, error.code.value)
    return f"{field} {text}" + (f" ({value!r})" if value else "")


def _import_json(source: Path, data_path: Path) -> int:
    from mycrm.core.data.exporter import ExportFormatError, ImportTargetNotEmptyError, import_json

    with _opened(data_path) as engine:
        if engine is None:
            return 2
        try:
            with _db().session_scope(engine) as session:
                counts = import_json(session=session, path=source)
        except ExportFormatError as exc:
            _err(str(exc))
            return 2
        except ImportTargetNotEmptyError:
            _err("a mycrm export is only loaded into an empty data file; "
                 "use --data with a new file")
            return 1
    print("Loaded: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


# --------------------------------------------------------------------------- export


def run_export(args: argparse.Namespace, data_path: Path) -> int:
    if not (args.json or args.csv or args.ics):
        _err("say what to export: --json FILE, --csv DIR or --ics FILE")
        return 2
    with _opened(data_path, must_exist=True) as engine:
        if engine is None:
            return 2
        now = cli_now()
        with _db().session_scope(engine) as session:
            if args.json:
                from mycrm.core.data.exporter import export_json

                counts = export_json(session=session, path=args.json, now=now)
                print(f"Wrote {args.json} ({counts['customers']} customers)")
            if args.csv:
                from mycrm.core.data.exporter import export_csv

                written = export_csv(session=session, directory=args.csv)
                print(f"Wrote {len(written)} CSV files into {args.csv}")
            if args.ics:
                try:
                    from mycrm.core.calendar.ics import export_ics
                except ImportError:
                    _err("calendar export is not available in this version")
                    return 2
                export_ics(session=session, path=Path(args.ics), now=now)
                print(f"Wrote {args.ics}")
    return 0


# --------------------------------------------------------------------------- backup


def run_backup(args: argparse.Namespace, data_path: Path) -> int:
    from mycrm.core.db.backup import BackupError, backup_database, prune_backups
    from mycrm.core.db.paths import backup_dir

    directory = Path(args.directory) if args.directory else backup_dir(data_path)
    with _opened(data_path, must_exist=True) as engine:
        if engine is None:
            return 2
        now = cli_now()
        try:
            target = backup_database(engine, directory, reason="manual", now=now)
        except (BackupError, OSError) as exc:
            _err(f"backup failed: {exc}")
            return 1
        prune_backups(directory, now)
    print(f"Backup written and verified: {target}")
    return 0
