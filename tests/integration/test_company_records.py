"""Companies over time: the private link, readings and ticks, next steps carried into the next workshop,
cohorts, deleting a company and the retention of free text."""
import csv
import io
import json
import re
from datetime import timedelta

import pytest

from tests.conftest import csrf_from, join, login
from workshop.extensions import db


@pytest.fixture
def history(app, make):
    """The demo workshop (ended), then a second, live workshop of both demo companies."""
    facilitator_id = make.facilitator()
    with app.app_context():
        from workshop.models import Company, Facilitator
        from workshop.services.demo import create_demo_session
        first = create_demo_session(db.session.get(Facilitator, facilitator_id))
        ids = {name: db.session.scalar(db.select(Company.id).where(Company.name == name))
               for name in ("Demo: Nordljus AB", "Demo: Kaffekollektivet")}
        first_id = first.id
    second, code = make.session(facilitator_id, list(ids.values()))
    return {"facilitator": facilitator_id, "nordljus": ids["Demo: Nordljus AB"],
            "kaffe": ids["Demo: Kaffekollektivet"], "first": first_id, "second": second, "code": code}


def _private_link(coach, company_id) -> str:
    page = coach.get(f"/f/companies/{company_id}").get_data(as_text=True)
    coach.post(f"/f/companies/{company_id}/link", data={"csrf_token": csrf_from(page)})
    page = coach.get(f"/f/companies/{company_id}").get_data(as_text=True)
    return re.search(r'id="private-link"[^>]*value="http://localhost(/c/[^"]+)"', page)[1]


def test_the_private_link_records_readings_and_refuses_bad_ones_keeping_what_was_typed(app, history, sql):
    coach = app.test_client()
    login(coach)
    link = _private_link(coach, history["nordljus"])
    company = app.test_client()  # someone of the company, with no account
    page = company.get(link).get_data(as_text=True)
    assert "Demo: Nordljus AB" in page and "Record a reading" in page and "Kaffekollektivet" not in page
    followers = sql("select k.id from kpi k join company c on c.id = k.company_id "
                    "where c.name = 'Demo: Nordljus AB' and k.catalogue_key = 'followers'")[0][0]
    kaffe_kpi = sql("select k.id from kpi k join company c on c.id = k.company_id "
                    "where c.name = 'Demo: Kaffekollektivet' limit 1")[0][0]
    token = csrf_from(page)
    readings = lambda: sql("select count(*) from kpi_reading")[0][0]  # noqa: E731
    before = readings()
    for form, message in (
        ({"kpi": followers, "taken_on": "2999-01-01", "value": "5"}, "A reading cannot be in the future."),
        ({"kpi": followers, "taken_on": "2026-11-01", "value": "many"}, "Value is a number."),
        ({"kpi": followers, "taken_on": "2026-11-01", "value": ""}, "Value cannot be empty."),
        ({"kpi": followers, "taken_on": "yesterday", "value": "5"}, "Pick a date."),
        ({"kpi": kaffe_kpi, "taken_on": "2026-11-01", "value": "5"}, "That KPI is not one of this company"),
        ({"kpi": followers, "taken_on": "2026-11-01", "value": "5", "note": "x" * 201}, "at most 200 characters"),
    ):
        response = company.post(f"{link}/readings", data={**form, "csrf_token": token})
        assert response.status_code in (404, 422) and message in response.get_data(as_text=True), message
    assert readings() == before
    assert company.post(f"{link}/readings", data={"kpi": followers, "taken_on": "2026-11-01",
                                                   "value": "250"}).status_code == 400  # no CSRF token
    response = company.post(f"{link}/readings", data={"kpi": followers, "taken_on": "2026-11-01", "value": "1 250,5",
                                                      "note": "<b>after the fair</b>", "csrf_token": token})
    assert response.status_code == 302
    assert sql("select value, note, recorded_by from kpi_reading where kpi_id = :k order by id desc limit 1",
               k=followers) == [(1250.5, "<b>after the fair</b>", "company")]
    page = coach.get(f"/f/companies/{history['nordljus']}").get_data(as_text=True)
    assert "&lt;b&gt;after the fair&lt;/b&gt;" in page and ">1250.5 <" in page


