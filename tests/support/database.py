"""Test databases: SQLite by default, PostgreSQL when VERKSTAD_TEST_ON_POSTGRES=1 (set by `make test`)."""
import os

from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get("VERKSTAD_TEST_DATABASE_URL", "")
ON_POSTGRES = os.environ.get("VERKSTAD_TEST_ON_POSTGRES") == "1"


def database_url(tmp_dir) -> str:
    if ON_POSTGRES:
        if not POSTGRES_URL:
            raise RuntimeError("VERKSTAD_TEST_ON_POSTGRES=1 needs VERKSTAD_TEST_DATABASE_URL")
        return POSTGRES_URL
    return f"sqlite:///{tmp_dir}/verkstad.db"


def reset_schema(url: str) -> None:
    """An empty database, so migrations run from nothing."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
