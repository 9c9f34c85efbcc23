"""What the room saw wrong on the phones, each as a person with a phone in hand notices it: the colour a refusal
is written in, a page that scrolls sideways, a "Reconnecting…" that flashes while joining, an answered step that
forgets it was answered, a message under the wrong step, dot-voting by tapping, and Save buttons a screen
reader can tell apart."""
import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import builtin_step, builtin_steps
from tests.support.phones import Facilitator

pytestmark = pytest.mark.browser

POLL = builtin_step("How do you keep up with social media?")
KNIFE = builtin_step("The internet is a knife")
IDEAS = builtin_step("Incentive: the benefit for the company")
POINTS = builtin_step("Habits that save time")
KPIS = builtin_step("Effect: choose your KPIs")
NEXT_STEPS = builtin_step("Next steps")
SUMMARY = builtin_step("Summary")
PHONE_SIZES = ({"width": 390, "height": 844}, {"width": 320, "height": 640})
_names = itertools.count(1)


# --- a room -------------------------------------------------------------------------------------------------------
class Room:
    """A live session of the built-in template with one company, driven by the facilitator over HTTP."""

    def __init__(self, site, language: str = "en", company: str = "Acme AB"):
        self.coach = Facilitator(site.url)
        self.company = f"{company} {next(_names)}"  # every test its own company, on the module's one database
        self.session_id = self.coach.create_session([self.coach.create_company(self.company)], language)
        self.coach.act(self.session_id, "start")
        self.code = self.coach.join_code(self.session_id)
        self.position = 0

    def join(self, screens, continue_label: str = "Continue") -> Page:
        phone = screens.phone()
        phone.goto(f"/j/{self.code}")
        phone.get_by_role("radio", name=self.company, exact=True).check()
        phone.get_by_role("button", name=continue_label).click()
        expect(phone.locator("#phone-stage")).to_be_visible()
        phone.wait_for_function("() => document.body.dataset.connection === 'online'")
        return phone

    def go_to(self, position: int, *phones: Page) -> None:
        while self.position < position:
            self.coach.act(self.session_id, "next")
            self.position += 1
        for phone in phones:
            expect(phone.locator("#phone-stage .step-count")).to_contain_text(f" {position + 1} ")

    def close(self) -> None:
        self.coach.close()


@pytest.fixture
def room(site):
    made = Room(site)
    yield made
    made.close()


@pytest.fixture
def swedish_room(site):
    made = Room(site, "sv", "Långtidsplaneringsbyrån Öresund")
    yield made
    made.close()


def answer_status(phone: Page):
    return phone.locator("#answer-status")


def stage(phone: Page, step) -> object:
    """The step on the phone: the region named by its title."""
    return phone.get_by_role("region", name=step.title, exact=True)


# --- colours ------------------------------------------------------------------------------------------------------
COLOURS_JS = """(element) => {
    const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
    let node = element, background = [0, 0, 0, 0];
    while (node && node.nodeType === 1) {  // the first ancestor that paints a background
        background = rgb(getComputedStyle(node).backgroundColor);
        if (background.length === 3 || background[3] > 0) break;
        node = node.parentElement;
    }
    if (!node || node.nodeType !== 1) background = [255, 255, 255];
    return {colour: rgb(getComputedStyle(element).color).slice(0, 3), background: background.slice(0, 3)};
}"""


def contrast(one, other) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours_of(locator) -> dict:
    return locator.evaluate(COLOURS_JS)


def test_a_refusal_and_the_offline_notice_are_not_written_in_the_success_colour(screens, room):
    phone = room.join(screens)
    room.go_to(POINTS.position, phone)
    points = stage(phone, POINTS)

    points.get_by_label("Plan posts a week ahead", exact=True).fill("1")
    points.get_by_role("button", name="Send answer").click()
    expect(answer_status(phone)).to_have_text("Your answer is saved.")
    success = colours_of(answer_status(phone))["colour"]

    points.get_by_label("Plan posts a week ahead", exact=True).fill("0")
    points.get_by_role("button", name="Send answer").click()
    expect(answer_status(phone)).to_have_text("Spend at least one point.")  # refused by the server
    refused = colours_of(answer_status(phone))
    assert refused["colour"] != success, "a refusal is written in the success colour"
    assert contrast(refused["colour"], refused["background"]) >= 4.5

    phone.context.set_offline(True)
    phone.wait_for_function("() => document.body.dataset.connection === 'offline'")
    points.get_by_label("Plan posts a week ahead", exact=True).fill("2")
    points.get_by_role("button", name="Send answer").click()
    expect(answer_status(phone)).to_have_text("Offline: your answer will be sent when the connection is back.")
    queued = colours_of(answer_status(phone))
    assert queued["colour"] != success, "the offline notice is written in the success colour"
    assert queued["colour"] != refused["colour"], "the offline notice looks like a refusal"
    assert contrast(queued["colour"], queued["background"]) >= 4.5
    phone.context.set_offline(False)
    expect(answer_status(phone)).to_have_text("Your answer is saved.")


