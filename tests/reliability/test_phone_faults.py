"""Faults as a phone lives them, in Chromium: 30 seconds offline in the middle of sending, a database locked
for 8 seconds, and a phone put away and taken out again. The page recovers by itself; nothing is stored twice."""
import time

import pytest
from playwright.sync_api import expect

from tests.reliability.test_faults import hold_write_lock
from tests.support.figures import record

pytestmark = pytest.mark.browser

IDEAS_STEP, POLL_STEP = 4, 1
OFFLINE_SECONDS = 30


def status(page):
    return page.locator("#answer-status")


def go_to(room, page, position: int) -> None:
    for _ in range(position):
        room.coach.act(room.session_id, "next")
    expect(page.get_by_text(f"Step {position + 1} of 12")).to_be_visible()


def test_thirty_seconds_offline_while_sending_an_idea_stores_it_once(room, phone_page):
    go_to(room, phone_page, IDEAS_STEP)
    phone_page.get_by_label("Your idea").fill("Customers find us by search")
    phone_page.get_by_role("button", name="Add idea").click()
    phone_page.context.set_offline(True)  # the network goes as the packet leaves (or just before)
    expect(phone_page.get_by_text("Reconnecting…")).to_be_visible()
    time.sleep(OFFLINE_SECONDS)
    phone_page.context.set_offline(False)
    expect(status(phone_page)).to_have_text("Added. Thank you!")  # the acknowledgement of the re-sent packet
    ideas = phone_page.get_by_role("listitem").filter(has_text="Customers find us by search")
    expect(ideas).to_have_count(1)
    assert room.count("select count(*) from step_item where participant_id is not null") == 1
    record("phone offline 30 s while sending", "1 idea acknowledged after reconnecting, 1 stored")
    # The screen equals the server's state: a fresh load shows the same board.
    board = phone_page.locator(".idea-list").inner_text()
    phone_page.reload()
    expect(phone_page.locator(".idea-list")).to_have_text(board)


def test_a_phone_sends_again_by_itself_while_the_database_is_locked_for_eight_seconds(room, phone_page):
    go_to(room, phone_page, POLL_STEP)
    holder = hold_write_lock(room.database, 8)
    phone_page.get_by_role("radio", name="Colleagues").check()
    expect(status(phone_page)).to_have_text("The server is busy for a moment. Sending again…", timeout=9_000)
    assert room.count("select count(*) from response") == 0, "nothing half-written while it waits"
    holder.wait(15)
    expect(status(phone_page)).to_have_text("Your answer is saved.", timeout=10_000)
    assert room.count("select count(*) from response") == 1
    expect(phone_page.get_by_role("radio", name="Colleagues")).to_be_checked()


def test_a_phone_put_away_and_taken_out_resyncs_within_two_seconds_with_an_announced_banner(room, phone_page):
    # As on a locked iPhone: the page is hidden and its socket dropped; meanwhile the workshop moves on.
    phone_page.wait_for_function("() => document.body.dataset.connection === 'online'")
    phone_page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {configurable: true, get: () => window.__visibility});
        window.__visibility = "hidden";
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    phone_page.context.set_offline(True)
    phone_page.wait_for_function("() => document.body.dataset.connection === 'offline'")
    banner = phone_page.get_by_role("status").filter(has_text="Reconnecting…")
    expect(banner).to_be_visible()
    room.coach.act(room.session_id, "next")
    time.sleep(3)  # long enough for the socket's own reconnect attempts to back off
    # Taken out of the pocket: the page is shown first, the network comes back a moment later.
    phone_page.evaluate("""() => {
        window.__visibility = "visible";
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    expect(banner).to_be_visible()
    expect(phone_page.get_by_text("Step 1 of 12")).to_be_visible()  # nothing new could arrive yet
    phone_page.context.set_offline(False)
    shown = time.monotonic()
    expect(phone_page.get_by_text("Step 2 of 12")).to_be_visible(timeout=2_000)
    resync = time.monotonic() - shown
    record("phone hidden and shown again", f"resynced in {resync:.1f} s (limit 2 s), banner announced")
    assert resync <= 2.0
    expect(banner).to_have_count(0, timeout=5_000)
