"""The words for a data file that failed its check, shared by every front end.

The window (``ui.app.recovery``: a dialog that can restore the backup) and the command line
(``cli``: the same words on stderr) say the same thing: what is wrong in plain words, that
the file was left untouched, and what the newest good backup would give back. Only Qt's
translation call is used (QtCore), so the command line pays for no widget.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from mycrm.core.db.data_path import DataPathError
from mycrm.core.db.integrity import (
    DamagedDatabaseError,
    DatabaseError,
    EmptyFileWithBackupError,
    FileAccessError,
    FutureSchemaError,
    NotADatabaseError,
)
from mycrm.core.db.paths import backup_dir

if TYPE_CHECKING:
    from mycrm.core.db.backup import BackupInfo


def _t(text: str) -> str:
    return QCoreApplication.translate("recovery", text)


def _path_reason(code: str) -> str:
    """Why a path cannot be the data file (``core.db.data_path.DataPathError.code``)."""
    return {
        "folder": _t("%1 is a folder, not a data file. Choose a file in it, for example "
                     "mycrm.sqlite."),
        "read_only": _t("The data file %1 is read-only. mycrm needs to save changes in it; "
                        "make it writable, or open a copy."),
        "other_owner": _t("The data file %1 belongs to another user account. Open it as "
                          "that user, or open a copy you own."),
        "folder_read_only": _t("The folder of the data file %1 is read-only. mycrm needs to "
                               "save its working files and backups there."),
        "no_folder": _t("The folder for the data file %1 does not exist and cannot be "
                        "created. Is its drive connected?"),
    }.get(code, _t("The data file %1 cannot be opened."))


def explain(exc: DatabaseError, data_path: Path) -> str:
    """The problem in plain words, for people who do not know what SQLite is."""
    if isinstance(exc, DataPathError):
        return _path_reason(exc.code).replace("%1", str(exc.path)) + "\n\n" + _t(
            "mycrm has not changed this file.")
    if isinstance(exc, FutureSchemaError):
        reason = _t("The data file %1 was saved by a newer version of mycrm. "
                    "Update mycrm to open it.")
    elif isinstance(exc, NotADatabaseError):
        reason = _t("The file %1 is not a mycrm data file.")
    elif isinstance(exc, EmptyFileWithBackupError):
        reason = _t("The data file %1 is empty (0 bytes), although mycrm has backups of it. "
                    "Something outside mycrm emptied it.")
    elif isinstance(exc, DamagedDatabaseError):
        reason = _t("The data file %1 is damaged and cannot be opened safely.")
    else:
        reason = _t("The data file %1 cannot be opened.")
    reason = reason.replace("%1", str(data_path))
    if isinstance(exc, FileAccessError):  # the system's reason says what to fix
        reason += "\n" + str(exc)
    return reason + "\n\n" + _t("mycrm has not changed this file.")


def backup_offer(exc: DatabaseError, newest: BackupInfo | None) -> str:
    """What the newest good backup (if any) would give back, in plain words."""
    if newest is None:
        return _t("There is no backup to restore.")
    text = _t("The newest good backup is from %1. Restoring it keeps the current file "
              "beside it, renamed, untouched.").replace(
        "%1", newest.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    if isinstance(exc, FutureSchemaError):
        text += "\n" + _t("Changes made with the newer version will not be in it.")
    return text


def newest_good_backup(data_path: Path) -> BackupInfo | None:
    """The newest backup of ``data_path`` that passes its check (the ORM is imported here,
    not at start-up)."""
    from mycrm.core.db.backup import newest_good_backup as newest

    return newest(backup_dir(data_path))


def print_failure(exc: DatabaseError | OSError, data_path: Path) -> None:
    """Say on stderr why ``data_path`` cannot be used, with the newest good backup."""
    if isinstance(exc, OSError):
        exc = FileAccessError.from_os_error(exc, data_path)
    offer = backup_offer(exc, newest_good_backup(data_path))
    print(f"mycrm: {explain(exc, data_path)}\n{offer}", file=sys.stderr)
