"""Import dialog, Backups dialog, backup scheduler and recovery on a real context."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from sqlmodel import col, select

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.data.importer import Field
from mycrm.core.db.models import Contact, Customer
from mycrm.core.db.paths import backup_dir
from mycrm.ui.common.fmt import format_date, format_money
from mycrm.ui.data.backup_scheduler import install_backup_scheduler
from mycrm.ui.data.backups_dialog import BackupsDialog
from mycrm.ui.data.import_dialog import ImportDialog


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name,
                            staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))


def names(ctx) -> list[str]:
    return ctx.read(lambda session: [c.name for c in session.exec(
        select(Customer).order_by(col(Customer.id)))])


def test_import_dialog_preview_and_apply(ctx, qtbot, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_bytes("客户名称,联系人,到期日期,金额,传真\n甲,张三,01/03/2026,1.2万,\n甲,李四,,,\n"
                      "乙,王五,2026-02-30,,\n,赵六,,,\n".encode("gb18030"))
    dialog = ImportDialog(ctx, sheet)
    qtbot.addWidget(dialog)
    ModelTester(qtbot).check(dialog.preview_model)
    ModelTester(qtbot).check(dialog.mapping_model)
    model = dialog.preview_model
    statuses = [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(4)]
    assert statuses == ["new", "same_company", "new", "error"]
    # Parsed values, not raw text: the date read day-first, the amount in yuan.
    assert model.index(0, 4).data() == format_date(date(2026, 3, 1))
    assert model.index(0, 5).data() == format_money(1_200_000)
    assert model.index(2, 4).data() == ""
    assert "Renewal date “2026-02-30” is not understood" in model.index(2, 6).data()
    assert "Company is missing" in model.index(3, 6).data()
    assert dialog.mapping_model.mapping[2] is Field.RENEWAL_DATE
    assert "Not imported: 传真" in dialog.columns_note.text()
    # Ignore the date column: the warning goes.
    dialog.mapping_model.setData(dialog.mapping_model.index(2, 2), "ignore")
    assert model.index(2, 6).data() == ""
    assert "Not imported: 到期日期, 传真" in dialog.columns_note.text()
    changed = []
    ctx.changed.connect(lambda: changed.append(1))
    with qtbot.waitSignal(dialog.import_ended, timeout=20_000):
        assert dialog.apply()
    assert names(ctx) == ["甲", "乙"] and changed
    contacts = ctx.read(lambda s: sorted(c.name for c in s.exec(select(Contact))))
    assert contacts == ["张三", "李四", "王五"]
    again = ImportDialog(ctx, sheet)  # the same headers: last time's mapping
    qtbot.addWidget(again)
    assert again.mapping_model.mapping[2] is Field.IGNORE
    assert "last import" in again.message.text()


def test_import_dialog_sheet_and_header_row(ctx, qtbot, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "draft"
    ws.append(["Company"])
    ws.append(["Draft Corp"])
    ws.sheet_state = "hidden"
    ws = wb.create_sheet("Accounts")
    ws.append(["Accounts 2026"])
    ws.merge_cells("A1:B1")
    ws.append(["Company", "Contact"])
    ws.append(["Acme", "Ann"])
    path = tmp_path / "b.xlsx"
    wb.save(path)
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    assert dialog.sheet.currentData() == "Accounts"
    assert [dialog.sheet.itemText(i) for i in range(2)] == ["draft (hidden)", "Accounts"]
    assert dialog.table is not None and dialog.table.header_line == 2
    assert dialog.preview_model.index(0, 2).data() == "Acme"
    dialog.header_row.setValue(3)
    dialog.load()
    assert dialog.table is not None and dialog.table.headers == ["Acme", "Ann"]
    dialog.header_row.setValue(0)
    dialog.sheet.setCurrentIndex(0)
    assert dialog.preview_model.index(0, 2).data() == "Draft Corp"


def test_backups_dialog_backup_and_restore(ctx, qtbot) -> None:
    ctx.run(create_customer, data=CustomerInput(name="Alpha"))
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    ModelTester(qtbot).check(dialog.model)
    assert dialog.model.rowCount() == 0 and not dialog.empty.isHidden()
    assert dialog.back_up_now() is not None
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 3).data() == "1"
    ctx.run(create_customer, data=CustomerInput(name="Beta"))
    old_engine = ctx.engine
    assert dialog.restore_selected(confirm=False)
    assert ctx.engine is not old_engine
    assert names(ctx) == ["Alpha"]
    reasons = sorted(p.name.rsplit("-", 1)[-1] for p in backup_dir(ctx.data_path).iterdir())
    assert reasons == ["manual.sqlite", "restore.sqlite"]
    ctx.run(create_customer, data=CustomerInput(name="Gamma"))  # the reopened file works
    assert names(ctx) == ["Alpha", "Gamma"]


def test_scheduler_backs_up_only_after_changes(ctx, qtbot) -> None:
    scheduler = install_backup_scheduler(ctx)
    assert scheduler.timer.interval() == 30 * 60 * 1000
    assert not scheduler.backup_if_changed()
    ctx.run(create_customer, data=CustomerInput(name="Alpha"))
    assert scheduler.backup_if_changed()
    assert not scheduler.backup_if_changed()
    ctx.run(create_customer, data=CustomerInput(name="Beta"))
    assert scheduler.backup_on_quit()
    assert len(list(backup_dir(ctx.data_path).iterdir())) == 2


def test_a_notice_is_shown_while_an_older_file_is_migrated(qtbot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from db_dump import engine_at
    from mycrm.core.db import engine as db
    from mycrm.ui.app.recovery import open_with_recovery

    path = tmp_path / "old.sqlite"
    engine_at(path, db.KNOWN_REVISIONS[-2]).dispose()
    seen: list[list[str]] = []
    real_upgrade = db.upgrade

    def watched_upgrade(*args, **kwargs):
        seen.append([w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()])
        real_upgrade(*args, **kwargs)

    monkeypatch.setattr(db, "upgrade", watched_upgrade)
    engine = open_with_recovery(path, interactive=True)
    assert engine is not None
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()
    assert seen == [["migrationNotice"]], "the notice is on screen while the file migrates"
    qtbot.waitUntil(lambda: not [w for w in QApplication.topLevelWidgets()
                                 if w.objectName() == "migrationNotice" and w.isVisible()])
    again = open_with_recovery(path, interactive=True)  # current: no notice, no migration
    assert again is not None
    again.dispose()
    assert len(seen) == 1


def test_scheduled_backup_runs_beside_the_window_and_quit_waits_for_it(
        ctx, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window keeps working while a backup is written (a large file takes seconds);
    what changes meanwhile is in the next backup; quitting waits for the running one."""
    import threading

    from mycrm.ui.data import backup_scheduler

    release = threading.Event()
    real_backup_file = backup_scheduler.backup_file

    def slow_backup_file(*args, **kwargs):
        assert release.wait(10), "the test never released the backup"
        return real_backup_file(*args, **kwargs)

    monkeypatch.setattr(backup_scheduler, "backup_file", slow_backup_file)
    scheduler = install_backup_scheduler(ctx)
    ctx.run(create_customer, data=CustomerInput(name="Alpha"))
    assert scheduler.backup_if_changed()  # returns at once: the copy waits on `release`
    assert scheduler.running
    ctx.run(create_customer, data=CustomerInput(name="Beta"))  # the app keeps writing
    qtbot.wait(50)
    assert scheduler.running and not list(backup_dir(ctx.data_path).glob("*.sqlite"))
    assert not scheduler.backup_if_changed(), "one backup at a time"
    release.set()
    qtbot.waitUntil(lambda: not scheduler.running)
    assert len(list(backup_dir(ctx.data_path).glob("*.sqlite"))) == 1
    assert scheduler.dirty, "Beta came after the snapshot: it goes into the next backup"
    release.clear()
    assert scheduler.backup_if_changed()
    threading.Timer(0.2, release.set).start()
    assert scheduler.backup_on_quit() is False, "nothing changed since the running one"
    assert len(list(backup_dir(ctx.data_path).glob("*.sqlite"))) == 2


