"""Pictures of companies over time: `python -m tests.browser.screenshots_companies` (part of `make screenshots`).

On an empty database in a temporary folder: `flask demo` makes a finished workshop with a reading and a ticked
next step, both demo companies join a cohort, and a second workshop of theirs starts. Writes to docs/screenshots/:
company-page.png, cohort-page.png (1280 wide, whole page), company-link-phone.png and phone-carry-over.png
(390×844), projector-carry-over.png (1920×1080, the welcome with "Since last time" revealed), and the first
pages of the session PDF and the dossier PDF as pdf-summary-N.png and pdf-dossier-N.png.
"""
import re
import subprocess
import sys

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PROJECTOR, TIMEOUT_MS, log_in
from tests.browser.screenshots import on_a_fresh_site
from tests.support.pdf import render_pages_to_png
from tests.support.phones import Facilitator
from tests.support.server import ROOT, server_env

OUT = ROOT / "docs" / "screenshots"
DESK = {"viewport": {"width": 1280, "height": 900}}
NORDLJUS, KAFFE = "Demo: Nordljus AB", "Demo: Kaffekollektivet"


def flask(site, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, check=True,
                          env=server_env(site.database_url, site.instance), capture_output=True, text=True).stdout


def run(browser, site) -> None:
    demo_code = flask(site, "demo").split()[2]
    coach = Facilitator(site.url)
    companies = coach.companies()
    desk = browser.new_context(base_url=site.url, locale="en-GB", **DESK)
    desk.set_default_timeout(TIMEOUT_MS)
    page = desk.new_page()
    log_in(page)
    page.goto("/f/cohorts")
    page.get_by_label("New cohort").fill("Spring 2026")
    page.get_by_role("button", name="Add cohort").click()
    for name in (NORDLJUS, KAFFE):
        page.goto(f"/f/companies/{companies[name]}")
        page.get_by_label("Cohort").select_option(label="Spring 2026")
        page.get_by_role("button", name="Save cohort").click()
    page.get_by_role("button", name="Make a private link").click()  # on Kaffekollektivet's page
    link = page.get_by_role("textbox", name="Link").input_value()
    page.goto(f"/f/companies/{companies[NORDLJUS]}")
    page.screenshot(path=str(OUT / "company-page.png"), full_page=True)
    page.goto("/f/cohorts")
    page.get_by_role("link", name="Spring 2026").click()
    expect(page.get_by_role("table", name="The cohort's companies side by side")).to_be_visible()
    page.screenshot(path=str(OUT / "cohort-page.png"), full_page=True)

    phone_context = browser.new_context(base_url=site.url, locale="en-GB", **PHONE)
    phone_context.set_default_timeout(TIMEOUT_MS)
    between = phone_context.new_page()
    between.goto(link)
    between.get_by_label("Value").fill("260")
    between.get_by_role("button", name="Save reading").click()
    expect(between.get_by_role("table", name="Readings of Followers")).to_contain_text("260")
    between.goto(link)
    between.screenshot(path=str(OUT / "company-link-phone.png"))

    session_id = coach.create_session([companies[NORDLJUS], companies[KAFFE]])
    coach.act(session_id, "start")
    code = coach.join_code(session_id)
    phone = phone_context.new_page()
    phone.goto(f"/j/{code}")
    phone.get_by_role("radio", name=NORDLJUS, exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Your next steps from last time")).to_be_visible()
    expect(phone.get_by_text("Reconnecting…")).to_be_hidden()
    phone.screenshot(path=str(OUT / "phone-carry-over.png"))

    wall = browser.new_context(base_url=site.url, locale="en-GB", **PROJECTOR)
    wall.set_default_timeout(TIMEOUT_MS)
    projector = wall.new_page()
    log_in(projector)
    projector.goto(f"/f/sessions/{session_id}/projector")
    projector.keyboard.press("h")
    expect(projector.get_by_role("img", name=re.compile("^Since last time"))).to_be_visible()
    projector.mouse.move(960, 540)
    projector.screenshot(path=str(OUT / "projector-carry-over.png"))

    summary = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "export", demo_code, "--format", "pdf"],
                             cwd=ROOT, check=True, env=server_env(site.database_url, site.instance),
                             capture_output=True).stdout
    dossier = coach.http.get(f"{site.url}/f/companies/{companies[NORDLJUS]}/dossier.pdf", timeout=30).content
    for name, data in (("pdf-summary", summary), ("pdf-dossier", dossier)):
        for old in OUT.glob(f"{name}-*.png"):
            old.unlink()
        pages = render_pages_to_png(data, OUT / name)
        for extra in pages[2:]:  # the first two pages show what a print looks like
            extra.unlink()
    for context in (desk, phone_context, wall):
        context.close()
    coach.close()


def main() -> int:
    on_a_fresh_site(run)
    for path in sorted(OUT.glob("*")):
        if path.name.startswith(("company", "cohort", "pdf-", "phone-carry", "projector-carry")):
            print(f"docs/screenshots/{path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
