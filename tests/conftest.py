"""Shared fixtures: a fresh data file per test, a fixed clock, and no access to real data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

if TYPE_CHECKING:
    from mycrm.ui.app.context import AppContext

from mycrm.core.db.engine import open_database, session_scope

# The helpers' asserts explain their failures as a test's own do.
pytest.register_assert_rewrite("qt_helpers")

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> None:
    """Tests never see the user's real data directory or configuration."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("TZ", os.environ.get("TZ", "UTC"))


@pytest.fixture(scope="session")
def now() -> datetime:
    """The tests' fixed clock (session-wide: module fixtures build data on it too)."""
    return NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = open_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as s:
        yield s


@pytest.fixture
def ctx(engine: Engine, db_path: Path, now: datetime) -> Iterator[AppContext]:
    """The desktop's ``AppContext`` over the per-test data file, on the fixed clock, in UTC
    (for the UI tests and the phone companion's; imported here lazily so that the core
    tests never load Qt)."""
    from mycrm.ui.app.context import AppContext

    context = AppContext(engine, db_path, clock=lambda: now)
    context.zone = "UTC"
    yield context