# --- no sideways scrolling ----------------------------------------------------------------------------------------
LONG_KPI = "Andelen återkommande kunder från Instagramkampanjerna"
UNBROKEN_KPI = "Kundnöjdhetsundersökningsresultatsförbättringen"


def sideways_overflow(phone: Page) -> list[str]:
    """For each phone size, how much wider than the screen the page is, where it is."""
    found = []
    for size in PHONE_SIZES:
        phone.set_viewport_size(size)
        wide = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            found.append(f"{size['width']} px: {wide} px too wide")
    phone.set_viewport_size(PHONE_SIZES[0])
    return found


def test_no_step_scrolls_sideways_on_a_phone_in_swedish(screens, swedish_room):
    room = swedish_room
    phone = room.join(screens, "Fortsätt")
    too_wide = {}
    for step in builtin_steps():
        room.go_to(step.position, phone)
        if step.position == KPIS.position:
            for own in (LONG_KPI, UNBROKEN_KPI):
                phone.get_by_label("Eller en egen KPI").fill(own)
                phone.get_by_role("button", name="Lägg till KPI").click()
                expect(phone.get_by_role("group", name=re.compile("^" + own))).to_be_visible()
            phone.get_by_label("Från listan").select_option(label="Trafik från sociala medier")
            phone.get_by_role("button", name="Lägg till KPI").click()
            row = phone.get_by_role("group", name=re.compile("^Trafik från sociala medier"))
            row.get_by_label("Utgångsläge").fill("12500,5")
            row.get_by_label("Mål").fill("1250000")
            row.get_by_label("Enhet").fill("besökare i månaden")
            row.get_by_label("Senast (datum)").fill("2027-06-30")
            phone.get_by_role("button", name=re.compile("^Spara")).last.click()  # the last row's
            expect(answer_status(phone)).to_have_text(re.compile(r"\S"))
        if step.position == NEXT_STEPS.position:
            phone.get_by_label("Vad").fill("Kundtjänstmedarbetarutbildningen i sociala medier före sommaren")
            phone.get_by_label("Vem").fill("Marknadsavdelningen")
            phone.get_by_role("button", name="Lägg till nästa steg").click()
            expect(phone.get_by_role("group", name="Nästa steg 1")).to_be_visible()
        overflow = sideways_overflow(phone)
        if overflow:
            too_wide[f"step {step.position + 1} ({step.kind})"] = overflow
    assert not too_wide, f"pages wider than the phone: {too_wide}"
    # The summary's KPI table is all on the screen, not in a part of it one must scroll to.
    kpis = phone.locator("#phone-stage").get_by_role("table")  # the company's own: no caption naming it again
    for size in PHONE_SIZES:
        phone.set_viewport_size(size)
        for figure in ("12500,5 besökare i månaden", "1250000 besökare i månaden", "2027-06-30"):
            box = kpis.get_by_text(figure, exact=True).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], f"{figure} off a {size['width']} px screen"


# --- the connection banner while joining --------------------------------------------------------------------------
BANNER_WATCH = """(() => {
    window.__bannerSeen = [];
    new MutationObserver(() => {
        const banner = document.getElementById("connection-banner");
        if (banner && banner.textContent.trim() && getComputedStyle(banner).display !== "none") {
            window.__bannerSeen.push(banner.textContent.trim());
        }
    }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})();"""


