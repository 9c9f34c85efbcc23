"""What the room sees on the projector, measured as a person sees it: next steps readable, every step of the
summary reachable on a 1080- and a 720-line screen, the countdown clear of the corner buttons, fast key presses
counted, a locked vote shown, the change since the first rating as large as its label, and no count of answers
on a slide that asks nothing. A Swedish session of the built-in template, two companies with long names."""
import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import builtin_steps
from tests.support.filled_session import PEOPLE, HttpPhone, answer_step, go_to
from tests.support.phones import Facilitator
from tests.support.server import ROOT

pytestmark = pytest.mark.browser

COMPANIES = ("Nordljus Fastighetsförvaltning i Västra Götaland AB", "Böna & Co Kafferosteri och Konditori")
LONG_NEXT_STEP = ("Vi planerar veckans inlägg på måndagsmötet och delar svaren på kommentarer mellan säljavdelningen "
                  "och kundtjänsten")
LONG_OWNER = "Sara Lindqvist-Öberg"
SIZES = [(1920, 1080), (1280, 720)]
SWEDISH_TITLES = [step["title"]["sv"] for step in
                  json.loads((ROOT / "workshop" / "content" / "social_media.json").read_text("utf-8"))["steps"]]
STEPS = builtin_steps()
SUMMARY = next(step for step in STEPS if step.kind == "summary")
NEXT_STEPS = next(step for step in STEPS if step.kind == "commitments")
SECOND_RATING = [step for step in STEPS if step.kind == "rating"][1]
FIRST_RATING = [step for step in STEPS if step.kind == "rating"][0]
WELCOME = next(step for step in STEPS if step.show_join)
CHOICE = next(step for step in STEPS if step.kind == "choice")
# The summary's cards: every step before it that has results (all of them in the built-in template).
CARD_TITLES = SWEDISH_TITLES[:SUMMARY.position]

