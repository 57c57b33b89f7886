"""Command-line subcommands (``mycrm [--data PATH | --demo] COMMAND``) for scripts and
scheduled jobs. They run without a window and print plain text.

Exit status: 0 success, 1 the command ran but found a problem (check failed, nothing
importable), 2 the input or data file could not be read at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from mycrm.core.db.integrity import DatabaseError  # standard library only

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from mycrm.core.reports.periods import Period
    from mycrm.core.reports.qbr import QbrReport
    from mycrm.core.reports.work import WorkReport
    from mycrm.ui.reports.blocks import Document

NOW_ENV = "MYCRM_NOW"
FIELD_CHOICES = ("name", "contact", "first_name", "last_name", "title", "phone", "phone2",
                 "email", "wechat", "renewal_date", "amount", "tier", "state", "industry",
                 "address", "city", "country", "website", "notes", "tags", "ignore")


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
    imp.add_argument("--map", metavar="COLUMN=FIELD,...",
                     help='change the guessed mapping, e.g. --map "Company=name,Phone 1=phone,'
                          'Index=ignore" (a column by its header or its number; fields: '
                          + ", ".join(FIELD_CHOICES) + ")")
    imp.add_argument("--sheet", metavar="NAME",
                     help="the workbook sheet to read (default: the first visible one)")
    imp.add_argument("--header-row", type=int, metavar="N",
                     help="the row that holds the column names (default: detected)")
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

    add_report_subcommand(subparsers)


def run_command(args: argparse.Namespace, data_path: Path) -> int:
    """Run the chosen subcommand. A file or folder out of reach (an export target in a
    folder that does not exist, a full disk) is told in one plain line, exit status 2 —
    never as a traceback."""
    from mycrm.core.settings.user_prefs import saved_language
    from mycrm.import_words import use_language

    # Without --language, the language the user chose in the window's settings.
    language = getattr(args, "language", None)
    use_language(saved_language() if language is None else language)
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


def print_failure(problem: DatabaseError | OSError, data_path: Path) -> None:
    """``explain.print_failure``, imported when a command fails: it loads QtCore, which
    the window's start (which reads this module for its parser) must not load so early."""
    from mycrm.explain import print_failure as explain_failure

    explain_failure(problem, data_path)


@contextmanager
def _opened(data_path: Path, *, must_exist: bool = False) -> Iterator[Engine | None]:
    from mycrm.core.db.data_path import data_path_problem

    problem = data_path_problem(data_path)  # a folder, a read-only file: said first
    if problem is not None:
        print_failure(problem, data_path)
        yield None
        return
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


def _c(text: str) -> str:
    """The command line's own sentences, in the ``--language`` chosen."""
    from mycrm.import_words import tr

    return tr(text, "cli")


def run_import(args: argparse.Namespace, data_path: Path) -> int:
    """Preview an import (every format), then apply it on ``--yes`` or a "y" on stdin."""
    source = Path(args.file)
    if source.suffix.lower() == ".json":
        return _import_json(source, data_path, yes=args.yes)
    from mycrm.core.data.importer import ImportFileError, read_table
    from mycrm.import_words import file_error_text

    try:
        table = read_table(source, encoding=args.encoding, sheet=args.sheet,
                           header_row=args.header_row)
    except ImportFileError as exc:
        _err(file_error_text(exc.code, exc.params, str(exc)))
        return 2
    if not table.rows:
        _err(_c("%1 has a header but no rows").replace("%1", str(source)))
        return 2
    with _opened(data_path) as engine:
        if engine is None:
            return 2
        with _db().session_scope(engine) as session:
            preview = _preview(session, table, args)
        if preview is None:
            return 2
        _print_preview(preview)
        if preview.count_importable() == 0:
            _err(_c("no row can be imported"))
            return 1
        if not args.yes and not _confirm(_c("Import now? [y/N] ")):
            print(_c("Nothing imported."))
            return 0
        from mycrm.core.data.importer import apply_import

        with _db().session_scope(engine) as session:
            result = apply_import(session=session, now=cli_now(), preview=preview,
                                  progress=_progress_line(len(preview.rows)))
    print(_c("Imported: %1 new customers, %2 contacts added, %3 rows skipped.")
          .replace("%1", str(result.created_customers))
          .replace("%2", str(result.added_contacts))
          .replace("%3", str(len(result.skipped_lines))))
    return 0


LONG_IMPORT_ROWS = 2_000  # more rows than this take long enough to say how far along it is


