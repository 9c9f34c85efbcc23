"""Engine set-up and the write transaction every service uses.

SQLite allows one writer at a time. A transaction that reads first and writes later gets
"database is locked" at once when another writer got there in between, whatever busy_timeout
says; so writes begin with BEGIN IMMEDIATE and wait for the lock up front. Reads stay deferred:
under WAL they never wait.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .extensions import db

_WRITE = "verkstad_write"


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
        cursor.execute("PRAGMA busy_timeout=5000")
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
    session.connection(execution_options={_WRITE: True})
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def upsert(model, values: dict, conflict_columns: list[str], update_columns: list[str]):
    """INSERT … ON CONFLICT DO UPDATE for the dialect in use: replays and double taps change nothing."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values)
    return statement.on_conflict_do_update(
        index_elements=conflict_columns, set_={name: statement.excluded[name] for name in update_columns}
    )
