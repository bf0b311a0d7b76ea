"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when NEWSLOOM_TEST_PG is set;
and the in-process service the API and web-app tests share."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("NEWSLOOM_TEST_PG")
PG_SKIP = (
    "PostgreSQL half skipped: set NEWSLOOM_TEST_PG=postgresql://user@127.0.0.1:PORT/db "
    "(.ci/run starts a server and sets it)"
)


def _fresh_postgres(url: str) -> str:
    from sqlalchemy import create_engine, text

    from newsloom.storage import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store's URL: an SQLite file, or the test PostgreSQL database wiped clean."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    if not PG_URL:
        pytest.skip(PG_SKIP)
    return _fresh_postgres(PG_URL)


@pytest.fixture
def service(db_url: str) -> Iterator[tuple[Any, str]]:
    """newsloom serve's app on a fresh store (SQLite, and PostgreSQL when NEWSLOOM_TEST_PG is
    set), driven in process, and a write token."""
    from test_service_api import Client

    from newsloom.service import ServiceConfig, create_app
    from newsloom.storage import Store

    store = Store(db_url)
    token = store.create_token("tests")
    app = create_app(ServiceConfig(), store=store)
    client = Client(app)
    yield client, token
    client.close()
    app.state.jobs.close()
    store.close()
