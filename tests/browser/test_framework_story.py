"""The complete built-in template in a real room: two companies with three phones each answer every step, the
facilitator reveals, locks, starts a countdown and hides an idea, two phones of one company edit its KPIs at
once, and the re-rating shows each company's change."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import builtin_steps, log_in
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

ACME, BONA = "Acme AB", "Böna & Co"
SAVED = "Your answer is saved."
CLOSED = "Voting is closed for this question."
SPAM = "Buy followers cheap"


def status(phone: Page):
    """The phone's announcement after a tap (the live region under the step, not the points counter)."""
    return phone.get_by_role("status").filter(has_not_text=re.compile(r"^-?\d+$"))


def heading(page: Page, position: int):
    return page.get_by_role("heading", name=builtin_steps()[position].title, level=1)


def add(phone: Page, label: str, button: str, text: str, message: str = "Added. Thank you!") -> None:
    phone.get_by_label(label).fill(text)
    phone.get_by_role("button", name=button).click()
    expect(status(phone)).to_have_text(message)


CONCERNS = ("Security on the net", "Time", "The net's negative sides: careless posting, being criticised in public",
            "Trolls in the comments")  # the last one added by a phone


def rate_all(phone: Page, value: int) -> None:
    for concern in CONCERNS:
        phone.get_by_role("group", name=concern, exact=True).get_by_role("radio", name=str(value), exact=True).check()
        expect(status(phone)).to_have_text(SAVED)


def send_points(phone: Page, spend: dict[str, int], message: str = SAVED) -> None:
    for habit, points in spend.items():
        phone.get_by_label(habit, exact=True).fill(str(points))
    phone.get_by_role("button", name="Send answer").click()
    expect(status(phone)).to_have_text(message)


