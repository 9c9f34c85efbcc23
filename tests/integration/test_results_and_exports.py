"""Results per company, the coalesced projector push, the summary page and the exports."""
import csv
import io
import re

import pytest

from tests.conftest import join, login
from workshop.services.answers import submit as cast_answer

CHOICE, RATING = 1, 2


@pytest.fixture
def answered(app, world, make):
    """Three phones (two of Acme, one of Böna & Co) answered the poll and the rating."""
    for _ in range(RATING):
        make.act(world["facilitator"], world["session"], "next")
    choice_step, options = make.step(world["session"], CHOICE)
    rating_step, items = make.step(world["session"], RATING)
    participants = []
    for company, option, rating in ((world["acme"], 0, 5), (world["acme"], 0, 3), (world["bona"], 3, 1)):
        phone = app.test_client()
        join(phone, world["code"], company, nickname="=cmd|' /C calc'!A0")
        with app.app_context():
            from workshop.extensions import db
            from workshop.models import Participant
            participant_id = db.session.scalars(db.select(Participant.id).order_by(Participant.id.desc())).first()
            cast_answer(participant_id, choice_step, {"option": [str(options[option])]})
            cast_answer(participant_id, rating_step, {f"item-{items[1]}": [str(rating)]})
        participants.append(participant_id)
    return {"options": options, "items": items, "participants": participants}


def test_projector_results_are_pushed_once_per_tick_not_per_answer(app, world, make, answered, socket_client):
    facilitator = app.test_client()
    login(facilitator)
    projector = socket_client(facilitator, {"role": "projector", "session": world["session"]})
    projector.get_received()
    rating_step, items = make.step(world["session"], RATING)
    with app.app_context():
        for value in (1, 2, 3, 4, 5, 2):
            cast_answer(answered["participants"][0], rating_step, {f"item-{items[0]}": [str(value)]})
        app.extensions["verkstad_broadcaster"].tick()
    results = [m["args"][0] for m in projector.get_received() if m["name"] == "swap"
               and m["args"][0]["channel"] == "results"]
    assert len(results) == 1
    assert "3 answers" in results[0]["html"]


def test_projector_switches_between_the_room_and_one_company(app, world, make, answered, socket_client):
    facilitator = app.test_client()
    login(facilitator)
    make.act(world["facilitator"], world["session"], "back")
    make.act(world["facilitator"], world["session"], "results")
    projector = socket_client(facilitator, {"role": "projector", "session": world["session"]})
    room = [m["args"][0]["html"] for m in projector.get_received() if m["args"][0]["channel"] == "results"][-1]
    assert "2 · 67%" in room and "1 · 33%" in room
    with app.app_context():
        from workshop.extensions import db
        from workshop.models import Facilitator
        from workshop.services.sessions import show_results_of
        show_results_of(db.session.get(Facilitator, world["facilitator"]), world["session"], world["bona"])
        app.extensions["verkstad_broadcaster"].tick()
    only_bona = [m["args"][0]["html"] for m in projector.get_received()
                 if m["args"][0]["channel"] == "results"][-1]
    assert "Böna &amp; Co" in only_bona
    assert "1 · 100%" in only_bona and "2 · 67%" not in only_bona


def test_summary_page_shows_each_step_for_the_room_and_each_company(app, world, answered):
    facilitator = app.test_client()
    login(facilitator)
    page = facilitator.get(f"/f/sessions/{world['session']}/summary").get_data(as_text=True)
    assert page.count("Whole room") >= 3
    assert "Acme AB" in page and "Böna &amp; Co" in page
    assert "2 · 100%" in page  # Acme's two votes for the first option
    assert "mean 4.0" in page  # Acme's two ratings of Time: 5 and 3


def test_markdown_export_holds_each_companys_results(app, world, answered):
    facilitator = app.test_client()
    login(facilitator)
    response = facilitator.get(f"/f/sessions/{world['session']}/export.md")
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data(as_text=True)
    assert "### Acme AB" in text and "### Böna & Co" in text
    acme = text.split("### Acme AB")[1].split("###")[0]
    assert "| Conferences and seminars | 2 | 100% | 23% |" in acme
    bona = text.split("### Böna & Co")[1].split("###")[0]
    assert "| Colleagues | 1 | 100% | – |" in bona


def test_csv_export_has_one_row_per_answer_and_neutralises_formulas(app, world, answered, make):
    facilitator = app.test_client()
    login(facilitator)
    text = facilitator.get(f"/f/sessions/{world['session']}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["session", "step", "item", "company", "participant", "value", "unit", "time"]
    assert len(rows) == 1 + 6  # three participants × (one choice + one rating)
    assert {row[3] for row in rows[1:]} == {"Acme AB", "Böna & Co"}
    assert {row[4] for row in rows[1:]} == {"P1", "P2", "P3"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_cli_exports_a_session_by_its_code(app, world, answered, tmp_path):
    out = tmp_path / "summary.md"
    result = app.test_cli_runner().invoke(args=["export", world["code"].lower(), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "### Acme AB" in out.read_text(encoding="utf-8")
    missing = app.test_cli_runner().invoke(args=["export", "ZZZZZZ"])
    assert missing.exit_code != 0 and "No session with the code ZZZZZZ" in missing.output


def test_swedish_session_exports_in_swedish(app, world, make):
    _id, code = make.session(world["facilitator"], [world["acme"]], language="sv")
    result = app.test_cli_runner().invoke(args=["export", code, "--format", "md"])
    assert "Hur håller du dig uppdaterad om sociala medier?" in result.output


def test_cli_creates_a_facilitator(app, sql):
    result = app.test_cli_runner().invoke(args=["facilitator", "create", "new@example.org",
                                                "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    assert sql("select email from facilitator") == [("new@example.org",)]


def test_the_control_view_offers_every_export_the_summary_page_does(app, world):
    from workshop.exports import FORMATS
    facilitator = app.test_client()
    login(facilitator)
    offered = {}
    for page in ("", "/summary"):
        html = facilitator.get(f"/f/sessions/{world['session']}{page}").get_data(as_text=True)
        offered[page] = re.findall(rf'href="/f/sessions/{world["session"]}/export\.([\w.]+)">([^<]+)</a>', html)
    assert sorted(name for name, _label in offered[""]) == sorted(FORMATS)
    assert offered[""] == offered["/summary"]
    assert ("excel.csv", "Export CSV for Excel (semicolons)") in offered[""]
