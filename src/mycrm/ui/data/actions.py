"""The Data menu's actions. Each takes the main window (``window.ctx`` is the AppContext)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mycrm.ui.common.i18n import translator
from mycrm.ui.common.plain import literal_text
from mycrm.ui.common.wait import busy

_t = translator("data_actions")


def import_file(window: QWidget) -> QWidget | None:
    from mycrm.ui.data.import_dialog import ImportDialog

    path, _filter = QFileDialog.getOpenFileName(
        window, _t("Import customers"), str(Path.home()),
        _t("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"))
    if not path:
        return None
    dialog = ImportDialog(window.ctx, Path(path), parent=window)  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def export_data(window: QWidget) -> Path | None:
    from mycrm.core.data.exporter import export_csv, export_json

    ctx = window.ctx  # type: ignore[attr-defined]
    path, chosen = QFileDialog.getSaveFileName(
        window, _t("Export all data"), str(Path.home() / "mycrm-export.json"),
        _t("JSON document (*.json);;CSV files, one per table (*.csv)"))
    if not path:
        return None
    target = Path(path)
    try:
        with busy():
            if "csv" in chosen.lower() or target.suffix.lower() == ".csv":
                folder = target.with_suffix("")
                ctx.read(lambda session: export_csv(session=session, directory=folder))
                target = folder
            else:
                ctx.read(lambda session: export_json(session=session, path=target,
                                                     now=ctx.now()))
    except OSError as exc:
        QMessageBox.warning(window, _t("Export failed"), literal_text(_t(
            "The export could not be written.\n\n%1").replace("%1", str(exc))))
        return None
    QMessageBox.information(window, _t("Export finished"),
                            literal_text(_t("Your data was exported to %1.").replace(
                                "%1", str(target))))
    return target


def show_backups(window: QWidget) -> QWidget:
    from mycrm.ui.data.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.ctx, parent=window)  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def check_database(window: QWidget) -> bool:
    ctx = window.ctx  # type: ignore[attr-defined]
    with busy(), ctx.engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    if result == "ok":
        QMessageBox.information(window, _t("Check database"),
                                _t("Your data file is healthy."))
        return True
    QMessageBox.warning(window, _t("Check database"), _t(
        "Your data file has problems:\n\n%1\n\nRestore a recent backup from Data → Backups."
    ).replace("%1", str(result)))
    return False
