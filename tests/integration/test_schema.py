"""Migrations are the only way the schema changes: an empty database upgraded to head matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
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


def test_sqlite_runs_in_wal_mode_and_writers_wait_for_the_lock(tmp_path):
    """The embedded default, whatever database the rest of the suite runs on."""
    url = f"sqlite:///{tmp_path}/embedded.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
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