def test_a_failed_scheduled_backup_is_retried_at_the_next_tick(
        ctx, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from mycrm.core.db.backup import BackupError
    from mycrm.ui.data import backup_scheduler

    def failing(*_args, **_kwargs):
        raise BackupError("disk full")

    real_backup_file = backup_scheduler.backup_file
    monkeypatch.setattr(backup_scheduler, "backup_file", failing)
    scheduler = install_backup_scheduler(ctx)
    ctx.run(create_customer, data=CustomerInput(name="Alpha"))
    assert scheduler.backup_if_changed()
    qtbot.waitUntil(lambda: not scheduler.running)
    assert scheduler.dirty
    monkeypatch.setattr(backup_scheduler, "backup_file", real_backup_file)  # disk freed
    assert scheduler.backup_if_changed()
    assert scheduler.wait()
    assert len(list(backup_dir(ctx.data_path).glob("*.sqlite"))) == 1


def test_whole_file_operations_show_the_wait_cursor_and_always_put_it_back(
        ctx, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QGuiApplication

    from mycrm.core.db.backup import BackupError
    from mycrm.ui.data import backups_dialog

    seen: list[object] = []
    real_backup = backups_dialog.backup_database

    def watched(*args, **kwargs):
        cursor = QGuiApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real_backup(*args, **kwargs)

    monkeypatch.setattr(backups_dialog, "backup_database", watched)
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.back_up_now() is not None
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QGuiApplication.overrideCursor() is None

    def failing(*_args, **_kwargs):
        raise BackupError("disk full")

    monkeypatch.setattr(backups_dialog, "backup_database", failing)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: None)
    assert dialog.back_up_now() is None
    assert QGuiApplication.overrideCursor() is None, "put back after a failure too"


def big_sheet(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    path.write_text("Company,Phone\n" + "".join(f"Firm {i:05d},1380000{i:04d}\n"
                                                for i in range(rows)), encoding="utf-8")
    return path


def test_the_import_runs_off_the_window_and_its_progress_reaches_100(
        ctx, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20: the rows are written on a worker thread behind a progress dialog; the
    progress reaches every row, then the window hears what changed."""
    import threading

    from mycrm.ui.data import import_worker

    dialog = ImportDialog(ctx, big_sheet(tmp_path, 260))
    qtbot.addWidget(dialog)
    threads: list[threading.Thread] = []
    real = import_worker.apply_import

    def recorded(**kwargs):
        threads.append(threading.current_thread())
        return real(**kwargs)

    monkeypatch.setattr(import_worker, "apply_import", recorded)
    seen: list[tuple[int, int]] = []
    dialog.import_progress.connect(lambda done, total: seen.append((done, total)))
    changed: list[object] = []
    ctx.changed.connect(changed.append)
    with qtbot.waitSignal(dialog.import_ended, timeout=30_000) as ended:
        assert dialog.apply()
        assert dialog.progress is not None and dialog.progress.wasCanceled() is False
    assert threads and threads[0] is not threading.main_thread()
    assert ended.args[0].created_customers == 260
    assert seen[-1] == (260, 260)
    assert len(names(ctx)) == 260 and changed


def test_a_cancelled_import_writes_no_row(ctx, qtbot, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancel in the progress dialog while the worker writes: the one transaction is rolled
    back — not a customer, not a contact, not the remembered mapping."""
    import threading

    from PySide6.QtWidgets import QPushButton

    from mycrm.core.db.models import Setting
    from mycrm.ui.data import import_worker

    dialog = ImportDialog(ctx, big_sheet(tmp_path, 260))
    qtbot.addWidget(dialog)
    started, go_on = threading.Event(), threading.Event()
    real = import_worker.apply_import

    def gated(**kwargs):
        progress = kwargs.pop("progress")

        def report(done: int, total: int) -> None:
            if done >= 100:  # part of the rows written in the transaction, then Cancel
                started.set()
                assert go_on.wait(20)
            progress(done, total)

        return real(progress=report, **kwargs)

    monkeypatch.setattr(import_worker, "apply_import", gated)
    settings_before = ctx.read(lambda s: len(s.exec(select(Setting)).all()))
    with qtbot.waitSignal(dialog.import_ended, timeout=30_000) as ended:
        assert dialog.apply()
        assert started.wait(20)
        progress = dialog.progress
        assert progress is not None
        [cancel] = progress.findChildren(QPushButton)
        cancel.click()  # the user's Cancel
        go_on.set()
    assert ended.args == [None]
    assert names(ctx) == []
    assert ctx.read(lambda s: len(s.exec(select(Contact)).all())) == 0
    assert ctx.read(lambda s: len(s.exec(select(Setting)).all())) == settings_before
    assert "nothing was imported" in dialog.message.text()
    assert dialog.apply_button.isEnabled()
