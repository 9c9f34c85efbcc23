"""The whole workshop as the people in the room live it, on a fresh install: a facilitator sets Verkstad up and
runs the built-in template from a laptop and a projector, three phones answer, the server restarts mid-way,
and the Markdown export holds every company's results."""
import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, Screens, builtin_step, builtin_steps, start_site
from tests.support.phones import Facilitator
from tests.support.server import ServerProcess

pytestmark = pytest.mark.browser

FIRST_RUN = True  # the module's server starts on an empty database: no facilitator yet

EMAIL = "facilitator@example.org"
ACME = "Acme AB"
BONA = "<b>Böna</b> & Co"  # a company name with markup: must show as typed, never as bold text
SCRIPT_NICKNAME = "<script>alert(1)</script>"
TITLE = "Social media: security, time and effect"

POLL = "How do you keep up with social media?"
CONCERNS = "What holds you back?"
KNIFE = "The internet is a knife"
NEGATIVE = "The net's negative sides: careless posting, being criticised in public"
SAVED = "Your answer is saved."
STEPS = len(builtin_steps())
CLOSED = "Voting is closed for this question."


def answer_status(phone: Page):
    """The live region a screen reader announces after a tap (role=status, aria-live=polite)."""
    return phone.get_by_role("status").filter(has_text=re.compile(r"\S"))


def pick(phone: Page, option: str) -> None:
    phone.get_by_role("radio", name=option, exact=True).check()
    expect(answer_status(phone)).to_have_text(SAVED)


def rate(phone: Page, ratings: dict[str, int]) -> None:
    for concern, value in ratings.items():
        phone.get_by_role("group", name=concern, exact=True).get_by_role("radio", name=str(value), exact=True).check()
        expect(answer_status(phone)).to_have_text(SAVED)


def bar_row(page: Page, label: str):
    """One option's row in the projector's results: its label, its bar and its written figures."""
    return page.get_by_role("region", name="Results").get_by_role("listitem").filter(
        has=page.get_by_text(label, exact=True))


def count_loads(page: Page) -> list[str]:
    """Every page load from now on: a live screen must follow the workshop without one."""
    loads: list[str] = []
    page.on("load", lambda: loads.append(f"{page.url} at {time.strftime('%H:%M:%S')}"))
    return loads


def markdown_section(markdown: str, step_title: str, heading: str) -> str:
    """The text under `### heading` within the step `## N. step_title` of the export."""
    step = markdown.split(f". {step_title}\n", 1)[1].split("\n## ", 1)[0]
    return step.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


