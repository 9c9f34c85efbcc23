"""Markup, scripts, htmx attributes, javascript: links and spreadsheet formulas typed wherever people type: in
company and cohort names, nicknames, concerns, thoughts, ideas, KPI names and next steps. On the projector, the
phones, the control view and the pages they are text: no dialog opens and the Content-Security-Policy reports
nothing. In every export they stay inert."""
import csv
import io
import json
import re

import openpyxl
import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screens, site  # noqa: F401 (the browser tests' fixtures)
from tests.support.screen_states import HttpPhone
from tests.support.figures import record
from tests.support.pdf import pdf_text
from tests.support.phones import TIMEOUT, Facilitator

pytestmark = pytest.mark.browser

CORPUS = [
    "<script>alert('s')</script>",
    '<img src=x onerror="alert(1)">',
    '<a hx-get="/f/" hx-trigger="load" href="javascript:alert(2)">go</a>',
    "javascript:alert(3)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
COMPANY = CORPUS[1][:60]


def test_hostile_text_everywhere_stays_text(screens, site, tmp_path):  # noqa: F811
    coach = Facilitator(site.url)
    company = coach.create_company(COMPANY)
    session_id = coach.create_session([company])
    coach.act(session_id, "start")
    code = coach.join_code(session_id)
    phones = [HttpPhone(site.url, code, company, text[:40]) for text in CORPUS]

    def at(position):
        response = coach.http.post(f"{site.url}/f/sessions/{session_id}/step", timeout=TIMEOUT,
                                   data={"position": str(position), "csrf_token": coach.csrf})
        assert response.status_code in (200, 302)

    at(2)
    for phone, text in zip(phones, CORPUS):
        phone.send({"do": "add", "text": text})  # a concern of their own
    at(3)
    phones[0].send({"do": "add", "text": CORPUS[2]})  # a thought
    at(4)
    for phone, text in zip(phones, CORPUS):
        phone.send({"do": "add", "text": text})  # ideas
    at(8)
    for phone, text in zip(phones[:4], CORPUS):
        phone.send({"do": "add", "catalogue": "", "name": text[:80], "category": "quantitative"})  # own KPIs
    at(10)
    for phone, text in zip(phones[:3], CORPUS[4:]):
        phone.send({"do": "add", "text": text, "owner": CORPUS[0][:60]})  # next steps
    at(11)

    laptop = screens.projector()
    dialogs, violations = [], []
    laptop.context.on("page", lambda page: None)

    def watch(page):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    watch(laptop)
    log_in(laptop)
    projector = watch(laptop.context.new_page())
    projector.goto(f"/f/sessions/{session_id}/projector")
    projector.wait_for_load_state("load")  # keys work once the deferred scripts ran
    hostile = projector.get_by_text(CORPUS[0]).filter(visible=True)
    for _turn in range(30):  # the summary's pages, turned as the facilitator turns them, until it shows
        if hostile.count():
            break
        projector.keyboard.press("ArrowRight")
    expect(hostile.first).to_be_visible()  # written out, as text
    for path in (f"/f/sessions/{session_id}", f"/f/sessions/{session_id}/summary", f"/f/companies/{company}",
                 "/f/companies"):
        laptop.goto(path)
        expect(laptop.locator("main")).to_contain_text(COMPANY)
    phone = watch(screens.phone())
    phone.goto(f"/j/{code}")
    phone.get_by_role("radio", name=COMPANY).check()
    phone.get_by_label("Nickname").fill(CORPUS[2][:40])
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text(CORPUS[6]).first).to_be_visible()  # the company's own summary
    for page in (laptop, projector, phone):
        assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
        assert page.evaluate("() => document.querySelectorAll('[onerror], a[href^=\"javascript\"]').length") == 0
    assert dialogs == [] and violations == []
    record("hostile text", f"{len(CORPUS)} strings in 7 kinds of field; dialogs {len(dialogs)}, CSP violations "
           f"{len(violations)}; inert in CSV, XLSX, Markdown, PDF, JSON")

    # Exports: formulas neutralised in CSV, plain strings in XLSX, escaped in Markdown, text in PDF and JSON.
    def export(name):
        return coach.http.get(f"{site.url}/f/sessions/{session_id}/export.{name}", timeout=30).content

    rows = list(csv.reader(io.StringIO(export("csv").decode())))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert ["'" + CORPUS[4]] in [[cell] for row in rows for cell in row]
    book = openpyxl.load_workbook(io.BytesIO(export("xlsx")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
    assert {cell.value for cell in cells} >= set(CORPUS[4:])
    assert all(cell.data_type != "f" for cell in cells)
    markdown = export("md").decode()
    unescaped = re.findall(r"(?<!\\)<[^\n]{0,30}", markdown)
    assert unescaped == [] and "\\<script\\>" in markdown
    assert CORPUS[0] in pdf_text(export("pdf"), tmp_path)
    document = json.loads(export("json"))
    assert CORPUS[0] in {item["label"]["en"] for step in document["steps"] for item in step["items"]}
    assert requests.get(f"{site.url}/f/companies", timeout=TIMEOUT).status_code in (200, 302)
    coach.close()
