"""Fixtures: an app on a migrated database (emptied between tests), clients and factories."""
import re
import secrets

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from tests.support.database import database_url, reset_schema
from workshop import create_app
from workshop.extensions import db, socketio

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory):
    directory = tmp_path_factory.mktemp("db")
    url = database_url(directory)
    reset_schema(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(directory), "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(migrated_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": migrated_url,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": secrets.token_hex(16),
        "RATELIMIT_STORAGE_URI": "memory://",
        # The tests call the broadcaster's tick() themselves: exactly one render per tick, no thread racing them.
        "RESULTS_TICKER": False,
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
    })
    with app.app_context():
        _empty_tables()
        from workshop.services.templates import ensure_builtin_templates
        ensure_builtin_templates()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_tables():
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (browser, reliability and bad-input tests share it: Playwright's
    synchronous API allows one instance per process)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import launch
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Factory:
    """Builds the world of a test through the services, the way the app does."""

    def __init__(self, app):
        self.app = app

    def facilitator(self, email="coach@example.org", password=PASSWORD):
        from workshop.services.accounts import create_facilitator
        with self.app.app_context():
            return create_facilitator(email, password).id

    def company(self, facilitator_id, name):
        from workshop.models import Facilitator
        from workshop.services.companies import create_company
        with self.app.app_context():
            return create_company(db.session.get(Facilitator, facilitator_id), name).id

    def session(self, facilitator_id, company_ids, language="en", start=True, template_id=None):
        """A session of the built-in template (or another); returns (session id, join code)."""
        from workshop.models import Facilitator, Template
        from workshop.services import sessions
        with self.app.app_context():
            facilitator = db.session.get(Facilitator, facilitator_id)
            if template_id is None:
                template_id = db.session.scalar(db.select(Template.id).where(Template.slug == "social-media"))
            created = sessions.create_session(facilitator, template_id, language, company_ids)
            if start:
                sessions.start_session(facilitator, created.id)
            return created.id, created.join_code

    def act(self, facilitator_id, session_id, action):
        from workshop.models import Facilitator
        from workshop.services import sessions
        with self.app.app_context():
            sessions.perform(db.session.get(Facilitator, facilitator_id), session_id, action)

    def act_to(self, facilitator_id, session_id, position):
        """The facilitator jumps to a step (as from the control view's step list)."""
        from workshop.models import Facilitator
        from workshop.services import sessions
        with self.app.app_context():
            sessions.go_to_step(db.session.get(Facilitator, facilitator_id), session_id, position)

    def step(self, session_id, position):
        """(step id, [item ids]) of the step at that position."""
        from workshop.models import WorkshopSession
        with self.app.app_context():
            step = db.session.get(WorkshopSession, session_id).steps[position]
            return step.id, [item.id for item in step.items]


@pytest.fixture
def make(app):
    return Factory(app)


def login(client, email="coach@example.org", password=PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_from(page)})


def join(client, code, company_id, nickname=""):
    """A phone joins through /j/<code>; returns the response of the company form."""
    page = client.get(f"/j/{code}").get_data(as_text=True)
    return client.post(f"/j/{code}", data={"company": company_id, "nickname": nickname,
                                           "csrf_token": csrf_from(page)})


@pytest.fixture
def world(make):
    """A facilitator with two companies in a live session of the built-in template."""
    facilitator = make.facilitator()
    acme = make.company(facilitator, "Acme AB")
    bona = make.company(facilitator, "Böna & Co")
    session_id, code = make.session(facilitator, [acme, bona])
    return {"facilitator": facilitator, "acme": acme, "bona": bona, "session": session_id, "code": code}


@pytest.fixture
def socket_client(app):
    """Socket.IO test clients sharing a Flask test client's cookies: `socket_client(flask_client, auth)`."""
    made = []

    def connect(flask_client, auth):
        sio = socketio.test_client(app, flask_test_client=flask_client, auth=auth)
        made.append(sio)
        return sio

    yield connect
    for sio in made:
        if sio.is_connected():
            sio.disconnect()


@pytest.fixture
def sql(app):
    def run(statement, **params):
        with app.app_context():
            return db.session.execute(text(statement), params).all()
    return run


def pytest_terminal_summary(terminalreporter):
    from tests.support.figures import FIGURES
    if FIGURES:
        terminalreporter.section("figures: reliability, bad input, page weight")
        for what, figure in FIGURES:
            terminalreporter.write_line(f"{what}: {figure}")