def test_a_whole_workshop_from_first_visit_to_export(screens, site):
    dialogs = []

    # --- first visit: set-up, companies, a session --------------------------------------------------------------
    laptop = screens.projector()  # the facilitator's laptop, a 1920×1080 screen
    laptop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    laptop.goto("/")
    expect(laptop).to_have_url(re.compile(r"/setup$"))
    expect(laptop.get_by_role("heading", name="Welcome to Verkstad")).to_be_visible()
    laptop.get_by_label("E-mail").fill(EMAIL)
    laptop.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    laptop.get_by_label("Password again").fill(PASSWORD)
    laptop.get_by_role("button", name="Create account").click()
    expect(laptop.get_by_role("heading", name="Sessions", level=1)).to_be_visible()

    laptop.get_by_role("link", name="Add companies").click()
    for name in (ACME, BONA):
        laptop.get_by_label("New company").fill(name)
        laptop.get_by_role("button", name="Add company").click()
        expect(laptop.get_by_role("textbox", name=f"Name of {name}", exact=True)).to_have_value(name)

    laptop.get_by_role("link", name="Sessions", exact=True).click()
    laptop.get_by_role("link", name="New session").click()
    expect(laptop.get_by_label("Template")).to_have_value(re.compile(r"\d+"))
    expect(laptop.get_by_label("Template").get_by_role("option", selected=True)).to_have_text(TITLE)
    laptop.get_by_role("radio", name="English").check()
    laptop.get_by_role("checkbox", name=ACME).check()
    laptop.get_by_role("checkbox", name=BONA).check()
    laptop.get_by_role("button", name="Create session").click()
    expect(laptop.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    session_path = re.search(r"/f/sessions/\d+$", laptop.url).group(0)
    code = re.search(r"Join code: ([A-Z0-9]{6})", laptop.get_by_text("Join code:").inner_text()).group(1)

    control = laptop.get_by_role("region", name=re.compile(rf"^Step 1 of {STEPS}"))
    expect(control.get_by_text("Draft", exact=True)).to_be_visible()
    laptop.wait_for_load_state("load")  # the buttons work once htmx (a deferred script) has run
    laptop.get_by_role("button", name="Start session").click()
    expect(control.get_by_text("Live", exact=True)).to_be_visible()
    expect(laptop.get_by_role("button", name="Start session")).to_have_count(0)

    # --- the projector: the welcome with the QR code and the join code ------------------------------------------
    projector = laptop.context.new_page()  # same login, a second window on the big screen
    projector.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    projector.goto(session_path + "/projector")
    expect(projector.get_by_role("heading", name="Welcome!", level=1)).to_be_visible()
    join_panel = projector.get_by_role("complementary", name="Join on your phone")
    expect(join_panel.get_by_role("img", name=re.compile(r"^QR code for http:\/\/.+\/j\/" + code + "$"))).to_be_visible()
    expect(join_panel.get_by_text(code, exact=True)).to_be_visible()

    # --- three phones join through /j/<code> ---------------------------------------------------------------------
    phones = []
    for company, nickname in ((ACME, SCRIPT_NICKNAME), (ACME, "Ada"), (BONA, "")):
        phone = screens.phone()
        phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        phone.goto(f"/j/{code}")
        expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
        phone.get_by_role("radio", name=company, exact=True).check()
        if nickname:
            phone.get_by_label("Nickname").fill(nickname)
        phone.get_by_role("button", name="Continue").click()
        expect(phone).to_have_url(re.compile(f"/p/{code}$"))
        expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
        expect(phone.get_by_text(f"You are in, {company}.", exact=False)).to_be_visible()
        phone.wait_for_load_state("load")  # the join's own page load is over before reloads are counted
        phones.append(phone)
    acme_script, acme_ada, bona = phones
    loads = {name: count_loads(page) for name, page in
             (("acme phone (script nickname)", acme_script), ("acme phone (Ada)", acme_ada), ("böna phone", bona),
              ("projector", projector))}
    # The nickname is text: shown literally in the phone's own header, and no script ran.
    expect(acme_script.get_by_text(f"{ACME} · {SCRIPT_NICKNAME}", exact=True)).to_be_visible()
    expect(acme_ada.get_by_text(f"{ACME} · Ada", exact=True)).to_be_visible()
    expect(bona.get_by_text(BONA, exact=True).first).to_be_visible()
    # The projector counts the people in the room per company, live.
    results = projector.get_by_role("region", name="Results")
    expect(results.get_by_role("listitem").filter(has_text=ACME)).to_have_text(re.compile(rf"^{ACME}\s+2$"))
    expect(results.get_by_role("listitem").filter(has_text=BONA)).to_have_text(re.compile(rf"^{re.escape(BONA)}\s+1$"))

    # --- the warm-up poll, moved to with the projector's → key --------------------------------------------------
    projector.keyboard.press("ArrowRight")
    expect(projector.get_by_role("heading", name=POLL, level=1)).to_be_visible()
    for phone in phones:  # no reload: the step reaches every phone by itself
        expect(phone.get_by_role("heading", name=POLL)).to_be_visible()
        expect(phone.get_by_text(f"Step 2 of {STEPS}")).to_be_visible()
    pick(acme_script, "Conferences and seminars")
    pick(acme_ada, "Colleagues")
    pick(bona, "Conferences and seminars")
    pick(acme_ada, "Blogs and newsletters")  # changes her mind
    expect(acme_ada.get_by_role("radio", name="Colleagues")).not_to_be_checked()
    expect(acme_ada.get_by_role("radio", name="Blogs and newsletters")).to_be_checked()

    # Results stay hidden until the facilitator reveals them with H.
    expect(projector.get_by_text("Results are hidden. 3 answers so far")).to_be_visible()
    expect(results.get_by_text(re.compile(r"^\d+ · \d+%$"))).to_have_count(0)
    projector.keyboard.press("h")
    room = {"Conferences and seminars": "2 · 67%", "Social networks (Twitter, Facebook, LinkedIn)": "0 · 0%",
            "Blogs and newsletters": "1 · 33%", "Colleagues": "0 · 0%", "I don't": "0 · 0%"}
    for option, figures in room.items():
        expect(bar_row(projector, option)).to_contain_text(figures)
    expect(bar_row(projector, "Conferences and seminars")).to_contain_text("23%")  # the survey's figure beside it
    expect(projector.get_by_text("3 answers", exact=True)).to_be_visible()
    expect(projector.get_by_text("Whole room", exact=True)).to_be_visible()

    # The control view switches the projector between the whole room and one company.
    laptop.get_by_label("Results on the projector").select_option(label=BONA)
    expect(projector.get_by_text(BONA, exact=True).first).to_be_visible()
    expect(bar_row(projector, "Conferences and seminars")).to_contain_text("1 · 100%")
    expect(bar_row(projector, "Blogs and newsletters")).to_contain_text("0 · 0%")
    expect(projector.get_by_text("1 answer", exact=True)).to_be_visible()
    laptop.get_by_label("Results on the projector").select_option(label=ACME)
    expect(bar_row(projector, "Conferences and seminars")).to_contain_text("1 · 50%")
    expect(bar_row(projector, "Blogs and newsletters")).to_contain_text("1 · 50%")
    laptop.get_by_label("Results on the projector").select_option(label="Whole room")
    expect(projector.get_by_text("Whole room", exact=True)).to_be_visible()
    expect(bar_row(projector, "Conferences and seminars")).to_contain_text("2 · 67%")

    # --- the concerns rating ------------------------------------------------------------------------------------
    projector.keyboard.press("ArrowRight")
    expect(projector.get_by_role("heading", name=CONCERNS, level=1)).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name=CONCERNS)).to_be_visible()
    ratings = {
        acme_script: {"Security on the net": 4, "Time": 5, NEGATIVE: 2},
        acme_ada: {"Security on the net": 2, "Time": 3, NEGATIVE: 2},
        bona: {"Security on the net": 5, "Time": 1, NEGATIVE: 3},
    }
    for phone, given in ratings.items():
        rate(phone, given)
    expect(projector.get_by_text("Results are hidden. 3 answers so far")).to_be_visible()
    projector.keyboard.press("h")  # the room's means and spread, once the last rating is in
    for concern, figures in {"Security on the net": "mean 3.7", "Time": "mean 3.0", NEGATIVE: "mean 2.3"}.items():
        expect(bar_row(projector, concern)).to_contain_text(figures)
    expect(bar_row(projector, "Time")).to_contain_text("1: 1 · 2: 0 · 3: 1 · 4: 0 · 5: 1")

    # L locks voting: the phones say so and their choices can no longer change.
    projector.keyboard.press("l")
    for phone in phones:
        expect(phone.get_by_text(CLOSED)).to_be_visible()
        expect(phone.get_by_role("group", name="Time", exact=True).get_by_role("radio", name="2", exact=True)).to_be_disabled()
    expect(laptop.get_by_text("Voting locked", exact=True)).to_be_visible()
    expect(bona.get_by_role("group", name="Time", exact=True).get_by_role("radio", name="1", exact=True)).to_be_checked()

    # --- a phone loses its network while the server restarts -----------------------------------------------------
    bona.context.set_offline(True)
    old_port = site.process.port
    site.process.stop()
    expect(bona.get_by_role("status").filter(has_text="Reconnecting…")).to_be_visible()
    site.process = ServerProcess(site.database_url, site.instance, port=old_port).start()

    # The facilitator moves on from the control view; it reconnects by itself, no reload needed.
    laptop.get_by_role("button", name="Next →").click()
    expect(laptop.get_by_role("region", name=re.compile(rf"^Step {builtin_step(KNIFE).position + 1} of {STEPS}: {KNIFE}"))).to_be_visible()
    expect(projector.get_by_role("heading", name=KNIFE, level=1)).to_be_visible()
    for phone in (acme_script, acme_ada):
        expect(phone.get_by_role("heading", name=KNIFE)).to_be_visible()
    expect(bona.get_by_role("heading", name=CONCERNS)).to_be_visible()  # still offline: the old step

    bona.context.set_offline(False)  # back online: it catches up by itself, no reload
    expect(bona.get_by_role("heading", name=KNIFE)).to_be_visible()
    expect(bona.get_by_text(f"Step {builtin_step(KNIFE).position + 1} of {STEPS}", exact=True)).to_be_visible()

    # Going back keeps every answer: each phone sees its own earlier choices still checked.
    laptop.get_by_role("button", name="← Back").click()
    for phone, given in ratings.items():
        expect(phone.get_by_role("heading", name=CONCERNS)).to_be_visible()
        expect(phone.get_by_text(CLOSED)).to_be_visible()
        for concern, value in given.items():
            expect(phone.get_by_role("group", name=concern, exact=True)
                   .get_by_role("radio", name=str(value), exact=True)).to_be_checked()
    laptop.get_by_role("button", name="← Back").click()
    for phone, option in ((acme_script, "Conferences and seminars"), (acme_ada, "Blogs and newsletters"),
                          (bona, "Conferences and seminars")):
        expect(phone.get_by_role("heading", name=POLL)).to_be_visible()
        expect(phone.get_by_role("radio", name=option, exact=True)).to_be_checked()
        expect(phone.get_by_role("radio", checked=True)).to_have_count(1)

    assert {name: urls for name, urls in loads.items() if urls} == {}, "a live screen was reloaded"

    # --- the Markdown export holds each company's results -------------------------------------------------------
    export = laptop.context.request.get(session_path + "/export.md")
    assert export.ok, f"export.md: {export.status}"
    markdown = export.text()
    assert markdown.startswith(f"# {TITLE}\n"), markdown[:200]
    assert "Acme AB 2" in markdown and "\\<b\\>Böna\\</b\\> & Co 1" in markdown, markdown[:400]
    room_poll = markdown_section(markdown, POLL, "Whole room")
    acme_poll = markdown_section(markdown, POLL, ACME)
    bona_poll = markdown_section(markdown, POLL, "\\<b\\>Böna\\</b\\> & Co")
    assert "| Conferences and seminars | 2 | 67% | 23% |" in room_poll, room_poll
    assert "| Blogs and newsletters | 1 | 33% | 7% |" in room_poll, room_poll
    assert "| Conferences and seminars | 1 | 50% | 23% |" in acme_poll, acme_poll
    assert "| Blogs and newsletters | 1 | 50% | 7% |" in acme_poll, acme_poll
    assert "| Conferences and seminars | 1 | 100% | 23% |" in bona_poll, bona_poll
    assert "3 answers" in room_poll and "2 answers" in acme_poll and "1 answer" in bona_poll
    acme_concerns = markdown_section(markdown, CONCERNS, ACME)
    bona_concerns = markdown_section(markdown, CONCERNS, "\\<b\\>Böna\\</b\\> & Co")
    assert "| Security on the net | 3.0 | 0 | 1 | 0 | 1 | 0 |" in acme_concerns, acme_concerns
    assert "| Time | 4.0 | 0 | 0 | 1 | 0 | 1 |" in acme_concerns, acme_concerns
    assert "| Time | 1.0 | 1 | 0 | 0 | 0 | 0 |" in bona_concerns, bona_concerns

    assert dialogs == [], f"a page opened a dialog: {dialogs}"


