"""The heavy modules — spreadsheets, calendars, Word, the reports, import and export, QtCharts
— are not loaded to paint the window or to show its pages, only when the user asks for what
needs them; and then they work.

The real app starts in a child process (``mycrm.app.main`` on a small data file, offscreen):
its ``QApplication.exec`` is replaced by a script that waits for the main window's first
paint, notes which heavy modules are loaded, visits every page, and then uses the actions
— Data ▸ Export, the calendar export, an Excel import's preview, a work report saved as a
Word file — and reports what each produced, as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
from sqlmodel import Session

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import open_database
from mycrm.core.records.services import InteractionInput, log_interaction

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
HEAVY = ("openpyxl", "icalendar", "docx", "segno", "PySide6.QtCharts",
         "mycrm.core.reports.qbr", "mycrm.core.reports.work", "mycrm.ui.reports.dialog",
         "mycrm.ui.reports.pdf", "mycrm.ui.reports.docx", "mycrm.core.data.importer",
         "mycrm.core.data.exporter", "mycrm.core.data.workbook",
         "mycrm.ui.data.import_dialog")

CHILD = textwrap.dedent("""
    import faulthandler, json, sys, time
    faulthandler.dump_traceback_later(180, exit=True)  # a modal left open: say where
    from pathlib import Path
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

    HEAVY = {heavy!r}
    DATA, WORK = Path({data!r}), Path({work!r})
    out = {{}}

    def loaded():
        return sorted(name for name in HEAVY if name in sys.modules)

    def settle():
        for _ in range(3):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def session(_app=None):
        deadline = time.monotonic() + 60
        window = None
        while window is None and time.monotonic() < deadline:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            shown = [w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMainWindow) and w.isVisible()]
            window = shown[0] if shown else None
        window.repaint()  # the first paint, now
        out["painted"] = loaded()
        from mycrm.ui.app.pages import PAGE_KEYS
        for key in PAGE_KEYS:
            window.show_page(key)
            settle()
        out["toured"] = loaded()

        QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
        QFileDialog.getSaveFileName = staticmethod(
            lambda *a, **k: (str(WORK / "export.json"), "JSON document (*.json)"))
        from mycrm.ui.data.actions import export_data, import_file
        export_data(window)
        out["export"] = json.loads((WORK / "export.json").read_text("utf-8")) is not None

        from mycrm.ui.calendar.actions import export_ics
        export_ics(window, path=WORK / "calendar.ics", keep_updated=False)
        out["ics"] = (WORK / "calendar.ics").read_text("utf-8").startswith("BEGIN:VCALENDAR")

        QFileDialog.getOpenFileName = staticmethod(
            lambda *a, **k: (str(WORK / "customers.xlsx"), ""))
        dialog = import_file(window)
        out["import_rows"] = len(dialog.table.rows)
        dialog.reject()

        from mycrm.ui.app.actions import Action, run_action
        from mycrm.ui.reports.files import ReportFormat
        report = run_action(window, Action.WORK_REPORT)
        written = report.save(ReportFormat.DOCX, WORK / "work.docx")
        out["docx"] = written is not None and written.read_bytes()[:2] == b"PK"
        report.close()
        out["used"] = loaded()
        print("RESULT " + json.dumps(out), flush=True)
        return 0

    QApplication.exec = session
    from mycrm.app import main
    sys.exit(main(["--data", str(DATA)]))
""")


def make_data_file(path: Path) -> None:
    engine = open_database(path)
    try:
        with Session(engine) as session:
            for i in range(3):
                customer = create_customer(session=session, now=NOW, data=CustomerInput(
                    name=f"Acme {i}", renewal_date=NOW.date() + timedelta(days=30 * i)))
                assert customer.id is not None
                log_interaction(session=session, now=NOW, data=InteractionInput(
                    customer_id=customer.id, kind="visit",
                    occurred_at=NOW - timedelta(days=2), discussion="Renewal scope"))
            session.commit()
    finally:
        engine.dispose()


def make_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Company", "Contact", "Phone"])
    sheet.append(["Northwind Traders", "Anna", "138 0000 0000"])
    sheet.append(["云帆信息科技", "王伟", "139 0000 0000"])
    book.save(path)


def test_heavy_modules_load_only_when_used(tmp_path: Path) -> None:
    data, work = tmp_path / "data.sqlite", tmp_path / "work"
    work.mkdir()
    make_data_file(data)
    make_workbook(work / "customers.xlsx")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1",
           "MYCRM_NOW": NOW.isoformat(), "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
           "XDG_STATE_HOME": str(tmp_path / "xdg-state")}
    script = CHILD.format(heavy=HEAVY, data=str(data), work=str(work))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=240)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"exit {done.returncode}: {done.stderr[-3000:]}"
    result = json.loads(lines[-1].removeprefix("RESULT "))
    assert result["painted"] == [], "loaded for the first paint"
    assert result["toured"] == [], "loaded to show the pages"
    assert result["export"] and result["ics"] and result["docx"]
    assert result["import_rows"] == 2
    assert {"openpyxl", "icalendar", "docx", "mycrm.core.data.exporter",
            "mycrm.core.data.workbook", "mycrm.ui.reports.docx",
            "mycrm.core.reports.work"} <= set(result["used"])
    assert "PySide6.QtCharts" not in result["used"]  # Home's chart is painted