def test_revoking_the_link_ends_it_and_a_new_link_works(app, history):
    coach = app.test_client()
    login(coach)
    old = _private_link(coach, history["nordljus"])
    new = _private_link(coach, history["nordljus"])  # "Make a new link" replaces the old one
    assert old != new
    outsider = app.test_client()
    gone = outsider.get(old)
    assert gone.status_code == 404 and "does not work any more" in gone.get_data(as_text=True)
    assert outsider.get(new).status_code == 200
    page = coach.get(f"/f/companies/{history['nordljus']}").get_data(as_text=True)
    coach.post(f"/f/companies/{history['nordljus']}/link/revoke", data={"csrf_token": csrf_from(page)})
    assert outsider.get(new).status_code == 404
    assert outsider.get("/c/guess").status_code == 404


def test_ticks_through_the_link_only_touch_the_companys_own_next_steps(app, history, sql):
    coach = app.test_client()
    login(coach)
    link = _private_link(coach, history["nordljus"])
    company = app.test_client()
    token = csrf_from(company.get(link).get_data(as_text=True))
    kaffe_step = sql("select m.id from commitment m join company c on c.id = m.company_id "
                     "where c.name = 'Demo: Kaffekollektivet' limit 1")[0][0]
    assert company.post(f"{link}/commitments/{kaffe_step}", data={"done": "1", "csrf_token": token}).status_code == 404
    assert sql("select done from commitment where id = :i", i=kaffe_step) == [(False,)]
    own = sql("select m.id from commitment m join company c on c.id = m.company_id "
              "where c.name = 'Demo: Nordljus AB' and not m.done")[0][0]
    assert company.post(f"{link}/commitments/{own}", data={"done": "1", "csrf_token": token}).status_code == 302
    assert sql("select done, done_at is not null from commitment where id = :i", i=own) == [(True, True)]


def test_the_next_workshop_opens_with_the_companys_open_next_steps_which_its_phones_tick(app, history, sql):
    phone = app.test_client()
    join(phone, history["code"], history["nordljus"])
    page = phone.get(f"/p/{history['code']}").get_data(as_text=True)
    assert "Your next steps from last time" in page
    assert "Answer comments within a day <span class=\"small\">(P2)" in page  # open
    assert "(P1)" not in page  # "Plan the week's posts": done before this workshop began
    other = app.test_client()
    join(other, history["code"], history["kaffe"])
    other_page = other.get(f"/p/{history['code']}").get_data(as_text=True)
    assert "(P4)" in other_page and "(P5)" in other_page and "(P2)" not in other_page  # each company its own

    from workshop.services.answers import submit
    from workshop.services.errors import NotFound
    nordljus_open = sql("select m.id from commitment m join company c on c.id = m.company_id "
                        "where c.name = 'Demo: Nordljus AB' and not m.done")[0][0]
    with app.app_context():
        from workshop.models import Participant, WorkshopSession
        welcome = db.session.get(WorkshopSession, history["second"]).steps[0].id
        mine, theirs = (db.session.scalar(db.select(Participant.id).where(
                            Participant.company_id == company, Participant.session_id == history["second"]))
                        for company in (history["nordljus"], history["kaffe"]))
        with pytest.raises(NotFound):
            submit(theirs, welcome, {"do": ["done"], "commitment": [str(nordljus_open)]})
        assert str(submit(mine, welcome, {"do": ["done"], "commitment": [str(nordljus_open)]})) == "Marked as done."
        assert str(submit(mine, welcome, {"do": ["done"], "commitment": [str(nordljus_open)]})) == "Marked as done."
    assert sql("select done from commitment where id = :i", i=nordljus_open) == [(True,)]
    page = phone.get(f"/p/{history['code']}").get_data(as_text=True)
    assert "Mark “Answer comments within a day” as not done" in page  # ticked here: it stays, to take back