def test_a_phone_keeps_its_own_answers_when_the_room_is_refreshed(browser, tmp_path):
    """A phone that shows answers the server rendered (after a reload, a lock, going back) keeps them checked
    when the room's phones are refreshed because someone else added an item to rate."""
    fresh = start_site(tmp_path)
    made = Screens(browser, fresh.url)
    try:
        coach = Facilitator(fresh.url)
        session_id = coach.create_session([coach.create_company(ACME)])
        coach.act(session_id, "start")
        code = coach.join_code(session_id)
        concerns = builtin_step(CONCERNS)
        response = coach.http.post(f"{fresh.url}/f/sessions/{session_id}/step", timeout=10,
                                   data={"position": str(concerns.position), "csrf_token": coach.csrf})
        assert response.status_code in (200, 302)
        ada, bo = made.phone(), made.phone()
        for phone in (ada, bo):
            phone.goto(f"/j/{code}")
            phone.get_by_role("radio", name=ACME, exact=True).check()
            phone.get_by_role("button", name="Continue").click()
            expect(phone.get_by_role("heading", name=CONCERNS)).to_be_visible()

        rate(ada, {"Security on the net": 4})
        ada.reload()  # her answer now comes from the server's page
        security = ada.get_by_role("group", name="Security on the net", exact=True)
        expect(security.get_by_role("radio", name="4", exact=True)).to_be_checked()

        bo.get_by_label("Missing something? Add it for everyone to rate").fill("Budget")
        bo.get_by_role("button", name="Add", exact=True).click()
        expect(ada.get_by_role("group", name="Budget", exact=True)).to_be_visible()  # the room was refreshed
        expect(security.get_by_role("radio", name="4", exact=True)).to_be_checked()
        coach.close()
    finally:
        made.close()
        fresh.process.stop()