def _progress_line(total: int) -> Callable[[int, int], None] | None:
    """A progress report on stderr for a long import (or any import on a terminal): one line
    rewritten in place on a terminal, else a line per tenth (a log stays short)."""
    tty = sys.stderr is not None and sys.stderr.isatty()
    if not tty and total <= LONG_IMPORT_ROWS:
        return None
    shown: list[int] = []

    def report(done: int, all_rows: int) -> None:
        percent = 100 * done // all_rows if all_rows else 100
        if not tty and shown and percent < shown[-1] + 10 and done < all_rows:
            return
        shown.append(percent)
        line = (_c("Importing: %1 of %2 rows (%3 %)").replace("%1", str(done))
                .replace("%2", str(all_rows)).replace("%3", str(percent)))
        end = "\n" if not tty or done >= all_rows else ""
        print(("\r" if tty else "") + line, end=end, file=sys.stderr, flush=True)

    return report


def _preview(session, table, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The preview with the proposed mapping and ``--map`` on top; None (said why) when
    ``--map`` names no column or field."""
    from mycrm.core.data.columns import MappingSpecError, apply_overrides, parse_mapping_spec
    from mycrm.core.data.importer import build_preview, propose_mapping

    mapping, remembered = propose_mapping(session, table)
    if args.map:
        try:
            mapping = apply_overrides(mapping, parse_mapping_spec(args.map, table.headers))
        except MappingSpecError as exc:
            _err({"unknown_column": _c("--map: the file has no column “%1”"),
                  "unknown_field": _c("--map: “%1” is not a field (fields: %2)"),
                  }.get(exc.code, _c("--map: “%1” is not COLUMN=FIELD"))
                 .replace("%1", exc.value).replace("%2", ", ".join(FIELD_CHOICES)))
            return None
        remembered = False
    preview = build_preview(session, table, mapping, day_first=not args.month_first)
    preview.remembered = remembered
    return preview


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

    _print_source(preview)
    _print_columns(preview)
    rows = preview.rows
    print(_c("%1 rows: %2 new customers, %3 already in mycrm, %4 more people of a company "
             "above, %5 with errors.")
          .replace("%1", str(len(rows))).replace("%2", str(preview.count(RowStatus.NEW)))
          .replace("%3", str(preview.count(RowStatus.DUPLICATE)))
          .replace("%4", str(preview.count(RowStatus.SAME_COMPANY)))
          .replace("%5", str(preview.count(RowStatus.ERROR))))
    for row in rows:
        for line in _row_lines(preview, row):
            print("  " + line)


def _print_source(preview) -> None:  # type: ignore[no-untyped-def]
    table = preview.table
    if table is None:
        return
    if table.sheet:
        print(_c("Sheet “%1”, column names on row %2.").replace("%1", table.sheet)
              .replace("%2", str(table.header_line)))
        if table.skipped_sheets:
            print(_c("Hidden sheets not read: %1 (choose one with --sheet).")
                  .replace("%1", ", ".join(table.skipped_sheets)))
    elif table.header_line != 1:
        print(_c("Column names on row %1.").replace("%1", str(table.header_line)))


def _print_columns(preview) -> None:  # type: ignore[no-untyped-def]
    from mycrm.core.data.columns import Destination
    from mycrm.import_words import field_labels

    labels = field_labels()
    print(_c("Columns (the mapping used last time for these headers):") if preview.remembered
          else _c("Columns (guessed):"))
    for plan in preview.plan:
        target = {
            Destination.FIELD: labels.get(plan.field or "", ""),
            Destination.NOTES: _c("kept in the notes as “%1: value”").replace(
                "%1", plan.header),
            Destination.IGNORED: _c("not imported"),
            Destination.EMPTY: _c("not imported (empty)"),
        }[plan.destination]
        print(f"  {plan.header or '#' + str(plan.index + 1)} → {target}")
    ignored = [p.header for p in preview.plan if p.destination in (
        Destination.IGNORED, Destination.EMPTY)]
    if ignored:
        print(_c("Not imported: %1").replace("%1", ", ".join(ignored)))
    print(_c('Change it with --map "COLUMN=FIELD,...".'))


def _row_lines(preview, row) -> list[str]:  # type: ignore[no-untyped-def]
    from mycrm.core.data.importer import RowStatus
    from mycrm.import_words import error_text, warning_text, where

    sheet = preview.table.sheet if preview.table is not None else ""
    at = where(row.line, sheet)
    lines = []
    if row.status is RowStatus.DUPLICATE and row.match is not None:
        lines.append(_c("%1: “%2” is already in mycrm as “%3”; only missing contacts will be "
                        "added").replace("%1", at).replace("%2", row.parsed.company)
                     .replace("%3", row.match.name))
    if row.status is RowStatus.SAME_COMPANY and row.similar and row.group_first is not None:
        first = preview.rows[row.group_first]
        lines.append(_c("%1: “%2” looks like “%3” (%4); its contact is added there")
                     .replace("%1", at).replace("%2", row.parsed.company)
                     .replace("%3", first.parsed.company)
                     .replace("%4", where(first.line, sheet)))
    if row.status is RowStatus.ERROR:
        lines.append(_c("%1: skipped — %2").replace("%1", at).replace(
            "%2", "; ".join(error_text(e) for e in row.parsed.errors)))
    else:
        lines.extend(f"{at}: {warning_text(w)}" for w in row.parsed.warnings)
    return lines


def _import_json(source: Path, data_path: Path, *, yes: bool) -> int:
    """A mycrm export: say what it holds, then load it on ``--yes`` or a "y"."""
    from mycrm.core.data.exporter import (
        ExportFormatError,
        document_counts,
        load_document,
        read_export,
        target_is_empty,
    )

    try:
        document = read_export(source)
    except ExportFormatError as exc:
        _err(str(exc))
        return 2
    counts = document_counts(document)
    print(_c("A mycrm export: %1.").replace(
        "%1", ", ".join(f"{n} {k}" for k, n in counts.items())))
    with _opened(data_path) as engine:
        if engine is None:
            return 2
        with _db().session_scope(engine) as session:
            empty = target_is_empty(session)
        if not empty:
            _err(_c("a mycrm export is only loaded into an empty data file; "
                    "use --data with a new file"))
            return 1
        if not yes and not _confirm(_c("Load it now? [y/N] ")):
            print(_c("Nothing imported."))
            return 0
        try:
            with _db().session_scope(engine) as session:
                counts = load_document(session=session, document=document)
        except ExportFormatError as exc:
            _err(str(exc))
            return 2
    print(_c("Loaded: %1").replace("%1", ", ".join(f"{n} {k}" for k, n in counts.items())))
    return 0


# --------------------------------------------------------------------------- export


def run_export(args: argparse.Namespace, data_path: Path) -> int:
    if not (args.json or args.csv or args.ics):
        _err("say what to export: --json FILE, --csv DIR or --ics FILE")
        return 2
    # A fresh --demo profile has no file yet: the sample is made, as the window would.
    with _opened(data_path, must_exist=not args.demo) as engine:
        if engine is None:
            return 2
        now = cli_now()
        if args.demo:
            from mycrm.core.common.timeutil import local_zone_name
            from mycrm.core.data.sample import fill_sample_if_empty

            with _db().session_scope(engine) as session:
                fill_sample_if_empty(session, now=now, zone=local_zone_name())
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


# --------------------------------------------------------------------------- report


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _c("“%1” is not a date such as 2026-09-01").replace("%1", text)) from None


def _report_outputs(parser: argparse.ArgumentParser) -> None:
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", type=Path, metavar="FILE", help="an A4 PDF")
    out.add_argument("--docx", type=Path, metavar="FILE", help="a Word document")
    out.add_argument("--markdown", type=Path, metavar="FILE", help="Markdown text")


def add_report_subcommand(subparsers: argparse._SubParsersAction) -> None:
    rep = subparsers.add_parser("report", help="write a QBR report or a work report")
    kinds = rep.add_subparsers(dest="report", metavar="KIND", required=True)
    qbr = kinds.add_parser("qbr", help="the QBR report of one customer")
    qbr.add_argument("--customer", dest="report_customer", required=True, metavar="NAME",
                     help="the customer (its name, or enough of it to find only one)")
    qbr.add_argument("--from", dest="first", type=_day, metavar="DATE",
                     help="first day, e.g. 2026-09-01 (default: the last QBR's day, or 3 "
                          "months ago)")
    qbr.add_argument("--to", dest="last", type=_day, metavar="DATE",
                     help="last day (default: today)")
    _report_outputs(qbr)
    qbr.set_defaults(handler=run_report_qbr)
    work = kinds.add_parser("work", help="the work report of a week, a month or chosen days")
    work.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W48 "
                      "(default: this week)")
    work.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-11")
    work.add_argument("--from", dest="first", type=_day, metavar="DATE", help="first day")
    work.add_argument("--to", dest="last", type=_day, metavar="DATE", help="last day")
    _report_outputs(work)
    work.set_defaults(handler=run_report_work)


def _report_target(args: argparse.Namespace) -> tuple[Path, str]:
    """The file asked for and its format (``ui.reports.files.ReportFormat`` value)."""
    for option, fmt in (("pdf", "pdf"), ("docx", "docx"), ("markdown", "md")):
        if getattr(args, option):
            return Path(getattr(args, option)), fmt
    raise AssertionError("argparse requires one output")


@contextmanager
def _report_language(language: str) -> Iterator[None]:
    """The PDF and Word renderers lay text out with Qt: a ``QGuiApplication`` (offscreen
    without a display) with the translators for ``language``; both put back after."""
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtGui import QGuiApplication

    from mycrm.ui.common import i18n

    if QCoreApplication.instance() is None:
        if sys.platform.startswith("linux") and not (
                os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["mycrm"])
    app = QCoreApplication.instance()
    assert app is not None
    previous = QLocale()
    i18n.install(app, language)  # type: ignore[arg-type]  # any QCoreApplication will do
    try:
        yield
    finally:
        i18n.uninstall(app)  # type: ignore[arg-type]
        QLocale.setDefault(previous)


def _write_report(args: argparse.Namespace, session: Session,
                  word: Callable[[], Document]) -> int:
    """Word the report (``word()``) in the user's language and write it whole; a file out
    of reach is said in one line, exit status 2."""
    from mycrm.core.settings.keys import LANGUAGE
    from mycrm.core.settings.store import get_setting
    from mycrm.core.settings.user_prefs import user_language

    path, fmt = _report_target(args)
    language = args.language or user_language(get_setting(session, LANGUAGE))
    with _report_language(language):
        from mycrm.ui.reports.files import ReportFormat, save_report

        try:
            save_report(word(), path, ReportFormat(fmt))
        except OSError as exc:
            _err(f"{path}: {exc.strerror or exc}")
            return 2
    print(_c("Wrote %1").replace("%1", str(path)))
    return 0


CANDIDATE_LIMIT = 10  # candidates listed when a name matches several customers


def _find_customer(session: Session, name: str) -> int | None:
    """The customer ``name`` names: the one exact name, else the only match of the search
    the window's command palette uses; None (said why, with the candidates) otherwise."""
    from mycrm.core.search import find_customers

    found = find_customers(session, name, limit=CANDIDATE_LIMIT + 1)
    exact = [c for c in found if c.name.casefold() == name.strip().casefold()]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].id
    if not found:
        _err(_c("no customer matches “%1”").replace("%1", name))
        return None
    _err(_c("“%1” matches several customers; give more of the name:").replace("%1", name))
    for match in found[:CANDIDATE_LIMIT]:
        print(f"  {match.name}", file=sys.stderr)
    if len(found) > CANDIDATE_LIMIT:
        print("  …", file=sys.stderr)
    return None


