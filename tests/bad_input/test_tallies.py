"""A stateful property test: whatever sequence of answers, changes and retractions phones send (replays
included), every tally equals what the latest answer of each participant says."""
from collections import Counter

import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.support.figures import record
from workshop.extensions import db

CHOICE, RATING, IDEAS = 1, 2, 4
PHONES = 3


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_tallies_always_equal_each_participants_latest_answer(app, world):
    from workshop.models import Response, WorkshopSession
    from workshop.services import participants, results
    from workshop.services.answers import submit
    from workshop.services.errors import Conflict

    with app.app_context():
        workshop = db.session.get(WorkshopSession, world["session"])
        phones = [participants.join_session(world["code"], company, f"p{n}", "en").id
                  for n, company in enumerate([world["acme"], world["bona"], world["acme"]])]
        ideas_step = workshop.steps[IDEAS]
        for n, phone in enumerate(phones[:2]):
            submit(phone, ideas_step.id, {"do": ["add"], "text": [f"idea {n}"], "nonce": [f"n{n}"]})
        steps = {position: workshop.steps[position].id for position in (CHOICE, RATING, IDEAS)}
        items = {position: [item.id for item in db.session.get(type(workshop.steps[0]), steps[position]).shown_items]
                 for position in steps}

    class Room(RuleBasedStateMachine):
        @initialize()
        def empty(self):
            with app.app_context():
                db.session.execute(db.delete(Response).where(Response.participant_id.in_(phones)))
                db.session.commit()
            self.choice: dict[int, int] = {}
            self.ratings: dict[tuple[int, int], int] = {}
            self.votes: set[tuple[int, int]] = set()

        @rule(phone=st.sampled_from(phones), option=st.sampled_from(items[CHOICE]), times=st.integers(1, 3))
        def choose(self, phone, option, times):
            with app.app_context():
                for _ in range(times):  # a replay changes nothing
                    submit(phone, steps[CHOICE], {"option": [str(option)]})
            self.choice[phone] = option

        @rule(phone=st.sampled_from(phones), item=st.sampled_from(items[RATING]), value=st.integers(1, 5))
        def rate(self, phone, item, value):
            with app.app_context():
                submit(phone, steps[RATING], {f"item-{item}": [str(value)]})
            self.ratings[(phone, item)] = value

        @rule(phone=st.sampled_from(phones), idea=st.sampled_from(items[IDEAS]), on=st.booleans())
        def vote(self, phone, idea, on):
            with app.app_context():
                try:
                    submit(phone, steps[IDEAS], {"do": ["vote"], "item": [str(idea)], "on": ["1" if on else ""]})
                except Conflict:  # a second upvote of the same idea is refused, and changes nothing
                    assert (phone, idea) in self.votes
            (self.votes.add if on else self.votes.discard)((phone, idea))

        @invariant()
        def tallies_match(self):
            with app.app_context():
                step_of = lambda position: db.session.get(type(workshop.steps[0]), steps[position])  # noqa: E731
                choice = results.step_results(step_of(CHOICE)).room
                assert {row["item"].id: row["count"] for row in choice["rows"]} == {
                    option: Counter(self.choice.values())[option] for option in items[CHOICE]}
                assert choice["respondents"] == len(self.choice)
                rating = results.step_results(step_of(RATING)).room
                for row in rating["rows"]:
                    given = [v for (p, item), v in self.ratings.items() if item == row["item"].id]
                    assert row["distribution"] == [given.count(v) for v in range(1, 6)]
                ideas = results.step_results(step_of(IDEAS)).room
                assert {row["item"].id: row["votes"] for row in ideas["rows"]} == {
                    idea: sum(1 for _p, i in self.votes if i == idea) for idea in items[IDEAS]}

    run_state_machine_as_test(Room, settings=settings(max_examples=25, stateful_step_count=12, deadline=None))
    record("stateful tallies", "25 sequences of up to 12 answers, changes, retractions and replays; every tally "
           "equal to each participant's latest answer")
