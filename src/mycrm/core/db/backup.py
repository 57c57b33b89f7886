"""Backups through SQLite's online backup API (a file copy would miss commits in the WAL).

A backup is a self-contained SQLite file (rollback journal, not WAL) named
``mycrm-<UTC stamp>-<reason>.sqlite`` in the backups folder, created 0600 and verified with
``integrity_check``. It is written under a hidden partial name (``.mycrm-….sqlite.part``,
which no listing reads) and gets its real name only once verified, so a backup cut short
(a full disk, a killed process) never looks like one; leftovers are removed by the next
backup into that folder. ``thin`` decides which backups to keep as a pure function of their
timestamps and ``now``; ``restore_backup`` copies a backup over the data file, after backing
up the current file first.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

BACKUP_PATTERN = re.compile(r"^mycrm-(\d{8}T\d{6})(\d{6})?Z-(.+)\.sqlite$")
COUNTED_TABLES = ("customer", "contact", "contract", "interaction", "todo", "need")
PARTIAL_PREFIX, PARTIAL_SUFFIX = ".", ".part"  # a backup being written: never listed
STALE_PARTIAL_S = 3600.0  # a partial file untouched this long was left by a backup cut short


class BackupError(OSError):
    """A backup could not be written, failed verification, or cannot be restored."""


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _safe_reason(reason: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", reason).strip("-") or "manual"


def _new_target(directory: Path, now: datetime, reason: str) -> Path:
    """A fresh 0600 partial file (``PARTIAL_PREFIX`` + the backup's name + ``PARTIAL_SUFFIX``)
    named after ``now``; never one of an existing backup or partial."""
    reason = _safe_reason(reason)
    moment = now
    for _ in range(1000):
        name = f"mycrm-{_stamp(moment)}-{reason}.sqlite"
        partial = directory / f"{PARTIAL_PREFIX}{name}{PARTIAL_SUFFIX}"
        if not (directory / name).exists():
            try:
                fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                return partial
        moment = moment.replace(microsecond=(moment.microsecond + 1) % 1_000_000)
    raise BackupError(f"cannot create a backup file in {directory}")


def _publish(partial: Path) -> Path:
    """Give a verified partial backup its real name, atomically and without overwriting."""
    target = partial.with_name(partial.name[len(PARTIAL_PREFIX):-len(PARTIAL_SUFFIX)])
    try:
        os.link(partial, target)  # fails if the name exists: an existing backup is kept
    except FileExistsError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"a backup named {target.name} already exists") from exc
    except OSError:  # a file system without hard links
        if target.exists():
            partial.unlink(missing_ok=True)
            raise BackupError(f"a backup named {target.name} already exists") from None
        os.replace(partial, target)
        return target
    partial.unlink()
    return target


def remove_partial_backups(directory: Path, *, older_than_s: float = STALE_PARTIAL_S
                           ) -> list[Path]:
    """Delete what backups cut short left in ``directory``: partial files not written to
    for ``older_than_s`` seconds (a backup being written — the scheduler's, one asked for
    meanwhile — is left alone); return the deleted paths."""
    removed = []
    limit = time.time() - older_than_s
    for path in Path(directory).glob(f"{PARTIAL_PREFIX}mycrm-*{PARTIAL_SUFFIX}*"):
        try:
            stale = path.is_file() and path.stat().st_mtime < limit
        except OSError:
            continue
        if stale:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    """Online-backup ``source`` into ``target``, make it a single file, verify it."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        ok = dest.execute("PRAGMA integrity_check").fetchone()
    finally:
        dest.close()
    if ok is None or ok[0] != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"backup {target} failed its integrity check")


def _write_backup(copy: Callable[[Path], None], directory: Path, now: datetime,
                  reason: str) -> Path:
    """``copy(partial)`` into a fresh partial file of ``directory`` (0700), then publish it;
    a failure leaves nothing behind."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    remove_partial_backups(directory)
    partial = _new_target(directory, now, reason)
    try:
        copy(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _publish(partial)


def backup_database(
    engine: Engine, directory: Path, *, reason: str = "manual", now: datetime | None = None
) -> Path:
    """Write a consistent snapshot of ``engine``'s database into ``directory``; return its path.

    ``now`` names the file (defaults to the current instant for callers without a clock).
    The snapshot is verified with ``integrity_check``; a bad one is removed and raises.
    """
    def copy(partial: Path) -> None:
        raw = engine.raw_connection()
        try:
            source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
            _copy_into(source, partial)
        except sqlite3.Error as exc:
            raise BackupError(f"backup failed: {exc}") from exc
        finally:
            raw.close()

    return _write_backup(copy, directory, now or datetime.now(UTC), reason)


def backup_file(
    data_path: Path, directory: Path, *, reason: str, now: datetime | None = None
) -> Path:
    """Back up a data file through a connection of its own (any thread; e.g. before a
    restore, or the scheduler's worker while the app writes)."""
    def copy(partial: Path) -> None:
        try:
            source = sqlite3.connect(data_path)
            try:
                _copy_into(source, partial)
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise BackupError(f"backup of {data_path} failed: {exc}") from exc

    return _write_backup(copy, directory, now or datetime.now(UTC), reason)


def verify(path: Path) -> bool:
    """True when ``path`` is a SQLite database that passes ``integrity_check``."""
    try:
        with path.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False
    return row is not None and row[0] == "ok"


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # aware UTC, from the file name
    reason: str
    size: int

    def counts(self) -> dict[str, int] | None:
        """Rows per main table, or None when the file cannot be read."""
        return database_counts(self.path)


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    match = BACKUP_PATTERN.match(name)
    if not match:
        return None
    moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    if match.group(2):
        moment = moment.replace(microsecond=int(match.group(2)))
    return moment, match.group(3)


def list_backups(directory: Path) -> list[BackupInfo]:
    """The backups in ``directory``, newest first (files of other names are ignored)."""
    found = []
    if not Path(directory).is_dir():
        return []
    for path in Path(directory).iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is None or not path.is_file():
            continue
        found.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size))
    found.sort(key=lambda b: b.created_at, reverse=True)
    return found


