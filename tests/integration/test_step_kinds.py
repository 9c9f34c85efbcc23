"""Every step kind of the built-in template, answered from phones: what is stored, what others see, and bad
input refused with a clear message while nothing is stored."""
import json

import pytest

from tests.conftest import join

# Positions (0-based) in the built-in template.
RATING, KNIFE, BENEFIT, MINUTES, HABITS, KPIS, AGAIN, NEXT_STEPS = 2, 3, 4, 5, 6, 8, 9, 10


@pytest.fixture
def phones(app, world, socket_client):
    """Phones by name: two of Acme, one of Böna; each a socket that answers like live.js does."""
    made = {}
    for name, company in (("acme1", "acme"), ("acme2", "acme"), ("bona", "bona")):
        client = app.test_client()
        join(client, world["code"], world[company])
        made[name] = socket_client(client, {"role": "phone", "code": world["code"]})
    return made


@pytest.fixture
def at(make, world):
    """Moves the session to a step; returns (step id, item ids)."""
    def go(position):
        make.act_to(world["facilitator"], world["session"], position)
        return make.step(world["session"], position)
    return go


def send(sio, step_id, form):
    return sio.emit("answer", {"step": step_id, "form": form}, callback=True)


def refused(ack, message):
    assert ack["ok"] is False, ack
    assert message in ack["message"], ack


def items_by_text(sql, step_id) -> dict[str, int]:
    """English text → id of a step's items (JSON comes back as text on SQLite, as a dict on PostgreSQL)."""
    rows = sql("select id, label from step_item where step_id = :s", s=step_id)
    return {(json.loads(label) if isinstance(label, str) else label)["en"]: item_id for item_id, label in rows}


def stage_of(sio):
    """The newest stage HTML the phone received."""
    swaps = [event["args"][0] for event in sio.get_received() if event["name"] == "swap"]
    stages = [swap["html"] for swap in swaps if swap["channel"] == "stage"]
    return stages[-1] if stages else ""


def board_refresh(app, sio):
    """The stage the board refresh brings: the test ticks the broadcaster itself (no ticker thread in-process)."""
    app.extensions["verkstad_broadcaster"].tick()
    return stage_of(sio)


# --- ideas ------------------------------------------------------------------------------------------------------
def test_ideas_are_added_once_upvoted_once_and_ranked(phones, at, sql):
    step, _ = at(BENEFIT)
    added = send(phones["acme1"], step, {"do": ["add"], "text": ["Customers find us"], "nonce": ["n-1"]})
    assert added == {"ok": True, "message": "Added. Thank you!"}
    # A replay of the same submission (a lost acknowledgement) adds nothing.
    assert send(phones["acme1"], step, {"do": ["add"], "text": ["Customers find us"], "nonce": ["n-1"]})["ok"]
    send(phones["bona"], step, {"do": ["add"], "text": ["Faster answers"], "nonce": ["n-2"]})
    ideas = items_by_text(sql, step)
    assert len(ideas) == 2
    first = ideas["Customers find us"]

    assert send(phones["acme2"], step, {"do": ["vote"], "item": [str(first)], "on": ["1"]})["ok"]
    refused(send(phones["acme2"], step, {"do": ["vote"], "item": [str(first)], "on": ["1"]}),
            "You have already upvoted that.")
    assert sql("select count(*) from response where item_id = :i", i=first) == [(1,)]
    assert send(phones["acme2"], step, {"do": ["vote"], "item": [str(first)]})["ok"]  # the toggle back
    assert sql("select count(*) from response where item_id = :i", i=first) == [(0,)]


@pytest.mark.parametrize("text, message", [
    ("", "Your idea cannot be empty."),
    ("   \u200b ", "Your idea cannot be empty."),
    ("x" * 281, "Your idea can be at most 280 characters."),
])
def test_empty_or_long_ideas_are_refused(phones, at, sql, text, message):
    step, _ = at(BENEFIT)
    refused(send(phones["acme1"], step, {"do": ["add"], "text": [text]}), message)
    assert sql("select count(*) from step_item where step_id = :s", s=step) == [(0,)]