def test_the_projector_compares_companies_with_names_hidden_beside_the_cohort_average(app, make, history):
    coach = app.test_client()
    login(coach)
    page = coach.get("/f/cohorts").get_data(as_text=True)
    coach.post("/f/cohorts", data={"name": "Spring 2026", "csrf_token": csrf_from(page)})
    with app.app_context():
        from workshop.models import Cohort
        cohort = db.session.scalar(db.select(Cohort.id))
    for company in (history["nordljus"], history["kaffe"]):
        page = coach.get(f"/f/companies/{company}").get_data(as_text=True)
        coach.post(f"/f/companies/{company}/cohort", data={"cohort": cohort, "csrf_token": csrf_from(page)})
    side_by_side = coach.get(f"/f/cohorts/{cohort}").get_data(as_text=True)
    assert "Demo: Nordljus AB" in side_by_side and "Demo: Kaffekollektivet" in side_by_side
    assert "55%" in side_by_side  # Nordljus: followers 39%, leads 25%, tone 100% → 55% on average
    assert "Cohort average" in side_by_side

    make.act(history["facilitator"], history["second"], "results")
    with app.app_context():
        from workshop import screens
        from workshop.models import WorkshopSession
        projector = screens.projector_results(db.session.get(WorkshopSession, history["second"]))
    overview = projector.split('class="head-counts"')[0]
    assert "Company A" in overview and "Company B" in overview
    assert "Cohort average: Spring 2026" in overview
    assert "Nordljus" not in overview and "Kaffekollektivet" not in overview
    assert "55%" in overview

    # Showing one company (as the facilitator chooses on the control view): its progress toward each target.
    with app.app_context():
        from workshop.models import Facilitator
        from workshop.services.sessions import show_results_of
        workshop = show_results_of(db.session.get(Facilitator, history["facilitator"]), history["second"],
                                   history["nordljus"])
        one = screens.projector_results(workshop).split('class="head-counts"')[0]
    assert "Progress toward each target" in one
    assert re.search(r"Followers 39%, Leads 25%, Tone and sentiment 100%", one)