def database_counts(path: Path) -> dict[str, int] | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {
                table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in COUNTED_TABLES
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def newest_good_backup(directory: Path) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check`` (for recovery)."""
    for info in list_backups(directory):
        if verify(info.path):
            return info
    return None


# --------------------------------------------------------------------------- thinning


@dataclass(frozen=True)
class KeepPolicy:
    recent: int = 12
    daily: int = 10
    weekly: int = 9
    monthly: int = 12


def thin(stamps: list[datetime], now: datetime, policy: KeepPolicy = KeepPolicy()
         ) -> set[datetime]:
    """Which backup instants to keep: the ``recent`` newest, plus the newest of each of the
    last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that have a backup,
    counted back from ``now`` (UTC calendar). Backups stamped after ``now`` are kept.
    Pure: same inputs, same answer.
    """
    ordered = sorted(set(stamps), reverse=True)
    keep = {s for s in ordered if s > now}
    past = [s for s in ordered if s <= now]
    keep.update(past[: policy.recent])
    today = now.astimezone(UTC).date()

    def newest_per(bucket_of, limit: int) -> None:  # type: ignore[no-untyped-def]
        seen: set[object] = set()
        for stamp in past:
            bucket = bucket_of(stamp.astimezone(UTC).date())
            if bucket in seen:
                continue
            if len(seen) >= limit or not _within(bucket, today, limit, bucket_of):
                continue
            seen.add(bucket)
            keep.add(stamp)

    newest_per(lambda d: ("d", d), policy.daily)
    newest_per(lambda d: ("w", *d.isocalendar()[:2]), policy.weekly)
    newest_per(lambda d: ("m", d.year, d.month), policy.monthly)
    return keep


def _within(bucket: tuple, today: date, limit: int, bucket_of) -> bool:  # type: ignore[no-untyped-def]
    """Is ``bucket`` one of the ``limit`` most recent calendar buckets up to ``today``?"""
    kind = bucket[0]
    if kind == "d":
        return (today - bucket[1]).days < limit
    if kind == "w":
        monday = date.fromisocalendar(bucket[1], bucket[2], 1)
        this_monday = date.fromisocalendar(*today.isocalendar()[:2], 1)
        return (this_monday - monday).days // 7 < limit
    months_ago = (today.year - bucket[1]) * 12 + today.month - bucket[2]
    return months_ago < limit


def prune_backups(directory: Path, now: datetime, policy: KeepPolicy = KeepPolicy()
                  ) -> list[Path]:
    """Delete the backups ``thin`` does not keep; return the deleted paths."""
    backups = list_backups(directory)
    keep = thin([b.created_at for b in backups], now, policy)
    removed = []
    for info in backups:
        if info.created_at not in keep:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


# --------------------------------------------------------------------------- restore


def restore_backup(
    backup: Path, data_path: Path, *, now: datetime | None = None
) -> Path | None:
    """Replace the data file's content with ``backup``; return the safety backup's path
    (None when the current file was missing or unreadable, so there was nothing to save).

    The caller must have disposed every engine on ``data_path`` first and reopens it
    afterwards with ``db.open_database``. Order: verify the backup; back up the current file
    (reason ``pre-restore``) when it is a readable database; copy through the SQLite backup
    API (the WAL is handled by SQLite, no half-copied file); verify the result.
    """
    backup, data_path = Path(backup), Path(data_path)
    if not verify(backup):
        raise BackupError(f"{backup.name} is not a good backup")
    directory = data_path.parent / "backups"
    safety: Path | None = None
    if data_path.exists() and data_path.stat().st_size > 0 and verify(data_path):
        safety = backup_file(data_path, directory, reason="pre-restore", now=now)
    if not data_path.exists():
        os.close(os.open(data_path, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dest = sqlite3.connect(data_path)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
            ok = dest.execute("PRAGMA integrity_check").fetchone()
        finally:
            dest.close()
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"restore failed: {exc}") from exc
    if ok is None or ok[0] != "ok":
        raise BackupError(f"the restored file failed its integrity check: {ok}")
    os.chmod(data_path, 0o600)
    return safety
