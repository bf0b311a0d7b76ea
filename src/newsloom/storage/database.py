"""Connecting to a store: which database, its engine, its migrations and its write lock.

SQLite (the default, a file in the working folder) runs in WAL mode so readers never wait for
the one writer; PostgreSQL is reached through psycopg 3. Writers are serialised on both: an
``add`` places articles in stories whose state other writers also change, so each write
transaction holds the store's one write lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL a
transaction-scoped advisory lock). Readers take no lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from newsloom.errors import StorageError

DEFAULT_DB = "newsloom.db"
ENV_VAR = "NEWSLOOM_DB"
_MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: the advisory lock key every newsloom writer takes on PostgreSQL.
_PG_WRITE_LOCK = 0x6E65_7773
# How long a writer waits for another one before giving up (seconds). Writers hold the lock for
# one chunk of articles, seconds at most; a minute covers four processes adding at once.
LOCK_TIMEOUT = 600.0


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL of the store: ``db``, else ``$NEWSLOOM_DB``, else ``newsloom.db`` here.

    A plain path means an SQLite file; ``postgresql://`` URLs use psycopg 3.

    >>> database_url("news.db")
    'sqlite:///news.db'
    >>> database_url("postgresql://me@127.0.0.1/news")
    'postgresql+psycopg://me@127.0.0.1/news'
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{value}"
    for plain in ("postgresql://", "postgres://"):
        if value.startswith(plain):
            return "postgresql+psycopg://" + value[len(plain) :]
    return value


def file_beside(store_url: str, suffix: str) -> str | None:
    """The path of a file kept beside an SQLite store's file (its name plus ``suffix``), or
    None when the store is not an SQLite file (PostgreSQL, an in-memory database).

    >>> file_beside("sqlite:///data/news.db", "-jobs")
    'data/news.db-jobs'
    >>> file_beside("postgresql+psycopg://me@127.0.0.1/news", "-jobs") is None
    True
    """
    url = make_url(store_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return f"{url.database}{suffix}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off: newsloom emits BEGIN itself (below),
    # so that a writer can BEGIN IMMEDIATE and take the write lock before reading anything.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode up to the last checkpoint
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT * 1000)}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("newsloom_write") else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` set up for newsloom (WAL and explicit BEGIN on SQLite)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"{url!r} is not a database URL; use a file path or postgresql://...") from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": LOCK_TIMEOUT})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StorageError(
            f"no database driver for {url!r}; newsloom supports SQLite and PostgreSQL"
        ) from exc
    except ModuleNotFoundError as exc:
        raise StorageError(
            f"the driver for {parsed.get_backend_name()} is not installed; pip install 'psycopg[binary]'"
        ) from exc


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's write lock; committed on success, rolled back on error."""
    try:
        with engine.connect().execution_options(newsloom_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
            yield conn
    except OperationalError as exc:
        raise StorageError(f"could not write to the store: {exc.orig}") from exc


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this version of newsloom."""
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None  # the package ships at least one revision
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: an empty database)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise StorageError(f"could not open the store: {exc.orig}") from exc


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database to ``revision`` (the newest by default); return the revision it is at.

    Safe to call from several processes at once: migrations run under the write lock, and a
    database already at the revision is left alone.
    """
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return revision
    with write_transaction(engine) as conn:
        command.upgrade(_alembic_config(conn), revision)
    return current_revision(engine)
