"""Starting the GUI: QApplication, the data file, the first-run welcome, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, func
from sqlmodel import select

from mycrm.core import paths
from mycrm.core.db import DatabaseError, open_database, session_scope
from mycrm.core.models import Customer
from mycrm.core.sample import build_sample_portfolio
from mycrm.core.settings import LANGUAGE, WELCOMED, get_setting, set_setting
from mycrm.ui.context import AppContext
from mycrm.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("application", text)


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("mycrm")
    app.setApplicationDisplayName("mycrm")
    app.setOrganizationName("mycrm")
    app.setDesktopFileName("mycrm")
    icon_path = Path(__file__).resolve().parent.parent / "resources" / "icons" / "mycrm.svg"
    if icon_path.exists():
        app.setWindowIcon(QIcon(str(icon_path)))
    return app


def install_translations(app: QApplication, language: str) -> None:
    """Load our catalogue and Qt's own for ``language`` ("" = the system locale)."""
    from mycrm.ui.i18n import install

    install(app, language)


class GuiSession:
    """The open data file and its window; can switch between the user's data and the sample."""

    def __init__(self, app: QApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None

    def open(self, data_path: Path, demo: bool) -> bool:
        engine = open_or_explain(data_path)
        if engine is None:
            return False
        if demo:
            fill_sample_if_empty(engine)
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
        if self.ctx is not None:
            self.ctx.engine.dispose()
        self.ctx = AppContext(engine, data_path, demo=demo)
        self.window = MainWindow(self.ctx)
        self.window.switch_data.connect(self.switch)
        return True

    def switch(self, demo: bool) -> None:
        target = paths.demo_data_file() if demo else paths.default_data_file()
        if self.open(target, demo) and self.window is not None:
            self.window.show()


def open_or_explain(data_path: Path) -> Engine | None:
    try:
        return open_database(data_path)
    except DatabaseError as exc:
        log.error("cannot open %s: %s", data_path, exc)
        QMessageBox.critical(None, _t("Cannot open the data file"), _t(
            "mycrm cannot open your data file, and has not changed it.\n\n%1\n\n"
            "Your file stays where it is. Restore a backup or open another file with "
            "mycrm --data PATH.").replace("%1", str(exc)))
        return None


def fill_sample_if_empty(engine: Engine) -> None:
    from mycrm.ui.context import _default_clock

    with session_scope(engine) as session:
        if session.exec(select(func.count()).select_from(Customer)).one() == 0:
            build_sample_portfolio(session, now=_default_clock()())


def wants_welcome(engine: Engine) -> bool:
    with session_scope(engine) as session:
        if get_setting(session, WELCOMED):
            return False
        empty = session.exec(select(func.count()).select_from(Customer)).one() == 0
        set_setting(session, WELCOMED, True)
        return bool(empty)


def stored_language(engine: Engine) -> str:
    with session_scope(engine) as session:
        return get_setting(session, LANGUAGE)


def run_gui(args: argparse.Namespace, data_path: Path) -> int:
    from mycrm.app import excepthook

    app = create_application()
    sys.excepthook = excepthook
    session = GuiSession(app, args)
    engine_probe = open_or_explain(data_path)
    if engine_probe is None:
        return 2
    install_translations(app, stored_language(engine_probe))
    demo = bool(args.demo)
    if not demo and not args.screenshot and not args.data and wants_welcome(engine_probe):
        from mycrm.ui.welcome import WelcomeDialog

        if WelcomeDialog().exec() == WelcomeDialog.EXPLORE_SAMPLE:
            data_path, demo = paths.demo_data_file(), True
    engine_probe.dispose()
    if not session.open(data_path, demo):
        return 2
    window = session.window
    assert window is not None
    if args.screenshot:
        return screenshot(window, args)
    window.show()
    return app.exec()


def screenshot(window: MainWindow, args: argparse.Namespace) -> int:
    page = args.page
    if page == "customer":
        opened = window.open_customer_by_name(args.customer)
        if not opened:
            print(f"mycrm: no customer matches {args.customer!r}", file=sys.stderr)
            return 2
    ok = window.save_screenshot(Path(args.screenshot), page)
    if not ok:
        print(f"mycrm: could not write {args.screenshot}", file=sys.stderr)
        return 1
    return 0

