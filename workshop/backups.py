"""Online backups of the embedded SQLite database, and bringing one back.

SQLite's backup API copies the database page by page under a read lock, so a copy taken while a workshop runs is
a consistent snapshot (WAL lets the answers keep coming meanwhile). PostgreSQL has its own tools for this.
"""
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def sqlite_path(database_uri: str) -> Path:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("Backups here are for the SQLite database; for PostgreSQL use pg_dump and pg_restore.")
    return Path(url.database)


def _check(connection: sqlite3.Connection, what: str) -> dict[str, int]:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} is damaged: {result}")
    if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise BackupError(f"{what} has rows pointing at missing rows")
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    if "alembic_version" not in tables:
        raise BackupError(f"{what} is not a Verkstad database")
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}


def backup(database_uri: str, target: Path) -> dict[str, int]:
    """Copy the live database to `target` (which must not exist); returns the row count of every table."""
    source_path = sqlite_path(database_uri)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        return _check(copy, str(target))
    except BaseException:
        copy.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        source.close()
        copy.close()


def restore(database_uri: str, source_file: Path) -> dict[str, int]:
    """Replace the database's content with a backup, after checking the backup. Stop the server first: its open
    connections would otherwise keep serving what they had read."""
    target_path = sqlite_path(database_uri)
    if not source_file.is_file():
        raise BackupError(f"{source_file} does not exist")
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    try:
        counts = _check(source, str(source_file))
        target = sqlite3.connect(target_path, timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return counts
