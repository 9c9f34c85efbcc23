"""Engine set-up and the write transaction every service uses.

SQLite allows one writer at a time. A transaction that reads first and writes later gets
"database is locked" at once when another writer got there in between, whatever busy_timeout
says; so writes begin with BEGIN IMMEDIATE and wait for the lock up front. Reads stay deferred:
under WAL they never wait.
"""
import functools
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import Table, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .extensions import db
from .services.errors import Busy

_WRITE = "verkstad_write"
#: How long a write waits for another writer (another process, a backup) before the person is told to retry.
WRITE_WAIT_SECONDS = 5.0
#: SQLite's own wait blocks the whole gevent process, so it is kept short and the waiting is done here.
_SQLITE_BUSY_MS = 10


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction() -> Iterator[None]:
    """One unit of work that writes: begins as a writer, commits at the end, rolls back on error."""
    session = db.session()
    if session.in_transaction():
        # Close the read transaction the request may have opened, so this one starts as a writer.
        session.commit()
    _begin_writing(session)
    try:
        yield
        session.commit()
    except OperationalError as error:
        session.rollback()
        if _is_locked(error):
            raise Busy() from error
        raise
    except BaseException:
        session.rollback()
        raise


def _begin_writing(session) -> None:
    """BEGIN IMMEDIATE, waiting for another writer up to WRITE_WAIT_SECONDS in short, yielding sleeps (under
    gevent, time.sleep lets every other phone be served meanwhile); then Busy, nothing written."""
    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    while True:
        try:
            session.connection(execution_options={_WRITE: True})
            return
        except OperationalError as error:
            session.rollback()
            if not _is_locked(error):
                raise
            if time.monotonic() > deadline:
                raise Busy() from error
            time.sleep(random.uniform(0.02, 0.08))  # jitter: waiting writers do not retry in lockstep


def _is_locked(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text


@functools.cache
def upsert_statement(table: Table, dialect: str, conflict_columns: tuple[str, ...], update_columns: tuple[str, ...]):
    """INSERT … ON CONFLICT DO UPDATE for the dialect, to run with a list of rows (one executemany): replays and
    double taps change nothing. Built once per shape; building it costs more than running it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(conflict_columns), set_={name: statement.excluded[name] for name in update_columns}
    )
