"""A real Verkstad server process on a fresh SQLite database per test, with a facilitator, two companies and a
live session of the built-in template: the room the fault tests break. Always SQLite, the embedded default, whose
locks and files these faults are about.""" 
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.phones import Facilitator
from tests.support.server import ServerProcess, prepare_database

pytestmark = pytest.mark.server


@dataclass
class Room:
    server: ServerProcess
    coach: Facilitator
    companies: list[int]
    session_id: int
    code: str
    database: Path

    @property
    def url(self) -> str:
        return self.server.url

    def count(self, statement: str) -> int:
        with sqlite3.connect(self.database, timeout=30) as connection:
            return connection.execute(statement).fetchone()[0]


@pytest.fixture
def room(tmp_path):
    database = tmp_path / "verkstad.db"
    url = f"sqlite:///{database}"
    prepare_database(url, tmp_path)
    server = ServerProcess(url, tmp_path).start()
    coach = Facilitator(server.url)
    companies = [coach.create_company(name) for name in ("Acme AB", "Böna & Co")]
    session_id = coach.create_session(companies)
    coach.act(session_id, "start")
    made = Room(server, coach, companies, session_id, coach.join_code(session_id), database)
    yield made
    coach.close()
    made.server.stop()


# The browser tests' Chromium, for the faults only a real page shows (its banner, its own retries).
from tests.browser.conftest import PHONE, TIMEOUT_MS  # noqa: E402


@pytest.fixture
def phone_page(browser, room):
    """A phone-sized page of the room's site that has joined Acme AB."""
    from playwright.sync_api import expect
    context = browser.new_context(base_url=room.url, locale="en-GB", **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"/j/{room.code}")
    page.get_by_role("radio", name="Acme AB", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You are in, Acme AB.", exact=False)).to_be_visible()
    yield page
    context.close()
