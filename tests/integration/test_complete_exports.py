"""Every export of a session (Markdown, CSV, CSV for Excel, XLSX, PDF, JSON), a company's part and dossier; the
JSON re-imported into an empty instance gives back the same summary and the same exports."""
import csv
import io
import re

import openpyxl
import pytest

from tests.conftest import _empty_tables, login
from tests.support.pdf import page_pixels, pdf_text, pixels_near
from workshop.extensions import db

FORMULA = '=HYPERLINK("http://evil.example/x","Click me")'
SCRIPT = '<script>alert(1)</script>'
BAR_BLUE = (0x1D, 0x4E, 0xD8)


@pytest.fixture
def demo(app, make):
    """The finished demo workshop, plus an idea that a spreadsheet would run and one with markup, a KPI reading
    and a ticked next step (the demo makes those through the same services the pages use)."""
    facilitator_id = make.facilitator()
    with app.app_context():
        from workshop.models import Facilitator, Participant, WorkshopSession
        from workshop.services import sessions
        from workshop.services.answers import submit
        from workshop.services.demo import create_demo_session
        facilitator = db.session.get(Facilitator, facilitator_id)
        session = create_demo_session(facilitator)
        ideas = next(step for step in session.steps if step.kind == "ideas")
        # Reopen the ideas step for two more ideas, then end the workshop again.
        db.session.get(WorkshopSession, session.id).status = "live"
        db.session.commit()
        phone = db.session.scalar(db.select(Participant).where(Participant.session_id == session.id))
        for nonce, text in (("formula", FORMULA), ("script", SCRIPT)):
            submit(phone.id, ideas.id, {"do": ["add"], "text": [text], "nonce": [nonce]})
        sessions.end_session(facilitator, session.id)
        return {"id": session.id, "code": session.join_code, "facilitator": facilitator_id}


def _download(client, session_id, format_name) -> bytes:
    response = client.get(f"/f/sessions/{session_id}/export.{format_name}")
    assert response.status_code == 200, (format_name, response.status_code)
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response.get_data()


def _visible(html: str) -> str:
    """The summary page as a person reads it: without the database's ids and the form token."""
    html = re.sub(r'\s(id|href|aria-labelledby|for|action|hx-headers|value)=("[^"]*"|\'[^\']*\')', "", html)
    return re.sub(r"\s+", " ", html)


def _everything(client, session_id, tmp_path) -> dict:
    files = {name: _download(client, session_id, name) for name in ("md", "csv", "excel.csv", "xlsx", "json")}
    files["pdf"] = pdf_text(_download(client, session_id, "pdf"), tmp_path)
    files["summary"] = _visible(client.get(f"/f/sessions/{session_id}/summary").get_data(as_text=True))
    return files