def test_an_idea_of_280_characters_is_kept_whole(phones, at, sql):
    step, _ = at(BENEFIT)
    text = "å" * 279 + "!"
    assert send(phones["acme1"], step, {"do": ["add"], "text": [text]})["ok"]
    assert list(items_by_text(sql, step)) == [text]


def test_a_hidden_idea_reaches_no_one_and_cannot_be_voted(app, phones, at, make, world, sql, client):
    from tests.conftest import login
    step, _ = at(BENEFIT)
    send(phones["acme1"], step, {"do": ["add"], "text": ["Buy followers cheap"]})
    send(phones["acme1"], step, {"do": ["add"], "text": ["Talk with customers"]})
    spam = items_by_text(sql, step)["Buy followers cheap"]
    login(client)
    phones["bona"].get_received()
    assert client.post(f"/f/sessions/{world['session']}/items/{spam}/hide",
                       headers={"HX-Request": "true", "X-CSRFToken": csrf(client, world)}).status_code == 200
    newest = board_refresh(app, phones["bona"])
    assert "Talk with customers" in newest and "Buy followers" not in newest
    phone_page = app.test_client()
    join(phone_page, world["code"], world["bona"])
    page = phone_page.get(f"/p/{world['code']}").get_data(as_text=True)
    assert "Talk with customers" in page and "Buy followers" not in page
    make.act(world["facilitator"], world["session"], "results")
    for export in ("export.md", "export.csv", "summary", "projector"):
        body = client.get(f"/f/sessions/{world['session']}/{export}").get_data(as_text=True)
        assert "Buy followers" not in body, export
    refused(send(phones["bona"], step, {"do": ["vote"], "item": [str(spam)], "on": ["1"]}),
            "That idea is not on the board.")
    assert sql("select count(*) from response where item_id = :i", i=spam) == [(0,)]


def csrf(client, world):
    from tests.conftest import csrf_from
    return csrf_from(client.get(f"/f/sessions/{world['session']}").get_data(as_text=True))


# --- points and numbers -----------------------------------------------------------------------------------------
def test_points_within_the_budget_are_stored_and_over_budget_refused(phones, at, sql):
    step, items = at(HABITS)
    assert send(phones["acme1"], step, {f"item-{items[0]}": ["2"], f"item-{items[1]}": ["1"]})["ok"]
    refused(send(phones["acme1"], step, {f"item-{items[0]}": ["3"], f"item-{items[1]}": ["1"]}),
            "You have 3 points and tried to spend 4.")
    refused(send(phones["acme1"], step, {f"item-{items[0]}": ["-1"], f"item-{items[1]}": ["4"]}),
            "Points are whole numbers from 0 to 3.")
    refused(send(phones["acme1"], step, {f"item-{items[0]}": ["0"]}), "Spend at least one point.")
    assert sorted(sql("select item_id, value from response where step_id = :s", s=step)) == [
        (items[0], 2), (items[1], 1)]
    send(phones["acme1"], step, {f"item-{items[2]}": ["3"]})
    assert sql("select item_id, value from response where step_id = :s", s=step) == [(items[2], 3)]


@pytest.mark.parametrize("value", ["-1", "301", "12.5", "lots", ""])
def test_numbers_out_of_range_are_refused(phones, at, sql, value):
    step, _ = at(MINUTES)
    refused(send(phones["acme1"], step, {"number": [value]}), "Give a whole number from 0 to 300.")
    assert sql("select count(*) from response where step_id = :s", s=step) == [(0,)]


