"""The facilitator's control view when its login has gone (logged out in another tab, hours later): a button
press says so and offers a reload, in the page, instead of doing nothing."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PROJECTOR, TIMEOUT_MS, log_in

pytestmark = pytest.mark.browser


def test_a_control_view_whose_login_ended_offers_a_reload(browser, room):
    context = browser.new_context(base_url=room.url, locale="en-GB", **PROJECTOR)
    context.set_default_timeout(TIMEOUT_MS)
    laptop = context.new_page()
    log_in(laptop)
    laptop.goto(f"/f/sessions/{room.session_id}")
    expect(laptop.get_by_role("button", name="Next →")).to_be_visible()
    other_tab = context.new_page()
    other_tab.goto("/f/")
    other_tab.get_by_role("button", name="Log out").click()
    laptop.wait_for_load_state("load")
    laptop.get_by_role("button", name="Next →").first.click()
    alert = laptop.get_by_role("alert")
    # Logging out also ended the page's form token, so the token check answers first.
    expect(alert).to_contain_text(re.compile("This page has expired|Your login has ended"))
    alert.get_by_role("link", name="Reload the page").click()
    expect(laptop.get_by_role("heading", name="Log in")).to_be_visible()
    assert room.count("select current_position from workshop_session") == 0
    context.close()