def run_report_qbr(args: argparse.Namespace, data_path: Path) -> int:
    from mycrm.core.common.timeutil import local_zone_name
    from mycrm.core.reports.periods import date_range
    from mycrm.core.reports.qbr import build_qbr_report, default_qbr_period

    with _opened(data_path, must_exist=True) as engine:
        if engine is None:
            return 2
        now, zone = cli_now(), local_zone_name()
        with _db().session_scope(engine) as session:
            customer_id = _find_customer(session, args.report_customer)
            if customer_id is None:
                return 2
            period = default_qbr_period(session, customer_id=customer_id, now=now, zone=zone)
            if args.first or args.last:
                first, last = args.first or period.first, args.last or period.last
                if last < first:
                    _err(_c("--to is before --from"))
                    return 2
                period = date_range(first, last)
            report = build_qbr_report(session, customer_id=customer_id, now=now, zone=zone,
                                      period=period)
            return _write_report(args, session, lambda: _qbr_words(report))


def _qbr_words(report: QbrReport) -> Document:
    from mycrm.ui.reports.qbr_text import qbr_document

    return qbr_document(report)


def _work_words(report: WorkReport) -> Document:
    from mycrm.ui.reports.work_text import work_document

    return work_document(report)


def _work_period(args: argparse.Namespace, today: date) -> Period | None:
    """The period the options name (default: this week); None (said why) when they are
    not a week, a month or two dates in order, or name more than one."""
    from mycrm.core.reports.periods import date_range, parse_month, parse_week, week_of

    chosen = [bool(args.week), bool(args.month), bool(args.first or args.last)]
    if sum(chosen) > 1:
        _err(_c("give one of --week, --month or --from/--to"))
        return None
    try:
        if args.week:
            return parse_week(args.week)
        if args.month:
            return parse_month(args.month)
    except ValueError:
        _err(_c("“%1” is not a week such as 2026-W48 or a month such as 2026-11").replace(
            "%1", args.week or args.month))
        return None
    if args.first or args.last:
        if not (args.first and args.last):
            _err(_c("give both --from and --to"))
            return None
        if args.last < args.first:
            _err(_c("--to is before --from"))
            return None
        return date_range(args.first, args.last)
    return week_of(today)


def run_report_work(args: argparse.Namespace, data_path: Path) -> int:
    from mycrm.core.common.timeutil import local_today, local_zone_name
    from mycrm.core.reports.work import build_work_report

    now, zone = cli_now(), local_zone_name()
    period = _work_period(args, local_today(now, zone))
    if period is None:
        return 2
    with _opened(data_path, must_exist=True) as engine:
        if engine is None:
            return 2
        with _db().session_scope(engine) as session:
            report = build_work_report(session, period=period, now=now, zone=zone)
            return _write_report(args, session, lambda: _work_words(report))
