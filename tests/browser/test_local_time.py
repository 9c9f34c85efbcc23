"""The session's record reads in the facilitator's own time: the server, which cannot know the zone, writes UTC;
the page's script rewrites each time for the browser's zone and the page's language, live pushes included."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _record_row(page: Page, what: str):
    return page.get_by_role("region", name="Record of this session").get_by_role("row").filter(has_text=what)


def _expect_local_time(row) -> None:
    """The row's time is the moment its `datetime` names, as a clock in Stockholm shows it, not in UTC."""
    moment = row.locator("time")
    utc = datetime.fromisoformat(moment.get_attribute("datetime"))
    expect(moment).to_have_text(utc.astimezone(STOCKHOLM).strftime("%H:%M:%S"))
    expect(moment).to_have_attribute("title", utc.strftime("%H:%M:%S UTC"))  # the server's UTC, on hover


def test_the_session_log_is_in_the_facilitators_time_zone(screens, site):
    coach = Facilitator(site.url)
    session_id = coach.create_session([coach.create_company("Nordljus AB")])
    coach.act(session_id, "start")
    laptop = screens.projector(timezone_id="Europe/Stockholm")
    log_in(laptop)
    laptop.goto(f"/f/sessions/{session_id}")
    _expect_local_time(_record_row(laptop, "Started the session"))

    coach.act(session_id, "next")  # the control view is pushed again, with a new row
    _expect_local_time(_record_row(laptop, "Next step"))
    _expect_local_time(_record_row(laptop, "Started the session"))

    laptop.goto(f"/f/sessions/{session_id}/summary")
    _expect_local_time(_record_row(laptop, "Next step"))
    coach.close()
