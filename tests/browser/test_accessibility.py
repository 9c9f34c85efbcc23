"""axe-core finds no violations on any page a facilitator or a participant sees, in the states they see it in:
forms with and without an error, every step kind on a phone (answered), the projector with results revealed."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, PROJECTOR, TIMEOUT_MS, Step, builtin_steps, log_in, start_site
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

ACME, BONA = "Acme AB", "<b>Böna</b> & Co"
TITLE = "Social media: security, time and effect"


def first(kind: str, show_join: bool = False) -> Step:
    return next(s for s in builtin_steps() if s.kind == kind and s.show_join == show_join)


# One step of each kind the brief names, found in the built-in template by kind (not by a fixed position).
WELCOME, CHOICE, RATING, INFO, SUMMARY = (first("info", True), first("choice"), first("rating"), first("info"),
                                          first("summary"))

axe = Axe()


def assert_accessible(page: Page, what: str) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, f"axe on {what} ({page.url}):\n{results.generate_report()}"


class Room:
    """A live session of the built-in template with two companies, a logged-in laptop and two joined phones."""

    def __init__(self, browser, site):
        self.site = site
        self.coach = Facilitator(site.url)
        acme, bona = self.coach.create_company(ACME), self.coach.create_company(BONA)
        self.session_id = self.coach.create_session([acme, bona], language="en")
        self.coach.act(self.session_id, "start")
        self.code = self.coach.join_code(self.session_id)
        self.path = f"/f/sessions/{self.session_id}"
        self.contexts = []
        self.laptop = self._page(browser, PROJECTOR)
        log_in(self.laptop)
        self.phone = self._join(browser, ACME)
        self.other_phone = self._join(browser, BONA)

    def _page(self, browser, options) -> Page:
        context = browser.new_context(base_url=self.site.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def _join(self, browser, company: str) -> Page:
        phone = self._page(browser, PHONE)
        phone.goto(f"/j/{self.code}")
        phone.get_by_role("radio", name=company, exact=True).check()
        phone.get_by_role("button", name="Continue").click()
        expect(phone).to_have_url(re.compile(f"/p/{self.code}$"))
        return phone

    def go_to(self, step: Step) -> None:
        """The facilitator jumps to a step (as the step list on the control view does)."""
        response = self.coach.http.post(f"{self.site.url}{self.path}/step", timeout=10,
                                        data={"position": str(step.position), "csrf_token": self.coach.csrf})
        assert response.status_code in (200, 302), response.status_code
        for phone in (self.phone, self.other_phone):
            expect(phone.get_by_role("heading", name=step.title, exact=True)).to_be_visible()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.coach.close()


@pytest.fixture(scope="module")
def room(browser, site):
    made = Room(browser, site)
    yield made
    made.close()


def answer(phone: Page, step: Step, choice: str, rating: int) -> None:
    if step.kind == "choice":
        phone.get_by_role("radio", name=choice, exact=True).check()
    else:
        for concern in ("Security on the net", "Time"):
            phone.get_by_role("group", name=concern, exact=True).get_by_role(
                "radio", name=str(rating), exact=True).check()
    expect(phone.get_by_role("status").filter(has_text="Your answer is saved.")).to_be_visible()


# --- before anyone is logged in -------------------------------------------------------------------------------------
def test_setup_page(browser, tmp_path):
    fresh = start_site(tmp_path, facilitator=None)
    try:
        context = browser.new_context(base_url=fresh.url, locale="en-GB", **PROJECTOR)
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("heading", name="Welcome to Verkstad")).to_be_visible()
        assert_accessible(page, "the set-up page")
        page.get_by_label("E-mail").fill("coach@example.org")
        page.get_by_label("Password (at least 10 characters)").fill("correct horse battery")
        page.get_by_label("Password again").fill("correct horse battery staple")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("alert")).to_have_text("The two passwords differ.")
        assert_accessible(page, "the set-up page with an error")
        context.close()
    finally:
        fresh.process.stop()


def test_login_page(screens):
    page = screens.projector()
    page.goto("/login")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert_accessible(page, "the login page")
    page.get_by_label("E-mail").fill("coach@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "the login page with an error")


def test_join_page(screens):
    phone = screens.phone()
    phone.goto("/join")
    expect(phone.get_by_role("heading", name="Join a workshop")).to_be_visible()
    assert_accessible(phone, "the join page")
    phone.get_by_label("Code on the screen").fill("NOPE00")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert_accessible(phone, "the join page with an error")


def test_company_picker(screens, room):
    phone = screens.phone()
    phone.goto(f"/j/{room.code}")
    expect(phone.get_by_role("group", name="Which company are you from?")).to_be_visible()
    expect(phone.get_by_role("radio", name=BONA, exact=True)).to_be_visible()
    assert_accessible(phone, "the company picker")


# --- phones -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("step", [WELCOME, CHOICE, RATING, INFO, SUMMARY],
                         ids=["info-welcome", "choice", "rating", "info", "summary"])
def test_phone_step(room, step):
    room.go_to(step)
    if step in (CHOICE, RATING):
        answer(room.phone, step, "Conferences and seminars", 4)
        answer(room.other_phone, step, "Colleagues", 2)
    assert_accessible(room.phone, f"the phone at step {step.position + 1} ({step.kind})")


def test_phone_with_voting_locked(room):
    room.go_to(CHOICE)
    room.coach.act(room.session_id, "lock")
    try:
        expect(room.phone.get_by_text("Voting is closed for this question.")).to_be_visible()
        assert_accessible(room.phone, "the phone with voting locked")
    finally:
        room.coach.act(room.session_id, "lock")
    expect(room.phone.get_by_text("Voting is closed for this question.")).to_have_count(0)


# --- the facilitator --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("step", [WELCOME, CHOICE, RATING, SUMMARY], ids=["welcome", "choice", "rating", "summary"])
def test_projector(room, step):
    room.go_to(step)
    projector = room.laptop.context.new_page()
    try:
        projector.goto(room.path + "/projector")
        expect(projector.get_by_role("heading", name=step.title, level=1)).to_be_visible()
        show = projector.get_by_role("button", name="Show results")
        if show.count():
            projector.keyboard.press("h")
            expect(projector.get_by_role("button", name="Hide results")).to_be_visible()
        if step != WELCOME:
            expect(projector.get_by_text("Results are hidden.", exact=False)).to_have_count(0)
            answers = projector.get_by_role("region", name="Results").get_by_text(re.compile(r"^\d+ answers?$"))
            if step == SUMMARY:  # its cards show a page at a time: some are on the pages after this one
                expect(answers.first).to_be_attached()
            else:
                expect(answers.first).to_be_visible()
        else:
            expect(projector.get_by_role("complementary", name="Join on your phone")).to_be_visible()
        assert_accessible(projector, f"the projector at step {step.position + 1} ({step.kind})")
        projector.get_by_role("button", name="Shortcuts").click()
        expect(projector.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
        assert_accessible(projector, f"the projector's shortcut list at step {step.position + 1}")
    finally:
        projector.close()


def test_control_page(room):
    room.go_to(CHOICE)
    room.laptop.goto(room.path)
    expect(room.laptop.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(room.laptop.get_by_role("region", name=re.compile(rf"^Step {CHOICE.position + 1} of \d+: "))).to_be_visible()
    assert_accessible(room.laptop, "the control page")


def test_dashboard(room):
    room.laptop.goto("/f/")
    expect(room.laptop.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(room.laptop, "the dashboard")


def test_companies_and_new_session_pages(room):
    room.laptop.goto("/f/companies")
    expect(room.laptop.get_by_role("textbox", name=f"Name of {BONA}", exact=True)).to_have_value(BONA)
    assert_accessible(room.laptop, "the companies page")
    room.laptop.goto("/f/sessions/new")
    expect(room.laptop.get_by_role("checkbox", name=BONA)).to_be_visible()
    assert_accessible(room.laptop, "the new-session page")


def test_summary_page(room):
    room.laptop.goto(room.path + "/summary")
    expect(room.laptop.get_by_role("heading", name=re.compile(r"^Summary: "), level=1)).to_be_visible()
    expect(room.laptop.get_by_role("region", name=BONA).first).to_be_visible()
    assert_accessible(room.laptop, "the summary page")