def test_numbers_give_a_median_and_a_histogram(app, phones, at, make, world):
    step, _ = at(MINUTES)
    for name, minutes in (("acme1", "20"), ("acme2", "45"), ("bona", "90")):
        assert send(phones[name], step, {"number": [minutes]})["ok"]
    make.act(world["facilitator"], world["session"], "results")
    with app.app_context():
        from workshop.extensions import db
        from workshop.models import WorkshopSession
        from workshop.screens import projector_results
        html = projector_results(db.session.get(WorkshopSession, world["session"]))
    assert "Median: 45 minutes" in " ".join(html.split())


# --- items of other steps, locks and countdowns -----------------------------------------------------------------
def test_an_item_of_another_step_is_refused_everywhere(phones, at, make, world, sql):
    _rating_step, rating_items = make.step(world["session"], RATING)
    habits, _ = at(HABITS)
    refused(send(phones["acme1"], habits, {f"item-{rating_items[0]}": ["1"]}),
            "That item is not part of this question.")
    benefit, _ = make.step(world["session"], BENEFIT)
    refused(send(phones["acme1"], benefit, {"do": ["vote"], "item": [str(rating_items[0])], "on": ["1"]}),
            "That idea is not on the board.")
    assert sql("select count(*) from response") == [(0,)]


def test_answers_after_the_lock_or_the_countdown_are_refused(app, phones, at, make, world, sql):
    step, _ = at(MINUTES)
    make.act(world["facilitator"], world["session"], "lock")
    refused(send(phones["acme1"], step, {"number": ["10"]}), "Voting is closed for this question.")
    make.act(world["facilitator"], world["session"], "lock")  # unlock
    make.act(world["facilitator"], world["session"], "timer")
    assert send(phones["acme1"], step, {"number": ["10"]})["ok"]
    with app.app_context():  # the minute passes
        from workshop.extensions import db
        from workshop.models import SessionStep
        from workshop.models._types import utcnow
        db.session.get(SessionStep, step).timer_ends_at = utcnow()
        db.session.commit()
    refused(send(phones["acme2"], step, {"number": ["20"]}), "Voting is closed for this question.")
    with app.app_context():
        from workshop.services.sessions import expire_timers
        expire_timers()
    assert sql("select voting_locked, timer_ends_at from session_step where id = :s", s=step) == [(True, None)]
    assert sql("select value from response where step_id = :s", s=step) == [(10,)]


# --- KPIs and next steps: a company's shared lists ----------------------------------------------------------------
def test_two_phones_of_a_company_edit_its_kpi_list_and_see_each_other(app, phones, at, sql):
    step, _ = at(KPIS)
    assert send(phones["acme1"], step, {"do": ["add"], "catalogue": ["followers"]})["ok"]
    assert send(phones["acme2"], step, {"do": ["add"], "name": ["Newsletter sign-ups"],
                                        "category": ["quantitative"]})["ok"]
    rows = dict(sql("select coalesce(catalogue_key, name), id from kpi"))
    phones["acme1"].get_received()
    assert send(phones["acme2"], step, {"do": ["save"], "kpi": [str(rows["followers"])], "baseline": ["120"],
                                        "target": ["1 000,5"], "unit": ["st"], "due": ["2027-03-01"]})["ok"]
    seen_by_acme1 = board_refresh(app, phones["acme1"])
    assert 'value="1000.5"' in seen_by_acme1 and "Newsletter sign-ups" in seen_by_acme1
    assert "Newsletter sign-ups" not in stage_of(phones["bona"]), "another company's list stays its own"
    [(baseline, target, unit, due)] = sql("select baseline, target, unit, due from kpi where id = :k",
                                          k=rows["followers"])
    # SQLite hands the date back as text, PostgreSQL as a date: both read 2027-03-01.
    assert (baseline, target, unit, str(due)[:10]) == (120.0, 1000.5, "st", "2027-03-01")
    refused(send(phones["bona"], step, {"do": ["save"], "kpi": [str(rows["followers"])], "target": ["1"]}),
            "That is not on your company's list any more.")
    refused(send(phones["acme1"], step, {"do": ["save"], "kpi": [str(rows["followers"])], "target": ["many"]}),
            "Target is a number.")
    refused(send(phones["acme1"], step, {"do": ["save"], "kpi": [str(rows["followers"])], "due": ["next week"]}),
            "Give the date as YYYY-MM-DD.")
    assert sql("select target from kpi where id = :k", k=rows["followers"]) == [(1000.5,)]


