"""Between two workshops: a company's private link records a KPI reading and ticks a next step, the company page
shows both, and the company's next workshop opens with its still-open next step, which its phones tick."""
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import builtin_steps, log_in
from tests.browser.test_accessibility import assert_accessible
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

ACME = "Acme <b>AB</b>"
KPI_STEP = next(step.position for step in builtin_steps() if step.kind == "kpi")
COMMITMENTS_STEP = next(step.position for step in builtin_steps() if step.kind == "commitments")
DONE_BETWEEN, STILL_OPEN = "Plan the week's posts on Mondays", "Answer comments within a day"


def status(phone: Page):
    return phone.get_by_role("status").filter(has_not_text=re.compile(r"^-?\d+$"))


def join(phone: Page, code: str) -> None:
    phone.goto(f"/j/{code}")
    phone.get_by_role("radio", name=ACME, exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text(f"You are in, {ACME}.", exact=False)).to_be_visible()


def go_to(coach: Facilitator, session_id: int, phone: Page, position: int) -> None:
    while True:
        heading = phone.get_by_role("heading", level=1).first.inner_text()
        current = next(step.position for step in builtin_steps() if step.title == heading)
        if current == position:
            return
        coach.act(session_id, "next")
        expect(phone.get_by_role("heading", name=builtin_steps()[current + 1].title, level=1)).to_be_visible()


