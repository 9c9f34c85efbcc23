"""Too much at once, and the same thing again and again: refused or stored once, nothing lost, nothing extra."""
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import csrf_from, join
from tests.support.figures import record
from tests.support.phones import answer_step_of, close_all, join_many, open_phones, options_of, run_async

CHOICE, IDEAS = 1, 4


@pytest.fixture
def phone(app, world, socket_client, make):
    client = app.test_client()
    join(client, world["code"], world["acme"])
    sio = socket_client(client, {"role": "phone", "code": world["code"]})
    sio.get_received()
    return client, sio


def go_to(make, world, position):
    for _ in range(position):
        make.act(world["facilitator"], world["session"], "next")


def test_a_one_megabyte_body_is_refused_with_a_message_and_stores_nothing(app, world, make, phone, sql):
    client, _sio = phone
    go_to(make, world, IDEAS)
    page = client.get(f"/p/{world['code']}").get_data(as_text=True)
    step = answer_step_of(page)
    response = client.post(f"/p/{world['code']}/answer", data={
        "step": step, "do": "add", "text": "x" * (1024 * 1024), "csrf_token": csrf_from(page)})
    assert response.status_code == 413
    assert "That was too much to send at once." in response.get_data(as_text=True)
    big_name = client.post("/f/companies", data={"name": "y" * (1024 * 1024)})
    assert big_name.status_code == 413
    assert sql("select count(*) from step_item where participant_id is not null") == [(0,)]


def test_a_text_one_character_over_the_limit_is_refused_whole(app, world, make, phone, sql):
    _client, sio = phone
    go_to(make, world, IDEAS)
    step, _items = make.step(world["session"], IDEAS)
    for typed, message in (("x" * 281, "at most 280 characters"), ("   ", "cannot be empty"),
                           ("\u200b\u200d", "cannot be empty")):
        reply = sio.emit("answer", {"step": step, "form": {"do": ["add"], "text": [typed]}}, callback=True)
        assert not reply["ok"] and message in reply["message"]
    assert sql("select count(*) from step_item where participant_id is not null") == [(0,)]


def test_the_same_answer_100_times_the_same_idea_10_times_and_a_double_upvote_have_one_effect(
        app, world, make, phone, sql):
    _client, sio = phone
    go_to(make, world, CHOICE)
    step, options = make.step(world["session"], CHOICE)
    replies = [sio.emit("answer", {"step": step, "form": {"option": [str(options[2])]}}, callback=True)
               for _ in range(100)]
    # The per-phone rate limit may refuse some of a hundred at once; whatever was acknowledged is one row.
    assert any(reply["ok"] for reply in replies)
    assert sql("select count(*), max(item_id) from response") == [(1, options[2])]

    go_to(make, world, IDEAS - CHOICE)
    ideas, _ = make.step(world["session"], IDEAS)
    with app.app_context():
        from workshop.services.answers import submit
        from workshop.services.errors import Conflict
        from workshop.models import Participant
        from workshop.extensions import db
        participant = db.session.scalar(db.select(Participant.id))
        for _ in range(10):
            submit(participant, ideas, {"do": ["add"], "text": ["Same idea"], "nonce": ["key-1"]})
        assert sql("select count(*) from step_item where participant_id is not null") == [(1,)]
        idea = sql("select id from step_item where participant_id is not null")[0][0]
        submit(participant, ideas, {"do": ["vote"], "item": [str(idea)], "on": ["1"]})
        with pytest.raises(Conflict):
            submit(participant, ideas, {"do": ["vote"], "item": [str(idea)], "on": ["1"]})
    assert sql("select count(*) from response where item_id = :i", i=idea) == [(1,)]
    record("replays", f"one answer sent 100 times: {sum(r['ok'] for r in replies)} acknowledged, 1 row; one idea "
           "key 10 times: 1 idea; a double upvote: 1 vote")


@pytest.mark.server
def test_a_two_megabyte_socket_message_closes_that_connection_and_stores_nothing(tmp_path):
    from tests.support.phones import Facilitator
    from tests.support.server import fresh_server
    with fresh_server(tmp_path) as server:
        coach = Facilitator(server.url)
        company = coach.create_company("Acme AB")
        session_id = coach.create_session([company])
        coach.act(session_id, "start")
        coach.act(session_id, "next")
        code = coach.join_code(session_id)
        joined = join_many(server.url, code, [company], 2)

        async def scenario():
            big, small = await open_phones(server.url, joined, code)
            try:
                step = answer_step_of(big.html("stage"))
                option = str(options_of(big.html("stage"))[0])
                try:
                    await big.call("answer", {"step": step, "form": {"option": [option], "x": ["z" * 2_000_000]}},
                                   timeout=5)
                    acknowledged = True
                except Exception:  # the server closes the connection instead of answering
                    acknowledged = False
                ok = await small.call("answer", {"step": step, "form": {"option": [option]}})
                return acknowledged, big.client.connected, ok
            finally:
                await close_all([big, small])

        acknowledged, still_connected, other = run_async(scenario(), 30)
        coach.close()
        assert not acknowledged and not still_connected
        assert other["ok"], "the rest of the room carries on"
        engine = create_engine(server.database_url)
        with engine.connect() as connection:
            assert connection.execute(text("select count(*) from response")).scalar() == 1
        engine.dispose()