def test_a_company_writes_at_most_three_next_steps_each_with_an_owner(phones, at, sql):
    step, _ = at(NEXT_STEPS)
    for number in range(3):
        assert send(phones["acme1"], step, {"do": ["add"], "text": [f"Step {number}"], "owner": ["Ann"]})["ok"]
    refused(send(phones["acme2"], step, {"do": ["add"], "text": ["A fourth"], "owner": ["Bo"]}),
            "A company writes at most 3 next steps.")
    refused(send(phones["bona"], step, {"do": ["add"], "text": ["No owner"], "owner": [""]}), "Who cannot be empty.")
    assert sql("select count(*) from commitment group by company_id") == [(3,)]


# --- chained steps ----------------------------------------------------------------------------------------------
def test_the_rerating_takes_every_concern_and_shows_the_change_per_company(app, phones, at, make, world):
    step, items = at(RATING)
    assert send(phones["acme1"], step, {"do": ["add"], "text": ["Trolls"]})["ok"]
    _step, items = make.step(world["session"], RATING)
    send(phones["acme1"], step, {f"item-{item}": ["5"] for item in items})
    send(phones["bona"], step, {f"item-{item}": ["2"] for item in items})
    again, again_items = at(AGAIN)
    assert len(again_items) == 4, "the three concerns and the one a participant added"
    send(phones["acme1"], again, {f"item-{item}": ["3"] for item in again_items})
    send(phones["bona"], again, {f"item-{item}": ["2"] for item in again_items})
    with app.app_context():
        from workshop.extensions import db
        from workshop.models import SessionStep
        from workshop.services.results import step_results
        results = step_results(db.session.get(SessionStep, again))
        assert [row["change"] for row in results.by_company[world["acme"]]["rows"]] == [-2.0] * 4
        assert [row["change"] for row in results.by_company[world["bona"]]["rows"]] == [0.0] * 4


# --- moderation and reset ---------------------------------------------------------------------------------------
def test_premoderated_ideas_wait_for_approval_and_flagged_words_are_marked(app, phones, at, make, world, sql, client):
    from tests.conftest import login
    step, _ = at(BENEFIT)
    with app.app_context():  # this session's copy of the step asks for approval first
        from workshop.extensions import db
        from workshop.models import SessionStep
        stored = db.session.get(SessionStep, step)
        stored.content = {**stored.content, "settings": {"premoderation": True}}
        db.session.commit()
    waiting = send(phones["acme1"], step, {"do": ["add"], "text": ["Post less shit, more help"]})
    assert waiting == {"ok": True, "message": "Thank you! It appears once the facilitator has approved it."}
    idea = items_by_text(sql, step)["Post less shit, more help"]
    assert sql("select status, flagged from step_item where id = :i", i=idea) == [("pending", True)]
    refused(send(phones["bona"], step, {"do": ["vote"], "item": [str(idea)], "on": ["1"]}),
            "That idea is not on the board.")
    login(client)
    control = client.get(f"/f/sessions/{world['session']}").get_data(as_text=True)
    assert "waiting for approval" in control and "flagged: check the words" in control
    client.post(f"/f/sessions/{world['session']}/items/{idea}/approve",
                headers={"HX-Request": "true", "X-CSRFToken": csrf(client, world)})
    assert sql("select status from step_item where id = :i", i=idea) == [("shown",)]
    assert send(phones["bona"], step, {"do": ["vote"], "item": [str(idea)], "on": ["1"]})["ok"]


