"""Answering: stored once, changeable until the step locks, refused clearly when it can't count."""
import pytest

from tests.conftest import csrf_from, join

CHOICE, RATING = 1, 2  # positions of the warm-up poll and the concerns rating in the built-in template


@pytest.fixture
def phone(app, world, socket_client):
    """A joined phone: its Flask client and its socket."""
    client = app.test_client()
    join(client, world["code"], world["acme"])
    sio = socket_client(client, {"role": "phone", "code": world["code"]})
    assert sio.is_connected()
    sio.get_received()
    return client, sio


def go_to(make, world, position):
    for _ in range(position):
        make.act(world["facilitator"], world["session"], "next")


def answer(sio, step_id, form):
    return sio.emit("answer", {"step": step_id, "form": form}, callback=True)


def test_the_same_answer_sent_twice_is_stored_once(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    for _ in range(2):
        assert answer(sio, step_id, {"option": [str(options[3])]}) == {"ok": True, "message": "Your answer is saved."}
    assert sql("select item_id, value from response") == [(options[3], 1)]


def test_changing_a_choice_replaces_it(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    answer(sio, step_id, {"option": [str(options[0])]})
    answer(sio, step_id, {"option": [str(options[2])]})
    assert sql("select item_id from response") == [(options[2],)]


def test_ratings_merge_per_item_and_a_change_overwrites(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, RATING)
    step_id, items = make.step(world["session"], RATING)
    answer(sio, step_id, {f"item-{items[0]}": ["4"]})
    answer(sio, step_id, {f"item-{items[1]}": ["2"]})
    answer(sio, step_id, {f"item-{items[0]}": ["5"]})
    assert sorted(sql("select item_id, value from response")) == [(items[0], 5), (items[1], 2)]


@pytest.mark.parametrize("value", ["0", "6", "-1", "three", "99999999999999999999"])
def test_out_of_range_ratings_are_refused_and_nothing_is_stored(phone, make, world, sql, value):
    _client, sio = phone
    go_to(make, world, RATING)
    step_id, items = make.step(world["session"], RATING)
    reply = answer(sio, step_id, {f"item-{items[0]}": [value]})
    assert reply == {"ok": False, "message": "Give a rating from 1 to 5."}
    assert sql("select count(*) from response")[0][0] == 0


def test_answer_on_a_locked_step_is_refused(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    make.act(world["facilitator"], world["session"], "lock")
    step_id, options = make.step(world["session"], CHOICE)
    reply = answer(sio, step_id, {"option": [str(options[0])]})
    assert reply == {"ok": False, "message": "Voting is closed for this question."}
    assert sql("select count(*) from response")[0][0] == 0


def test_an_item_of_another_session_is_refused(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    other_id, _code = make.session(world["facilitator"], [world["bona"]])
    other_step, other_options = make.step(other_id, CHOICE)
    step_id, _options = make.step(world["session"], CHOICE)
    assert answer(sio, other_step, {"option": [str(other_options[0])]}) == {
        "ok": False, "message": "That question is not part of this workshop."}
    assert answer(sio, step_id, {"option": [str(other_options[0])]}) == {
        "ok": False, "message": "That option is not part of this question."}
    assert sql("select count(*) from response")[0][0] == 0


def test_malformed_answers_are_refused(phone, make, world, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    for payload in (None, "x", {"step": step_id}, {"step": step_id, "form": "x"},
                    {"step": step_id, "form": {"option": [str(options[0]), str(options[1])]}},
                    {"step": "abc", "form": {"option": [str(options[0])]}}):
        reply = sio.emit("answer", payload, callback=True)
        assert reply["ok"] is False and reply["message"]
    assert sql("select count(*) from response")[0][0] == 0


def test_answers_are_rate_limited_per_participant(phone, make, world):
    _client, sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    replies = [answer(sio, step_id, {"option": [str(options[i % 5])]}) for i in range(25)]
    assert replies[0]["ok"] is True
    assert replies[-1] == {"ok": False, "message": "Too many attempts. Wait a moment and try again."}


def test_the_form_post_without_javascript_stores_the_answer_too(phone, make, world, sql):
    client, _sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    page = client.get(f"/p/{world['code']}").get_data(as_text=True)
    response = client.post(f"/p/{world['code']}/answer",
                           data={"step": step_id, "option": options[1], "csrf_token": csrf_from(page)})
    assert response.status_code == 200
    assert "Your answer is saved." in response.get_data(as_text=True)
    assert sql("select item_id from response") == [(options[1],)]


def test_a_phone_reconnecting_gets_the_current_step_with_its_own_answer(app, phone, make, world, socket_client):
    client, sio = phone
    go_to(make, world, CHOICE)
    step_id, options = make.step(world["session"], CHOICE)
    answer(sio, step_id, {"option": [str(options[2])]})
    sio.disconnect()
    again = socket_client(client, {"role": "phone", "code": world["code"]})
    stage = [m["args"][0] for m in again.get_received() if m["name"] == "swap"]
    assert stage and stage[0]["channel"] == "stage"
    html = stage[0]["html"]
    assert "How do you keep up with social media?" in html
    assert f'value="{options[2]}" checked' in html


def test_next_step_reaches_phones_of_both_companies_in_their_language(app, world, make, socket_client):
    phones = []
    for company in (world["acme"], world["bona"]):
        client = app.test_client()
        join(client, world["code"], company)
        sio = socket_client(client, {"role": "phone", "code": world["code"]})
        sio.get_received()
        phones.append(sio)
    make.act(world["facilitator"], world["session"], "next")
    for sio in phones:
        swaps = [m["args"][0] for m in sio.get_received() if m["name"] == "swap"]
        assert any("How do you keep up with social media?" in s["html"] for s in swaps)
