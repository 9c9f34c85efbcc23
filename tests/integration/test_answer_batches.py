"""Answers arriving together are written in one transaction (services.group_commit). A batch must store exactly
what the same submissions store one by one, and answer each phone the same, refusals included."""
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from workshop.extensions import db

CHOICE, RATING, IDEAS = 1, 2, 4


@pytest.fixture
def room(app, world):
    """Three joined phones, an idea from each of two, and the ids a submission can name."""
    from workshop.models import SessionStep, WorkshopSession
    from workshop.services import participants
    from workshop.services.answers import submit
    with app.app_context():
        workshop = db.session.get(WorkshopSession, world["session"])
        phones = [participants.join_session(world["code"], company, f"p{n}", "en").id
                  for n, company in enumerate([world["acme"], world["bona"], world["acme"]])]
        for n, phone in enumerate(phones[:2]):
            submit(phone, workshop.steps[IDEAS].id, {"do": ["add"], "text": [f"idea {n}"], "nonce": [f"n{n}"]})
        steps = {position: workshop.steps[position].id for position in (CHOICE, RATING, IDEAS)}
        items = {position: [item.id for item in db.session.get(SessionStep, step).shown_items]
                 for position, step in steps.items()}
    return phones, steps, items


def submissions(phones, steps, items):
    """What phones send: choices (and a foreign option), ratings, upvotes on and off, a new idea (replayed)."""
    phone = st.sampled_from(phones)
    choice = st.builds(lambda p, option: (p, steps[CHOICE], {"option": [str(option)]}),
                       phone, st.sampled_from(items[CHOICE] + [items[RATING][0]]))
    rating = st.builds(lambda p, item, value: (p, steps[RATING], {f"item-{item}": [str(value)]}),
                       phone, st.sampled_from(items[RATING][:3]), st.integers(1, 5))
    upvote = st.builds(lambda p, idea, on: (p, steps[IDEAS], {"do": ["vote"], "item": [str(idea)],
                                                             "on": ["1" if on else ""]}),
                       phone, st.sampled_from(items[IDEAS]), st.booleans())
    idea = st.builds(lambda p, n: (p, steps[IDEAS], {"do": ["add"], "text": [f"new idea {n}"], "nonce": [f"k{n}"]}),
                     phone, st.integers(0, 1))
    return st.lists(st.one_of(choice, rating, upvote, idea), min_size=1, max_size=14)


def test_a_batch_stores_and_answers_exactly_as_one_by_one(app, room):
    from workshop.models import Response, StepItem
    from workshop.services.answers import Submission, write_batch
    phones, steps, items = room

    def state():
        return (sorted(db.session.execute(db.select(Response.participant_id, Response.item_id, Response.value))),
                sorted(db.session.execute(db.select(StepItem.participant_id, StepItem.nonce)
                                          .where(StepItem.participant_id.is_not(None)))))

    def reset():
        db.session.execute(db.delete(Response))
        db.session.execute(db.delete(StepItem).where(StepItem.nonce.like("k%")))
        db.session.commit()

    def said(outcome):
        return (type(outcome).__name__, str(getattr(outcome, "message", outcome)))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(submissions(phones, steps, items))
    def check(sent):
        batch = [Submission(*submission) for submission in sent]
        with app.app_context():
            reset()
            alone = [said(write_batch([submission])[0]) for submission in batch]
            one_by_one = state()
            reset()
            together = [said(outcome) for outcome in write_batch(batch)]
            assert together == alone
            assert state() == one_by_one

    check()


def test_a_job_that_fails_unexpectedly_does_not_take_the_others_with_it(app):
    from workshop.services.group_commit import GroupCommit

    def write_batch(payloads):
        if "broken" in payloads:
            raise RuntimeError("a bug in one job")
        return [f"stored {payload}" for payload in payloads]

    writer = GroupCommit(app, write_batch)
    writer.start(lambda run: threading.Thread(target=run, daemon=True).start())
    outcomes: dict[str, object] = {}

    def send(payload):
        try:
            outcomes[payload] = writer.run(payload)
        except Exception as error:  # noqa: BLE001 - the test records what each caller got
            outcomes[payload] = error

    callers = [threading.Thread(target=send, args=(payload,)) for payload in ("a", "broken", "b", "c")]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(10)
    assert {key: value for key, value in outcomes.items() if key != "broken"} == {
        "a": "stored a", "b": "stored b", "c": "stored c"}
    assert isinstance(outcomes["broken"], RuntimeError)


def test_a_job_its_caller_gave_up_on_is_not_written_later(app, monkeypatch):
    """A phone told 'busy, send again' must not find its first try stored as well, out of order."""
    from workshop.services import group_commit
    from workshop.services.errors import Busy

    monkeypatch.setattr(group_commit, "WAIT_SECONDS", 0.3)
    started, released, written = threading.Event(), threading.Event(), []

    def write_batch(payloads):
        if "slow" in payloads:
            started.set()
            released.wait(5)
        written.extend(payloads)
        return list(payloads)

    def send_slowly():
        try:
            writer.run("slow")
        except Busy:  # its batch may outlast even the second wait; either answer is right for it
            pass

    writer = group_commit.GroupCommit(app, write_batch)
    writer.start(lambda run: threading.Thread(target=run, daemon=True).start())
    slow = threading.Thread(target=send_slowly)
    slow.start()
    assert started.wait(5)
    with pytest.raises(Busy):
        writer.run("waited too long")
    released.set()
    slow.join(5)
    assert writer.run("next") == "next"
    assert written == ["slow", "next"]
