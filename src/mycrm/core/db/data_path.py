"""Can this path be used as the data file? Asked before anything is created or changed.

A folder, a read-only file, a file of another user account, a read-only folder or a
folder that is not there (a drive not connected) is refused with ``DataPathError``, whose
``code`` says which (``mycrm.explain`` has the words). Nothing is created, and no mode is
changed: a file the user made read-only stays read-only.

For files the user owns, their owner permission bits count as well as ``os.access``: a
user (or root, whom ``access`` lets write anything) who made a file 0444 meant it.
Standard library only (start-up asks before Qt and SQLAlchemy load).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mycrm.core.db.integrity import FileAccessError


class DataPathError(FileAccessError):
    """``code``: "folder", "read_only", "other_owner", "folder_read_only", "no_folder"."""

    def __init__(self, code: str, path: Path) -> None:
        super().__init__(f"{path}: {code.replace('_', ' ')}")
        self.code = code
        self.path = path


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _writable(path: Path, st: os.stat_result) -> bool:
    if not os.access(path, os.W_OK):
        return False
    return not _mine(st) or bool(st.st_mode & stat.S_IWUSR)


def _existing_folder(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that exists (None: not even the root)."""
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return None


def check_data_path(path: Path) -> None:
    """Raise ``DataPathError`` unless ``path`` can be opened (or created) for writing."""
    path = Path(path)
    if path.is_dir():
        raise DataPathError("folder", path)
    if path.exists():
        st = path.stat()
        if not _mine(st):
            raise DataPathError("other_owner", path)
        if not os.access(path, os.R_OK) or not _writable(path, st):
            raise DataPathError("read_only", path)
    folder = _existing_folder(path.parent)
    if folder is None:
        raise DataPathError("no_folder", path)
    if not _writable(folder, folder.stat()):
        # The file, SQLite's -wal / -shm and the backups are created there (or the missing
        # folders below it: a path on a drive not connected cannot be made).
        raise DataPathError("folder_read_only" if folder == path.parent else "no_folder", path)


def data_path_problem(path: Path) -> DataPathError | None:
    """``check_data_path``'s refusal, or None: for callers that only skip work on it."""
    try:
        check_data_path(path)
    except DataPathError as exc:
        return exc
    return None
