"""axe-core on the pages the whole framework adds: every step kind's phone view with something on its board
(ideas, thoughts, KPIs, next steps), the control view with moderation, templates and their editor, settings."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import builtin_steps, log_in
from tests.browser.test_accessibility import assert_accessible
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser


def fill_board(phone: Page, kind: str) -> None:
    """Put one thing on the step's board and wait until the board shows it, so its controls are checked too."""
    if kind == "ideas":
        phone.get_by_label("Your idea").fill("Customers find us")
        phone.get_by_role("button", name="Add idea").click()
        shown = phone.get_by_role("checkbox", name=re.compile("^Upvote"))
    elif kind == "info":
        phone.get_by_label("Your thought").fill("A knife cuts both ways")
        phone.get_by_role("button", name="Post thought").click()
        shown = phone.get_by_role("listitem").filter(has_text="A knife cuts both ways")
    elif kind == "kpi":
        phone.get_by_label("From the list").select_option(label="Followers")
        phone.get_by_role("button", name="Add KPI").click()
        shown = phone.get_by_role("group", name=re.compile("^Followers"))
    elif kind == "commitments":
        phone.get_by_label("What", exact=True).fill("Plan posts on Mondays")
        phone.get_by_label("Who", exact=True).fill("Ann")
        phone.get_by_role("button", name="Add next step").click()
        shown = phone.get_by_role("group", name="Next step 1")
    else:
        return
    expect(shown.first).to_be_visible()


def test_every_step_of_the_framework_on_a_phone_and_the_control_view(screens, site):
    coach = Facilitator(site.url)
    company = coach.create_company("Acme AB")
    session_id = coach.create_session([company])
    coach.act(session_id, "start")
    code = coach.join_code(session_id)
    phone = screens.phone()
    phone.goto(f"/j/{code}")
    phone.get_by_role("radio", name="Acme AB", exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    laptop = screens.projector()
    log_in(laptop)
    for step in builtin_steps()[1:]:
        coach.act(session_id, "next")
        expect(phone.get_by_role("heading", name=step.title, exact=True)).to_be_visible()
        fill_board(phone, step.kind if step.kind != "info" or not step.show_join else "")
        assert_accessible(phone, f"the phone on step {step.position + 1} ({step.kind})")
        if step.kind == "ideas" and step.position < 6:
            laptop.goto(f"/f/sessions/{session_id}")
            expect(laptop.get_by_role("heading", name="What participants wrote")).to_be_visible()
            assert_accessible(laptop, "the control view with what participants wrote")
    coach.close()


def test_templates_their_editor_and_settings(screens, site):
    laptop = screens.projector()
    log_in(laptop)
    laptop.goto("/f/templates/")
    assert_accessible(laptop, "the template list")
    laptop.get_by_role("button", name=re.compile("^Copy Social media")).click()
    expect(laptop.get_by_role("heading", name=re.compile(r"\(copy\)$"), level=1)).to_be_visible()
    assert_accessible(laptop, "the template editor")
    for title in ("How do you keep up with social media?", "Habits that save time", "What holds you back now?"):
        laptop.get_by_role("link", name=title, exact=True).click()
        expect(laptop.get_by_role("button", name="Save step")).to_be_visible()
        assert_accessible(laptop, f"the step editor for {title}")
        laptop.go_back()
    laptop.goto("/f/settings")
    assert_accessible(laptop, "the settings page")