def test_json_export_imported_into_an_empty_instance_gives_back_the_same_summary_and_exports(
        app, make, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    before = _everything(coach, demo["id"], tmp_path)
    assert "Demo: Nordljus AB" in before["summary"] and FORMULA in before["md"].decode().replace("\\", "")

    with app.app_context():  # an empty instance: nothing left of the first one but the file
        _empty_tables()
    make.facilitator()
    exported = tmp_path / "session.json"
    exported.write_bytes(before["json"])
    result = app.test_cli_runner().invoke(args=["import", str(exported)])
    assert result.exit_code == 0, result.output
    assert f"Imported session {demo['code']}" in result.output

    coach = app.test_client()
    login(coach)
    with app.app_context():
        from workshop.models import WorkshopSession
        new_id = db.session.scalar(db.select(WorkshopSession.id))
    after = _everything(coach, new_id, tmp_path)
    for name in before:
        assert after[name] == before[name], f"{name} differs after the round trip"


def test_import_refuses_a_file_that_is_not_a_session_and_stores_nothing(app, make, sql, tmp_path):
    make.facilitator()
    for content, message in ((b"not json", "not a JSON file"), (b'{"format": "verkstad-template"}', "not a Verkstad"),
                             (b'{"format": "verkstad-session", "version": 1, "session": {}}', "damaged")):
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        result = app.test_cli_runner().invoke(args=["import", str(path)])
        assert result.exit_code != 0 and message in result.output
    assert sql("select count(*) from workshop_session") == [(0,)]
    assert sql("select count(*) from company") == [(0,)]


def test_xlsx_has_a_sheet_per_step_and_keeps_a_typed_formula_as_inert_text(app, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    book = openpyxl.load_workbook(io.BytesIO(_download(coach, demo["id"], "xlsx")))
    assert book.sheetnames[0] == "Overview"
    assert "2. How do you keep up with soci" in book.sheetnames  # titles cut to Excel's 31 characters
    assert len(book.sheetnames) == 1 + 11  # every step with results: all but the slide without thoughts
    typed = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert typed, "the participant's text is in the workbook"
    assert all(cell.data_type == "s" for cell in typed), "it is a string, not a formula"
    assert not [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_csv_for_excel_starts_with_a_bom_uses_semicolons_and_neutralises_formulas(app, make, demo):
    coach = app.test_client()
    login(coach)
    data = _download(coach, demo["id"], "excel.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["session", "step", "item", "company", "participant", "value", "unit", "time"]
    assert all(len(row) == 8 for row in rows)
    assert ["'" + FORMULA] == [cell for row in rows for cell in row if FORMULA in cell]
    plain = _download(coach, demo["id"], "csv")
    assert not plain.startswith(b"\xef\xbb\xbf") and plain.decode().splitlines()[0].count(",") == 7


def test_swedish_session_exports_every_format_in_swedish(app, make, tmp_path):
    facilitator = make.facilitator()
    with app.app_context():
        from workshop.models import Facilitator
        from workshop.services.demo import create_demo_session
        session = create_demo_session(db.session.get(Facilitator, facilitator), language="sv")
        session_id = session.id
    coach = app.test_client()
    login(coach)
    assert "### Hela rummet" in _download(coach, session_id, "md").decode()
    assert _download(coach, session_id, "excel.csv").decode("utf-8-sig").startswith("session;steg;")
    assert openpyxl.load_workbook(io.BytesIO(_download(coach, session_id, "xlsx"))).sheetnames[0] == "Översikt"
    assert "Hela rummet" in pdf_text(_download(coach, session_id, "pdf"), tmp_path)


def test_pdf_is_a4_with_the_charts_drawn(app, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    data = _download(coach, demo["id"], "pdf")
    assert data.startswith(b"%PDF")
    width, height, pixels = page_pixels(data, tmp_path, page=1, dpi=50)
    assert (width, height) == (414, 585)  # A4 (210 × 297 mm) at 50 dpi
    assert pixels_near(pixels, BAR_BLUE) > 500, "the bars of the charts are drawn"
    text = pdf_text(data, tmp_path)
    assert "mean" in text and "Demo: Kaffekollektivet" in text and SCRIPT in text


def test_a_companys_part_holds_its_answers_and_no_other_companys(app, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    with app.app_context():
        from workshop.models import Company
        nordljus, kaffe = (db.session.scalar(db.select(Company.id).where(Company.name == name))
                           for name in ("Demo: Nordljus AB", "Demo: Kaffekollektivet"))
    base = f"/f/sessions/{demo['id']}/companies/{nordljus}/export"
    markdown = coach.get(f"{base}.md").get_data(as_text=True)
    assert "### Demo: Nordljus AB" in markdown and "Kaffekollektivet" not in markdown
    rows = list(csv.reader(io.StringIO(coach.get(f"{base}.csv").get_data(as_text=True))))
    assert {row[3] for row in rows[1:]} == {"Demo: Nordljus AB"}
    assert "Kaffekollektivet" not in pdf_text(coach.get(f"{base}.pdf").get_data(), tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(coach.get(f"{base}.xlsx").get_data()))
    companies = {row[3] for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert companies == {"Demo: Nordljus AB"}
    assert coach.get(f"{base}.json").status_code == 404  # JSON is the whole session, for re-import
    assert coach.get(f"/f/sessions/{demo['id']}/companies/999999/export.md").status_code == 404


def test_dossier_covers_the_company_over_its_sessions_in_markdown_and_pdf(app, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    with app.app_context():
        from workshop.models import Company
        nordljus = db.session.scalar(db.select(Company.id).where(Company.name == "Demo: Nordljus AB"))
    markdown = coach.get(f"/f/companies/{nordljus}/dossier.md").get_data(as_text=True)
    assert markdown.startswith("# Demo: Nordljus AB")
    assert "| Security on the net |" in markdown  # concerns over time, one row per rating step
    assert "Progress toward target: 39%" in markdown  # followers: 120 → 190 of 300
    assert "- [x] Plan the week's posts on Mondays" in markdown
    data = coach.get(f"/f/companies/{nordljus}/dossier.pdf").get_data()
    text = pdf_text(data, tmp_path)
    assert "Concerns over time" in text and "Readings of Followers" in text
    _w, _h, pixels = page_pixels(data, tmp_path)
    assert pixels_near(pixels, BAR_BLUE) > 300
    result = app.test_cli_runner().invoke(args=["export", "--dossier", "--company", "Demo: Nordljus AB"])
    assert result.exit_code == 0 and result.output.startswith("# Demo: Nordljus AB")


def test_exports_of_another_facilitators_session_or_company_are_not_found(app, make, demo):
    make.facilitator("other@example.org")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/f/sessions/{demo['id']}/export.json").status_code == 404
    with app.app_context():
        from workshop.models import Company
        company = db.session.scalar(db.select(Company.id))
    assert other.get(f"/f/companies/{company}/dossier.md").status_code == 404
    assert other.get(f"/f/sessions/{demo['id']}/companies/{company}/export.md").status_code == 404


def _section(text: str, start: str, end: str) -> str:
    return text.split(start)[1].split(end)[0]


def test_exports_name_each_company_once_per_part_and_the_histograms_last_bin_plainly(app, demo, tmp_path):
    coach = app.test_client()
    login(coach)
    markdown = _download(coach, demo["id"], "md").decode()
    minutes = _section(markdown, "## 6. Incentive: it takes less time", "## 7.")
    assert "| 300 minutes |" in minutes and "300–300" not in minutes
    pdf = pdf_text(_download(coach, demo["id"], "pdf"), tmp_path)
    page = _visible(coach.get(f"/f/sessions/{demo['id']}/summary").get_data(as_text=True))
    for text, kpis, next_steps in ((pdf, ("9. Effect: choose your KPIs", "10. What holds"), ("11. Next steps", "\f")),
                                   (page, ("9. Effect: choose your KPIs", "10. What holds"),
                                    ("11. Next steps", "Record of this session"))):
        for start, end in (kpis, next_steps):
            part = _section(text, start, end)
            # The whole room's block names each company above its rows; each company's own part once, above it.
            assert part.count("Demo: Nordljus AB") == 2, (start, part)
            assert part.count("Demo: Kaffekollektivet") == 2, (start, part)
