"""Migrations are the only way the schema changes: an empty database upgraded to head matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests.support.database import database_url, reset_schema
from workshop import create_app
from workshop.extensions import db


def test_empty_database_upgraded_to_head_matches_the_models(tmp_path):
    url = database_url(tmp_path)
    reset_schema(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_and_writers_wait_for_the_lock(tmp_path, monkeypatch):
    """The embedded default, whatever database the rest of the suite runs on: a write waits while another
    connection holds the lock, and past the wait it is refused as Busy with nothing written."""
    import sqlite3
    import threading
    import time

    from workshop import database
    from workshop.database import write_transaction
    from workshop.models import Facilitator
    from workshop.services.errors import Busy

    url = f"sqlite:///{tmp_path}/embedded.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})

    def hold(seconds):
        other = sqlite3.connect(tmp_path / "embedded.db", isolation_level=None, check_same_thread=False)
        other.execute("BEGIN EXCLUSIVE")
        threading.Timer(seconds, lambda: (other.execute("COMMIT"), other.close())).start()

    def add(email):
        with write_transaction():
            db.session.add(Facilitator(email=email, password_hash="x"))

    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        hold(1.0)
        started = time.monotonic()
        add("waited@example.org")
        assert 0.8 < time.monotonic() - started < database.WRITE_WAIT_SECONDS
        monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 0.3)
        hold(1.5)
        with pytest.raises(Busy):
            add("refused@example.org")
        time.sleep(1.6)
        assert [f.email for f in db.session.scalars(db.select(Facilitator))] == ["waited@example.org"]
        db.engine.dispose()


def test_upgrading_a_database_with_workshops_keeps_their_items_shown(tmp_path):
    url = database_url(tmp_path)
    reset_schema(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with app.app_context():
        upgrade(revision="c9f2788bcecf")
        with db.engine.begin() as connection:
            connection.execute(text(
                "insert into facilitator (id, email, password_hash, login_id, created_at) "
                "values (1, 'a@example.org', 'x', 'l', current_timestamp)"))
            connection.execute(text(
                "insert into workshop_session (id, facilitator_id, title, join_code, language, status, "
                "current_position, version, created_at) values (1, 1, 'W', 'ABCDEF', 'en', 'live', 0, 1, "
                "current_timestamp)"))
            connection.execute(text(
                "insert into session_step (id, session_id, position, kind, content, results_visible, voting_locked) "
                "values (1, 1, 0, 'choice', '{}', false, false)"))
            connection.execute(text(
                "insert into step_item (id, step_id, position, label) values (1, 1, 0, '{\"en\": \"Blogs\"}')"))
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("select status, flagged from step_item")).all() == [("shown", False)]
            assert connection.execute(text("select blackout from workshop_session")).all() == [(False,)]
        db.engine.dispose()
