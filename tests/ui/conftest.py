"""UI fixtures: an ``AppContext`` over the per-test data file, on the fixed clock, in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mycrm.ui.app.context import AppContext


@pytest.fixture
def ctx(engine: Engine, db_path: Path, now: datetime) -> Iterator[AppContext]:
    context = AppContext(engine, db_path, clock=lambda: now)
    context.zone = "UTC"
    yield context