def test_the_complete_framework_with_two_companies(screens, site):
    coach = Facilitator(site.url)
    companies = [coach.create_company(name) for name in (ACME, BONA)]
    session_id, code = coach.live_session(companies)
    coach.close()

    laptop = screens.projector()
    log_in(laptop)
    laptop.goto(f"/f/sessions/{session_id}")
    projector = laptop.context.new_page()
    projector.goto(f"/f/sessions/{session_id}/projector")
    expect(heading(projector, 0)).to_be_visible()

    phones: dict[str, Page] = {}
    for name, company in (("a1", ACME), ("a2", ACME), ("a3", ACME), ("b1", BONA), ("b2", BONA), ("b3", BONA)):
        phone = screens.phone()
        phone.goto(f"/j/{code}")
        phone.get_by_role("radio", name=company, exact=True).check()
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_text(f"You are in, {company}.", exact=False)).to_be_visible()
        phones[name] = phone
    acme = [phones["a1"], phones["a2"], phones["a3"]]
    bona = [phones["b1"], phones["b2"], phones["b3"]]

    def next_step(position: int) -> None:
        projector.keyboard.press("ArrowRight")
        expect(heading(projector, position)).to_be_visible()
        for phone in phones.values():
            expect(phone.get_by_role("heading", name=builtin_steps()[position].title, exact=True)).to_be_visible()

    results = projector.get_by_role("region", name="Results")

    # 2. The warm-up poll.
    next_step(1)
    for phone, option in zip(phones.values(), ["Blogs and newsletters", "Colleagues", "I don't",
                                               "Conferences and seminars", "Conferences and seminars", "Colleagues"]):
        phone.get_by_role("radio", name=option, exact=True).check()
        expect(status(phone)).to_have_text(SAVED)
    projector.keyboard.press("h")
    expect(results.get_by_text("6 answers", exact=True)).to_be_visible()

    # 3. The concerns: one phone adds its own, the others get it to rate; Acme worries more than Böna.
    next_step(2)
    add(phones["a1"], "Missing something? Add it for everyone to rate", "Add", "Trolls in the comments")
    for phone in phones.values():
        expect(phone.get_by_role("group", name="Trolls in the comments", exact=True)).to_be_visible()
    for phone in acme:
        rate_all(phone, 5)
    for phone in bona:
        rate_all(phone, 2)

    # 4. The knife: a thought, revealed on the projector.
    next_step(3)
    add(phones["b1"], "Your thought", "Post thought", "A knife cuts bread and fingers")
    projector.keyboard.press("h")
    expect(results.get_by_text("A knife cuts bread and fingers")).to_be_visible()

    # 5. Ideas, upvotes, and one idea hidden by the facilitator: gone from every phone and the projector.
    next_step(4)
    add(phones["a1"], "Your idea", "Add idea", "Customers find us")
    add(phones["b1"], "Your idea", "Add idea", SPAM)
    add(phones["a2"], "Your idea", "Add idea", "Faster answers than e-mail")
    for phone in phones.values():
        idea = phone.get_by_role("listitem").filter(has_text="Customers find us")
        idea.get_by_role("checkbox", name=re.compile("^Upvote")).check()
        expect(status(phone)).to_have_text(SAVED)
    projector.keyboard.press("h")
    expect(results.get_by_role("listitem").filter(has_text="Customers find us")).to_contain_text("6 votes")
    expect(results.get_by_text(SPAM)).to_be_visible()
    laptop.get_by_role("listitem").filter(has_text=SPAM).get_by_role("button", name="Hide").click()
    expect(results.get_by_text(SPAM)).to_have_count(0)
    for phone in phones.values():
        expect(phone.get_by_text(SPAM)).to_have_count(0)
        expect(phone.get_by_text("Faster answers than e-mail")).to_be_visible()

    # 6. Minutes a week: a countdown runs; the projector shows the median.
    next_step(5)
    projector.keyboard.press("t")
    expect(projector.get_by_role("timer")).to_be_visible()
    for phone, minutes in zip(phones.values(), (20, 30, 45, 60, 90, 120)):
        phone.get_by_label(re.compile("^Your estimate")).fill(str(minutes))
        phone.get_by_role("button", name="Send answer").click()
        expect(status(phone)).to_have_text(SAVED)
    projector.keyboard.press("h")
    expect(results).to_contain_text("Median: 52.5 minutes")

    # 7. Dot-voting: over budget is refused, then a spend within it counts.
    next_step(6)
    send_points(phones["a1"], {"Plan posts a week ahead": 3, "Schedule posts with a tool": 1},
                "You have 3 points to spend. Take points back before you send.")
    for phone in phones.values():
        send_points(phone, {"Plan posts a week ahead": 2, "Schedule posts with a tool": 1})
    projector.keyboard.press("h")
    expect(results.get_by_role("listitem").filter(has_text="Plan posts a week ahead")).to_contain_text("12 points")

    # 8. What's in it for you.
    next_step(7)
    add(phones["b2"], "Your idea", "Add idea", "I learn what customers really say")

    # 9. KPIs: two Acme phones edit the company's list at once and see each other's changes live.
    next_step(8)
    a1, a2 = phones["a1"], phones["a2"]
    a1.get_by_label("From the list").select_option(label="Followers")
    a2.get_by_label("Or your own KPI").fill("Newsletter sign-ups")
    a1.get_by_role("button", name="Add KPI").click()
    a2.get_by_role("button", name="Add KPI").click()
    for phone in (a1, a2, phones["a3"]):
        expect(phone.get_by_role("group", name=re.compile("^Followers"))).to_be_visible()
        expect(phone.get_by_role("group", name=re.compile("^Newsletter sign-ups"))).to_be_visible()
    for phone in bona:
        expect(phone.get_by_role("group", name=re.compile("^Followers"))).to_have_count(0)
    followers = a1.get_by_role("group", name=re.compile("^Followers"))
    followers.get_by_label("Baseline").fill("120")
    followers.get_by_label("Target").fill("500")
    a1.get_by_role("button", name="Save").first.click()
    newsletter = a2.get_by_role("group", name=re.compile("^Newsletter sign-ups"))
    newsletter.get_by_label("Target").fill("80")
    a2.get_by_role("button", name="Save").nth(1).click()
    expect(a2.get_by_role("group", name=re.compile("^Followers")).get_by_label("Target")).to_have_value("500")
    expect(a1.get_by_role("group", name=re.compile("^Newsletter sign-ups")).get_by_label("Target")).to_have_value("80")
    phones["b1"].get_by_label("From the list").select_option(label="Leads")
    phones["b1"].get_by_role("button", name="Add KPI").click()
    projector.keyboard.press("h")
    expect(results.get_by_role("table", name=ACME).get_by_role("row", name=re.compile("^Followers"))).to_contain_text(
        "120")

    # 10. The concerns again: Acme calmer, Böna unchanged; the projector shows each company's change.
    next_step(9)
    for phone in phones.values():
        expect(phone.get_by_role("group", name="Trolls in the comments", exact=True)).to_be_visible()
    for phone in acme:
        rate_all(phone, 3)
    for phone in bona:
        rate_all(phone, 2)
    projector.keyboard.press("h")
    trolls = results.get_by_role("listitem").filter(has_text="Trolls in the comments")
    expect(trolls).to_contain_text("before 3.5, change −1.0")
    laptop.get_by_label("Results on the projector").select_option(label=ACME)
    expect(trolls).to_contain_text("before 5.0, change −2.0")
    laptop.get_by_label("Results on the projector").select_option(label=BONA)
    expect(trolls).to_contain_text("before 2.0, change +0.0")
    laptop.get_by_label("Results on the projector").select_option(label="Whole room")
    projector.keyboard.press("l")
    for phone in phones.values():
        expect(phone.get_by_text(CLOSED).first).to_be_visible()

    # 11. Next steps, per company.
    next_step(10)
    phones["a3"].get_by_label("What").fill("Plan the week's posts on Mondays")
    phones["a3"].get_by_label("Who").fill("Ann")
    phones["a3"].get_by_role("button", name="Add next step").click()
    expect(status(phones["a3"])).to_have_text("Added to your company's next steps.")
    expect(phones["a1"].get_by_role("group", name="Next step 1")).to_be_visible()

    # 12. The summary: the room on the projector, each company's own on its phones; the hidden idea nowhere.
    next_step(11)
    expect(phones["b3"].get_by_role("heading", name=f"Results of {BONA}")).to_be_visible()
    expect(projector.get_by_text(SPAM)).to_have_count(0)
    summary = laptop.context.new_page()
    summary.goto(f"/f/sessions/{session_id}/summary")
    expect(summary.get_by_text("Customers find us").first).to_be_visible()
    expect(summary.get_by_text(SPAM)).to_have_count(0)
    markdown = laptop.context.request.get(f"/f/sessions/{session_id}/export.md").text()
    assert "Customers find us" in markdown and "Plan the week's posts on Mondays" in markdown
    assert SPAM not in markdown