def test_private_link_readings_and_ticks_then_the_next_workshop_opens_with_the_open_next_step(screens, site):
    coach = Facilitator(site.url)
    acme = coach.create_company(ACME)
    first = coach.create_session([acme])
    coach.act(first, "start")
    phone = screens.phone()
    join(phone, coach.join_code(first))

    # The first workshop: the company agrees on a KPI and writes two next steps.
    go_to(coach, first, phone, KPI_STEP)
    phone.get_by_label("From the list").select_option(label="Followers")
    phone.get_by_role("button", name="Add KPI").click()
    followers = phone.get_by_role("group", name=re.compile("^Followers"))
    followers.get_by_label("Baseline").fill("100")
    followers.get_by_label("Target").fill("300")
    phone.get_by_role("button", name="Save").first.click()
    expect(status(phone)).to_have_text("Saved.")
    go_to(coach, first, phone, COMMITMENTS_STEP)
    for text, owner in ((DONE_BETWEEN, "Ann"), (STILL_OPEN, "Bo")):
        phone.get_by_label("What").last.fill(text)
        phone.get_by_label("Who").last.fill(owner)
        phone.get_by_role("button", name="Add next step").click()
        expect(status(phone)).to_have_text("Added to your company's next steps.")
    coach.act(first, "end")

    # The coach makes the company's private link on its page.
    laptop = screens.projector()
    log_in(laptop)
    laptop.get_by_role("link", name="Companies").click()
    laptop.get_by_role("link", name=ACME).click()
    assert_accessible(laptop, "the company page before any follow-up")
    laptop.get_by_role("button", name="Make a private link").click()
    link = laptop.get_by_role("textbox", name="Link").input_value()
    assert re.fullmatch(rf"{re.escape(site.url)}/c/[\w-]{{20,}}", link)

    # Between workshops, someone of the company opens the link on a phone: no account, no login.
    between = screens.phone()
    between.goto(link)
    expect(between.get_by_role("heading", name=ACME, level=1)).to_be_visible()
    between.get_by_label("KPI", exact=True).select_option(label="Followers")
    expect(between.get_by_label("Date")).to_have_value(date.today().isoformat())
    between.get_by_label("Value").fill("many")
    between.get_by_role("button", name="Save reading").click()
    expect(between.get_by_role("alert")).to_have_text("Value is a number.")
    assert_accessible(between, "the private link with a refused reading")
    between.get_by_label("Value").fill("1 80")  # typed with a space, as people do
    between.get_by_label("Note (optional)").fill("after the <i>fair</i>")
    between.get_by_role("button", name="Save reading").click()
    readings = between.get_by_role("table", name="Readings of Followers")
    expect(readings.get_by_role("row").filter(has_text="180")).to_contain_text("after the <i>fair</i>")
    expect(between.get_by_text("Progress toward target: 40%")).to_be_visible()  # 100 → 180 of 300
    between.get_by_role("button", name=f"Mark “{DONE_BETWEEN}” as done").click()
    expect(between.get_by_role("heading", name="Next steps (1 of 2 done)")).to_be_visible()
    expect(between.get_by_role("button", name=f"Mark “{DONE_BETWEEN}” as not done")).to_be_visible()
    assert_accessible(between, "the private link with a reading and a ticked next step")

    # The company page shows both to the coach.
    laptop.reload()
    coach_readings = laptop.get_by_role("table", name="Readings of Followers")
    expect(coach_readings.get_by_role("row").filter(has_text="180")).to_contain_text("the company")
    expect(laptop.get_by_text("Progress toward target: 40%")).to_be_visible()
    expect(laptop.get_by_role("heading", name="Next steps (1 of 2 done)")).to_be_visible()
    expect(laptop.get_by_role("img", name=re.compile("^Readings of Followers: Baseline 100, .* 180, Target 300")))\
        .to_be_visible()
    assert_accessible(laptop, "the company page with its follow-up")
    laptop.get_by_role("link", name=f"Delete {ACME} and everything it wrote").click()
    expect(laptop.get_by_label("Type the company's name to confirm")).to_be_visible()
    assert_accessible(laptop, "deleting a company")
    laptop.goto("/f/cohorts")
    laptop.get_by_label("New cohort").fill("Spring <i>2026</i>")
    laptop.get_by_role("button", name="Add cohort").click()
    expect(laptop.get_by_role("heading", name="Spring <i>2026</i>", level=1)).to_be_visible()
    assert_accessible(laptop, "a cohort without companies")
    laptop.goto("/f/companies")
    laptop.get_by_role("link", name=ACME).click()
    laptop.get_by_label("Cohort").select_option(label="Spring <i>2026</i>")
    laptop.get_by_role("button", name="Save cohort").click()
    laptop.goto("/f/companies")
    laptop.get_by_role("link", name="Spring <i>2026</i>").click()
    expect(laptop.get_by_role("table", name="The cohort's companies side by side")).to_contain_text("40%")
    assert_accessible(laptop, "a cohort side by side")
    laptop.goto("/f/cohorts")
    assert_accessible(laptop, "the cohort list")

    # The next workshop of the company opens with the step still open; its phones tick it, and the other phone
    # of the company sees the tick at once.
    second = coach.create_session([acme])
    coach.act(second, "start")
    code = coach.join_code(second)
    phones = [screens.phone(), screens.phone()]
    for each in phones:
        join(each, code)
        expect(each.get_by_role("heading", name="Your next steps from last time")).to_be_visible()
        expect(each.get_by_text(f"{STILL_OPEN} (Bo)")).to_be_visible()
        expect(each.get_by_text(DONE_BETWEEN)).to_have_count(0)
    assert_accessible(phones[0], "the welcome with next steps from last time")
    phones[0].get_by_role("button", name=f"Mark “{STILL_OPEN}” as done").click()
    expect(status(phones[0])).to_have_text("Marked as done.")
    expect(phones[1].get_by_role("button", name=f"Mark “{STILL_OPEN}” as not done")).to_be_visible()
    laptop.goto("/f/companies")
    laptop.get_by_role("link", name=ACME).click()
    expect(laptop.get_by_role("heading", name="Next steps (2 of 2 done)")).to_be_visible()
    projector = laptop.context.new_page()
    projector.goto(f"/f/sessions/{second}/projector")
    projector.keyboard.press("h")
    overview = projector.get_by_role("img", name=re.compile("^Since last time"))
    expect(overview).to_have_attribute("aria-label", re.compile("Company A 40%.*Cohort average: Spring <i>2026</i> 40%"))
    expect(overview).not_to_have_attribute("aria-label", re.compile("Acme"))  # names hidden on the wall
    expect(overview).not_to_contain_text("Acme")
    assert_accessible(projector, "the projector's welcome with the company's progress")
    coach.close()