def test_a_phone_joining_never_shows_the_reconnecting_banner(screens, room):
    phone = screens.phone()
    phone.context.add_init_script(BANNER_WATCH)  # before any of the page's own scripts, on every page
    phone.goto(f"/j/{room.code}")
    phone.get_by_role("radio", name=room.company, exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(stage(phone, builtin_steps()[0])).to_be_visible()
    phone.wait_for_function("() => document.body.dataset.connection === 'online'")
    # Never "Reconnecting…" on the way in (a join on a slow network may say "Connecting…" after a few seconds).
    assert "Reconnecting…" not in phone.evaluate("window.__bannerSeen"), "the phone said it was reconnecting as it joined"

    # The watch does see the banner when the connection really goes.
    phone.context.set_offline(True)
    expect(phone.get_by_text("Reconnecting…")).to_be_visible()
    assert "Reconnecting…" in phone.evaluate("window.__bannerSeen")
    phone.context.set_offline(False)
    phone.wait_for_function("() => document.body.dataset.connection === 'online'")


# --- the answered state and where messages go ---------------------------------------------------------------------
ANSWERED = "You have answered. You can change your answer until voting closes."


def test_a_phone_still_shows_it_has_answered_after_a_countdown_starts_and_after_a_reconnect(screens, room):
    phone = room.join(screens)
    room.go_to(POLL.position, phone)
    poll = stage(phone, POLL)
    poll.get_by_role("radio", name="Colleagues", exact=True).check()
    expect(answer_status(phone)).to_have_text("Your answer is saved.")
    poll.get_by_role("heading", name=POLL.title).click()  # the person looks up at the screen

    room.coach.act(room.session_id, "timer")
    expect(poll.get_by_role("timer")).to_be_visible()
    expect(poll.get_by_text(ANSWERED)).to_be_visible()
    expect(poll.get_by_role("radio", name="Colleagues", exact=True)).to_be_checked()

    phone.context.set_offline(True)
    phone.wait_for_function("() => document.body.dataset.connection === 'offline'")
    phone.context.set_offline(False)
    phone.wait_for_function("() => document.body.dataset.connection === 'online'")
    expect(poll.get_by_text(ANSWERED)).to_be_visible()
    expect(poll.get_by_role("radio", name="Colleagues", exact=True)).to_be_checked()


STATUS_WATCH = """(() => {
    window.__said = [];  // every text the status line took, with the step shown at that moment
    const watch = () => {
        const status = document.getElementById("answer-status");
        if (!status) return false;
        new MutationObserver((records) => {
            const shown = document.querySelector("#phone-stage h1");
            for (const record of records) {
                for (const node of record.addedNodes) {
                    window.__said.push({text: node.textContent, step: shown ? shown.textContent : ""});
                }
            }
        }).observe(status, {childList: true});
        return true;
    };
    if (!watch()) document.addEventListener("DOMContentLoaded", watch);
})();"""


def test_a_late_acknowledgement_does_not_show_under_the_next_step(screens, room):
    phone = room.join(screens)
    phone.context.add_init_script(STATUS_WATCH)
    room.go_to(KNIFE.position, phone)
    phone.reload()
    expect(stage(phone, KNIFE)).to_be_visible()
    phone.wait_for_function("() => document.body.dataset.connection === 'online'")

    phone.context.set_offline(True)
    phone.wait_for_function("() => document.body.dataset.connection === 'offline'")
    phone.get_by_label("Your thought").fill("A knife cuts bread and fingers")
    phone.get_by_role("button", name="Post thought").click()
    expect(answer_status(phone)).to_have_text("Offline: your answer will be sent when the connection is back.")
    room.go_to(IDEAS.position)
    phone.context.set_offline(False)
    expect(stage(phone, IDEAS)).to_be_visible()
    expect(answer_status(phone)).to_be_empty()

    # The thought went out first (the socket sends its queue in order), so once the idea is acknowledged the
    # thought's acknowledgement has arrived too.
    phone.get_by_label("Your idea").fill("Customers find us")
    phone.get_by_role("button", name="Add idea").click()
    expect(answer_status(phone)).to_have_text("Added. Thank you!")
    under_ideas = [said["text"] for said in phone.evaluate("window.__said") if said["step"] == IDEAS.title]
    assert under_ideas.count("Added. Thank you!") == 1, f"said under the ideas step: {under_ideas}"


# --- dot-voting ---------------------------------------------------------------------------------------------------
HABITS_SV = ("Planera inläggen en vecka i förväg", "Återanvänd ett innehåll i flera kanaler",
             "Samla jobbet: 20 minuter på en fast tid", "Dela på arbetet med kollegorna",
             "Schemalägg inläggen med ett verktyg", "Svara på vanliga frågor med sparade svar")


def test_dot_voting_by_tapping_plus_and_minus_and_no_sending_over_the_budget(screens, swedish_room):
    room = swedish_room
    phone = room.join(screens, "Fortsätt")
    room.go_to(POINTS.position, phone)
    left = phone.locator("output[data-points-left]")
    for habit in HABITS_SV:
        for name in (f"En poäng mindre på {habit}", f"En poäng mer på {habit}"):
            button = phone.get_by_role("button", name=name, exact=True)
            expect(button).to_be_visible()
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, f"{name}: {box['width']}×{box['height']} px"

    more = phone.get_by_role("button", name=f"En poäng mer på {HABITS_SV[0]}", exact=True)
    for _ in range(3):
        more.click()
    expect(phone.get_by_label(HABITS_SV[0], exact=True)).to_have_value("3")
    expect(left).to_have_text("0")
    expect(more).to_be_disabled()  # nothing left to give

    phone.get_by_label(HABITS_SV[1], exact=True).fill("1")  # typed past the budget
    expect(left).to_have_text("-1")
    phone.get_by_role("button", name="Skicka svar").click()
    expect(answer_status(phone)).to_have_text("Du har 3 poäng att fördela. Ta tillbaka poäng innan du skickar.")

    phone.get_by_role("button", name=f"En poäng mindre på {HABITS_SV[0]}", exact=True).click()
    expect(left).to_have_text("0")
    phone.get_by_role("button", name="Skicka svar").click()
    expect(answer_status(phone)).to_have_text("Ditt svar är sparat.")
    phone.reload()  # what the server stored
    expect(phone.get_by_label(HABITS_SV[0], exact=True)).to_have_value("2")
    expect(phone.get_by_label(HABITS_SV[1], exact=True)).to_have_value("1")


# --- KPI and next-step rows ---------------------------------------------------------------------------------------
def test_each_save_button_names_the_row_it_saves(screens, swedish_room):
    room = swedish_room
    phone = room.join(screens, "Fortsätt")
    room.go_to(KPIS.position, phone)
    for catalogue_name in ("Följare", "Räckvidd"):
        phone.get_by_label("Från listan").select_option(label=catalogue_name)
        phone.get_by_role("button", name="Lägg till KPI").click()
        expect(phone.get_by_role("button", name=f"Spara {catalogue_name}", exact=True)).to_be_visible()
    phone.get_by_role("group", name=re.compile("^Följare")).get_by_label("Mål").fill("500")
    phone.get_by_role("button", name="Spara Följare", exact=True).click()
    expect(answer_status(phone)).to_have_text(re.compile(r"\S"))

    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("button", name="Save Followers", exact=True)).to_be_visible()
    expect(phone.get_by_role("button", name="Save Reach", exact=True)).to_be_visible()

    room.go_to(NEXT_STEPS.position, phone)
    for number, (what, who) in enumerate((("Plan the week's posts", "Ann"), ("Answer within a day", "Bo")), 1):
        phone.get_by_label("What", exact=True).last.fill(what)
        phone.get_by_label("Who", exact=True).last.fill(who)
        phone.get_by_role("button", name="Add next step").click()
        expect(phone.get_by_role("button", name=f"Save next step {number}", exact=True)).to_be_visible()


# --- the welcome step ---------------------------------------------------------------------------------------------
def test_a_phone_that_has_joined_is_not_told_to_scan_the_qr_code(screens, room):
    phone = room.join(screens)
    welcome = stage(phone, builtin_steps()[0])
    expect(welcome.get_by_text(f"You are in, {room.company}.", exact=False)).to_be_visible()
    expect(welcome.get_by_text(re.compile("scan the QR code", re.I))).to_have_count(0)
    projector = room.coach.http.get(f"{room.coach.base_url}/f/sessions/{room.session_id}/projector", timeout=10)
    assert "scan the QR code" in projector.text  # the room, on the big screen, is still told how to join