def test_deleting_a_company_removes_all_it_wrote_and_changes_nothing_of_another(app, history, make, sql, tmp_path):
    coach = app.test_client()
    login(coach)
    sessions = (history["first"], history["second"])

    def kaffe_rows(session_id):
        text = coach.get(f"/f/sessions/{session_id}/export.csv").get_data(as_text=True)
        return [row for row in csv.reader(io.StringIO(text)) if row[3] == "Demo: Kaffekollektivet"]

    # Items Nordljus's phones wrote (ideas) go with it, and so do other companies' upvotes of them.
    labels = [label if isinstance(label, dict) else json.loads(label) for (label,) in sql(
        "select i.label from step_item i join participant p on p.id = i.participant_id "
        "join company c on c.id = p.company_id where c.name = 'Demo: Nordljus AB'")]
    theirs = {text for label in labels for text in label.values()}
    before = {s: [row for row in kaffe_rows(s) if row[2] not in theirs] for s in sessions}
    assert theirs and before[history["first"]], "the other company has answers to keep"

    page = coach.get(f"/f/companies/{history['nordljus']}/delete").get_data(as_text=True)
    assert "Dossier (PDF)" in page  # an export is offered first
    refused = coach.post(f"/f/companies/{history['nordljus']}/delete",
                         data={"name": "Demo: Nordljus", "csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and "Type the company" in refused.get_data(as_text=True)
    assert sql("select count(*) from company where name = 'Demo: Nordljus AB'") == [(1,)]
    done = coach.post(f"/f/companies/{history['nordljus']}/delete",
                      data={"name": "Demo: Nordljus AB", "csrf_token": csrf_from(page)})
    assert done.status_code == 302

    for session_id in sessions:
        for format_name in ("md", "csv", "json", "xlsx"):
            data = coach.get(f"/f/sessions/{session_id}/export.{format_name}").get_data()
            assert b"Nordljus" not in data, format_name
        summary = coach.get(f"/f/sessions/{session_id}/summary").get_data(as_text=True)
        assert "Nordljus" not in summary
        assert kaffe_rows(session_id) == before[session_id], "the other company's answers are as they were"
    # What Nordljus's phones wrote is gone, including ideas and the concerns copied into the re-rating.
    assert sql("select count(*) from participant p join company c on c.id = p.company_id") == \
        sql("select count(*) from participant")
    assert sql("select count(*) from step_item where cast(label as text) like '%Nordljus%'") == [(0,)]
    assert sql("select count(*) from kpi_reading") == [(0,)]  # its readings went with its KPIs
    assert sql("select action from session_event where action = 'company_deleted'") == \
        [("company_deleted",), ("company_deleted",)]
    assert coach.get(f"/f/companies/{history['nordljus']}").status_code == 404


def test_retention_removes_old_free_text_and_keeps_every_total(app, history, sql):
    coach = app.test_client()
    login(coach)
    summary_of = lambda: coach.get(f"/f/sessions/{history['first']}/summary").get_data(as_text=True)  # noqa
    idea = "Customers tell us what they miss"
    assert idea in summary_of()
    totals_before = sql("select item_id, count(*), sum(value) from response group by item_id order by item_id")
    page = coach.get("/f/settings").get_data(as_text=True)
    refused = coach.post("/f/settings/retention", data={"retention_days": "soon", "csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and 'value="soon"' in refused.get_data(as_text=True)
    saved = coach.post("/f/settings/retention", data={"retention_days": "30", "csrf_token": csrf_from(page)})
    assert saved.status_code == 200 and "Saved." in saved.get_data(as_text=True)
    assert idea in summary_of(), "a workshop that ended today keeps its text"

    with app.app_context():
        from workshop.models import WorkshopSession
        from workshop.models._types import utcnow
        from workshop.services.data_care import apply_all_retention
        db.session.get(WorkshopSession, history["first"]).ended_at = utcnow() - timedelta(days=31)
        db.session.commit()
        apply_all_retention()
    page = summary_of()
    assert idea not in page and "(text removed)" in page
    assert sql("select item_id, count(*), sum(value) from response group by item_id order by item_id") == totals_before
    # Done next steps lose their words; open ones keep them, as the next workshop still shows them.
    assert sql("select done, count(*) from commitment c join session_step s on s.id = c.step_id "
               "where s.session_id = :s and c.text = '(text removed)' group by done", s=history["first"]) == [(True, 1)]
    assert sql("select count(*) from commitment where not done and text = '(text removed)'") == [(0,)]
    assert sql("select count(*) from participant where session_id = :s and nickname is not null",
               s=history["first"]) == [(0,)]


def test_a_reading_dated_today_anywhere_is_accepted_but_not_later(app):
    from datetime import date as day
    from workshop.services.errors import InvalidInput
    from workshop.services.follow_up import parse_day
    with app.test_request_context():
        tomorrow = day.today() + timedelta(days=1)  # already today east of the server's UTC clock
        assert parse_day(tomorrow.isoformat()) == tomorrow
        with pytest.raises(InvalidInput):
            parse_day((tomorrow + timedelta(days=1)).isoformat())


def _projector_of(app, facilitator_id, session_id, company_id=None) -> str:
    """The projector's results (without the head counts) as the facilitator chose: the room, or one company."""
    with app.app_context():
        from workshop import screens
        from workshop.models import Facilitator
        from workshop.services.sessions import show_results_of
        workshop = show_results_of(db.session.get(Facilitator, facilitator_id), session_id, company_id)
        return screens.projector_results(workshop).split('class="head-counts"')[0]


def _plan(app, make, session_id, company_id, code):
    """A phone of the company agrees on a KPI and writes a next step in this workshop."""
    from workshop.services.answers import submit
    join(app.test_client(), code, company_id)
    with app.app_context():
        from workshop.models import Participant
        phone = db.session.scalar(db.select(Participant.id).where(Participant.session_id == session_id,
                                                                 Participant.company_id == company_id))
        kpi_step, _ = make.step(session_id, 8)
        steps_step, _ = make.step(session_id, 10)
        submit(phone, kpi_step, {"do": ["add"], "catalogue": ["reach"], "nonce": ["reach"]})
        submit(phone, steps_step, {"do": ["add"], "text": ["Post twice a week"], "owner": ["Ada"], "nonce": ["n"]})


def test_since_last_time_counts_only_what_earlier_workshops_agreed(app, make, history):
    _plan(app, make, history["second"], history["nordljus"], history["code"])
    make.act(history["facilitator"], history["second"], "results")
    one = _projector_of(app, history["facilitator"], history["second"], history["nordljus"])
    # The demo workshop's two next steps, one done; not the one written today.
    assert re.search(r"Next steps done: 1 of 2 50%", one), one
    assert re.search(r"Progress toward each target: Followers 39%, Leads 25%, Tone and sentiment 100%;", one)

    # A company's very first workshop has nothing from last time, whatever it agrees on today.
    newcomer = make.company(history["facilitator"], "Nyföretaget AB")
    first, code = make.session(history["facilitator"], [newcomer])
    _plan(app, make, first, newcomer, code)
    make.act(history["facilitator"], first, "results")
    for company_id in (newcomer, None):
        shown = _projector_of(app, history["facilitator"], first, company_id)
        assert "0 of 1" not in shown and "Since last time" not in shown
        assert "Nothing from earlier workshops yet." in shown


def test_the_facilitators_summary_and_exports_name_the_companies_the_projector_shows_as_letters(
        app, make, history, tmp_path):
    from tests.support.pdf import pdf_text
    coach = app.test_client()
    login(coach)
    summary = coach.get(f"/f/sessions/{history['second']}/summary").get_data(as_text=True)
    welcome = summary.split("1. Welcome!")[1].split("2. How do you keep up")[0]
    assert re.search(r"Progress toward targets: Demo: Kaffekollektivet –, Demo: Nordljus AB 55%", welcome), welcome
    assert "Company A" not in summary
    markdown = coach.get(f"/f/sessions/{history['second']}/export.md").get_data(as_text=True)
    assert "| Demo: Nordljus AB | 55% |" in markdown and "Company A" not in markdown
    text = pdf_text(coach.get(f"/f/sessions/{history['second']}/export.pdf").get_data(), tmp_path)
    assert "Demo: Nordljus AB" in text.split("Welcome!")[1].split("How do you keep up")[0]
    assert "Company A" not in text
    # The room still sees letters.
    make.act(history["facilitator"], history["second"], "results")
    room = _projector_of(app, history["facilitator"], history["second"])
    assert "Company A" in room and "Nordljus" not in room


def test_two_workshops_on_the_same_day_are_told_apart_on_the_company_page(app, make, history):
    from datetime import UTC, datetime
    from workshop.services.answers import submit
    join(app.test_client(), history["code"], history["nordljus"])
    with app.app_context():
        from workshop.models import Participant, WorkshopSession
        for session_id, hour, minute in ((history["first"], 9, 0), (history["second"], 13, 30)):
            db.session.get(WorkshopSession, session_id).started_at = datetime(2026, 11, 23, hour, minute, tzinfo=UTC)
        db.session.commit()
        phone = db.session.scalar(db.select(Participant.id).where(Participant.session_id == history["second"]))
        rating, items = make.step(history["second"], 2)
        submit(phone, rating, {f"item-{items[0]}": ["2"]})
    coach = app.test_client()
    login(coach)
    page = coach.get(f"/f/companies/{history['nordljus']}").get_data(as_text=True)
    table = page.split('id="workshops-title"')[1].split("</table>")[0]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in table.split("<tr>")[2:]]
    assert len(rows) == 2 and rows[0] != rows[1]
    assert "2026-11-23 09:00 UTC" in rows[0] and "2026-11-23 13:30 UTC" in rows[1]
    assert '<time datetime="2026-11-23T09:00:00Z"' in table  # for the page's script to write in local time
    concerns = re.search(r'aria-label="(Concerns over time:[^"]*)"', page)[1]
    assert "Security on the net: 2026-11-23 09:00 UTC · 3 " in concerns
    assert ", 2026-11-23 13:30 UTC · 3 2.0" in concerns