def test_a_participant_cannot_moderate(app, phones, at, world, sql):
    step, _ = at(BENEFIT)
    send(phones["acme1"], step, {"do": ["add"], "text": ["Mine"]})
    idea = items_by_text(sql, step)["Mine"]
    phone = app.test_client()
    join(phone, world["code"], world["acme"])
    response = phone.post(f"/f/sessions/{world['session']}/items/{idea}/hide", headers={"HX-Request": "true"})
    assert response.status_code in (400, 401, 403)
    assert sql("select status from step_item where id = :i", i=idea) == [("shown",)]


def test_resetting_a_step_removes_its_answers_and_is_recorded(phones, at, make, world, sql):
    step, items = at(HABITS)
    send(phones["acme1"], step, {f"item-{items[0]}": ["3"]})
    send(phones["bona"], step, {f"item-{items[1]}": ["3"]})
    make.act(world["facilitator"], world["session"], "reset")
    assert sql("select count(*) from response where step_id = :s", s=step) == [(0,)]
    [(action, detail)] = sql("select action, detail from session_event where action = 'reset'")
    detail = json.loads(detail) if isinstance(detail, str) else detail
    assert action == "reset" and detail["step"] == HABITS + 1 and detail["answers"] == 2
    assert send(phones["acme1"], step, {f"item-{items[2]}": ["1"]})["ok"], "the step takes answers again"


def test_the_facilitators_own_word_lists_flag_ideas(app, client, phones, at, world, sql):
    from tests.conftest import csrf_from, login
    login(client)
    page = client.get("/f/settings").get_data(as_text=True)
    assert "idiot" in page, "the built-in lists are shown to start from"
    client.post("/f/settings", data={"words_sv": "konkurrenten\n", "words_en": "Competitor X\n",
                                     "csrf_token": csrf_from(page)})
    step, _ = at(BENEFIT)
    send(phones["acme1"], step, {"do": ["add"], "text": ["Better than competitor x, honestly"]})
    send(phones["acme1"], step, {"do": ["add"], "text": ["You idiot"]})  # no longer on the list
    flags = {text: sql("select flagged from step_item where id = :i", i=item)[0][0]
             for text, item in items_by_text(sql, step).items()}
    assert flags == {"Better than competitor x, honestly": True, "You idiot": False}


def test_the_csv_export_holds_what_companies_wrote(phones, at, client, world):
    import csv
    import io
    from tests.conftest import login
    kpis, _ = at(KPIS)
    send(phones["bona"], kpis, {"do": ["add"], "catalogue": ["leads"]})
    next_steps, _ = at(NEXT_STEPS)
    send(phones["acme1"], next_steps, {"do": ["add"], "text": ["=HYPERLINK(\"x\") Plan Mondays"], "owner": ["Ann"]})
    login(client)
    rows = list(csv.reader(io.StringIO(client.get(f"/f/sessions/{world['session']}/export.csv")
                                       .get_data(as_text=True))))
    written = {(row[2], row[3], row[5]) for row in rows[1:]}
    assert ("'=HYPERLINK(\"x\") Plan Mondays", "Acme AB", "Ann") in written, "formulas stay text"
    assert ("Leads: baseline", "Böna & Co", "") in written


def test_the_facilitator_turns_on_approval_during_the_session(phones, at, make, world, sql):
    step, _ = at(BENEFIT)
    assert send(phones["acme1"], step, {"do": ["add"], "text": ["Before"]})["message"] == "Added. Thank you!"
    make.act(world["facilitator"], world["session"], "premoderation")
    assert send(phones["acme1"], step, {"do": ["add"], "text": ["After"]})["message"] == \
        "Thank you! It appears once the facilitator has approved it."
    statuses = {text: sql("select status from step_item where id = :i", i=item)[0][0]
                for text, item in items_by_text(sql, step).items()}
    assert statuses == {"Before": "shown", "After": "pending"}
    at(HABITS)
    with pytest.raises(Exception, match="nothing to approve"):
        make.act(world["facilitator"], world["session"], "premoderation")
