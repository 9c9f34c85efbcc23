"""The README's screenshots: `python -m tests.browser.screenshots` (or `make screenshots`).

Starts its own server on an empty database in a temporary folder, runs the built-in template with two companies
and eight phones (one of them a real browser, the others over HTTP as phones without JavaScript post their
answers), and writes docs/screenshots/projector-N-<kind>.png (1920×1080) and phone-N-<kind>.png (390×844)
for the steps README.md shows, the projector with the results revealed wherever the step has results.

README.md names the files; each `<kind>` is matched, in order, to the built-in template's steps of that kind
("welcome" is the info step with the join code, "info" the other info steps), so the pictures follow the
template when it changes.
"""
import re
import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.conftest import PHONE, PROJECTOR, TIMEOUT_MS, Step, builtin_steps, launch, log_in, start_site
from tests.support.phones import TIMEOUT, Facilitator, csrf_from, join_over_http

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
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


class HttpPhone:
    """A phone without JavaScript: its answer form posts to /p/<code>/answer."""

    def __init__(self, base_url: str, code: str, company_id: int, nickname: str):
        joined = join_over_http(base_url, code, company_id, nickname)
        self.base_url, self.code = base_url, code
        self.http = requests.Session()
        self.http.headers["Cookie"] = joined.cookie

    def stage(self) -> str:
        return self.http.get(f"{self.base_url}/p/{self.code}", timeout=TIMEOUT).text

    def send(self, data: dict) -> str:
        """Posts one of the step's forms, as a phone without JavaScript does; returns the page it gets back."""
        stage = self.stage()
        step = re.search(r'data-answer-step="(\d+)"', stage).group(1)
        response = self.http.post(f"{self.base_url}/p/{self.code}/answer", timeout=TIMEOUT,
                                  data={"step": step, "csrf_token": csrf_from(stage), **data})
        assert response.status_code == 200, f"answer refused: {response.status_code} {data}"
        return response.text

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

    def upvote_first(self, count: int) -> None:
        """Upvotes the first `count` ideas on the board."""
        for item in re.findall(r'name="item" value="(\d+)"', self.stage())[:count]:
            self.send({"do": "vote", "item": item, "on": "1"})


def shots_in_readme() -> list[tuple[str, str]]:
    """(number, kind) of every docs/screenshots/projector-N-<kind>.png README.md shows, in order."""
    names = re.findall(r"docs/screenshots/projector-(\d+)-([a-z]+)\.png", (ROOT / "README.md").read_text())
    return list(dict.fromkeys(names))


def steps_for(shots: list[tuple[str, str]]) -> list[tuple[str, str, Step]]:
    """Each picture's step: the k-th README entry of a kind is the k-th step of that kind in the template."""
    pools: dict[str, list[Step]] = {}
    for step in builtin_steps():
        kind = "welcome" if step.kind == "info" and step.show_join else step.kind
        pools.setdefault(kind, []).append(step)
    chosen = []
    for number, kind in shots:
        assert pools.get(kind), f"README.md shows a {kind} step the template does not have (enough of)"
        chosen.append((number, kind, pools[kind].pop(0)))
    return chosen


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


def on_a_fresh_site(run) -> None:
    """Runs `run(browser, site)` against a server on an empty database in a temporary folder."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="verkstad-shots-") as folder:
        site = start_site(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                run(browser, site)
                browser.close()
        finally:
            site.process.stop()


def main() -> int:
    on_a_fresh_site(lambda browser, site: run(browser, site.url))
    for number, kind in shots_in_readme():
        print(f"docs/screenshots/projector-{number}-{kind}.png  docs/screenshots/phone-{number}-{kind}.png")
    return 0


def run(browser, base_url: str) -> None:
    coach = Facilitator(base_url)
    company_ids = [coach.create_company(name) for name in COMPANIES]
    session_id = coach.create_session(company_ids, language="en")
    coach.act(session_id, "start")
    code = coach.join_code(session_id)

    laptop_context = browser.new_context(base_url=base_url, locale="en-GB", **PROJECTOR)
    laptop_context.set_default_timeout(TIMEOUT_MS)
    projector = laptop_context.new_page()
    log_in(projector)
    projector.goto(f"/f/sessions/{session_id}/projector")

    phone_context = browser.new_context(base_url=base_url, locale="en-GB", **PHONE)
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    company, nickname, option, first, second = BROWSER_PHONE
    phone.goto(f"/j/{code}")
    phone.get_by_role("radio", name=COMPANIES[company], exact=True).check()
    phone.get_by_label("Nickname").fill(nickname)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name=builtin_steps()[0].title)).to_be_visible()

    others = [HttpPhone(base_url, code, company_ids[c], name) for c, name, *_ in PEOPLE]
    for name in COMPANIES:  # everyone is counted on the projector before the first picture
        expect(projector.get_by_role("region", name="Results").get_by_role("listitem")
               .filter(has_text=name)).to_have_text(re.compile(r"\s4$"))

    ratings_given = 0
    for number, kind, step in steps_for(shots_in_readme()):
        go_to(coach, base_url, session_id, step.position)
        expect(projector.get_by_role("heading", name=step.title, level=1)).to_be_visible()
        expect(phone.get_by_role("heading", name=step.title, exact=True)).to_be_visible()
        answer_step(step, others, phone, ratings_given)
        ratings_given += step.kind == "rating"
        if step.kind not in ("info", "summary") or step.position == THOUGHTS_STEP:
            if step.kind not in ("kpi", "commitments", "info", "ideas"):
                expect(phone.get_by_role("status").filter(has_text="Your answer is saved.")).to_be_visible()
            phone.screenshot(path=str(OUT / f"phone-{number}-{kind}.png"))  # before the reveal re-renders it
            projector.keyboard.press("h")
            expect(projector.get_by_text("Results are hidden.", exact=False)).to_have_count(0)
        else:
            phone.screenshot(path=str(OUT / f"phone-{number}-{kind}.png"))
        if step.kind == "summary":
            expect(projector.get_by_role("region", name="Results").get_by_text("8 answers", exact=True).first).to_be_visible()
        projector.mouse.move(960, 540)  # the pointer away from the corner buttons
        projector.screenshot(path=str(OUT / f"projector-{number}-{kind}.png"))

    laptop_context.close()
    phone_context.close()
    coach.close()


if __name__ == "__main__":
    sys.exit(main())