# Contrast of an element's text against the first opaque background behind it (WCAG's formula).
CONTRAST_JS = """el => {
  const parts = (value) => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  let behind = el, background = null;
  while (behind) {
    const colour = parts(getComputedStyle(behind).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { background = colour; break; }
    behind = behind.parentElement;
  }
  const [light, dark] = [luminance(parts(getComputedStyle(el).color)), luminance(background || [255, 255, 255])]
    .sort((a, b) => b - a);
  return (light + .05) / (dark + .05);
}"""
FONT_PX_JS = "el => parseFloat(getComputedStyle(el).fontSize)"
# Whether the element's text is on top at each corner of the box the text takes (nothing lies over it).
TEXT_UNCOVERED_JS = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const box = range.getBoundingClientRect();
  const corners = [[box.left + 2, box.top + 2], [box.right - 2, box.top + 2], [box.left + 2, box.bottom - 2],
                   [box.right - 2, box.bottom - 2]];
  return corners.map(([x, y]) => { const hit = document.elementFromPoint(x, y); return !!hit && el.contains(hit); });
}"""
# The summary cards a person sees whole: inside the window, and on top at all four corners.
WHOLE_CARDS_JS = """region => Array.from(region.querySelectorAll(".results-title")).filter((title) => {
  const card = title.closest(".results");
  const box = card.getBoundingClientRect();
  if (box.width === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
  return [[box.left + 3, box.top + 3], [box.right - 3, box.top + 3], [box.left + 3, box.bottom - 3],
          [box.right - 3, box.bottom - 3]].every(([x, y]) => card.contains(document.elementFromPoint(x, y)));
}).map((title) => title.textContent.trim())"""


def measure(locator, script: str):
    """`script` run on the element, again when a live update had just replaced the element with a new one."""
    for _attempt in range(5):
        value = locator.evaluate(f"el => el.isConnected ? ({script})(el) : null")
        if value is not None:
            return value
    raise AssertionError(f"{locator} kept being replaced")


def fill_room(base_url: str) -> tuple[Facilitator, int]:
    """A live Swedish session with seven phones that answered every step; every step's results are shown except
    the welcome slide's. Returns the facilitator and the session's id."""
    coach = Facilitator(base_url)
    company_ids = [coach.create_company(name) for name in COMPANIES]
    session_id = coach.create_session(company_ids, language="sv")
    coach.act(session_id, "start")
    code = coach.join_code(session_id)
    phones = [HttpPhone(base_url, code, company_ids[company], nickname) for company, nickname, *_ in PEOPLE]
    ratings_given = 0
    for step in STEPS[1:SUMMARY.position]:
        go_to(coach, base_url, session_id, step.position)
        answer_step(step, phones, None, ratings_given)
        ratings_given += step.kind == "rating"
        if step is NEXT_STEPS:
            phones[0].send({"do": "add", "text": LONG_NEXT_STEP, "owner": LONG_OWNER})
        coach.act(session_id, "results")
    return coach, session_id


@pytest.fixture(scope="module")
def room(site):
    coach, session_id = fill_room(site.url)
    yield coach, session_id
    coach.close()


def open_projector(screens, coach: Facilitator, session_id: int, width=1920, height=1080) -> Page:
    """The projector window of a laptop where the facilitator is logged in (the same login as `coach`)."""
    page = screens.projector(width, height)
    page.context.add_cookies([{"name": cookie.name, "value": cookie.value, "url": coach.base_url}
                              for cookie in coach.http.cookies])
    page.goto(f"/f/sessions/{session_id}/projector")
    page.wait_for_load_state("load")  # keys work once the deferred scripts ran
    page.mouse.move(width / 2, height / 2)  # the pointer away from the corner buttons
    return page


def projector_at(screens, room, step, width=1920, height=1080) -> Page:
    coach, session_id = room
    go_to(coach, coach.base_url, session_id, step.position)
    page = open_projector(screens, coach, session_id, width, height)
    expect(page.get_by_role("heading", name=SWEDISH_TITLES[step.position], level=1)).to_be_visible()
    return page


def step_count(page: Page, position: int):
    return page.get_by_text(f"Steg {position + 1} av {len(STEPS)}", exact=True)


def test_next_steps_are_readable_on_the_projector(screens, room):
    projector = projector_at(screens, room, NEXT_STEPS)
    next_step = projector.get_by_role("region", name="Resultat").get_by_role("listitem").filter(
        has_text=LONG_NEXT_STEP)
    expect(next_step).to_be_visible()
    assert measure(next_step, CONTRAST_JS) >= 4.5
    assert measure(next_step.get_by_text(LONG_OWNER, exact=False), CONTRAST_JS) >= 4.5


@pytest.mark.parametrize("width, height", SIZES)
def test_every_summary_card_can_be_reached_by_paging(screens, room, width, height):
    projector = projector_at(screens, room, SUMMARY, width, height)
    results = projector.get_by_role("region", name="Resultat")
    expect(results.get_by_text(CARD_TITLES[-1], exact=True)).to_be_attached()  # on a hidden page, maybe
    pages = projector.get_by_text(re.compile(r"^Sida \d+ av \d+$"))
    seen: list[str] = measure(results, WHOLE_CARDS_JS)
    total = int(pages.inner_text().split()[-1]) if pages.count() else 1
    for page_number in range(2, total + 1):
        projector.keyboard.press("ArrowRight")
        expect(pages).to_have_text(f"Sida {page_number} av {total}")
        seen += measure(results, WHOLE_CARDS_JS)
    assert sorted(set(seen)) == sorted(CARD_TITLES), f"cards never seen whole: {set(CARD_TITLES) - set(seen)}"
    assert len(seen) == len(CARD_TITLES), f"a card shown on two pages: {seen}"

    # ← turns back page by page, and on the first page goes back to the step before, as it always did.
    for page_number in range(total - 1, 0, -1):
        projector.keyboard.press("ArrowLeft")
        expect(pages).to_have_text(f"Sida {page_number} av {total}")
    projector.keyboard.press("ArrowLeft")
    expect(projector.get_by_role("heading", name=SWEDISH_TITLES[NEXT_STEPS.position], level=1)).to_be_visible()


@pytest.mark.parametrize("width, height", SIZES)
def test_the_countdown_is_not_covered(screens, room, width, height):
    coach, session_id = room
    ideas = [step for step in STEPS if step.kind == "ideas"][-1]  # the longest title
    projector = projector_at(screens, room, ideas, width, height)
    projector.keyboard.press("t")
    countdown = projector.get_by_role("timer", name="Tid kvar")
    expect(countdown).to_have_text(re.compile(r"^[01]:\d\d$"))
    try:
        assert measure(countdown, TEXT_UNCOVERED_JS) == [True] * 4
        title = projector.get_by_role("heading", level=1).bounding_box()
        clock = countdown.bounding_box()
        assert (title["x"] + title["width"] <= clock["x"] or clock["y"] + clock["height"] <= title["y"]
                or title["y"] + title["height"] <= clock["y"]), f"the countdown lies over the title: {title} {clock}"
    finally:
        coach.act(session_id, "stop_timer")
    expect(countdown).to_have_count(0)


def test_three_presses_without_a_gap_move_three_steps(screens, room):
    projector = projector_at(screens, room, CHOICE)
    for _press in range(3):
        projector.keyboard.press("ArrowRight")
    expect(step_count(projector, CHOICE.position + 3)).to_be_visible()
    expect(projector.get_by_role("heading", name=SWEDISH_TITLES[CHOICE.position + 3], level=1)).to_be_visible()
    for _press in range(3):  # and back, as held down: the key repeats
        projector.keyboard.down("ArrowLeft")
    projector.keyboard.up("ArrowLeft")
    expect(step_count(projector, CHOICE.position)).to_be_visible()
    expect(projector.get_by_role("heading", name=SWEDISH_TITLES[CHOICE.position], level=1)).to_be_visible()


@pytest.mark.parametrize("language, locked", [("sv", "Röstningen är låst"), ("en", "Voting locked")])
def test_the_projector_shows_that_voting_is_locked(screens, room, language, locked):
    coach, session_id = room
    if language != "sv":
        session_id = coach.create_session(list(coach.companies().values()), language=language)
        coach.act(session_id, "start")
    go_to(coach, coach.base_url, session_id, FIRST_RATING.position)
    projector = open_projector(screens, coach, session_id)
    expect(projector.get_by_role("heading", level=1)).to_have_text(re.compile(r"\S"))
    expect(projector.get_by_text(locked, exact=True)).to_have_count(0)
    projector.keyboard.press("l")
    notice = projector.get_by_role("status").filter(has_text=locked)
    expect(notice).to_be_visible()
    assert measure(notice, CONTRAST_JS) >= 4.5
    assert measure(notice, TEXT_UNCOVERED_JS) == [True] * 4
    projector.keyboard.press("l")
    expect(projector.get_by_text(locked, exact=True)).to_have_count(0)


def test_the_change_since_the_first_rating_is_as_large_as_its_label(screens, room):
    projector = projector_at(screens, room, SECOND_RATING)
    results = projector.get_by_role("region", name="Resultat")
    changes = results.get_by_text(re.compile(r"förändring [+−]?\d"))
    expect(changes.first).to_be_visible()
    assert changes.count() == 3
    for index in range(changes.count()):
        change = changes.nth(index)
        label_px = measure(change.locator("xpath=ancestor::li[1]").locator(".bar-label"), FONT_PX_JS)
        change_px = measure(change, FONT_PX_JS)
        assert change_px >= label_px, f"the change is {change_px}px beside {label_px}px labels"
        assert measure(change, TEXT_UNCOVERED_JS) == [True] * 4


def test_a_slide_without_a_question_counts_no_answers(screens, room):
    projector = projector_at(screens, room, WELCOME)
    results = projector.get_by_role("region", name="Resultat")
    expect(results.get_by_role("listitem").filter(has_text=COMPANIES[0])).to_be_visible()  # the region is there
    expect(results.get_by_text("Resultaten är dolda", exact=False)).to_have_count(0)
    expect(results.get_by_text("svar hittills", exact=False)).to_have_count(0)
