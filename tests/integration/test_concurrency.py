"""A room at once: 200 real Socket.IO phones answer one poll of a real server process, then all change
their answers. Every answer is acknowledged and stored exactly once, SQLite never reports "database is
locked", and the projector's last results are what the database holds."""
import asyncio
import time
from collections import Counter

import pytest
from sqlalchemy import create_engine, text

from tests.support.phones import (Facilitator, answer_step_of, choice_counts, close_all, head_counts, join_many,
                                  open_phone, open_phones, open_screen, options_of, run_async)
from tests.support.server import fresh_server

pytestmark = pytest.mark.server

PHONES = 200
COMPANIES = ("Acme AB", "Böna & Co")
SCENARIO_SECONDS = 45  # the whole socket part of a test, connects to disconnects


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with fresh_server(tmp_path_factory.mktemp("concurrency")) as process:
        yield process


@pytest.fixture(scope="module")
def database(server):
    engine = create_engine(server.database_url)

    def run(statement, **params):
        with engine.connect() as connection:
            return connection.execute(text(statement), params).all()

    yield run
    engine.dispose()


@pytest.fixture(scope="module")
def coach(server):
    facilitator = Facilitator(server.url)
    facilitator.company_ids = [facilitator.create_company(name) for name in COMPANIES]
    yield facilitator
    facilitator.close()


@pytest.fixture
def workshop(coach):
    """A fresh live session of the built-in template, on step 2 (the warm-up choice poll)."""
    session_id = coach.create_session(coach.company_ids)
    coach.act(session_id, "start")
    coach.act(session_id, "next")
    return {"id": session_id, "code": coach.join_code(session_id)}


def run(scenario):
    """Runs a scenario's coroutine with a hard upper bound on its duration."""
    return run_async(scenario, SCENARIO_SECONDS)


def assert_log_clean(server):
    log = server.log()
    assert "database is locked" not in log, log[-4000:]
    assert "Traceback" not in log, log[-4000:]


def test_a_room_answers_and_changes_its_answers_at_once(server, database, coach, workshop):
    started = time.monotonic()
    coach.act(workshop["id"], "results")  # reveal, so the projector shows counts
    joined = join_many(server.url, workshop["code"], coach.company_ids, PHONES)
    assert {phone.company_id for phone in joined} == set(coach.company_ids)

    async def scenario():
        projector = await open_screen(server.url, coach.cookie, {"role": "projector", "session": workshop["id"]})
        phones = []
        try:
            phones = await open_phones(server.url, joined, workshop["code"])
            step = answer_step_of(phones[0].html("stage"))
            options = options_of(phones[0].html("stage"))
            assert len(options) >= 3
            assert all(answer_step_of(p.html("stage")) == step and options_of(p.html("stage")) == options
                       for p in phones), "every phone is on the same poll"

            async def answer_all(choices):
                acks = await asyncio.gather(*(
                    phone.call("answer", {"step": step, "form": {"option": [str(options[choice])]}})
                    for phone, choice in zip(phones, choices)))
                refused = [ack for ack in acks if not (isinstance(ack, dict) and ack.get("ok") is True)]
                assert not refused, f"{len(refused)} of {len(acks)} answers refused, e.g. {refused[:3]}"

            # Uneven on purpose, so a count in the wrong place cannot pass for the right one.
            first = [i % len(options) for i in range(PHONES)]
            last = [(choice + 1 + i % 3) % len(options) for i, choice in enumerate(first)]
            assert all(a != b for a, b in zip(first, last))
            await answer_all(first)
            await answer_all(last)

            expected = [Counter(last)[index] for index in range(len(options))]
            try:
                await projector.wait_for(lambda s: choice_counts(s.html("results")) == expected, timeout=5)
            except TimeoutError:
                pass  # asserted below against the database, with both sides in the message
            return step, options, last, projector.html("results")
        finally:
            await close_all(phones + [projector])

    step, options, last, results_html = run(scenario())

    participants = database(
        "select p.id, p.nickname from participant p where p.session_id = :s", s=workshop["id"])
    assert len(participants) == PHONES
    rows = database("select participant_id, item_id from response where step_id = :step", step=step)
    assert len(rows) == PHONES, "one row per phone"
    assert len({participant for participant, _ in rows}) == PHONES, "no phone stored twice"

    # Each phone's stored option is its last acknowledged answer (nicknames are "phone <index>").
    by_nickname = {nickname: pid for pid, nickname in participants}
    stored = dict(rows)
    wrong = [i for i in range(PHONES) if stored.get(by_nickname[f"phone {i}"]) != options[last[i]]]
    assert not wrong, f"{len(wrong)} phones hold another answer than their last, e.g. phone {wrong[0]}"

    in_database = Counter(item for _, item in rows)
    assert choice_counts(results_html) == [in_database[option] for option in options], \
        "the projector's last results differ from the database"
    assert head_counts(results_html) == {name: PHONES // len(COMPANIES) for name in COMPANIES}
    assert_log_clean(server)
    assert time.monotonic() - started < 60


def test_the_same_answer_sent_five_times_is_stored_once(server, database, coach, workshop):
    [joined] = join_many(server.url, workshop["code"], coach.company_ids, 1)

    async def scenario():
        phone = await open_phone(server.url, joined, workshop["code"])
        try:
            step = answer_step_of(phone.html("stage"))
            option = options_of(phone.html("stage"))[2]
            acks = [await phone.call("answer", {"step": step, "form": {"option": [str(option)]}})
                    for _ in range(5)]
            return step, option, acks
        finally:
            await phone.close()

    step, option, acks = run(scenario())
    assert all(ack.get("ok") is True for ack in acks), acks
    assert database("select item_id, value from response where step_id = :step", step=step) == [(option, 1)]
    assert_log_clean(server)


def test_a_phone_cannot_drive_the_session(server, database, coach, workshop):
    [joined] = join_many(server.url, workshop["code"], coach.company_ids, 1)
    position = database("select current_position from workshop_session where id = :id", id=workshop["id"])

    async def scenario():
        phone = await open_phone(server.url, joined, workshop["code"])
        try:
            return [await phone.call("control", {"action": action}) for action in ("next", "back", "end")]
        finally:
            await phone.close()

    acks = run(scenario())
    assert all(isinstance(ack, dict) and ack.get("ok") is False for ack in acks), acks
    assert position == [(1,)]
    assert database("select current_position, status from workshop_session where id = :id",
                    id=workshop["id"]) == [(1, "live")]
    assert_log_clean(server)
