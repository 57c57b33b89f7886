"""Composition root: command line, QApplication, translations, database, main window."""

from __future__ import annotations

import argparse
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from mycrm import __version__
from mycrm.core.db import paths

log = logging.getLogger("mycrm")

PAGES_FOR_SCREENSHOT = ("home", "board", "calendar", "customers", "todos", "needs", "customer")


def build_parser() -> argparse.ArgumentParser:
    from mycrm.cli import add_subcommands

    parser = argparse.ArgumentParser(
        prog="mycrm",
        description="mycrm — a private desktop CRM for renewals and after-sales service. "
        "With no command, the window opens on your data file.",
    )
    parser.add_argument("--version", action="version", version=f"mycrm {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, metavar="PATH",
                       help=f"use this data file (default: {paths.default_data_file()})")
    where.add_argument("--demo", action="store_true",
                       help="open the sample portfolio (its own file; never your data)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE",
                        help="render the main window at 1280x800 into a PNG and exit")
    parser.add_argument("--page", choices=PAGES_FOR_SCREENSHOT, default="board",
                        help="page to show for --screenshot (default: board)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="system",
                        help="colour scheme (default: follow the system)")
    parser.add_argument("--language", choices=("zh_CN", "en"),
                        help="user interface language for this run (default: the setting, "
                        "else the system locale)")
    parser.add_argument("--customer", metavar="NAME",
                        help="customer to show with --page customer (default: first on board)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_subcommands(subparsers)
    return parser


def data_path_for(args: argparse.Namespace) -> Path:
    if args.data:
        return Path(args.data).expanduser().resolve()
    return paths.demo_data_file() if args.demo else paths.default_data_file()


PRIVATE_UMASK = 0o077  # every file mycrm creates is 0600, every folder 0700


def setup_logging(data_path: Path) -> None:
    """The log file beside the data file (0600). A path start-up will refuse gets none —
    nothing is created beside it — and a folder out of reach is not fatal here: opening the
    data file then fails too, and start-up explains either in plain words."""
    from mycrm.core.db.data_path import data_path_problem

    if data_path_problem(data_path) is not None:
        return
    try:
        data_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        log_file = data_path.parent / "mycrm.log"
        os.close(os.open(log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        handler = RotatingFileHandler(log_file, maxBytes=1_000_000,
                                      backupCount=2, encoding="utf-8")
    except OSError as exc:
        log.warning("cannot write the log file beside %s: %s", data_path, exc)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.umask(PRIVATE_UMASK)
    data_path = data_path_for(args)
    if args.command:
        from mycrm.cli import run_command

        return run_command(args, data_path)
    from mycrm.core.db.data_path import data_path_problem
    from mycrm.core.db.integrity import prefetch_integrity_check

    if data_path_problem(data_path) is None:  # a refused path is not even read
        prefetch_integrity_check(data_path)  # runs while Qt and the window load
    setup_logging(data_path)
    # The queries the first window runs are imported before Qt: PySide6 inspects the
    # source of every module imported after it (its __feature__ hook). They are plain SQL:
    # SQLAlchemy and SQLModel are imported after the window's first paint (ui.application).
    import mycrm.core.home.dashboard  # noqa: F401
    import mycrm.core.home.progress  # noqa: F401
    from mycrm.ui.app.application import run_gui

    return run_gui(args, data_path)
