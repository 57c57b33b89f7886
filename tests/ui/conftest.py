from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from mycrm.ui.app.context import AppContext


@pytest.fixture
def ctx(engine: Engine, db_path, now) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = AppContext(engine, db_path, clock=lambda: now)
    context.zone = "UTC"
    yield context
