"""A session filled over HTTP, as a room of phones without JavaScript fills it: realistic answers for every step of
the built-in template (tests/browser/test_projector_room.py)."""
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Step, builtin_steps
from tests.support.phones import TIMEOUT, Facilitator
from tests.support.screen_states import HttpPhone as _HttpPhone

COMPANIES = ("Nordljus AB", "Böna & Co")
CONCERNS = ("Security on the net", "Time", "The net's negative sides: careless posting, being criticised in public")
# The HTTP phones: company index, nickname, poll option (0-based), first rating, second rating (per concern).
PEOPLE = [
    (0, "Sara", 0, (4, 5, 3), (2, 4, 2)),
    (0, "Jonas", 1, (3, 5, 4), (2, 3, 3)),
    (0, "", 3, (5, 4, 4), (3, 3, 2)),
    (1, "Ali", 0, (2, 5, 5), (1, 4, 3)),
    (1, "", 2, (3, 4, 5), (2, 4, 3)),
    (1, "Maja", 1, (4, 3, 4), (3, 2, 2)),
    (0, "", 4, (1, 5, 3), (1, 4, 2)),
]
BROWSER_PHONE = (1, "Eva", "Conferences and seminars", (4, 5, 4), (2, 3, 3))  # the phone in the pictures


class HttpPhone(_HttpPhone):
    """A phone without JavaScript that answers a step by what it asks (an option, ratings, points, a number)."""

    def answer(self, fields: dict) -> None:
        stage = self.stage()
        options = [int(v) for v in re.findall(r'name="option" value="(\d+)"', stage)]
        items = [int(v) for v in dict.fromkeys(re.findall(r'name="item-(\d+)"', stage))]
        data = {}
        if "option" in fields:
            data["option"] = str(options[fields["option"]])
        for index, value in enumerate(fields.get("ratings", ())):
            data[f"item-{items[index]}"] = str(value)
        for index, value in enumerate(fields.get("points", ())):
            if value:
                data[f"item-{items[index]}"] = str(value)
        if "number" in fields:
            data["number"] = str(fields["number"])
        self.send(data)


def go_to(coach: Facilitator, base_url: str, session_id: int, position: int) -> None:
    response = coach.http.post(f"{base_url}/f/sessions/{session_id}/step", timeout=TIMEOUT,
                               data={"position": str(position), "csrf_token": coach.csrf})
    assert response.status_code in (200, 302), response.status_code


def rate_in_browser(phone: Page, ratings) -> None:
    for concern, value in zip(CONCERNS, ratings):
        phone.get_by_role("group", name=concern, exact=True).get_by_role("radio", name=str(value), exact=True).check()
        expect(phone.get_by_role("status").filter(has_text="Your answer is saved.")).to_be_visible()


THOUGHTS_STEP = next(step.position for step in builtin_steps() if step.kind == "info" and not step.show_join)
IDEAS = ["Customers tell us what they miss", "We are found when they search", "Faster answers than e-mail",
         "Happy customers share it on", "Hiring gets easier"]
PERSONAL = ["I learn what customers really say", "A network beyond my town", "Pride in what we make"]
MINUTES = [30, 45, 20, 60, 90, 40, 15]
HABIT_POINTS = [(2, 0, 1), (0, 3, 0), (1, 1, 1), (3, 0, 0), (0, 0, 3), (2, 1, 0), (1, 0, 2)]


def answer_step(step: Step, others: list["HttpPhone"], phone: Page | None, ratings_given: int) -> None:
    """Realistic answers for the pictures: the HTTP phones first, then the phone in the picture (if any)."""
    company, nickname, option, first, second = BROWSER_PHONE
    if step.kind == "choice":
        for other, person in zip(others, PEOPLE):
            other.answer({"option": person[2]})
        if phone:
            phone.get_by_role("radio", name=option, exact=True).check()
    elif step.kind == "rating":
        for other, person in zip(others, PEOPLE):
            other.answer({"ratings": person[3 + min(ratings_given, 1)]})
        if phone:
            rate_in_browser(phone, (first, second)[min(ratings_given, 1)])
    elif step.position == THOUGHTS_STEP:
        for other, thought in zip(others, ("A knife cuts bread and fingers", "Intent is everything")):
            other.send({"do": "add", "text": thought})
        if phone:
            expect(phone.get_by_text("Intent is everything")).to_be_visible()
    elif step.kind == "ideas":
        texts = IDEAS if step.position < THOUGHTS_STEP + 3 else PERSONAL
        for other, text in zip(others, texts):
            other.send({"do": "add", "text": text})
        for other, count in zip(others, (1, 2, 1, 3, 2, 1, 2)):
            other.upvote_first(count)
        if phone:
            expect(phone.get_by_text(texts[-1])).to_be_visible()
    elif step.kind == "number":
        for other, minutes in zip(others, MINUTES):
            other.answer({"number": minutes})
        if phone:
            phone.get_by_label(re.compile("^Your estimate")).fill("35")
            phone.get_by_role("button", name="Send answer").click()
    elif step.kind == "points":
        for other, spend in zip(others, HABIT_POINTS):
            other.answer({"points": spend})
        if phone:
            phone.get_by_label("Plan posts a week ahead").fill("2")
            phone.get_by_label("Schedule posts with a tool").fill("1")
            phone.get_by_role("button", name="Send answer").click()
    elif step.kind == "kpi":
        mate = next(other for other, person in zip(others, PEOPLE) if person[0] == company)
        rival = next(other for other, person in zip(others, PEOPLE) if person[0] != company)
        for key in ("followers", "leads", "tone"):
            mate.send({"do": "add", "catalogue": key})
        rival.send({"do": "add", "catalogue": "engagement"})
        kpis = dict.fromkeys(re.findall(r'name="kpi" value="(\d+)"', mate.stage()))
        for kpi, (baseline, target) in zip(kpis, ((850, 1500), (4, 12), (3, 4))):
            mate.send({"do": "save", "kpi": kpi, "baseline": str(baseline), "target": str(target), "due": "2027-03-31"})
        if phone:
            expect(phone.get_by_role("group", name=re.compile("^Leads"))).to_be_visible()
    elif step.kind == "commitments":
        for other, (company_index, nick, *_rest) in zip(others, PEOPLE):
            if nick:
                other.send({"do": "add", "text": f"Plan the week's posts on Mondays ({nick})", "owner": nick})
        if phone:
            expect(phone.get_by_role("group", name="Next step 1")).to_be_visible()


