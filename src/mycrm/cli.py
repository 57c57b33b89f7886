"""Command-line subcommands (``mycrm [--data PATH | --demo] COMMAND``) for scripts and
scheduled jobs. They run without a window and print plain text."""

from __future__ import annotations

import argparse
from pathlib import Path

from mycrm.core.db import DatabaseError, open_database


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = subparsers.add_parser("check", help="verify the data file (integrity check)")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace, data_path: Path) -> int:
    try:
        engine = open_database(data_path, migrate=False)
    except DatabaseError as exc:
        print(f"NOT OK: {exc}")
        return 1
    with engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    engine.dispose()
    print("OK" if result == "ok" else f"NOT OK: {result}")
    return 0 if result == "ok" else 1
